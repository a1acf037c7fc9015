import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  RedshiftDataServiceException,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ddlBatches,
  MAX_BATCH_STATEMENTS,
  RedshiftDataWarehouse,
  type RedshiftDataWarehouseOptions,
} from '../../../../shared/adapters/redshift-data/redshift-data-warehouse';
import { CUSTOMER_VEHICLE_COLUMNS } from '../../../../shared/contracts/customer-export';
import { TransientError } from '../../../../shared/ports/errors';
import { WarehouseError } from '../../../../shared/ports/warehouse';
import { ddlFiles, loadSql, scanSql } from '../../../../shared/sql';
import { loadStatements } from '../../../../shared/steps/load';

const redshift = mockClient(RedshiftDataClient);
const ROLE = 'arn:aws:iam::123456789012:role/xecu-redshift-copy';
const STATEMENT_ID = 'd9b6c0c9-0747-4bf4-b142-e8883122f766';
const LOOKUP_ID = '11111111-2222-3333-4444-555555555555';

function warehouse(overrides: Partial<RedshiftDataWarehouseOptions> = {}): RedshiftDataWarehouse {
  return new RedshiftDataWarehouse({
    client: new RedshiftDataClient({ region: 'ap-southeast-1' }),
    database: 'xecu',
    workgroupName: 'xecu-wg',
    copyIamRoleArn: ROLE,
    region: 'ap-southeast-1',
    pollIntervalMs: 1,
    ...overrides,
  });
}

/** SQL without its `--` comment lines, where `:name` mentions are documentation. */
function withoutComments(sql: string): string {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
}

beforeEach(() => {
  redshift.reset();
});

