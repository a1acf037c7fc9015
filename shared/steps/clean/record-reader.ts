import { isUtf8 } from 'node:buffer';
import { pipeline } from 'node:stream';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UnreadableFileError } from './errors';
import { JsonElementScanner, type ScannedElement } from './json-element-scanner';
import { RecordTextBuffer } from './record-text-buffer';

/**
 * Stands for bytes that were not UTF-8 in the file (clean rejects their record as `invalid_utf8`). U+FFFF is a
 * noncharacter: a file that writes one gets U+FFFD instead, so a U+FFFD the file wrote stays ordinary text.
 */
export const INVALID_UTF8_MARK = '\uFFFF';

/** How records are laid out in a file: one JSON document (array or `{"results":[…]}`), or one record per line. */
export type RecordLayout = 'json' | 'ndjson';

/** The text of one record as found in the file, before JSON.parse. */
export interface RawRecordText {
  /** 1-based record number: what the rejects file and the stats call a row. */
  row: number;
  /** 1-based line number, for line-delimited files. */
  line?: number;
  text: string;
  /** Length of the record's text in characters; larger than `text` when the record was too large to keep. */
  chars: number;
  oversize: boolean;
  /** Large values of fields the profile does not read, dropped while streaming (`null` in `text`), and their characters. */
  skippedFields?: number;
  skippedChars?: number;
}

export interface ReadRecordsOptions {
  layout: RecordLayout;
  /** Records longer than this are rejected as too large; only their first 4,096 characters are kept. */
  maxRecordChars?: number;
  /** The fields the profile reads: a record past 64 Ki characters drops large values of the others as they stream. */
  isReadField?: (field: string) => boolean;
  /** Called with each chunk's size in bytes as read from the source (compressed bytes for .gz). */
  onSourceBytes?: (bytes: number) => void;
}

const DEFAULT_MAX_RECORD_CHARS = 1 << 20;
const KEEP_CHARS = 4096;

/** `.ndjson` / `.jsonl` (optionally `.gz`) are line-delimited; anything else is read as one JSON document. */
export function layoutFromKey(key: string): RecordLayout {
  const name = key.toLowerCase().replace(/\.gz$/, '');
  return name.endsWith('.ndjson') || name.endsWith('.jsonl') ? 'ndjson' : 'json';
}

/** Reads at least `minimum` bytes from the front of a byte stream (fewer only at its end), returning them and the rest. */
async function peek(source: AsyncIterator<Buffer>, minimum: number): Promise<{ head: Buffer; ended: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < minimum) {
    const next = await source.next();
    if (next.done) return { head: Buffer.concat(chunks), ended: true };
    chunks.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(chunks), ended: false };
}

async function* prepend(head: Buffer, ended: boolean, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (head.length > 0) yield head;
    if (ended) return;
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Stopping early (the records array closed before the end of the file) must release the source stream.
    await rest.return?.();
  }
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Rejects encodings and binary content the JSON readers cannot take, with a message that names the problem. */
function checkTextEncoding(head: Buffer): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new UnreadableFileError('utf16_not_supported', 'the file is UTF-16 (byte order mark found); export it as UTF-8');
  }
  const sample = head.subarray(0, 4096);
  const nulCount = sample.reduce((count, byte) => (byte === 0 ? count + 1 : count), 0);
  if (nulCount > 0) {
    // Every other byte NUL is UTF-16 without a BOM; scattered NULs are binary garbage.
    if (nulCount >= sample.length / 3) {
      throw new UnreadableFileError('utf16_not_supported', 'the file looks like UTF-16 without a byte order mark; export it as UTF-8');
    }
    throw new UnreadableFileError('binary_content', `the file holds NUL bytes (${nulCount} in its first ${sample.length} bytes): not a text export`);
  }
}

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), 'utf8');
}

async function* sourceBytes(source: AsyncIterable<unknown>, onSourceBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const buffer = asBuffer(chunk);
    onSourceBytes?.(buffer.length);
    yield buffer;
  }
}

/** Decompresses when the bytes are gzip (by magic number, whatever the key says); truncated gzip is a file error. */
async function* decompressed(source: AsyncIterable<unknown>, onSourceBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
  const raw = sourceBytes(source, onSourceBytes)[Symbol.asyncIterator]();
  const { head, ended } = await peek(raw, 4);
  if (head.length === 0) throw new UnreadableFileError('empty_file', 'the object is 0 bytes');
  if (!isGzip(head)) {
    yield* prepend(head, ended, raw);
    return;
  }
  const gunzip = createGunzip();
  pipeline(Readable.from(prepend(head, ended, raw)), gunzip, () => {
    // Errors surface through the iteration below.
  });
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code && code.startsWith('Z_')) {
      throw new UnreadableFileError('corrupt_gzip', `the gzip stream is truncated or corrupt (${(error as Error).message})`, { cause: error });
    }
    throw error;
  }
}

/** Length of the valid UTF-8 sequence at `at`, or 0 when the bytes there are not one (or are cut off by the end). */
function validSequenceLength(bytes: Buffer, at: number): number {
  const b0 = bytes[at] as number;
  if (b0 < 0x80) return 1;
  if (b0 < 0xc2) return 0;
  const need = b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : b0 < 0xf5 ? 4 : 0;
  if (need === 0 || at + need > bytes.length) return 0;
  const b1 = bytes[at + 1] as number;
  const low = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  const high = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < low || b1 > high) return 0;
  for (let k = 2; k < need; k++) if (((bytes[at + k] as number) & 0xc0) !== 0x80) return 0;
  return need;
}

