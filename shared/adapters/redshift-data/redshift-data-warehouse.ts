import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  type ColumnMetadata,
  type DescribeStatementCommandOutput,
  type Field,
  type RedshiftDataClient,
  type SqlParameter,
} from '@aws-sdk/client-redshift-data';
import { StatementStateSchema, type StatementState } from '../../contracts/batch';
import { TransientError } from '../../ports/errors';
import {
  WarehouseError,
  type CopyStatement,
  type SqlParams,
  type SqlValue,
  type StatementStatus,
  type Warehouse,
  type WarehouseStatement,
} from '../../ports/warehouse';
import {
  assertTableName,
  checkNamedParams,
  columnList,
  ddlFiles,
  loadSql,
  loadSqlTemplate,
  rewriteNamedParams,
  scanSql,
  SqlIdentifierError,
  SqlParameterError,
  type NamedParamUse,
} from '../../sql';
import { RedshiftDataConfigError, toWarehouseFailure } from './redshift-data-errors';
import { renderNamedLiterals, renderSqlLiteral, SqlLiteralError } from './render-sql-literal';

export interface RedshiftDataWarehouseOptions {
  client: RedshiftDataClient;
  database: string;
  /** Redshift Serverless. Exactly one of workgroupName and clusterIdentifier. */
  workgroupName?: string;
  /** A provisioned cluster. Exactly one of workgroupName and clusterIdentifier. */
  clusterIdentifier?: string;
  /** Secrets Manager secret with the database credentials; else the caller's IAM identity (or dbUser). */
  secretArn?: string;
  /** Provisioned clusters only: temporary credentials for this database user. */
  dbUser?: string;
  /** The role COPY assumes to read the manifest and its files from S3. */
  copyIamRoleArn: string;
  /** The region of the S3 bucket COPY reads from. */
  region: string;
  /** First DescribeStatement wait in query(); grows ×1.5 up to 2 s. Default 250 ms. */
  pollIntervalMs?: number;
  /** query() gives up (cancels the statement, throws TransientError) after this long. Default 60 s. */
  queryTimeoutMs?: number;
  /** cancel() waits this long for a cancelled statement to settle (ABORTED, or FINISHED if it committed). Default 20 s. */
  cancelWaitMs?: number;
}

/** The Data API's documented limit for one SQL statement. */
export const MAX_STATEMENT_BYTES = 100 * 1024;
/** The Data API's limit on statements in one BatchExecuteStatement. */
export const MAX_BATCH_STATEMENTS = 40;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const COPY_TEXT = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*copy\s/i;

type DescribeOutput = DescribeStatementCommandOutput;

/** A SQL text ready for the Data API: with Parameters (ExecuteStatement) or with literals (batch, COPY). */
interface BoundStatement {
  sql: string;
  parameters: SqlParameter[];
}

/**
 * The Warehouse port over the Redshift Data API. query() runs a statement and waits for its rows; submit()
 * starts a transaction and returns at once (poll describe()). A single statement goes through ExecuteStatement
 * with bound Parameters; several through BatchExecuteStatement, which runs them as one transaction but binds
 * nothing, so values are rendered by renderSqlLiteral (the one audited renderer) and COPY identifiers are
 * validated. The Data API cannot bind NULL or '' either: such values are rendered as the literals NULL and ''.
 */
export class RedshiftDataWarehouse implements Warehouse {
  private readonly pollIntervalMs: number;
  private readonly queryTimeoutMs: number;
  private readonly cancelWaitMs: number;

