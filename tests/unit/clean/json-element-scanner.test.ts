import { JsonElementScanner, type ScannedElement } from '../../../shared/steps/clean/json-element-scanner';
import { UnreadableFileError } from '../../../shared/steps/clean/errors';

function scan(chunks: string[], maxChars?: number): ScannedElement[] {
  const found: ScannedElement[] = [];
  const scanner = new JsonElementScanner((element) => found.push(element), maxChars);
  for (const chunk of chunks) scanner.push(chunk);
  scanner.end();
  return found;
}

/** Every way of cutting `text` in two pieces. */
function allSplits(text: string): string[][] {
  return Array.from({ length: text.length + 1 }, (_, at) => [text.slice(0, at), text.slice(at)]);
}

describe('JsonElementScanner', () => {
  it('finds the elements of the results array whatever the chunk boundaries', () => {
    const document = '{"total": 2, "note": "a \\"quoted\\" [x]", "results": [ {"a": "x,y]}"}, {"b": [1, {"c": 2}]} ], "after": 1}';
    for (const chunks of allSplits(document)) {
      expect(scan(chunks).map((element) => element.text)).toEqual(['{"a": "x,y]}"}', '{"b": [1, {"c": 2}]}']);
    }
  });

  it('accepts keys after the results array and whitespace after the document', () => {
    expect(scan(['{"results":[{"a":1}],', ' "total": 1, "next": null}\n\n']).map((element) => element.text)).toEqual(['{"a":1}']);
  });

  it('reads a top-level array, scalars included, so JSON.parse can judge them', () => {
    expect(scan(['[1, "two", {"three": 3}, [4]]']).map((element) => element.text)).toEqual(['1', '"two"', '{"three": 3}', '[4]']);
  });

  it('hands out an empty element for a doubled comma instead of skipping it', () => {
    expect(scan(['[{"a":1},,{"b":2}]']).map((element) => element.text)).toEqual(['{"a":1}', '', '{"b":2}']);
  });

  it('keeps only the head of an element larger than the limit and reports its size', () => {
    const big = `{"x":"${'y'.repeat(5000)}"}`;
    const [first, second] = scan([`[${big.slice(0, 1000)}`, `${big.slice(1000)}, {"ok":1}]`], 2000);
    expect(first?.oversize).toBe(true);
    expect(first?.chars).toBe(big.length);
    expect(first?.text.length).toBeLessThanOrEqual(4096);
    expect(second).toEqual({ text: '{"ok":1}', chars: 8, oversize: false, skippedFields: 0, skippedChars: 0 });
  });

  it.each([
    ['a truncated document', '{"results": [{"a": 1}, {"b":', 'truncated_json'],
    ['an object without results', '{"data": [1, 2]}', 'no_results_array'],
    ['a CSV file', 'CustomerId,NameCustomer\n1,An', 'not_json'],
    ['only whitespace', '  \n ', 'empty_file'],
    ['content after the array', '[{"a":1}] trailing', 'not_json'],
    ['content after the object', '{"results":[{"a":1}]} {"results":[]}', 'not_json'],
    ['an object cut after its records', '{"results":[{"a":1}], "total": 1', 'truncated_json'],
  ])('rejects %s with a file-level error', (_name, text, problem) => {
    expect(() => scan([text])).toThrow(UnreadableFileError);
    try {
      scan([text]);
    } catch (error) {
      expect((error as UnreadableFileError).problem).toBe(problem);
    }
  });
});
