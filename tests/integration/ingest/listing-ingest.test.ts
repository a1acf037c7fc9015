import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FilesystemObjectStore } from '../../../shared/adapters/filesystem/filesystem-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import type { Listing } from '../../../shared/contracts/listing';
import { silentLog } from '../../../shared/ports/log';
import type { IngestDependencies } from '../../../shared/steps/tasks';
import { ingestInputFor } from '../../../shared/steps/trigger';
import { runIngestLocally } from '../../../local/runtime/local-state-machine';

const LANDING = 'xecu-test-landing';
let home: string;
let store: FilesystemObjectStore;
let warehouse: PostgresWarehouse;
let deps: IngestDependencies;

function listing(overrides: Partial<Listing> = {}): Listing {
  return {
    source: 'chotot',
    listing_id: '134599448',
    url: 'https://xe.chotot.com/mua-ban-oto/134599448.htm',
    title: 'VinFast VF8 Plus 2024, 4,2 vạn km',
    make: 'VinFast',
    model: 'VF8',
    variant: 'Plus',
    year: 2024,
    mileage_km: 42000,
    price_vnd: 800_000_000,
    price_text: '800.000.000 đ',
    negotiable: false,
    seller_name: 'Nguyễn Văn A',
    seller_phone: null,
    seller_type: 'dealer',
    province: 'Hà Nội',
    district: 'Quận Long Biên',
    posted_at: '2026-09-11T08:44:23.530Z',
    scraped_at: '2026-11-20T01:00:00.000Z',
    ...overrides,
  };
}

async function ingestListings(key: string, listings: unknown[]) {
  const body = gzipSync(Buffer.from(listings.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n')));
  await store.putBytes({ bucket: LANDING, key }, body);
  const head = await store.head({ bucket: LANDING, key });
  const input = ingestInputFor({ bucket: LANDING, key, ...(head?.etag ? { etag: head.etag } : {}) }, 'listings');
  return runIngestLocally(input, deps);
}

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'xecu-listings-'));
  store = new FilesystemObjectStore(path.join(home, 's3'));
  warehouse = new PostgresWarehouse({ objectStore: store });
  await warehouse.migrate();
  deps = { objectStore: store, warehouse, processedBucket: 'xecu-test-processed', log: silentLog, tmpDir: home };
});
afterAll(async () => {
  await warehouse.close();
  rmSync(home, { recursive: true, force: true });
});

describe('listings through the ingest chain', () => {
  it('validates and dedupes a scrape, then keeps first/last seen and the latest price across runs', async () => {
    const first = await ingestListings('listings/source=chotot/dt=2026-11-20/run-1.ndjson.gz', [
      listing(),
      listing({ scraped_at: '2026-11-20T01:05:00.000Z' }), // the same ad seen on a later page
      listing({ listing_id: '2', url: 'https://xe.chotot.com/mua-ban-oto/2.htm', seller_phone: '0903 123 456', seller_type: 'private', price_vnd: null, price_text: 'Giá thỏa thuận', negotiable: true }),
      { ...listing({ listing_id: '3' }), url: 'not a url' },
      '{"source":"chotot"',
    ]);
    expect(first.status).toBe('SUCCEEDED');
    const clean = (first.output as { clean: { counts: Record<string, number>; rejectReasons: Record<string, number> } }).clean;
    expect(clean.counts).toMatchObject({ rowsIn: 5, valid: 2, rejected: 2, duplicates: 1 });
    expect(clean.rejectReasons).toEqual({ 'field_invalid:url': 1, invalid_json: 1 });

    const second = await ingestListings('listings/source=chotot/dt=2026-11-22/run-2.ndjson.gz', [
      listing({ price_vnd: 780_000_000, price_text: '780.000.000 đ', scraped_at: '2026-11-22T01:00:00.000Z' }),
    ]);
    expect(second.status).toBe('SUCCEEDED');
    const rows = await warehouse.query<Record<string, unknown>>(
      "select listing_id, price_vnd, first_seen_at, last_seen_at, seller_phone from core.listings where source = 'chotot' order by listing_id",
    );
    expect(rows).toHaveLength(2);
    const vf8 = rows.find((row) => row.listing_id === '134599448');
    expect(Number(vf8?.price_vnd)).toBe(780_000_000);
    // Within one run the latest sighting of an ad is kept, so first seen is that run's sighting.
    expect(new Date(String(vf8?.first_seen_at)).toISOString()).toBe('2026-11-20T01:05:00.000Z');
    expect(new Date(String(vf8?.last_seen_at)).toISOString()).toBe('2026-11-22T01:00:00.000Z');
    expect(rows.find((row) => row.listing_id === '2')?.seller_phone).toBe('0903123456');
    const prices = await warehouse.query<{ n: number }>("select count(*)::int as n from core.listing_prices where listing_id = '134599448'");
    expect(prices[0]?.n).toBe(2);
  });
});
