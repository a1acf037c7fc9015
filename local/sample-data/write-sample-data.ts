import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { TextSink } from '../../shared/steps/clean/text-sink';
import { generateCustomerRecords } from './customer-generator';
import { csvLine } from '../../shared/steps/clean/csv-line';
import type { Listing } from '../../shared/contracts/listing';
import { generateListingSample, TRUTH_COLUMNS, type ListingSampleOptions, type SampleListing } from './listing-generator';

export const SAMPLE_FORMATS = ['json', 'json.gz', 'ndjson', 'ndjson.gz'] as const;
export type SampleFormat = (typeof SAMPLE_FORMATS)[number];

export interface CustomerSampleOptions {
  customers: number;
  outDir: string;
  /** `json` is the DB's own `{"results":[…]}` export. */
  format?: SampleFormat;
  seed?: number;
  onProgress?: (written: number) => void;
}

/** Writes one export file of `customers` records; the file appears under its name only once complete. */
export async function writeCustomerSample(options: CustomerSampleOptions): Promise<{ file: string; records: number; bytes: number }> {
  const format = options.format ?? 'json';
  await mkdir(options.outDir, { recursive: true });
  const file = path.join(options.outDir, `customers-${options.customers}.${format}`);
  const partial = `${file}.part`;
  const out = createWriteStream(partial);
  let target: Writable = out;
  if (format.endsWith('.gz')) {
    const gzip = createGzip({ level: 6 });
    gzip.pipe(out);
    target = gzip;
  }
  const sink = new TextSink(target);
  const asDocument = format.startsWith('json');
  if (asDocument) await sink.write('{"results":[\n');
  let written = 0;
  for (const record of generateCustomerRecords(options.customers, options.seed)) {
    const separator = asDocument && written > 0 ? ',\n' : '';
    await sink.write(`${separator}${JSON.stringify(record)}${asDocument ? '' : '\n'}`);
    written++;
    if (written % 100_000 === 0) options.onProgress?.(written);
  }
  if (asDocument) await sink.write('\n]}\n');
  await sink.end();
  await finished(out);
  await rename(partial, file);
  return { file, records: written, bytes: out.bytesWritten };
}

export interface ListingSampleFiles {
  /** Folder holding the three files: `<out>/listings-<L>-for-<N>/`. */
  dir: string;
  /** One NDJSON file per site, in the scraper's listing contract (xecu run --listings <dir> takes both). */
  files: Record<Listing['source'], string>;
  /** truth.csv: source, listing_id, customer_key, vehicle_key (empty when the listing is no customer's), kind, … */
  truthFile: string;
  listings: Record<Listing['source'], number>;
  /** Listings that are a customer's vehicle (own and cross-posts). */
  matches: number;
}

/**
 * Writes `listings` labeled listings for the customer export `writeCustomerSample` writes with the same `customers`
 * and `seed`: chotot.ndjson, xetot.ndjson and truth.csv (local/sample-data/listing-generator.ts says what is in them).
 */
export async function writeListingSample(options: ListingSampleOptions & { outDir: string; sample?: readonly SampleListing[] }): Promise<ListingSampleFiles> {
  // `sample`: the listings generateListingSample already made with these options (the demo serves them too).
  const sample = options.sample ?? generateListingSample(options);
  const dir = path.join(options.outDir, `listings-${options.listings}-for-${options.customers}`);
  await mkdir(dir, { recursive: true });
  const files = { chotot: path.join(dir, 'chotot.ndjson'), xetot: path.join(dir, 'xetot.ndjson') };
  const counts = { chotot: 0, xetot: 0 };
  const truthFile = path.join(dir, 'truth.csv');
  const streams = {
    chotot: createWriteStream(`${files.chotot}.part`),
    xetot: createWriteStream(`${files.xetot}.part`),
    truth: createWriteStream(`${truthFile}.part`),
  };
  const outputs = { chotot: new TextSink(streams.chotot), xetot: new TextSink(streams.xetot), truth: new TextSink(streams.truth) };
  await outputs.truth.write(csvLine(TRUTH_COLUMNS));
  let matches = 0;
  for (const { listing, truth } of sample) {
    await outputs[listing.source].write(`${JSON.stringify(listing)}\n`);
    await outputs.truth.write(csvLine(TRUTH_COLUMNS.map((column) => truth[column])));
    counts[listing.source]++;
    if (truth.vehicle_key) matches++;
  }
  for (const output of Object.values(outputs)) await output.end();
  for (const stream of Object.values(streams)) await finished(stream);
  for (const file of [files.chotot, files.xetot, truthFile]) await rename(`${file}.part`, file);
  return { dir, files, truthFile, listings: counts, matches };
}
