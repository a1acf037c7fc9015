import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { TextSink } from '../../shared/steps/clean/text-sink';
import { generateCustomerRecords } from './customer-generator';

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
