import { pipeline } from 'node:stream';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UnreadableFileError } from './errors';
import { JsonElementScanner, type ScannedElement } from './json-element-scanner';

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
}

export interface ReadRecordsOptions {
  layout: RecordLayout;
  /** Records longer than this are rejected as too large; only their first 4,096 characters are kept. */
  maxRecordChars?: number;
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

/** UTF-8 text chunks; a UTF-8 BOM is dropped, UTF-16 and binary content are file errors. */
async function* decodedText(source: AsyncIterable<unknown>, onSourceBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const bytes = decompressed(source, onSourceBytes)[Symbol.asyncIterator]();
  const { head, ended } = await peek(bytes, 4096);
  if (head.length === 0) throw new UnreadableFileError('empty_file', 'the object decompresses to 0 bytes');
  checkTextEncoding(head);
  // fatal: false turns invalid UTF-8 into U+FFFD; the record holding it is rejected later, the file goes on.
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  for await (const chunk of prepend(head, ended, bytes)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/** Splits line-delimited text into records; blank lines are skipped, over-long lines kept only in part. */
class LineSplitter {
  private parts: string[] = [];
  private chars = 0;
  private line = 0;
  private row = 0;

  constructor(private readonly maxChars: number) {}

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
    if (to <= from) return;
    const before = this.chars;
    this.chars += to - from;
    if (before >= this.maxChars) return;
    this.parts.push(from === 0 && to === chunk.length ? chunk : chunk.slice(from, to));
  }

  private flush(out: RawRecordText[]): void {
    this.line++;
    if (this.chars === 0) return;
    let text = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    const chars = this.chars;
    this.parts = [];
    this.chars = 0;
    const oversize = chars > this.maxChars;
    if (oversize) text = text.slice(0, KEEP_CHARS);
    else if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (!oversize && text.trim() === '') return;
    this.row++;
    out.push({ row: this.row, line: this.line, text, chars, oversize });
  }
}

/**
 * Reads the records of an export, as text, in the order of the file: batches of records per chunk read,
 * with memory bounded by one chunk plus one record. File-level problems throw UnreadableFileError.
 */
export async function* readRecordTexts(source: AsyncIterable<unknown>, options: ReadRecordsOptions): AsyncGenerator<RawRecordText[]> {
  const maxChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  const text = decodedText(source, options.onSourceBytes);
  if (options.layout === 'ndjson') {
    const splitter = new LineSplitter(maxChars);
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
      out.push({ row, text: element.text, chars: element.chars, oversize: element.oversize });
    },
    maxChars,
    KEEP_CHARS,
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