const FILE_NONCHARACTER = /\uFFFF/g;

/** Text of bytes holding some invalid UTF-8: each invalid byte becomes INVALID_UTF8_MARK. The slow path, rarely taken. */
function decodeMarkingInvalid(bytes: Buffer): string {
  let out = '';
  let runStart = 0;
  let at = 0;
  while (at < bytes.length) {
    const length = validSequenceLength(bytes, at);
    if (length > 0) {
      at += length;
      continue;
    }
    out += bytes.toString('utf8', runStart, at).replace(FILE_NONCHARACTER, '\uFFFD') + INVALID_UTF8_MARK;
    at++;
    runStart = at;
  }
  return out + bytes.toString('utf8', runStart, at).replace(FILE_NONCHARACTER, '\uFFFD');
}

/** Where a UTF-8 sequence cut off by the end of `bytes` starts (bytes.length when none is). */
function incompleteTailStart(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    if (byte < 0xc0) return bytes.length;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return need > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** UTF-8 text chunks; a UTF-8 BOM is dropped, UTF-16 and binary content are file errors. */
async function* decodedText(source: AsyncIterable<unknown>, onSourceBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const bytes = decompressed(source, onSourceBytes)[Symbol.asyncIterator]();
  const { head, ended } = await peek(bytes, 4096);
  if (head.length === 0) throw new UnreadableFileError('empty_file', 'the object decompresses to 0 bytes');
  checkTextEncoding(head);
  // Invalid UTF-8 does not stop the file: its bytes become INVALID_UTF8_MARK and only the record holding them is rejected.
  let carry: Buffer | null = null;
  let first = true;
  for await (const chunk of prepend(head, ended, bytes)) {
    let data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    if (first && data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    first = false;
    const cut = incompleteTailStart(data);
    carry = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
    const complete = data.subarray(0, cut);
    if (complete.length === 0) continue;
    if (!isUtf8(complete)) yield decodeMarkingInvalid(complete);
    else {
      const text = complete.toString('utf8');
      yield text.includes(INVALID_UTF8_MARK) ? text.replace(FILE_NONCHARACTER, '\uFFFD') : text;
    }
  }
  if (carry) yield decodeMarkingInvalid(carry);
}

/** Splits line-delimited text into records; blank lines are skipped, over-long lines kept only in part. */
class LineSplitter {
  private readonly buffer: RecordTextBuffer;
  private line = 0;
  private row = 0;

  constructor(maxChars: number, isReadField?: (field: string) => boolean) {
    this.buffer = new RecordTextBuffer({ maxChars, keepChars: KEEP_CHARS, ...(isReadField ? { isReadField } : {}) });
  }

  push(chunk: string, out: RawRecordText[]): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      if (newline < 0) {
        this.append(chunk, start, chunk.length);
        return;
      }
      this.append(chunk, start, newline);
      this.flush(out);
      start = newline + 1;
    }
  }

  end(out: RawRecordText[]): void {
    this.flush(out);
  }

  private append(chunk: string, from: number, to: number): void {
    if (to > from) this.buffer.append(from === 0 && to === chunk.length ? chunk : chunk.slice(from, to));
  }

  private flush(out: RawRecordText[]): void {
    this.line++;
    if (this.buffer.chars === 0) return;
    const record = this.buffer.take();
    let text = record.text;
    if (!record.oversize && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (!record.oversize && text.trim() === '') return;
    this.row++;
    out.push({ row: this.row, line: this.line, ...withSkipped(record), text, chars: record.chars, oversize: record.oversize });
  }
}

function withSkipped(element: ScannedElement): Pick<RawRecordText, 'skippedFields' | 'skippedChars'> {
  return element.skippedFields > 0 ? { skippedFields: element.skippedFields, skippedChars: element.skippedChars } : {};
}

/**
 * Reads the records of an export, as text, in the order of the file: batches of records per chunk read,
 * with memory bounded by one chunk plus one record. File-level problems throw UnreadableFileError.
 */
export async function* readRecordTexts(source: AsyncIterable<unknown>, options: ReadRecordsOptions): AsyncGenerator<RawRecordText[]> {
  const maxChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  const text = decodedText(source, options.onSourceBytes);
  if (options.layout === 'ndjson') {
    const splitter = new LineSplitter(maxChars, options.isReadField);
    for await (const chunk of text) {
      const out: RawRecordText[] = [];
      splitter.push(chunk, out);
      if (out.length > 0) yield out;
    }
    const out: RawRecordText[] = [];
    splitter.end(out);
    if (out.length > 0) yield out;
    return;
  }
  let row = 0;
  let out: RawRecordText[] = [];
  const scanner = new JsonElementScanner(
    (element: ScannedElement) => {
      row++;
      out.push({ row, text: element.text, chars: element.chars, oversize: element.oversize, ...withSkipped(element) });
    },
    maxChars,
    KEEP_CHARS,
    options.isReadField,
  );
  for await (const chunk of text) {
    scanner.push(chunk);
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  scanner.end();
  if (out.length > 0) yield out;
}
