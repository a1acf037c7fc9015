import { appendFile, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Listing } from '../../shared/contracts/listing';
import { ListingSink } from '../../scraper-onprem/engine/listing-sink';
import { readListings, tempDir } from './scrape-test-kit';

function listing(id: string, overrides: Partial<Listing> = {}): Listing {
  return {
    source: 'xetot',
    listing_id: id,
    url: `https://xetot.com/mua-ban-oto/x-id${id}.html`,
    title: 'Toyota Vios 1.5G CVT 2019',
    make: 'Toyota',
    model: 'Vios',
    variant: '1.5G CVT',
    year: 2019,
    mileage_km: 45000,
    price_vnd: 420_000_000,
    price_text: '420 triệu',
    negotiable: false,
    seller_name: 'Nguyễn Văn A',
    seller_phone: '0903123456',
    seller_type: 'private',
    province: 'Hồ Chí Minh',
    district: 'Quận 7',
    posted_at: '2026-09-30T10:00:00.000Z',
    scraped_at: '2026-10-01T01:00:00.000Z',
    ...overrides,
  };
}

describe('listing output file', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir('sink');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('writes each listing id once and rejects listings that break the contract', async () => {
    // Prepare
    const sink = await ListingSink.open(join(dir.path, 'out.ndjson.gz.part'), { resume: false });
    // Act
    const outcomes = [sink.add(listing('1')), sink.add(listing('1')), sink.add(listing('2', { year: 1800 }))];
    const output = await sink.finalize(join(dir.path, 'out.ndjson.gz'));
    // Assess
    expect(outcomes).toEqual(['written', 'duplicate', 'invalid']);
    expect(sink.invalidSamples[0]?.issues.join()).toContain('year');
    expect(JSON.stringify(sink.invalidSamples)).not.toContain('Nguyễn');
    expect((await readListings(output.path)).map((row) => row.listing_id)).toEqual(['1']);
  });

  it('creates the final file only on finalize, by rename, and removes the part file', async () => {
    // Prepare
    const part = join(dir.path, 'out.ndjson.gz.part');
    const sink = await ListingSink.open(part, { resume: false });
    sink.add(listing('1'));
    await sink.flush();
    const before = await readdir(dir.path);
    // Act
    const output = await sink.finalize(join(dir.path, 'out.ndjson.gz'));
    // Assess
    expect(before).toEqual(['out.ndjson.gz.part']);
    expect(await readdir(dir.path)).toEqual(['out.ndjson.gz']);
    expect(output).toMatchObject({ lines: 1, bytes: (await stat(output.path)).size });
    expect(output.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('on resume keeps complete lines, cuts a torn last line and remembers written ids', async () => {
    // Prepare
    const part = join(dir.path, 'out.ndjson.gz.part');
    const first = await ListingSink.open(part, { resume: false });
    first.add(listing('1'));
    first.add(listing('2'));
    await first.close();
    // A crash in the middle of a write.
    await appendFile(part, '{"source":"xetot","listing_id":"3","url":"htt');
    // Act
    const resumed = await ListingSink.open(part, { resume: true });
    const outcomes = [resumed.add(listing('2')), resumed.add(listing('3'))];
    const output = await resumed.finalize(join(dir.path, 'out.ndjson.gz'));
    // Assess
    expect(outcomes).toEqual(['duplicate', 'written']);
    expect((await readListings(output.path)).map((row) => row.listing_id)).toEqual(['1', '2', '3']);
  });

  it('starts empty without resume even when a part file exists', async () => {
    // Prepare
    const part = join(dir.path, 'out.ndjson.gz.part');
    const first = await ListingSink.open(part, { resume: false });
    first.add(listing('1'));
    await first.close();
    // Act
    const fresh = await ListingSink.open(part, { resume: false });
    await fresh.close();
    // Assess
    expect(await readFile(part, 'utf8')).toBe('');
  });
});