describe('RedshiftDataWarehouse.query', () => {
  it('binds parameters as strings, renders NULL and empty strings, and polls until FINISHED', async () => {
    // Prepare
    redshift.on(ExecuteStatementCommand).resolves({ Id: STATEMENT_ID });
    redshift
      .on(DescribeStatementCommand)
      .resolvesOnce({ Id: STATEMENT_ID, Status: 'SUBMITTED' })
      .resolvesOnce({ Id: STATEMENT_ID, Status: 'STARTED' })
      .resolves({ Id: STATEMENT_ID, Status: 'FINISHED', HasResultSet: true });
    redshift.on(GetStatementResultCommand).resolves({ Records: [], ColumnMetadata: [{ name: 'n' }] });
    // Act
    await warehouse().query('select :id as id, :n as n, :gone as gone, :empty as empty, :flag as flag', {
      id: "b_'x'",
      n: 42,
      gone: null,
      empty: '',
      flag: true,
    });
    // Assess
    const [execute] = redshift.commandCalls(ExecuteStatementCommand);
    expect(execute?.args[0].input).toMatchObject({
      Database: 'xecu',
      WorkgroupName: 'xecu-wg',
      Sql: "select :id as id, :n as n, NULL as gone, '' as empty, :flag as flag",
      Parameters: [
        { name: 'id', value: "b_'x'" },
        { name: 'n', value: '42' },
        { name: 'flag', value: 'true' },
      ],
    });
    expect(execute?.args[0].input).not.toHaveProperty('ClusterIdentifier');
    expect(redshift.commandCalls(DescribeStatementCommand)).toHaveLength(3);
  });

  it('follows NextToken and maps each Field by its column', async () => {
    // Prepare
    redshift.on(ExecuteStatementCommand).resolves({ Id: STATEMENT_ID });
    redshift.on(DescribeStatementCommand).resolves({ Id: STATEMENT_ID, Status: 'FINISHED', HasResultSet: true });
    const columns = [{ name: 'batch_id' }, { name: 'rows' }, { name: 'ratio' }, { name: 'negotiable' }, { name: 'error' }, { name: 'price' }];
    redshift
      .on(GetStatementResultCommand, { Id: STATEMENT_ID, NextToken: undefined })
      .resolves({
        ColumnMetadata: columns,
        Records: [[{ stringValue: 'b_1' }, { longValue: 3 }, { doubleValue: 0.5 }, { booleanValue: true }, { isNull: true }, { stringValue: '545000000.00' }]],
        NextToken: 'page-2',
      })
      .on(GetStatementResultCommand, { Id: STATEMENT_ID, NextToken: 'page-2' })
      .resolves({
        ColumnMetadata: columns,
        Records: [[{ stringValue: 'b_2' }, { longValue: 0 }, { doubleValue: 1 }, { booleanValue: false }, { stringValue: 'x' }, { isNull: true }]],
      });
    // Act
    const rows = await warehouse().query('select * from ops.batches');
    // Assess
    expect(rows).toEqual([
      { batch_id: 'b_1', rows: 3, ratio: 0.5, negotiable: true, error: null, price: '545000000.00' },
      { batch_id: 'b_2', rows: 0, ratio: 1, negotiable: false, error: 'x', price: null },
    ]);
    expect(redshift.commandCalls(GetStatementResultCommand)).toHaveLength(2);
  });

  it('returns no rows for a statement without a result set', async () => {
    // Prepare
    redshift.on(ExecuteStatementCommand).resolves({ Id: STATEMENT_ID });
    redshift.on(DescribeStatementCommand).resolves({ Id: STATEMENT_ID, Status: 'FINISHED', HasResultSet: false });
    // Act
    const rows = await warehouse().query(loadSql('staging/delete_stg_listings_batch'), { batch_id: 'b_1' });
    // Assess
    expect(rows).toEqual([]);
    expect(redshift.commandCalls(GetStatementResultCommand)).toHaveLength(0);
  });

  it('runs a multi-statement file as one batch of literals and reads the last statement’s rows', async () => {
    // Prepare
    redshift.on(BatchExecuteStatementCommand).resolves({ Id: STATEMENT_ID });
    redshift.on(DescribeStatementCommand).resolves({
      Id: STATEMENT_ID,
      Status: 'FINISHED',
      SubStatements: [
        { Id: `${STATEMENT_ID}:1`, Status: 'FINISHED', HasResultSet: false },
        { Id: `${STATEMENT_ID}:2`, Status: 'FINISHED', HasResultSet: false },
      ],
    });
    // Act
    const rows = await warehouse().query(loadSql('ops/mark_batch_failed'), {
      batch_id: 'b_0123456789abcdef0123456789abcdef',
      kind: 'listings',
      source_bucket: 'xecu-landing',
      source_key: "listings/it's\\here.ndjson",
      error_name: 'CleanInputError',
      error_cause: null,
    });
    // Assess
    expect(rows).toEqual([]);
    const sqls = redshift.commandCalls(BatchExecuteStatementCommand)[0]?.args[0].input.Sqls ?? [];
    expect(sqls).toHaveLength(2);
    expect(sqls[0]).toMatch(/^-- ops\.batches/);
    expect(sqls[0]).toContain("where batch_id = 'b_0123456789abcdef0123456789abcdef'");
    expect(sqls[0]).toContain('left(NULL, 1000)');
    expect(sqls[1]).toContain("'listings/it''s\\\\here.ndjson'");
    expect(withoutComments(sqls.join('\n'))).not.toMatch(/:[a-z_]+/);
  });

  it('throws WarehouseError with Redshift’s error text when the statement fails', async () => {
    // Prepare
    redshift.on(ExecuteStatementCommand).resolves({ Id: STATEMENT_ID });
    redshift.on(DescribeStatementCommand).resolves({ Id: STATEMENT_ID, Status: 'FAILED', Error: 'ERROR: relation "core.nope" does not exist' });
    // Act
    const failing = warehouse().query('select * from core.nope');
    // Assess
    await expect(failing).rejects.toBeInstanceOf(WarehouseError);
    await expect(failing).rejects.toThrow(/FAILED: ERROR: relation "core.nope" does not exist/);
  });

  it('cancels and throws TransientError when the statement outlives queryTimeoutMs', async () => {
    // Prepare
    redshift.on(ExecuteStatementCommand).resolves({ Id: STATEMENT_ID });
    redshift.on(DescribeStatementCommand).resolves({ Id: STATEMENT_ID, Status: 'STARTED' });
    redshift.on(CancelStatementCommand).resolves({ Status: true });
    // Act
    const slow = warehouse({ queryTimeoutMs: 30, pollIntervalMs: 5 }).query('select 1');
    // Assess
    await expect(slow).rejects.toBeInstanceOf(TransientError);
    expect(redshift.commandCalls(CancelStatementCommand)[0]?.args[0].input).toEqual({ Id: STATEMENT_ID });
  });

  it('renders literals instead of binding when the text has a :: cast', async () => {
    // Prepare
    redshift.on(ExecuteStatementCommand).resolves({ Id: STATEMENT_ID });
    redshift.on(DescribeStatementCommand).resolves({ Id: STATEMENT_ID, Status: 'FINISHED', HasResultSet: false });
    // Act
    await warehouse().query("select :id::varchar as id, '10'::int as n", { id: 'b_1' });
    // Assess
    const input = redshift.commandCalls(ExecuteStatementCommand)[0]?.args[0].input;
    expect(input?.Sql).toBe("select 'b_1'::varchar as id, '10'::int as n");
    expect(input).not.toHaveProperty('Parameters');
  });

  it('refuses a missing or unknown parameter before calling the API', async () => {
    // Act + Assess
    await expect(warehouse().query('select :a', {})).rejects.toThrow(/missing SQL parameter\(s\): :a/);
    await expect(warehouse().query('select 1', { stray: 1 })).rejects.toThrow(/unknown SQL parameter\(s\).*:stray/);
    expect(redshift.calls()).toHaveLength(0);
  });
});

