import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CUSTOMER_VEHICLE_COLUMNS } from '../../../shared/contracts/customer-export';
import { sqlRoot } from '../../../shared/sql';

const projectRoot = join(__dirname, '..', '..', '..');
const python = join(projectRoot, '.venv', 'bin', 'python');

interface ParseResult {
  name: string;
  dialect: string;
  ok: boolean;
  error: string | null;
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? sqlFiles(path) : entry.endsWith('.sql') ? [path] : [];
    })
    .sort();
}

/** The project venv has sqlglot; setup-python.sh creates it once, under the shared install lock. */
function ensureVenv(): void {
  if (existsSync(python)) return;
  const result = spawnSync('flock', ['/tmp/xecu-npm.lock', 'bash', 'scripts/setup-python.sh'], { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(python)) throw new Error('scripts/setup-python.sh failed: sqlglot is needed in .venv');
}

/** What each file is checked as: Redshift for everything that runs there, PostgreSQL for its DDL and the shared DML. */
function parseJobs(): { name: string; dialect: 'redshift' | 'postgres'; sql: string }[] {
  const root = sqlRoot();
  return sqlFiles(root).flatMap((path) => {
    const name = relative(root, path);
    let sql = readFileSync(path, 'utf8');
    if (name.startsWith('ddl/postgres/')) return [{ name, dialect: 'postgres' as const, sql }];
    if (name.startsWith('ddl/redshift/')) return [{ name, dialect: 'redshift' as const, sql }];
    // Templates as the adapters send them: identifiers (and COPY's header flag) substituted.
    sql = sql
      .split('{{table}}')
      .join('staging.stg_customer_vehicles')
      .split('{{columns}}')
      .join(CUSTOMER_VEHICLE_COLUMNS.join(', '))
      .split('{{header}}')
      .join('true');
    if (name.startsWith('redshift/')) return [{ name, dialect: 'redshift' as const, sql }];
    if (name.startsWith('postgres/')) return [{ name, dialect: 'postgres' as const, sql }];
    return [
      { name, dialect: 'redshift' as const, sql },
      { name, dialect: 'postgres' as const, sql },
    ];
  });
}

function runChecker(jobs: ReturnType<typeof parseJobs>): ParseResult[] {
  const result = spawnSync(python, [join(__dirname, 'parse_sql.py')], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`parse_sql.py failed (exit ${String(result.status)}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as ParseResult[];
}

const jobs = parseJobs();
let results: ParseResult[] = [];

beforeAll(() => {
  ensureVenv();
  results = runChecker(jobs);
});

describe('shared/sql parsed by sqlglot', () => {
  it('finds the statement files and the DDL of both dialects', () => {
    // Assess
    const names = new Set(jobs.map((job) => job.name));
    expect(names).toContain('core/merge_listings.sql');
    expect(names).toContain('redshift/copy_from_manifest.sql');
    expect(names).toContain('postgres/copy_csv_from_stdin.sql');
    expect([...names].filter((name) => name.startsWith('ddl/postgres/')).length).toBeGreaterThanOrEqual(4);
    expect([...names].filter((name) => name.startsWith('ddl/redshift/')).length).toBeGreaterThanOrEqual(4);
  });

  it.each(jobs.map((job) => [job.name, job.dialect] as const))('parses %s as %s', (name, dialect) => {
    // Act
    const result = results.find((r) => r.name === name && r.dialect === dialect);
    // Assess
    expect(result).toBeDefined();
    if (!result?.ok) throw new Error(`${name} does not parse as ${dialect}: ${result?.error ?? 'no result'}`);
  });

  it('rejects text that is not SQL, so a pass means something', () => {
    // Act
    const [garbage, command] = runChecker([
      { name: 'garbage.sql', dialect: 'redshift', sql: 'update set where from;' },
      { name: 'command.sql', dialect: 'redshift', sql: 'vacuum delete only core.listings to 75 percent' },
    ]);
    // Assess
    expect(garbage).toMatchObject({ ok: false });
    expect(command).toMatchObject({ ok: false, error: expect.stringMatching(/Command|not a statement/) });
  });

  it('accepts LOCK of plain table names, and DO only as PostgreSQL, as the commands sqlglot cannot parse', () => {
    // Act
    const results = runChecker([
      { name: 'lock.sql', dialect: 'redshift', sql: 'lock core.customer_vehicles;\nselect 1 from core.customer_vehicles' },
      { name: 'lock.sql', dialect: 'postgres', sql: 'lock table core.listings, core.listing_prices' },
      { name: 'lock-mode.sql', dialect: 'postgres', sql: 'lock core.listings in share mode' },
      { name: 'do.sql', dialect: 'postgres', sql: 'do $$\nbegin\n    perform 1;\nend\n$$' },
      { name: 'do.sql', dialect: 'redshift', sql: 'do $$\nbegin\n    perform 1;\nend\n$$' },
    ]);
    // Assess
    expect(results.map((result) => [result.name, result.dialect, result.ok])).toEqual([
      ['lock.sql', 'redshift', true],
      ['lock.sql', 'postgres', true],
      ['lock-mode.sql', 'postgres', false],
      ['do.sql', 'postgres', true],
      ['do.sql', 'redshift', false],
    ]);
  });
});