  constructor(private readonly options: RedshiftDataWarehouseOptions) {
    const { workgroupName, clusterIdentifier, database, secretArn, dbUser, copyIamRoleArn, region } = options;
    if (Boolean(workgroupName) === Boolean(clusterIdentifier)) {
      throw new RedshiftDataConfigError('RedshiftDataWarehouse needs exactly one of workgroupName (Serverless) and clusterIdentifier (provisioned)');
    }
    if (!database) throw new RedshiftDataConfigError('RedshiftDataWarehouse needs database');
    if (dbUser && workgroupName) throw new RedshiftDataConfigError('dbUser works only with clusterIdentifier; Serverless uses secretArn or IAM');
    if (dbUser && secretArn) throw new RedshiftDataConfigError('give either secretArn or dbUser, not both');
    if (!ROLE_ARN.test(copyIamRoleArn)) throw new RedshiftDataConfigError(`copyIamRoleArn is not an IAM role ARN: ${JSON.stringify(copyIamRoleArn)}`);
    if (!REGION.test(region)) throw new RedshiftDataConfigError(`region is not an AWS region name: ${JSON.stringify(region)}`);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 60_000;
    this.cancelWaitMs = options.cancelWaitMs ?? 20_000;
  }

  /** Where statements run: the Data API's connection fields, shared by every call. */
  private target() {
    const { workgroupName, clusterIdentifier, database, secretArn, dbUser } = this.options;
    return {
      Database: database,
      ...(workgroupName ? { WorkgroupName: workgroupName } : { ClusterIdentifier: clusterIdentifier }),
      ...(secretArn ? { SecretArn: secretArn } : {}),
      ...(dbUser ? { DbUser: dbUser } : {}),
    };
  }

