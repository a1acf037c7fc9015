/**
 * Splits a CSV byte stream into chunks of at most `maxBytes`, each ending on a record boundary: a newline outside
 * quotes. Quotes toggle on every `"` (a doubled `""` toggles twice), which is how PostgreSQL's CSV reader finds
 * line ends too, so a quoted field may hold newlines. Memory stays within about two chunks whatever the input size;
 * each byte is scanned at most twice.
 */
export async function* csvRecordChunks(source: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<Buffer> {
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new RangeError('maxBytes must be a positive integer');
  let parts: Buffer[] = [];
  let size = 0;
  let inQuotes = false;
  /** Offset just past the last record boundary that still fits in one chunk; 0 when none yet. */
  let lastCut = 0;

  const scan = (bytes: Buffer, base: number): void => {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte === 0x22) inQuotes = !inQuotes;
      else if (byte === 0x0a && !inQuotes && base + i + 1 <= maxBytes) lastCut = base + i + 1;
    }
  };

  for await (const piece of source) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    scan(bytes, size);
    parts.push(bytes);
    size += bytes.length;
    while (size > maxBytes) {
      if (lastCut === 0) throw new RangeError(`a CSV record is longer than ${maxBytes} bytes`);
      const all = Buffer.concat(parts, size);
      yield all.subarray(0, lastCut);
      const rest = all.subarray(lastCut);
      parts = [rest];
      size = rest.length;
      lastCut = 0;
      inQuotes = false; // a cut is always outside quotes
      scan(rest, 0);
    }
  }
  if (size > 0) yield Buffer.concat(parts, size);
}
