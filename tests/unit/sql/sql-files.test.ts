import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ddlFiles, loadSql, SQL_NAMES, sqlRoot } from '../../../shared/sql';

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sqlFiles(path) : entry.endsWith('.sql') ? [path] : [];
  });
}

const root = sqlRoot();
const statementNames = sqlFiles(root)
  .map((path) => relative(root, path).replace(/\.sql$/, ''))
  .filter((name) => !name.startsWith('ddl/'))
  .sort();
/** DML that must run unchanged on PostgreSQL ≥15, PGlite and Redshift (redshift/ and postgres/ are one dialect's). */
const sharedDml = statementNames.filter((name) => !name.startsWith('redshift/') && !name.startsWith('postgres/'));

const projectRoot = join(__dirname, '..', '..', '..');

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? typeScriptFiles(path) : entry.endsWith('.ts') ? [path] : [];
  });
}

/** A string or template literal that opens with a SQL statement (transaction control aside). */
const SQL_IN_LITERAL: RegExp[] = [
  /[`'"]\s*select\b[^`'"]*\bfrom\b/i,
  /[`'"]\s*insert\s+into\b/i,
  /[`'"]\s*update\s+\S+\s+set\b/i,
  /[`'"]\s*delete\s+from\b/i,
  /[`'"]\s*copy\s+\S+[^`'"]*\bfrom\b/i,
  /[`'"]\s*(?:analyze|vacuum|lock|truncate)\s+(?:table\s+)?[\w.${}]+\s*[`'";]/i,
  /[`'"]\s*(?:create|alter|drop)\s+(?:table|index|schema)\b/i,
];

describe('shared/sql files', () => {
  it('lists every statement file in SQL_NAMES and nothing else', () => {
    // Assess
    expect([...SQL_NAMES].sort()).toEqual(statementNames);
  });

  it.each(statementNames)('%s starts with a comment stating its grain or purpose and names its params', (name) => {
    // Act
    const sql = loadSql(name as (typeof SQL_NAMES)[number]);
    // Assess
    expect(sql).toMatch(/^-- /);
    expect(sql).toMatch(/^-- Params: /m);
  });

  it.each(sharedDml)('%s avoids what Redshift or PostgreSQL lacks', (name) => {
    // Prepare
    const code = loadSql(name as (typeof SQL_NAMES)[number])
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('--'))
      .join('\n')
      .toLowerCase();
    // Assess
    const forbidden: [RegExp, string][] = [
      [/on conflict/, 'ON CONFLICT (PostgreSQL only)'],
      [/distinct on/, 'DISTINCT ON (PostgreSQL only)'],
      [/\breturning\b/, 'RETURNING (PostgreSQL only)'],
      [/::/, ':: casts (use CAST, which the Data API parameter parser cannot mistake)'],
      [/\bmerge\s+into\b[^;]*\busing\s*\(/, 'MERGE from a subquery (Redshift takes only a table as its source)'],
      [/\b(now|getdate|sysdate)\s*\(|\bcurrent_timestamp\b|\bsysdate\b/, 'a clock function (differs per dialect: use a column DEFAULT)'],
      [/\barray\b|\[/, 'arrays'],
    ];
    for (const [pattern, what] of forbidden) {
      if (pattern.test(code)) throw new Error(`${name}.sql uses ${what}`);
    }
  });

  it('returns the DDL of each dialect in file-name order', () => {
    // Act
    const postgres = ddlFiles('postgres').map((file) => file.name);
    const redshift = ddlFiles('redshift').map((file) => file.name);
    // Assess
    expect(postgres).toEqual([...postgres].sort());
    expect(postgres[0]).toBe('001_schemas.sql');
    expect(redshift).toEqual(postgres);
    expect(ddlFiles('redshift').every((file) => !/\bcheck\s*\(|create index/i.test(file.sql))).toBe(true);
    expect(ddlFiles('postgres').every((file) => !/distkey|sortkey|diststyle/i.test(file.sql))).toBe(true);
  });
});

describe('SQL in the warehouse adapters', () => {
  const adapterFiles = ['shared/adapters/postgres', 'shared/adapters/redshift-data'].flatMap((dir) => typeScriptFiles(join(projectRoot, dir)));

  it('finds the adapters’ TypeScript files', () => {
    // Assess
    expect(adapterFiles.map((path) => relative(projectRoot, path))).toContain('shared/adapters/postgres/pg-database.ts');
  });

  it.each(adapterFiles.map((path) => relative(projectRoot, path)))('%s builds no SQL statement in TypeScript', (file) => {
    // Prepare
    const source = readFileSync(join(projectRoot, file), 'utf8');
    // Act
    const found = SQL_IN_LITERAL.flatMap((pattern) => source.split('\n').filter((line) => pattern.test(line)));
    // Assess: statement text lives in shared/sql (loadSql); only BEGIN/COMMIT/ROLLBACK are the drivers' own.
    expect(found).toEqual([]);
  });

  it('would notice a statement built in TypeScript', () => {
    // Assess
    const samples = ['await db.query(`ANALYZE ${table}`);', "copyFrom(`COPY ${table} (${columns}) FROM STDIN`)", "query('select 1 from ops.batches')"];
    expect(samples.filter((line) => SQL_IN_LITERAL.some((pattern) => pattern.test(line)))).toEqual(samples);
    expect(SQL_IN_LITERAL.some((pattern) => pattern.test('new Error(`COPY manifest ${url} does not exist`)'))).toBe(false);
  });
});

describe('sqlRoot', () => {
  const saved = { dir: process.env.XECU_SQL_DIR, task: process.env.LAMBDA_TASK_ROOT };
  let scratch: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'xecu-sql-root-'));
    delete process.env.XECU_SQL_DIR;
    delete process.env.LAMBDA_TASK_ROOT;
  });

  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
    if (saved.dir === undefined) delete process.env.XECU_SQL_DIR;
    else process.env.XECU_SQL_DIR = saved.dir;
    if (saved.task === undefined) delete process.env.LAMBDA_TASK_ROOT;
    else process.env.LAMBDA_TASK_ROOT = saved.task;
  });

  it('uses XECU_SQL_DIR first', () => {
    // Prepare
    process.env.XECU_SQL_DIR = scratch;
    process.env.LAMBDA_TASK_ROOT = scratch;
    // Act + Assess
    expect(sqlRoot()).toBe(scratch);
  });

  it('uses the Lambda package’s shared/sql when it exists, else the module’s own folder', () => {
    // Prepare
    process.env.LAMBDA_TASK_ROOT = scratch;
    const fallback = sqlRoot();
    mkdirSync(join(scratch, 'shared', 'sql', 'ops'), { recursive: true });
    writeFileSync(join(scratch, 'shared', 'sql', 'ops', 'batch_summary.sql'), '-- packaged\nselect 1');
    // Act + Assess
    expect(fallback).toMatch(/shared[/\\]sql$/);
    expect(fallback).not.toContain(scratch);
    expect(sqlRoot()).toBe(join(scratch, 'shared', 'sql'));
  });

  it('names the file and the folder when a statement file is missing', () => {
    // Prepare
    process.env.XECU_SQL_DIR = scratch;
    // Act + Assess
    expect(() => loadSql('ops/warehouse_totals')).toThrow(`SQL file ops/warehouse_totals.sql not found under ${scratch}`);
  });
});
