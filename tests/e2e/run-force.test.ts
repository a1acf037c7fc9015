import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const XECU = path.resolve(__dirname, '../../bin/xecu.mjs');
let home: string;

interface RunSummary {
  batches: { status: string; alreadyIngested: boolean; rowsIn: number; valid: number; rejected: number; loaded: number; error: string | null }[];
  totals: Record<string, number>;
}

async function xecuRun(args: string[]): Promise<{ summary: RunSummary; code: number }> {
  try {
    const { stdout } = await run(process.execPath, [XECU, 'run', '--json', ...args], { env: { ...process.env, XECU_HOME: home, DATABASE_URL: '' }, cwd: home, maxBuffer: 16 << 20 });
    return { summary: JSON.parse(stdout) as RunSummary, code: 0 };
  } catch (error) {
    const failure = error as { stdout: string; stderr: string; code: number };
    if (!failure.stdout) throw new Error(`xecu run exited ${failure.code}: ${failure.stderr}`);
    return { summary: JSON.parse(failure.stdout) as RunSummary, code: failure.code };
  }
}

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'xecu-force-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('xecu run --force', () => {
  it('fails a wrong file without --force and loads its valid rows with it, running the failed batch again', async () => {
    // Prepare: a wrong file under customers — 24 listing-like records nothing identifies, 6 real customers.
    const wrong = Array.from({ length: 24 }, (_, i) => ({ title: `Toyota Vios 2019 #${i}`, price: '450 triệu' }));
    const customers = Array.from({ length: 6 }, (_, i) => ({
      CustomerId: `KHF${i}`, NameCustomer: 'Nguyễn Văn An', Phone: `09031234${String(i).padStart(2, '0')}`, asset_num: `RLFORCE${i}`, modelType: 'Vios', Warranty_start_dt: '2020-01-01',
    }));
    writeFileSync(path.join(home, 'wrong.ndjson'), [...wrong, ...customers].map((record) => JSON.stringify(record)).join('\n'));
    // Act
    const refused = await xecuRun(['--customers', 'wrong.ndjson']);
    const forced = await xecuRun(['--customers', 'wrong.ndjson', '--force']);
    const again = await xecuRun(['--customers', 'wrong.ndjson', '--force']);
    // Assess: refused for its reject rate, nothing loaded; forced, the same batch runs again and loads the 6 rows.
    expect(refused.code).toBe(1);
    expect(refused.summary.batches).toEqual([expect.objectContaining({ status: 'failed', loaded: 0, error: expect.stringContaining('RejectRateExceededError') })]);
    expect(refused.summary.totals.customer_vehicles).toBe(0);
    expect(forced.code).toBe(0);
    expect(forced.summary.batches).toEqual([expect.objectContaining({ status: 'loaded', alreadyIngested: false, rowsIn: 30, valid: 6, rejected: 24, loaded: 6 })]);
    expect(forced.summary.totals.customer_vehicles).toBe(6);
    // A loaded batch is not run again by --force: it is already ingested.
    expect(again.summary.batches).toEqual([expect.objectContaining({ status: 'loaded', alreadyIngested: true })]);
  });
});
