import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { RedshiftDataWarehouse } from '../../../shared/adapters/redshift-data/redshift-data-warehouse';
import { forgetPerson } from '../../../local/cli/forget-person-command';
import { loadSql, scanSql } from '../../../shared/sql';

/**
 * The erasure through the Data API (Redshift cannot run here: the client is mocked, as in the adapter's own tests):
 * one BatchExecuteStatement — one transaction — holding every delete of forget_person.sql with the key as a
 * quoted literal, and the counts read before and after.
 */
const redshift = mockClient(RedshiftDataClient);
const COUNT_COLUMNS = ['customer_vehicles', 'customer_vehicle_history', 'identity_conflicts', 'staged_customer_vehicles', 'leads', 'listing_matches', 'match_work_rows'];

const counts = (n: number) => ({ ColumnMetadata: COUNT_COLUMNS.map((name) => ({ name })), Records: [COUNT_COLUMNS.map(() => ({ longValue: n }))] });

afterEach(() => redshift.reset());

/** The Redshift Data API adapter over the mocked client. */
function redshiftWarehouse(): RedshiftDataWarehouse {
  return new RedshiftDataWarehouse({
    client: new RedshiftDataClient({ region: 'ap-southeast-1' }),
    database: 'xecu',
    workgroupName: 'xecu-prod',
    copyIamRoleArn: 'arn:aws:iam::123456789012:role/xecu-redshift-copy',
    region: 'ap-southeast-1',
    pollIntervalMs: 0,
  });
}

it('erases in one BatchExecuteStatement, the key a quoted literal in every delete', async () => {
  redshift.on(ExecuteStatementCommand).resolves({ Id: 'q' });
  redshift.on(BatchExecuteStatementCommand).resolves({ Id: 'erase' });
  redshift.on(DescribeStatementCommand).resolves({ Status: 'FINISHED', HasResultSet: true });
  redshift
    .on(GetStatementResultCommand)
    .resolvesOnce(counts(2))
    .resolvesOnce({ ColumnMetadata: [{ name: 'batch_id' }], Records: [] })
    .resolvesOnce(counts(0));
  const warehouse = redshiftWarehouse();

  const result = await forgetPerson(warehouse, "KH-O'Brien", { pollIntervalMs: 0 });

  expect(result.before.customer_vehicles).toBe(2);
  expect(Object.values(result.after).every((n) => n === 0)).toBe(true);
  const batches = redshift.commandCalls(BatchExecuteStatementCommand);
  expect(batches).toHaveLength(1);
  const sqls = batches[0]?.args[0].input.Sqls ?? [];
  expect(sqls.filter((sql) => /^\s*(--[^\n]*\n\s*)*delete from/i.test(sql))).toHaveLength(sqls.length);
  // Every statement of the file, nothing else (nine deletes today).
  expect(sqls.length).toBe(scanSql(loadSql('ops/forget_person')).statements.length);
  expect(sqls.length).toBeGreaterThanOrEqual(9);
  for (const sql of sqls) {
    expect(sql).toContain("'KH-O''Brien'");
    expect(sql).not.toContain(':customer_key');
  }
  // The reads are parameterized (Data API parameters), not rendered.
  const reads = redshift.commandCalls(ExecuteStatementCommand).map((call) => call.args[0].input);
  expect(reads.every((input) => input.Parameters?.some((p) => p.name === 'customer_key' && p.value === "KH-O'Brien"))).toBe(true);
});

it('reports a failed erasure instead of counting it as done', async () => {
  redshift.on(ExecuteStatementCommand).resolves({ Id: 'q' });
  redshift.on(BatchExecuteStatementCommand).resolves({ Id: 'erase' });
  redshift.on(DescribeStatementCommand, { Id: 'q' }).resolves({ Status: 'FINISHED', HasResultSet: true });
  redshift.on(DescribeStatementCommand, { Id: 'erase' }).resolves({ Status: 'FAILED', Error: 'permission denied for schema marts' });
  redshift.on(GetStatementResultCommand).resolvesOnce(counts(1)).resolvesOnce({ ColumnMetadata: [{ name: 'batch_id' }], Records: [] });
  const warehouse = redshiftWarehouse();
  await expect(forgetPerson(warehouse, 'KH1', { pollIntervalMs: 0 })).rejects.toThrow(/did not commit \(FAILED\).*permission denied/);
});
