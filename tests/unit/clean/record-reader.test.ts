import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { INVALID_UTF8_MARK, layoutFromKey, readRecordTexts, type RawRecordText } from '../../../shared/steps/clean/record-reader';
import { UnreadableFileError } from '../../../shared/steps/clean/errors';

async function read(body: Buffer | string, layout: 'json' | 'ndjson', chunkSize = 7): Promise<RawRecordText[]> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  const out: RawRecordText[] = [];
  for await (const batch of readRecordTexts(Readable.from(chunks), { layout, maxRecordChars: 200 })) out.push(...batch);
  return out;
}

async function problemOf(body: Buffer | string, layout: 'json' | 'ndjson'): Promise<string> {
  try {
    await read(body, layout);
  } catch (error) {
    if (error instanceof UnreadableFileError) return error.problem;
    throw error;
  }
  return 'no error';
}

describe('readRecordTexts', () => {
  it('chooses the layout from the key, ignoring .gz', () => {
    expect(layoutFromKey('customers/a.ndjson.gz')).toBe('ndjson');
    expect(layoutFromKey('customers/a.JSONL')).toBe('ndjson');
    expect(layoutFromKey('customers/a.json.gz')).toBe('json');
  });

  it('splits NDJSON on newlines with CRLF, skips blank lines and numbers rows and lines', async () => {
    const records = await read('{"a":1}\r\n\r\n{"b":2}\n   \n{"c":3}', 'ndjson');
    expect(records.map((record) => [record.row, record.line, record.text])).toEqual([
      [1, 1, '{"a":1}'],
      [2, 3, '{"b":2}'],
      [3, 5, '{"c":3}'],
    ]);
  });

  it('decompresses gzip by its magic number and drops a UTF-8 BOM', async () => {
    const body = gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"results":[{"tên":"Nguyễn"}]}')]));
    const records = await read(body, 'json', 3);
    expect(records.map((record) => JSON.parse(record.text))).toEqual([{ tên: 'Nguyễn' }]);
  });

  it('keeps only the head of an over-long line and goes on with the next', async () => {
    const records = await read(`{"x":"${'a'.repeat(1000)}"}\n{"ok":true}\n`, 'ndjson');
    expect(records[0]?.oversize).toBe(true);
    expect(records[0]?.chars).toBe(1008);
    expect(records[1]).toMatchObject({ text: '{"ok":true}', oversize: false });
  });

  it.each([
    ['0 bytes', Buffer.alloc(0), 'json', 'empty_file'],
    ['an empty gzip', gzipSync(Buffer.alloc(0)), 'json', 'empty_file'],
    ['a truncated gzip', gzipSync(Buffer.from(`{"results":[${'{"a":1},'.repeat(500)}{"a":1}]}`)).subarray(0, 60), 'json', 'corrupt_gzip'],
    ['UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[{"a":1}]', 'utf16le')]), 'json', 'utf16_not_supported'],
    ['UTF-16 without a BOM', Buffer.from('[{"a":1}]', 'utf16le'), 'json', 'utf16_not_supported'],
    ['binary bytes', Buffer.from([0x5b, 0x00, 0x01, 0x02, 0x03, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47]), 'json', 'binary_content'],
    ['an HTML page', '<html><body>502</body></html>', 'json', 'not_json'],
  ])('ends the file with a clear error for %s', async (_name, body, layout, problem) => {
    expect(await problemOf(body as Buffer, layout as 'json')).toBe(problem);
  });

  it('marks invalid UTF-8 bytes in that record only', async () => {
    const body = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"b":1}\n')]);
    const records = await read(body, 'ndjson');
    expect(records[0]?.text).toBe(`{"a":"${INVALID_UTF8_MARK}("}`);
    expect(records[1]?.text).toBe('{"b":1}');
  });

  it.each([1, 2, 3, 7, 64])('tells a U+FFFD the file wrote from bytes that were not UTF-8 (chunks of %i bytes)', async (chunkSize) => {
    const body = Buffer.concat([
      Buffer.from('{"a":"Nguyễn \uFFFD ok \uFFFF"}\n{"b":"'),
      Buffer.from([0xe1, 0xbb]), // a 3-byte sequence cut short
      Buffer.from('x"}\n{"c":"Trần"}\n'),
      Buffer.from([0xf0, 0x9f]), // the file ends inside a sequence
    ]);
    const records = await read(body, 'ndjson', chunkSize);
    expect(records.map((record) => record.text)).toEqual([
      '{"a":"Nguyễn \uFFFD ok \uFFFD"}', // the file's own U+FFFF cannot pass for the mark
      `{"b":"${INVALID_UTF8_MARK}${INVALID_UTF8_MARK}x"}`,
      '{"c":"Trần"}',
      `${INVALID_UTF8_MARK}${INVALID_UTF8_MARK}`,
    ]);
  });
});
