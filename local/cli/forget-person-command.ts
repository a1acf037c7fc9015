import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRedshiftDataWarehouse } from '../../shared/adapters/aws/create-redshift-data-warehouse';
import { loadSql } from '../../shared/sql';
import { silentLog } from '../../shared/ports/log';
import type { Warehouse } from '../../shared/ports/warehouse';
import { defaultHome, openLocalEnvironment } from '../runtime/local-environment';

export const FORGET_PERSON_HELP = `Usage: xecu forget-person --customer-key <key> [--dry-run] [--json] [--home <dir>]
       xecu forget-person --aws --customer-key <key> --workgroup <name>|--cluster <id> --copy-role-arn <arn>
                          [--secret-arn <arn>|--db-user <user>] [--database xecu] [--region <region>] [--dry-run]

Erases one person from the warehouse on a data subject's request (Vietnam PDPL 91/2025/QH15; docs/runbook.md
"Deleting a person's data"): their current vehicles, their ownership history, identity conflicts on their
vehicles, staged rows, leads, listing matches and matching's work rows — all by customer_key, in one transaction
(shared/sql/ops/forget_person.sql). Other people's rows stay, also on the same vehicles.
Prints what each table held for the key, and the batches whose files held the person (their raw, processed and
rejects objects expire by the buckets' lifecycle: runbook).

Offline: the embedded warehouse under --home, or DATABASE_URL. With --aws: the stage's Redshift through the
Data API (the erasure is one BatchExecuteStatement: one transaction), signed in as an administrator (the pipeline's
database roles may not delete from every schema); AWS credentials from the usual chain.

Options:
  --customer-key <key>   the key in core.customer_vehicles (find it by phone or customer id: runbook)
  --dry-run              only count what would be removed
  --json                 print the counts as JSON on stdout
  --home <dir>           offline data folder (default: XECU_HOME or ./.xecu)
  --aws                  the stage's Redshift instead of the offline warehouse:
    --workgroup <name>     Redshift Serverless workgroup (stack output WarehouseWorkgroupName), or
    --cluster <id>         a provisioned cluster (stack output WarehouseClusterIdentifier)
    --database <name>      default xecu (stack output WarehouseDatabase)
    --secret-arn <arn>     the admin secret to sign in with (else IAM credentials; --db-user on a cluster)
    --db-user <user>       a cluster's database user (GetClusterCredentials)
    --copy-role-arn <arn>  stack output RedshiftCopyRoleArn (the adapter's configuration; nothing is copied)
    --region <region>      default AWS_REGION, else ap-southeast-1
  -h, --help             this help

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
export async function forgetPerson(
  warehouse: Warehouse,
  customerKey: string,
  options: { dryRun?: boolean; pollIntervalMs?: number } = {},
): Promise<ForgetPersonResult> {
  if (customerKey.trim() === '') throw new ForgetPersonUsageError('the customer key is empty');
  const before = await personRowCounts(warehouse, customerKey);
  const batches = await personBatches(warehouse, customerKey);
  if (!options.dryRun) {
    let status = await warehouse.submit([{ kind: 'sql', sql: loadSql('ops/forget_person'), params: { customer_key: customerKey } }]);
    // The Data API answers SUBMITTED: follow it to the end (the offline warehouse answers FINISHED at once).
    while (status.state === 'SUBMITTED' || status.state === 'PICKED' || status.state === 'STARTED') {
      await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 1_000));
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
      aws: { type: 'boolean', default: false },
      workgroup: { type: 'string' },
      cluster: { type: 'string' },
      database: { type: 'string' },
      'secret-arn': { type: 'string' },
      'db-user': { type: 'string' },
      'copy-role-arn': { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(FORGET_PERSON_HELP);
    return 0;
  }
  const customerKey = values['customer-key'];
  if (!customerKey) throw new ForgetPersonUsageError('give --customer-key <key> (xecu forget-person --help)');
  if (values.aws) {
    if (!values.workgroup === !values.cluster) throw new ForgetPersonUsageError('with --aws give one of --workgroup <name> or --cluster <id>');
    if (!values['copy-role-arn']) throw new ForgetPersonUsageError('with --aws give --copy-role-arn <arn> (stack output RedshiftCopyRoleArn)');
    const warehouse = createRedshiftDataWarehouse({
      database: values.database ?? 'xecu',
      copyIamRoleArn: values['copy-role-arn'],
      region: values.region ?? process.env.AWS_REGION ?? 'ap-southeast-1',
      ...(values.workgroup ? { workgroupName: values.workgroup } : {}),
      ...(values.cluster ? { clusterIdentifier: values.cluster } : {}),
      ...(values['secret-arn'] ? { secretArn: values['secret-arn'] } : {}),
      ...(values['db-user'] ? { dbUser: values['db-user'] } : {}),
    });
    printResult(await forgetPerson(warehouse, customerKey, { dryRun: values['dry-run'] }), `Redshift ${values.workgroup ?? values.cluster}`, values.json);
    return 0;
  }
  const env = await openLocalEnvironment({ home: path.resolve(values.home ?? defaultHome()), log: silentLog });
  try {
    printResult(await forgetPerson(env.warehouse, customerKey, { dryRun: values['dry-run'] }), env.warehouseLabel, values.json);
    return 0;
  } finally {
    await env.close();
  }
}

function printResult(result: ForgetPersonResult, warehouseLabel: string, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${result.dryRun ? 'would remove' : 'removed'} for customer key ${result.customerKey} (${warehouseLabel}):\n`);
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
