import { Readable } from 'node:stream';
import { csvRecordChunks } from '../../../shared/adapters/postgres/csv-record-chunks';

async function chunksOf(pieces: readonly string[], maxBytes: number): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of csvRecordChunks(Readable.from(pieces.map((p) => Buffer.from(p, 'utf8'))), maxBytes)) out.push(chunk.toString('utf8'));
  return out;
}

describe('csvRecordChunks', () => {
  it('cuts only after a newline outside quotes and never exceeds the limit', async () => {
    // Prepare: a quoted field holding newlines and doubled quotes, fed in awkward pieces.
    const csv = 'h1,h2\n1,"a\nb ""c""\nd"\n2,plain\n3,"x,y"\n';
    const pieces = csv.match(/.{1,3}/gs) ?? [];
    // Act
    const chunks = await chunksOf(pieces, 20);
    // Assess
    expect(chunks.join('')).toBe(csv);
    expect(chunks).toEqual(['h1,h2\n', '1,"a\nb ""c""\nd"\n', '2,plain\n3,"x,y"\n']);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(20);
  });

  it('counts bytes, not characters, for Vietnamese text', async () => {
    // Prepare: 'Đà Nẵng' is 7 characters but 11 bytes.
    const csv = 'Đà Nẵng\nĐà Nẵng\n';
    // Act
    const chunks = await chunksOf([csv], 12);
    // Assess
    expect(chunks).toEqual(['Đà Nẵng\n', 'Đà Nẵng\n']);
  });

  it('keeps a last record without a trailing newline', async () => {
    // Act
    const chunks = await chunksOf(['a\nb\nc'], 4);
    // Assess
    expect(chunks).toEqual(['a\nb\n', 'c']);
  });

  it('refuses a record longer than the limit instead of cutting it', async () => {
    // Act
    const reading = chunksOf(['short\n', 'a,"very long quoted\nfield that never ends soon"\n'], 16);
    // Assess
    await expect(reading).rejects.toThrow(/longer than 16 bytes/);
  });

  it('holds at most about two chunks while reading a large stream', async () => {
    // Prepare: 20 MB of records in 64 KiB pieces.
    const record = `${'x'.repeat(99)}\n`;
    const piece = record.repeat(655);
    async function* pieces() {
      for (let i = 0; i < 320; i++) yield Buffer.from(piece);
    }
    // Act
    let total = 0;
    let largest = 0;
    for await (const chunk of csvRecordChunks(pieces(), 1024 * 1024)) {
      total += chunk.length;
      largest = Math.max(largest, chunk.length);
    }
    // Assess
    expect(total).toBe(piece.length * 320);
    expect(largest).toBeLessThanOrEqual(1024 * 1024);
    expect(largest).toBeGreaterThan(1024 * 1024 - 100);
  });
});
