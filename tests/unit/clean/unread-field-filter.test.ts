import fc from 'fast-check';
import { RecordTextBuffer } from '../../../shared/steps/clean/record-text-buffer';
import { UnreadFieldFilter } from '../../../shared/steps/clean/unread-field-filter';

const READ = new Set(['CustomerId', 'NameCustomer', 'Phone']);
const isReadField = (field: string) => READ.has(field);

/** Feeds `text` in pieces cut at `cuts` and returns the filtered text. */
function filtered(text: string, cuts: number[], maxValueChars: number): { text: string; filter: UnreadFieldFilter } {
  const filter = new UnreadFieldFilter(isReadField, maxValueChars);
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  let out = '';
  let from = 0;
  for (const point of [...points, text.length]) {
    out += filter.push(text.slice(from, point));
    from = point;
  }
  return { text: out + filter.end(), filter };
}

const jsonValue = fc.jsonValue({ maxDepth: 2 });

describe('UnreadFieldFilter', () => {
  it('keeps read fields whole and drops only large values of unread ones, wherever the pieces are cut', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('CustomerId', 'NameCustomer', 'Phone', 'Attachment', 'Note', 'a,b', 'x"y', 'k:}'), jsonValue),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (record, cuts, maxValueChars, pretty) => {
          const text = JSON.stringify(record, null, pretty ? 1 : 0);
          const parsed = JSON.parse(filtered(text, cuts, maxValueChars).text) as Record<string, unknown>;
          // What the text says (JSON has no -0: the generator's -0 reads back as 0).
          const written = JSON.parse(text) as Record<string, unknown>;
          for (const [key, value] of Object.entries(written)) {
            const valueText = JSON.stringify(value);
            // Compact: the value's own text decides; pretty-printed, its line breaks and indents count too.
            if (isReadField(key) || (!pretty && valueText.length <= maxValueChars)) expect(parsed[key]).toEqual(value);
            else if (valueText.length > maxValueChars) expect(parsed[key]).toBeNull();
            else expect([null, value]).toContainEqual(parsed[key]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts what it dropped', () => {
    const attachment = 'QUJD'.repeat(10_000);
    const { text, filter } = filtered(JSON.stringify({ CustomerId: 'KH1', Attachment: attachment, Note: 'ok' }), [5, 17, 20_000], 4096);
    expect(JSON.parse(text)).toEqual({ CustomerId: 'KH1', Attachment: null, Note: 'ok' });
    expect(filter.skippedFields).toBe(1);
    expect(filter.skippedChars).toBe(attachment.length + 2);
  });
});

describe('RecordTextBuffer', () => {
  it('holds a few kilobytes of a record with a 5 MB unread field, and hands back a record that parses', () => {
    const buffer = new RecordTextBuffer({ maxChars: 1 << 20, keepChars: 4096, isReadField });
    const head = '{"CustomerId":"KH1","Scan":"';
    buffer.append(head);
    const piece = 'A'.repeat(64 * 1024);
    let largestHeld = 0;
    for (let sent = 0; sent < 5_000_000; sent += piece.length) {
      buffer.append(piece);
      largestHeld = Math.max(largestHeld, (buffer as unknown as { keptChars: number }).keptChars);
    }
    buffer.append('","NameCustomer":"An"}');
    const record = buffer.take();
    expect(largestHeld).toBeLessThan(140 * 1024); // the 64 Ki before the filter starts, one piece, never the 5 MB
    expect(record.oversize).toBe(false);
    expect(JSON.parse(record.text)).toEqual({ CustomerId: 'KH1', Scan: null, NameCustomer: 'An' });
    expect(record).toMatchObject({ skippedFields: 1 });
    expect(record.skippedChars).toBeGreaterThan(5_000_000);
  });

  it('still rejects a record too large in a field it reads', () => {
    const buffer = new RecordTextBuffer({ maxChars: 1 << 20, keepChars: 4096, isReadField });
    buffer.append(`{"NameCustomer":"${'x'.repeat(2_000_000)}"}`);
    const record = buffer.take();
    expect(record.oversize).toBe(true);
    expect(record.text.length).toBe(4096);
  });
});