describe('RedshiftDataWarehouse.submit', () => {
  it('sends one SQL statement through ExecuteStatement with its parameters', async () => {
    // Prepare
    redshift.on(ExecuteStatementCommand).resolves({ Id: STATEMENT_ID });
    // Act
    const status = await warehouse({ workgroupName: undefined, clusterIdentifier: 'xecu-cluster', dbUser: 'loader' }).submit([
      { kind: 'sql', sql: loadSql('staging/delete_stg_customer_vehicles_batch'), params: { batch_id: 'b_1' } },
    ]);
    // Assess
    expect(status).toEqual({ id: STATEMENT_ID, state: 'SUBMITTED' });
    const input = redshift.commandCalls(ExecuteStatementCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ ClusterIdentifier: 'xecu-cluster', DbUser: 'loader', Parameters: [{ name: 'batch_id', value: 'b_1' }] });
    expect(input?.Sql).toContain('where batch_id = :batch_id');
  });

  it('sends a load as one BatchExecuteStatement with escaped literals and a validated COPY', async () => {
    // Prepare
    redshift.on(BatchExecuteStatementCommand).resolves({ Id: STATEMENT_ID });
    const batchId = 'b_0123456789abcdef0123456789abcdef';
    const manifest = { bucket: 'xecu-processed', key: "manifests/customers/batch=it's.manifest" };
    // Act
    const load = loadStatements({
      batchId,
      kind: 'customers',
      source: { bucket: 'xecu-raw', key: 'customers/export.json' },
      manifest: { ref: manifest, table: 'staging.stg_customer_vehicles', files: 1 },
    });
    const status = await warehouse({ secretArn: 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:xecu' }).submit(load);
    // Assess
    expect(status).toEqual({ id: STATEMENT_ID, state: 'SUBMITTED' });
    const input = redshift.commandCalls(BatchExecuteStatementCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ WorkgroupName: 'xecu-wg', Database: 'xecu', SecretArn: expect.stringContaining(':secret:xecu') });
    const sqls = input?.Sqls ?? [];
    // the load lock, delete, copy, the merge's statements, mark loaded, delete
    const verbs = sqls.map((sql) => /^\w+/.exec(withoutComments(sql).trim())?.[0]);
    expect(verbs.slice(0, 3)).toEqual(['lock', 'delete', 'copy']);
    expect(verbs.slice(-2)).toEqual(['update', 'delete']);
    expect(verbs).toContain('merge');
    // Only ops.load_lock is LOCKed: Redshift's LOCK is ACCESS EXCLUSIVE, and a core table locked so would block its readers.
    expect(sqls.filter((sql) => /^lock\b/i.test(withoutComments(sql).trim())).map((sql) => withoutComments(sql).trim())).toEqual(['lock ops.load_lock']);
    expect(sqls[1]).toContain(`where batch_id = '${batchId}'`);
    expect(sqls.at(-1)).toBe(sqls[1]);
    const copy = sqls[2] ?? '';
    expect(copy).toContain(`copy staging.stg_customer_vehicles (${CUSTOMER_VEHICLE_COLUMNS.join(', ')})`);
    expect(copy).toContain("from 's3://xecu-processed/manifests/customers/batch=it''s.manifest'");
    expect(copy).toContain(`iam_role '${ROLE}'`);
    expect(copy).toContain("region 'ap-southeast-1'");
    expect(copy).toMatch(/format as csv\s+ignoreheader 1\s+gzip\s+manifest\s+emptyasnull/);
    expect(copy).not.toMatch(/\{\{/);
    expect(withoutComments(copy)).not.toMatch(/\s:[a-z_]+/);
    expect(copy).toMatch(/compupdate off$/);
    expect(sqls.every((sql) => !/:batch_id/.test(withoutComments(sql)))).toBe(true);
  });

  it.each([
    ['a quoted table name', { table: 'staging."stg"; drop table x; --', columns: ['a'] }],
    ['an upper-case column', { table: 'staging.stg_listings', columns: ['Batch_ID'] }],
    ['an empty column list', { table: 'staging.stg_listings', columns: [] }],
  ])('refuses a COPY with %s before calling the API', async (_case, copy) => {
    // Act
    const submitting = warehouse().submit([
      { kind: 'sql', sql: 'select 1' },
      { kind: 'copy', ...copy, manifest: { bucket: 'xecu-processed', key: 'm.manifest' } },
    ]);
    // Assess
    await expect(submitting).rejects.toBeInstanceOf(WarehouseError);
    await expect(submitting).rejects.toThrow(/statement 2 of 2 \(copy\)/);
    expect(redshift.calls()).toHaveLength(0);
  });

  it('refuses a statement over the Data API’s 100 KB limit', async () => {
    // Act
    const submitting = warehouse().submit([{ kind: 'sql', sql: `select '${'x'.repeat(110 * 1024)}'` }]);
    // Assess
    await expect(submitting).rejects.toThrow(/at most 102400/);
  });

  it.each([
    ['throttling', new RedshiftDataServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' })],
    ['a 5xx answer', new RedshiftDataServiceException({ name: 'InternalServerException', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'oops' })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('raises TransientError for %s', async (_case, failure) => {
    // Prepare
    redshift.on(BatchExecuteStatementCommand).rejects(failure);
    // Act
    const submitting = warehouse().submit([
      { kind: 'sql', sql: 'select 1' },
      { kind: 'sql', sql: 'select 2' },
    ]);
    // Assess
    await expect(submitting).rejects.toBeInstanceOf(TransientError);
    await expect(submitting).rejects.toMatchObject({ cause: failure });
  });

  it('raises WarehouseError with the API’s message for a ValidationException', async () => {
    // Prepare
    redshift.on(ExecuteStatementCommand).rejects(new ValidationException({ message: 'Workgroup xecu-wg not found', $metadata: { httpStatusCode: 400 } }));
    // Act
    const submitting = warehouse().submit([{ kind: 'sql', sql: 'select 1' }]);
    // Assess
    await expect(submitting).rejects.toBeInstanceOf(WarehouseError);
    await expect(submitting).rejects.toThrow('Redshift Data API ExecuteStatement failed: ValidationException: Workgroup xecu-wg not found');
  });
});

describe('RedshiftDataWarehouse.describe', () => {
  it('maps the Data API status to the statement state', async () => {
    // Prepare
    redshift.on(DescribeStatementCommand).resolvesOnce({ Id: STATEMENT_ID, Status: 'PICKED' }).resolves({ Id: STATEMENT_ID, Status: 'FINISHED' });
    // Act
    const picked = await warehouse().describe(STATEMENT_ID);
    const finished = await warehouse().describe(STATEMENT_ID);
    // Assess
    expect(picked).toEqual({ id: STATEMENT_ID, state: 'PICKED' });
    expect(finished).toEqual({ id: STATEMENT_ID, state: 'FINISHED' });
  });

  it('surfaces the failed COPY’s error text and its load-error details', async () => {
    // Prepare
    const createdAt = new Date('2025-03-05T02:00:30Z');
    redshift.on(DescribeStatementCommand, { Id: STATEMENT_ID }).resolves({
      Id: STATEMENT_ID,
      Status: 'FAILED',
      Error: "ERROR: Load into table 'stg_listings' failed. Check 'sys_load_error_detail' system table for details.",
      CreatedAt: createdAt,
      RedshiftPid: 1073815778,
      SubStatements: [
        { Id: `${STATEMENT_ID}:1`, Status: 'FINISHED', QueryString: 'delete from staging.stg_listings …' },
        {
          Id: `${STATEMENT_ID}:2`,
          Status: 'FAILED',
          RedshiftQueryId: 4242,
          QueryString: '-- Redshift only.\ncopy staging.stg_listings (batch_id) from …',
          Error: "ERROR: Load into table 'stg_listings' failed. Check 'sys_load_error_detail' system table for details.",
        },
        { Id: `${STATEMENT_ID}:3`, Status: 'ABORTED' },
      ],
    });
    redshift.on(ExecuteStatementCommand).resolves({ Id: LOOKUP_ID });
    redshift.on(DescribeStatementCommand, { Id: LOOKUP_ID }).resolves({ Id: LOOKUP_ID, Status: 'FINISHED', HasResultSet: true });
    redshift.on(GetStatementResultCommand).resolves({
      ColumnMetadata: ['query_id', 'file_name', 'line_number', 'column_name', 'column_type', 'position', 'error_code', 'error_message'].map((name) => ({ name })),
      Records: [
        [
          { longValue: 4242 },
          { stringValue: 's3://xecu-processed/processed/listings/b_1/part-0.csv.gz' },
          { longValue: 17 },
          { stringValue: 'mileage_km' },
          { stringValue: 'int4' },
          { longValue: 0 },
          { longValue: 1207 },
          { stringValue: "Invalid digit, Value 'Phạm Thị Lụa', Pos 0, Type: Integer" },
        ],
      ],
    });
    // Act
    const status = await warehouse().describe(STATEMENT_ID);
    // Assess
    expect(status.state).toBe('FAILED');
    expect(status.error).toContain("statement 2 of 3: ERROR: Load into table 'stg_listings' failed.");
    expect(status.error).toContain(
      "line 17, column mileage_km (int4): Invalid digit, Value '…', Pos 0, Type: Integer [s3://xecu-processed/processed/listings/b_1/part-0.csv.gz]",
    );
    // The rejected field may be a name or a phone shifted into the wrong column: it stays out of logs.
    expect(status.error).not.toContain('Phạm');
    const lookup = redshift.commandCalls(ExecuteStatementCommand)[0]?.args[0].input;
    expect(lookup?.Sql).toContain('from sys_load_error_detail');
    expect(lookup?.Parameters).toEqual([
      { name: 'query_id', value: '4242' },
      { name: 'session_id', value: '1073815778' },
      { name: 'since', value: '2025-03-05 01:59:30' },
    ]);
  });

  it('still reports the COPY failure when the load-error lookup itself fails', async () => {
    // Prepare
    redshift.on(DescribeStatementCommand).resolves({
      Id: STATEMENT_ID,
      Status: 'FAILED',
      QueryString: "copy staging.stg_listings (batch_id) from 's3://b/m'",
      Error: "ERROR: Load into table 'stg_listings' failed.",
    });
    redshift.on(ExecuteStatementCommand).rejects(new ValidationException({ message: 'permission denied for sys_load_error_detail', $metadata: {} }));
    // Act
    const status = await warehouse().describe(STATEMENT_ID);
    // Assess
    expect(status).toEqual({
      id: STATEMENT_ID,
      state: 'FAILED',
      error: expect.stringMatching(/^ERROR: Load into table 'stg_listings' failed\.\nload errors: details unavailable \(.*permission denied/),
    });
  });

  it('reports a failure that was not a COPY without looking up load errors', async () => {
    // Prepare
    redshift.on(DescribeStatementCommand).resolves({
      Id: STATEMENT_ID,
      Status: 'FAILED',
      SubStatements: [{ Id: `${STATEMENT_ID}:1`, Status: 'FAILED', QueryString: 'update core.listings …', Error: 'ERROR: division by zero' }],
    });
    // Act
    const status = await warehouse().describe(STATEMENT_ID);
    // Assess
    expect(status).toEqual({ id: STATEMENT_ID, state: 'FAILED', error: 'statement 1 of 1: ERROR: division by zero' });
    expect(redshift.commandCalls(ExecuteStatementCommand)).toHaveLength(0);
  });

  it('answers FAILED for a statement the Data API no longer knows', async () => {
    // Prepare
    redshift.on(DescribeStatementCommand).rejects(new ResourceNotFoundException({ message: 'Query does not exist.', Message: 'Query does not exist.', ResourceId: STATEMENT_ID, $metadata: {} }));
    // Act
    const status = await warehouse().describe(STATEMENT_ID);
    // Assess
    expect(status).toEqual({ id: STATEMENT_ID, state: 'FAILED', error: `unknown statement: ${STATEMENT_ID} (Query does not exist.)` });
  });

  it('raises TransientError when DescribeStatement is throttled', async () => {
    // Prepare
    redshift.on(DescribeStatementCommand).rejects(
      new RedshiftDataServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }),
    );
    // Act + Assess
    await expect(warehouse().describe(STATEMENT_ID)).rejects.toBeInstanceOf(TransientError);
  });
});

describe('RedshiftDataWarehouse.cancel', () => {
  it('sends CancelStatement and describes the statement until it settles as ABORTED', async () => {
    // Prepare
    redshift.on(CancelStatementCommand).resolves({ Status: true });
    redshift
      .on(DescribeStatementCommand)
      .resolvesOnce({ Id: STATEMENT_ID, Status: 'STARTED' })
      .resolves({ Id: STATEMENT_ID, Status: 'ABORTED', Error: 'Query cancelled on user request' });
    // Act
    const status = await warehouse().cancel(STATEMENT_ID);
    // Assess
    expect(redshift.commandCalls(CancelStatementCommand).map((call) => call.args[0].input)).toEqual([{ Id: STATEMENT_ID }]);
    expect(status).toMatchObject({ id: STATEMENT_ID, state: 'ABORTED' });
  });

  it('answers FINISHED when the statement committed before the cancel arrived (CancelStatement refuses)', async () => {
    // Prepare
    redshift.on(CancelStatementCommand).rejects(new ValidationException({ message: 'Could not cancel a query that is already in FINISHED state', $metadata: {} }));
    redshift.on(DescribeStatementCommand).resolves({ Id: STATEMENT_ID, Status: 'FINISHED' });
    // Act
    const status = await warehouse().cancel(STATEMENT_ID);
    // Assess
    expect(status).toEqual({ id: STATEMENT_ID, state: 'FINISHED' });
  });

  it('returns the last state seen when the statement does not settle within cancelWaitMs', async () => {
    // Prepare
    redshift.on(CancelStatementCommand).resolves({ Status: true });
    redshift.on(DescribeStatementCommand).resolves({ Id: STATEMENT_ID, Status: 'STARTED' });
    // Act
    const status = await warehouse({ cancelWaitMs: 5 }).cancel(STATEMENT_ID);
    // Assess
    expect(status).toEqual({ id: STATEMENT_ID, state: 'STARTED' });
  });

  it('throws TransientError when CancelStatement is throttled, so fail-batch is retried', async () => {
    // Prepare
    redshift.on(CancelStatementCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} }));
    // Act
    const cancel = warehouse().cancel(STATEMENT_ID);
    // Assess
    await expect(cancel).rejects.toBeInstanceOf(TransientError);
  });
});

describe('RedshiftDataWarehouse.migrate', () => {
  it('runs the Redshift DDL in order, in batches of at most 40 statements, waiting for each', async () => {
    // Prepare
    redshift.on(BatchExecuteStatementCommand).resolves({ Id: STATEMENT_ID });
    redshift.on(DescribeStatementCommand).resolvesOnce({ Id: STATEMENT_ID, Status: 'STARTED' }).resolves({ Id: STATEMENT_ID, Status: 'FINISHED' });
    const expected = ddlFiles('redshift').flatMap((file) => scanSql(file.sql).statements.map((statement) => statement.text));
    // Act
    await warehouse().migrate();
    // Assess
    const batches = redshift.commandCalls(BatchExecuteStatementCommand).map((call) => call.args[0].input.Sqls ?? []);
    const sqls = batches.flat();
    expect(sqls).toEqual(expected);
    expect(batches.filter((batch) => batch.length > MAX_BATCH_STATEMENTS)).toEqual([]);
    expect(sqls[0]).toMatch(/create schema if not exists ops$/);
    expect(sqls.some((sql) => /create table if not exists core\.listings[\s\S]*distkey \(listing_id\)/.test(sql))).toBe(true);
    expect(redshift.commandCalls(DescribeStatementCommand)).toHaveLength(batches.length + 1);
  });

  it('packs whole files into batches of at most 40 statements, in order', () => {
    // Prepare
    const file = (name: string, count: number) => Array.from({ length: count }, (_, i) => `${name}${i}`);
    // Act
    const batches = ddlBatches([file('a', 30), file('b', 5), file('c', 10), file('d', 3)]);
    // Assess
    expect(batches.map((batch) => batch.length)).toEqual([35, 13]);
    expect(batches.flat()).toEqual([...file('a', 30), ...file('b', 5), ...file('c', 10), ...file('d', 3)]);
    expect(() => ddlBatches([file('huge', 41)])).toThrow(/holds 41 statements/);
  });

  it('throws WarehouseError with Redshift’s text when the DDL fails', async () => {
    // Prepare
    redshift.on(BatchExecuteStatementCommand).resolves({ Id: STATEMENT_ID });
    redshift.on(DescribeStatementCommand).resolves({
      Id: STATEMENT_ID,
      Status: 'FAILED',
      SubStatements: [{ Id: `${STATEMENT_ID}:1`, Status: 'FAILED', Error: 'ERROR: permission denied for database xecu' }],
    });
    // Act + Assess
    await expect(warehouse().migrate()).rejects.toThrow(/FAILED: statement 1 of 1: ERROR: permission denied for database xecu/);
  });
});

describe('RedshiftDataWarehouse construction', () => {
  it.each([
    ['neither workgroupName nor clusterIdentifier', { workgroupName: undefined }, /exactly one of workgroupName .* and clusterIdentifier/],
    ['both workgroupName and clusterIdentifier', { clusterIdentifier: 'c' }, /exactly one of workgroupName .* and clusterIdentifier/],
    ['no database', { database: '' }, /needs database/],
    ['dbUser on Serverless', { dbUser: 'loader' }, /dbUser works only with clusterIdentifier/],
    ['a copy role that is not a role ARN', { copyIamRoleArn: "arn:aws:iam::123456789012:role/x' --" }, /copyIamRoleArn is not an IAM role ARN/],
    ['a region that is not a region', { region: "eu-west-1'" }, /region is not an AWS region name/],
  ])('fails fast with %s', (_case, overrides, message) => {
    // Act + Assess
    expect(() => warehouse(overrides)).toThrow(message);
  });
});
