import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const XECU = path.resolve(__dirname, '../../bin/xecu.mjs');
let home: string;

interface RunSummary {
  batches: { file: string; kind: string; status: string; alreadyIngested: boolean; rowsIn: number; valid: number; rejected: number; duplicates: number; loaded: number; rejectsFile: string }[];
  totals: Record<string, number>;
}

async function xecu(args: string[], options: { allowFailure?: boolean } = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [XECU, ...args], {
      env: { ...process.env, XECU_HOME: home, DATABASE_URL: '' },
      cwd: home,
      maxBuffer: 16 << 20,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failure = error as { stdout: string; stderr: string; code: number };
    if (!options.allowFailure) throw new Error(`xecu ${args.join(' ')} exited ${failure.code}: ${failure.stderr}`);
    return { stdout: failure.stdout, stderr: failure.stderr, code: failure.code };
  }
}

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'xecu-cli-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('the xecu CLI, offline on the embedded default', () => {
  it('writes sample data, ingests it with --json, and the counts add up', async () => {
    await xecu(['sample-data', '--customers', '5000', '--out', 'sample', '--format', 'ndjson.gz']);
    expect(readdirSync(path.join(home, 'sample'))).toEqual(['customers-5000.ndjson.gz']);
    const { stdout } = await xecu(['run', '--customers', 'sample', '--json']);
    const summary = JSON.parse(stdout) as RunSummary;
    expect(summary.batches).toHaveLength(1);
    const [batch] = summary.batches;
    expect(batch).toMatchObject({ kind: 'customers', status: 'loaded', alreadyIngested: false, rowsIn: 5000 });
    expect(batch!.rowsIn).toBe(batch!.valid + batch!.rejected + batch!.duplicates);
    expect(batch!.loaded).toBe(batch!.valid);
    expect(batch!.rejectsFile).toContain('rejects/customers/batch=');
    expect(summary.totals.customer_vehicles).toBe(batch!.valid);
  });

  it('finds the same object already ingested, and --rerun leaves the totals unchanged', async () => {
    const first = JSON.parse((await xecu(['sql', 'select count(*)::int as n from core.customer_vehicles', '--json'])).stdout) as { n: number }[];
    const again = JSON.parse((await xecu(['run', '--customers', 'sample', '--json'])).stdout) as RunSummary;
    expect(again.batches[0]?.alreadyIngested).toBe(true);
    const rerun = JSON.parse((await xecu(['run', '--customers', 'sample', '--json', '--rerun'])).stdout) as RunSummary;
    expect(rerun.batches[0]).toMatchObject({ alreadyIngested: false, status: 'loaded' });
    expect(rerun.totals.customer_vehicles).toBe(first[0]?.n);
    expect(rerun.totals.batches_loaded).toBe(1);
  });

  it('prints a human summary with the rejects location, and exits 1 when a batch fails', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(home, 'broken.json'), '{"results":[{"CustomerId":"1"');
    const result = await xecu(['run', '--customers', 'broken.json'], { allowFailure: true });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/broken\.json\s+customers\s+–\s+–\s+–\s+–\s+0\s+failed/);
    expect(result.stdout).toContain('UnreadableFileError: truncated_json');
  });

  it('says a missing input path is a usage error (exit 2), not a crash', async () => {
    const result = await xecu(['run', '--customers', 'no-such-file.json'], { allowFailure: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no-such-file.json: no such file or folder');
    expect(result.stderr).not.toContain('    at ');
  });

  it('refuses to open the embedded database while another live process holds it', async () => {
    const { writeFileSync, rmSync: remove } = await import('node:fs');
    writeFileSync(path.join(home, 'pgdata.lock'), String(process.pid)); // this test process: alive
    try {
      const result = await xecu(['sql', 'select 1'], { allowFailure: true });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`another xecu process (pid ${process.pid}) is using`);
    } finally {
      remove(path.join(home, 'pgdata.lock'), { force: true });
    }
    writeFileSync(path.join(home, 'pgdata.lock'), '999999999'); // a process that does not exist: taken over
    expect((await xecu(['sql', 'select 1 as one', '--json'])).stdout).toContain('"one": 1');
  });

  it('explains its usage', async () => {
    expect((await xecu(['--help'])).stdout).toContain('Usage: xecu <command>');
    expect((await xecu(['run', '--help'])).stdout).toContain('--customers <path>');
    const bad = await xecu(['run'], { allowFailure: true });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('give --customers');
  });
});