  /**
   * Runs SQL and waits for its rows (following NextToken). Several statements run as one transaction
   * (BatchExecuteStatement) and the last one's rows come back. FAILED → WarehouseError with Redshift's text.
   */
  async query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params: SqlParams = {}): Promise<Row[]> {
    return (await this.run(sql, params, this.queryTimeoutMs)) as Row[];
  }

  /** Starts all statements as one transaction and returns at once with the Data API's statement id. */
  async submit(statements: readonly WarehouseStatement[]): Promise<StatementStatus> {
    if (statements.length === 0) throw new WarehouseError('submit needs at least one statement');
    const texts = statements.flatMap((statement, index) => this.statementTexts(statement, index, statements.length));
    let id: string | undefined;
    if (texts.length === 1 && statements.length === 1 && statements[0]?.kind === 'sql') {
      const [only] = statements;
      const bound = bindForDataApi(scanSql(only.sql).statements[0] as { text: string; params: NamedParamUse[] }, only.params ?? {});
      id = await this.execute(bound, 'xecu-submit');
    } else if (texts.length === 1) {
      id = await this.execute({ sql: texts[0] as string, parameters: [] }, 'xecu-submit');
    } else {
      id = await this.executeBatch(texts, 'xecu-submit');
    }
    return { id, state: 'SUBMITTED' };
  }

  /**
   * One DescribeStatement. FAILED carries Redshift's error text, which sub-statement failed, and, when that was
   * a COPY, the rows of SYS_LOAD_ERROR_DETAIL (best effort: a failed lookup never hides the original error).
   */
  async describe(statementId: string): Promise<StatementStatus> {
    let described: DescribeOutput;
    try {
      described = await this.options.client.send(new DescribeStatementCommand({ Id: statementId }));
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') {
        return { id: statementId, state: 'FAILED', error: `unknown statement: ${statementId} (${(error as Error).message})` };
      }
      throw toWarehouseFailure(error, 'DescribeStatement');
    }
    const state = toState(described.Status);
    if (state !== 'FAILED' && state !== 'ABORTED') return { id: statementId, state };
    return { id: statementId, state, error: await this.failureText(described) };
  }

  /**
   * CancelStatement, then DescribeStatement until the statement settles or cancelWaitMs passes. A statement that
   * ended before the cancel arrived makes CancelStatement refuse (ValidationException): its state is the answer.
   */
  async cancel(statementId: string): Promise<StatementStatus> {
    try {
      await this.options.client.send(new CancelStatementCommand({ Id: statementId }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name !== 'ValidationException' && name !== 'ResourceNotFoundException') throw toWarehouseFailure(error, 'CancelStatement');
    }
    const deadline = Date.now() + this.cancelWaitMs;
    let wait = this.pollIntervalMs;
    for (;;) {
      const status = await this.describe(statementId);
      if (status.state === 'FINISHED' || status.state === 'FAILED' || status.state === 'ABORTED') return status;
      if (Date.now() + wait > deadline) return status;
      await sleep(wait);
      wait = Math.min(Math.round(wait * 1.5), 2_000);
    }
  }

  /**
   * Runs the Redshift DDL (shared/sql/ddl/redshift) in file order and waits for it: whole files packed into
   * transactions of at most MAX_BATCH_STATEMENTS (the Data API's limit per BatchExecuteStatement), one after the
   * other. Every file is idempotent, so a migration stopped between two batches is finished by the next run.
   */
  async migrate(timeoutMs = 5 * 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const texts of ddlBatches(ddlFiles('redshift').map((file) => scanSql(file.sql).statements.map((statement) => statement.text)))) {
      const id = await this.executeBatch(texts, 'xecu-migrate');
      await this.waitFor(id, Math.max(deadline - Date.now(), 0));
    }
  }

  /** The texts one WarehouseStatement becomes in a batch: SQL split into statements with literals, or the COPY. */
  private statementTexts(statement: WarehouseStatement, index: number, count: number): string[] {
    const label = `statement ${index + 1} of ${count} (${statement.kind})`;
    try {
      if (statement.kind === 'copy') return [this.renderCopy(statement)];
      const pieces = scanSql(statement.sql).statements;
      if (pieces.length === 0) throw new WarehouseError(`${label}: the SQL text holds no statement`);
      checkNamedParams(pieces.map((piece) => piece.text), statement.params ?? {});
      return pieces.map((piece) => renderStatementLiterals(piece, statement.params ?? {}));
    } catch (error) {
      if (error instanceof SqlParameterError || error instanceof SqlIdentifierError || error instanceof SqlLiteralError) {
        throw new WarehouseError(`${label}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  /** shared/sql/redshift/copy_from_manifest.sql with validated identifiers and rendered values. */
  private renderCopy(copy: CopyStatement): string {
    if (!BUCKET.test(copy.manifest.bucket)) throw new SqlIdentifierError(`not an S3 bucket name: ${JSON.stringify(copy.manifest.bucket)}`);
    const statement = loadSqlTemplate('redshift/copy_from_manifest', { table: assertTableName(copy.table), columns: columnList(copy.columns) });
    return renderNamedLiterals(statement, {
      manifest_url: `s3://${copy.manifest.bucket}/${copy.manifest.key}`,
      iam_role_arn: this.options.copyIamRoleArn,
      region: this.options.region,
    });
  }

  private async run(sql: string, params: SqlParams, timeoutMs: number): Promise<Record<string, unknown>[]> {
    const pieces = scanSql(sql).statements;
    if (pieces.length === 0) throw new WarehouseError('query: the SQL text holds no statement');
    let id: string;
    let resultId: string;
    try {
      checkNamedParams(pieces.map((piece) => piece.text), params);
      if (pieces.length === 1) {
        id = await this.execute(bindForDataApi(pieces[0] as { text: string; params: NamedParamUse[] }, params), 'xecu-query');
        resultId = id;
      } else {
        id = await this.executeBatch(pieces.map((piece) => renderStatementLiterals(piece, params)), 'xecu-query');
        resultId = `${id}:${pieces.length}`;
      }
    } catch (error) {
      if (error instanceof SqlParameterError || error instanceof SqlLiteralError) throw new WarehouseError(`query: ${error.message}`, { cause: error });
      throw error;
    }
    const described = await this.waitFor(id, timeoutMs);
    const last = pieces.length === 1 ? described : described.SubStatements?.[pieces.length - 1];
    if (!last?.HasResultSet) return [];
    return this.fetchRows(resultId);
  }

  private async execute(bound: BoundStatement, name: string): Promise<string> {
    assertSize(bound.sql);
    try {
      const output = await this.options.client.send(
        new ExecuteStatementCommand({
          ...this.target(),
          Sql: bound.sql,
          StatementName: name,
          ...(bound.parameters.length > 0 ? { Parameters: bound.parameters } : {}),
        }),
      );
      if (!output.Id) throw new WarehouseError('ExecuteStatement returned no statement id');
      return output.Id;
    } catch (error) {
      if (error instanceof WarehouseError) throw error;
      throw toWarehouseFailure(error, 'ExecuteStatement');
    }
  }

  private async executeBatch(sqls: string[], name: string): Promise<string> {
    if (sqls.length > MAX_BATCH_STATEMENTS) throw new WarehouseError(`a batch holds at most ${MAX_BATCH_STATEMENTS} statements, got ${sqls.length}`);
    for (const sql of sqls) assertSize(sql);
    try {
      const output = await this.options.client.send(new BatchExecuteStatementCommand({ ...this.target(), Sqls: sqls, StatementName: name }));
      if (!output.Id) throw new WarehouseError('BatchExecuteStatement returned no statement id');
      return output.Id;
    } catch (error) {
      if (error instanceof WarehouseError) throw error;
      throw toWarehouseFailure(error, 'BatchExecuteStatement');
    }
  }

  /** Polls DescribeStatement until FINISHED (returned), FAILED/ABORTED (WarehouseError) or the timeout (TransientError). */
  private async waitFor(id: string, timeoutMs: number): Promise<DescribeOutput> {
    const deadline = Date.now() + timeoutMs;
    let wait = this.pollIntervalMs;
    for (;;) {
      let described: DescribeOutput;
      try {
        described = await this.options.client.send(new DescribeStatementCommand({ Id: id }));
      } catch (error) {
        throw toWarehouseFailure(error, 'DescribeStatement');
      }
      const state = toState(described.Status);
      if (state === 'FINISHED') return described;
      if (state === 'FAILED' || state === 'ABORTED') throw new WarehouseError(`Redshift statement ${id} ${state}: ${await this.failureText(described)}`);
      if (Date.now() + wait > deadline) {
        await this.options.client.send(new CancelStatementCommand({ Id: id })).catch(() => undefined);
        throw new TransientError(`Redshift statement ${id} did not finish within ${timeoutMs} ms (cancelled)`);
      }
      await sleep(wait);
      wait = Math.min(Math.round(wait * 1.5), 2_000);
    }
  }

  /** GetStatementResult, following NextToken, each record mapped by its ColumnMetadata. */
  private async fetchRows(id: string): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    let columns: ColumnMetadata[] | undefined;
    let nextToken: string | undefined;
    do {
      let page;
      try {
        page = await this.options.client.send(new GetStatementResultCommand({ Id: id, ...(nextToken ? { NextToken: nextToken } : {}) }));
      } catch (error) {
        throw toWarehouseFailure(error, 'GetStatementResult');
      }
      columns = page.ColumnMetadata ?? columns ?? [];
      const names = columns.map((column, index) => column.name || column.label || `column_${index + 1}`);
      for (const record of page.Records ?? []) {
        const row: Record<string, unknown> = {};
        record.forEach((field, index) => {
          row[names[index] ?? `column_${index + 1}`] = fieldValue(field);
        });
        rows.push(row);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return rows;
  }

  private async failureText(described: DescribeOutput): Promise<string> {
    const subs = described.SubStatements ?? [];
    const failedIndex = subs.findIndex((sub) => sub.Status === 'FAILED' || sub.Status === 'ABORTED');
    const failed = failedIndex >= 0 ? subs[failedIndex] : undefined;
    const where = failed ? `statement ${failedIndex + 1} of ${subs.length}: ` : '';
    const base = `${where}${failed?.Error ?? described.Error ?? `statement ${described.Status?.toLowerCase() ?? 'failed'}`}`;
    const queryString = failed?.QueryString ?? described.QueryString ?? '';
    const errorText = failed?.Error ?? described.Error ?? '';
    const wasCopy = COPY_TEXT.test(queryString) || /load into table|sys_load_error_detail|stl_load_errors/i.test(errorText);
    if (described.Status !== 'FAILED' || !wasCopy) return base;
    return `${base}\n${await this.loadErrors(failed?.RedshiftQueryId ?? described.RedshiftQueryId, described.RedshiftPid, described.CreatedAt)}`;
  }

  /** Best effort: the COPY's rows in SYS_LOAD_ERROR_DETAIL, one line each; never throws. */
  private async loadErrors(queryId: number | undefined, sessionId: number | undefined, createdAt: Date | undefined): Promise<string> {
    try {
      const since = new Date((createdAt ?? new Date()).getTime() - 60_000).toISOString().slice(0, 19).replace('T', ' ');
      const rows = await this.run(
        loadSql('redshift/load_errors'),
        { query_id: queryId ?? -1, session_id: sessionId ?? -1, since },
        Math.min(this.queryTimeoutMs, 20_000),
      );
      if (rows.length === 0) return 'load errors: none found in sys_load_error_detail';
      return [
        'load errors:',
        ...rows.map(
          (row) =>
            `  line ${String(row.line_number)}, column ${String(row.column_name)} (${String(row.column_type)}): ${withoutFieldValue(String(row.error_message))} [${String(row.file_name)}]`,
        ),
      ].join('\n');
    } catch (error) {
      return `load errors: details unavailable (${(error as Error).message})`;
    }
  }
}

/**
 * A load error's message without the rejected field (`Invalid digit, Value 'x', Pos 0, …` → `Value '…'`): the
 * field may be a name or a phone shifted into the wrong column, and this text goes to logs and ops.batches.
 */
function withoutFieldValue(message: string): string {
  return message.replace(/Value '[\s\S]*?'(?=, Pos\b|$)/, "Value '…'");
}

/**
 * One statement for ExecuteStatement: non-empty values become Parameters (strings; Redshift converts them),
 * NULL and '' (which the Data API cannot bind) become the literals NULL and ''. A text with a `::` cast gets
 * literals only: how the Data API's own `:name` parsing treats `::` is not documented, so it is not relied on.
 */
function bindForDataApi(statement: { text: string }, params: SqlParams): BoundStatement {
  if (statement.text.includes('::')) return { sql: renderStatementLiterals(statement, params), parameters: [] };
  const parameters = new Map<string, string>();
  const { text } = rewriteNamedParams(statement.text, (name) => {
    const value = params[name] as SqlValue;
    if (value === null || value === '') return renderSqlLiteral(value);
    if (!/^[0-9a-zA-Z_]+$/.test(name)) throw new SqlParameterError(`the Data API cannot bind a parameter named :${name}`);
    parameters.set(name, parameterText(value));
    return `:${name}`;
  });
  return { sql: text, parameters: [...parameters].map(([name, value]) => ({ name, value })) };
}

function parameterText(value: SqlValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SqlLiteralError(`not a finite number: ${String(value)}`);
    return String(value);
  }
  return String(value);
}

