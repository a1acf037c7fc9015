import path from 'node:path';
import { parseArgs } from 'node:util';
import { FilesystemObjectStore } from '../../shared/adapters/filesystem/filesystem-object-store';
import type { ObjectStore } from '../../shared/ports/object-store';
import { syncExports, SYNC_STATE_FILE, type SyncProgress } from '../../shared/steps/export/sync-exports';
import { defaultHome, LOCAL_BUCKETS } from '../runtime/local-environment';
import { count, progressLine } from './format';

const HELP = `Usage: xecu sync-exports --to <dir> [--since YYYY-MM-DD] [options]

Copies new and changed report workbooks (reports/<report>/<date>/<name>.xlsx) from the exports bucket into
<dir>/<report>/<date>/<name>.xlsx, for the on-prem file server. Safe to run again and again (cron, Airflow):
  - idempotent by ETag: what is already there is not downloaded again (${SYNC_STATE_FILE} in <dir>);
  - atomic: each file appears complete (written to a temp name, size/MD5 checked, renamed);
  - resumable: a run stopped half-way continues with the files it had not finished.
Progress goes to stderr, the summary to stdout.

Source: the offline exports bucket in XECU_HOME by default; with --bucket, that S3 bucket (AWS credentials and
region from the usual AWS environment; --endpoint for an S3-compatible server such as MinIO or moto).

Options:
  --to <dir>          target folder (created if missing)
  --since <date>      only reports dated on or after this day (YYYY-MM-DD)
  --bucket <name>     S3 bucket (default: the offline exports bucket)
  --endpoint <url>    S3-compatible endpoint (path-style addressing)
  --region <region>   AWS region (default: AWS_REGION or ap-southeast-1)
  --home <dir>        offline data folder (default: XECU_HOME or ./.xecu)
  --json              print the summary as JSON
  -h, --help          this help

Exit code: 0 when every workbook is in place, 1 when any failed, 2 on a usage error.
Example: xecu sync-exports --to /srv/sales-reports --since 2026-12-01
`;

class SyncUsageError extends Error {
  override readonly name = 'UsageError';
}

async function s3Store(region: string, endpoint: string | undefined): Promise<ObjectStore> {
  // Loaded only for S3: the offline path needs no AWS SDK.
  const { S3ObjectStore } = await import('../../shared/adapters/s3/s3-object-store');
  return new S3ObjectStore({ region, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function runSyncExportsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      to: { type: 'string' },
      since: { type: 'string' },
      bucket: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      home: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.to) throw new SyncUsageError('--to <dir> is required');
  if (values.since !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(values.since) || Number.isNaN(Date.parse(values.since)))) {
    throw new SyncUsageError('--since must be a date, YYYY-MM-DD');
  }
  if (values.endpoint !== undefined && !values.bucket) throw new SyncUsageError('--endpoint needs --bucket');
  const bucket = values.bucket ?? LOCAL_BUCKETS.exports;
  const store = values.bucket
    ? await s3Store(values.region ?? process.env.AWS_REGION ?? 'ap-southeast-1', values.endpoint)
    : new FilesystemObjectStore(path.join(path.resolve(values.home ?? defaultHome()), 's3'));
  const progress = progressLine(process.stderr);
  const summary = await syncExports({
    store,
    bucket,
    toDir: values.to,
    ...(values.since ? { since: values.since } : {}),
    onProgress: (p: SyncProgress) => {
      const percent = p.size > 0 ? Math.floor((p.bytes / p.size) * 100) : 100;
      const filled = Math.round(percent / 5);
      progress.update(`sync-exports [${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${p.index}/${p.of} ${percent}% ${p.key}`);
    },
  });
  progress.done();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    for (const file of summary.downloaded) process.stdout.write(`downloaded  ${file.file}  (${mb(file.bytes)})\n`);
    for (const failure of summary.failed) process.stdout.write(`FAILED      ${failure.key}: ${failure.error}\n`);
    process.stdout.write(
      `sync-exports: ${count(summary.downloaded.length)} downloaded (${mb(summary.bytes)}), ${count(summary.upToDate)} already up to date, ` +
        `${count(summary.skippedBeforeSince)} before --since, ${count(summary.failed.length)} failed — ${summary.listed} workbook(s) in s3://${bucket}/reports/\n`,
    );
  }
  return summary.failed.length > 0 ? 1 : 0;
}
