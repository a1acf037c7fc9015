import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSql } from '../../shared/sql';
import { silentLog } from '../../shared/ports/log';
import type { Warehouse } from '../../shared/ports/warehouse';
import { defaultHome, openLocalEnvironment } from '../runtime/local-environment';

export const FORGET_PERSON_HELP = `Usage: xecu forget-person --customer-key <key> [--dry-run] [--json] [--home <dir>]

Erases one person from the warehouse on a data subject's request (Vietnam PDPL 91/2025/QH15; docs/runbook.md
"Deleting a person's data"): their current vehicles, their ownership history, identity conflicts on their
vehicles, staged rows, leads, listing matches and matching's work rows — all by customer_key, in one transaction
(shared/sql/ops/forget_person.sql). Other people's rows stay, also on the same vehicles.
Prints what each table held for the key, and the batches whose files held the person (their raw, processed and
rejects objects expire by the buckets' lifecycle: runbook).

Offline: the embedded warehouse under --home, or DATABASE_URL. On Redshift run the same SQL file (runbook).

Options:
  --customer-key <key>  the key in core.customer_vehicles (find it by phone or customer id: runbook)
  --dry-run             only count what would be removed
  --json                print the counts as JSON on stdout
  --home <dir>          offline data folder (default: XECU_HOME or ./.xecu)
  -h, --help            this help

Exit code: 0 done (or nothing held), 1 the erasure failed (nothing removed), 2 on a usage error.
`;

export class ForgetPersonUsageError extends Error {
  override readonly name = 'UsageError';
}

export interface PersonRowCounts {
  customer_vehicles: number;
  customer_vehicle_history: number;
  identity_conflicts: number;
  staged_customer_vehicles: number;
  leads: number;
  listing_matches: number;
  match_work_rows: number;
}

/** A batch whose files held the person (raw source, processed CSV, rejects): their S3 objects are erased by lifecycle. */
export interface PersonBatch {
  batchId: string;
  kind: string;
  status: string;
  source: string | null;
  processedKey: string | null;
  rejectsKey: string | null;
}

export interface ForgetPersonResult {
  customerKey: string;
  dryRun: boolean;
  before: PersonRowCounts;
  after: PersonRowCounts;
  /** Found before the erasure (the rows that name them go with it). */
  batches: PersonBatch[];
}

export async function personBatches(warehouse: Warehouse, customerKey: string): Promise<PersonBatch[]> {
  const rows = await warehouse.query<Record<string, unknown>>(loadSql('ops/forget_person_batches'), { customer_key: customerKey });
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  return rows.map((row) => ({
    batchId: String(row.batch_id),
    kind: String(row.kind),
    status: String(row.status),
    source: row.source_bucket && row.source_key ? `s3://${String(row.source_bucket)}/${String(row.source_key)}` : null,
    processedKey: text(row.processed_key),
    rejectsKey: text(row.rejects_key),
  }));
}

export async function personRowCounts(warehouse: Warehouse, customerKey: string): Promise<PersonRowCounts> {
  const [row] = await warehouse.query<Record<string, unknown>>(loadSql('ops/forget_person_counts'), { customer_key: customerKey });
  const count = (name: keyof PersonRowCounts): number => Number(row?.[name] ?? 0);
  return {
    customer_vehicles: count('customer_vehicles'),
    customer_vehicle_history: count('customer_vehicle_history'),
    identity_conflicts: count('identity_conflicts'),
    staged_customer_vehicles: count('staged_customer_vehicles'),
    leads: count('leads'),
    listing_matches: count('listing_matches'),
    match_work_rows: count('match_work_rows'),
  };
}

/** Counts, erases in one transaction (unless dryRun), counts again. Throws when the transaction failed. */
export async function forgetPerson(warehouse: Warehouse, customerKey: string, options: { dryRun?: boolean } = {}): Promise<ForgetPersonResult> {
  if (customerKey.trim() === '') throw new ForgetPersonUsageError('the customer key is empty');
  const before = await personRowCounts(warehouse, customerKey);
  const batches = await personBatches(warehouse, customerKey);
  if (!options.dryRun) {
    let status = await warehouse.submit([{ kind: 'sql', sql: loadSql('ops/forget_person'), params: { customer_key: customerKey } }]);
    // The Data API answers SUBMITTED: follow it to the end (the offline warehouse answers FINISHED at once).
    while (status.state === 'SUBMITTED' || status.state === 'PICKED' || status.state === 'STARTED') {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      status = await warehouse.describe(status.id);
    }
    if (status.state !== 'FINISHED') throw new Error(`forget_person did not commit (${status.state}): ${status.error ?? 'no error text'}`);
  }
  return { customerKey, dryRun: options.dryRun ?? false, before, after: await personRowCounts(warehouse, customerKey), batches };
}

export async function runForgetPersonCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'customer-key': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      home: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(FORGET_PERSON_HELP);
    return 0;
  }
  const customerKey = values['customer-key'];
  if (!customerKey) throw new ForgetPersonUsageError('give --customer-key <key> (xecu forget-person --help)');
  const env = await openLocalEnvironment({ home: path.resolve(values.home ?? defaultHome()), log: silentLog });
  try {
    const result = await forgetPerson(env.warehouse, customerKey, { dryRun: values['dry-run'] });
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(`${result.dryRun ? 'would remove' : 'removed'} for customer key ${customerKey} (${env.warehouseLabel}):\n`);
      for (const [table, rows] of Object.entries(result.before)) process.stdout.write(`  ${table.padEnd(26)}${rows}\n`);
      if (result.batches.length > 0) {
        process.stdout.write('batches whose files held them (S3 objects go by lifecycle: docs/runbook.md):\n');
        for (const batch of result.batches) {
          process.stdout.write(`  ${batch.batchId} ${batch.kind} ${batch.source ?? '(no source)'} rejects: ${batch.rejectsKey ?? '-'}\n`);
        }
      }
      if (!result.dryRun) {
        const left = Object.values(result.after).reduce((sum, n) => sum + n, 0);
        process.stdout.write(left === 0 ? 'nothing of this key is left in the warehouse\n' : `${left} rows are still there (see --json)\n`);
      }
    }
    return 0;
  } finally {
    await env.close();
  }
}