function renderStatementLiterals(statement: { text: string }, params: SqlParams): string {
  return rewriteNamedParams(statement.text, (name) => renderSqlLiteral(params[name] as SqlValue)).text;
}

function assertSize(sql: string): void {
  const bytes = Buffer.byteLength(sql, 'utf8');
  if (bytes > MAX_STATEMENT_BYTES) throw new WarehouseError(`statement is ${bytes} bytes; the Data API takes at most ${MAX_STATEMENT_BYTES}`);
}

/** Packs files' statements, in order and never splitting a file, into batches of at most MAX_BATCH_STATEMENTS. */
export function ddlBatches(files: readonly (readonly string[])[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  for (const statements of files) {
    if (statements.length > MAX_BATCH_STATEMENTS) {
      throw new WarehouseError(`a DDL file holds ${statements.length} statements; one Data API batch takes at most ${MAX_BATCH_STATEMENTS}`);
    }
    if (current.length + statements.length > MAX_BATCH_STATEMENTS) {
      batches.push(current);
      current = [];
    }
    current.push(...statements);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function toState(status: string | undefined): StatementState {
  const parsed = StatementStateSchema.safeParse(status);
  return parsed.success ? parsed.data : 'SUBMITTED';
}

/** A Data API Field as the JS value the PostgreSQL adapter would give: numbers, booleans, strings, null. */
function fieldValue(field: Field): unknown {
  if (field.isNull) return null;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.blobValue !== undefined) return Buffer.from(field.blobValue);
  return null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
