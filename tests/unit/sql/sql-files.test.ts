import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
/** DML that must run unchanged on PostgreSQL ≥15, PGlite and Redshift. */
const sharedDml = statementNames.filter((name) => !name.startsWith('redshift/'));

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
      [/\bmerge\s+into\b/, 'MERGE (Redshift takes only a table as its source)'],
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
