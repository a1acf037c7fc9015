/**
 * Clean benchmark: records/s and peak RSS of the clean step on generated customer exports, beside the floor
 * measured in the same run — read + JSON.parse + JSON.stringify of the same NDJSON lines.
 * Each measurement runs in its own child process so peak RSS belongs to that phase alone.
 *
 *   npm run bench:clean                       # 100k and 1M records
 *   npm run bench:clean -- --sizes 100000     # just one size
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FilesystemObjectStore } from '../shared/adapters/filesystem/filesystem-object-store';
import { clean } from '../shared/steps/clean';
import { writeCustomerSample } from '../local/sample-data/write-sample-data';

interface PhaseResult {
  phase: string;
  records: number;
  ms: number;
  maxRssMb: number;
  valid?: number;
  rejected?: number;
  duplicates?: number;
}

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache', 'bench');

async function floorPhase(file: string): Promise<PhaseResult> {
  const started = performance.now();
  let records = 0;
  let carry = '';
  let checksum = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const text = carry + (chunk as string);
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      const line = text.slice(start, newline);
      start = newline + 1;
      if (!line) continue;
      checksum += JSON.stringify(JSON.parse(line)).length;
      records++;
    }
    carry = text.slice(start);
  }
  if (carry) {
    checksum += JSON.stringify(JSON.parse(carry)).length;
    records++;
  }
  if (checksum === 0) throw new Error('floor read nothing');
  return { phase: 'floor', records, ms: performance.now() - started, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function cleanPhase(file: string): Promise<PhaseResult> {
  const work = path.join(CACHE, `work-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 's3', 'bench-raw', 'customers'), { recursive: true });
  linkSync(file, path.join(work, 's3', 'bench-raw', 'customers', path.basename(file)));
  const store = new FilesystemObjectStore(path.join(work, 's3'));
  const started = performance.now();
  try {
    const result = await clean(
      { batchId: `b_${'f'.repeat(32)}`, kind: 'customers', source: { bucket: 'bench-raw', key: `customers/${path.basename(file)}`, size: statSync(file).size } },
      { objectStore: store, processedBucket: 'bench-processed', tmpDir: work },
    );
    return {
      phase: 'clean',
      records: result.counts.rowsIn,
      ms: performance.now() - started,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      valid: result.counts.valid,
      rejected: result.counts.rejected,
      duplicates: result.counts.duplicates,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Both phases run with the same old-space cap, as a Lambda's memory setting caps it: V8 otherwise lets garbage pile
 * up to far above the live set before a full collection, and peak RSS would measure its laziness, not the step.
 */
const HEAP_MB = 256;

function runChild(phase: string, file: string): PhaseResult {
  const output = execFileSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, path.join(ROOT, 'bin', 'run-ts.mjs'), __filename, '--child', phase, '--file', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output.trim().split('\n').pop() as string) as PhaseResult;
}

async function ensureSample(records: number): Promise<string> {
  const file = path.join(CACHE, `customers-${records}.ndjson`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${records.toLocaleString('en-US')} records → ${path.relative(ROOT, file)}\n`);
    await writeCustomerSample({ customers: records, outDir: CACHE, format: 'ndjson', seed: 2026 });
  }
  return file;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      file: { type: 'string' },
      sizes: { type: 'string', default: '100000,1000000' },
      repeat: { type: 'string', default: '1' },
    },
  });
  if (values.child) {
    const file = values.file as string;
    const result = values.child === 'floor' ? await floorPhase(file) : await cleanPhase(file);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  mkdirSync(CACHE, { recursive: true });
  const sizes = values.sizes.split(',').map(Number);
  const repeat = Math.max(1, Number(values.repeat));
  const rows: string[] = [];
  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  for (const size of sizes) {
    const file = await ensureSample(size);
    const best = (phase: string) => {
      const runs = Array.from({ length: repeat }, () => runChild(phase, file));
      return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    };
    const floor = best('floor');
    const cleaned = best('clean');
    rows.push(
      [
        fmt(size).padStart(9),
        `${fmt(statSync(file).size / 2 ** 20)} MiB`.padStart(9),
        `${fmt(floor.ms / 1000, 2)} s`.padStart(8),
        `${fmt(cleaned.ms / 1000, 2)} s`.padStart(8),
        `${fmt(cleaned.ms / floor.ms, 2)}×`.padStart(6),
        fmt((size / cleaned.ms) * 1000).padStart(10),
        `${fmt(floor.maxRssMb)} MB`.padStart(9),
        `${fmt(cleaned.maxRssMb)} MB`.padStart(9),
        `${fmt(cleaned.valid ?? 0)} / ${fmt(cleaned.rejected ?? 0)} / ${fmt(cleaned.duplicates ?? 0)}`,
      ].join('  '),
    );
  }
  const header = ['  records', '    input', '   floor', '   clean', ' ratio', ' records/s', 'floor RSS', 'clean RSS', 'valid / rejected / duplicates'].join('  ');
  process.stdout.write(`\nclean benchmark (Node ${process.version}, best of ${repeat}; old space capped at ${HEAP_MB} MB; floor = read + JSON.parse + JSON.stringify per NDJSON line)\n${header}\n${rows.join('\n')}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
