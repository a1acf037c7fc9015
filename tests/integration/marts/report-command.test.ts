import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLog } from '../../../shared/ports/log';
import { openLocalEnvironment } from '../../../local/runtime/local-environment';
import { runReportCommand } from '../../../local/cli/report-command';
import { insertMatches, insertVehicles, LISTINGS, loadSightings, MATCHES, VEHICLES } from './marts-fixture';

let home: string;

async function captured(run: () => Promise<number>): Promise<{ code: number; stdout: string }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    return { code: await run(), stdout: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'xecu-report-home-'));
  const env = await openLocalEnvironment({ home, log: silentLog });
  try {
    await loadSightings(env.warehouse, LISTINGS);
    await insertVehicles(env.warehouse, VEHICLES);
    await insertMatches(env.warehouse, MATCHES);
  } finally {
    await env.close();
  }
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('xecu report', () => {
  it('runs the report state machine on the offline warehouse and prints what each mart holds', async () => {
    // Act
    const { code, stdout } = await captured(() => runReportCommand(['--home', home]));
    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('report: SUCCEEDED');
    expect(stdout).toContain('states: WaitForPendingLoads → LoadsSettled? → RefreshMarts → RefreshFinished? → MatchWanted? → Export → Notify → Reported');
    expect(stdout).toMatch(/marts\.listing_status +12\n/);
    expect(stdout).toMatch(/marts\.resale_value +7\n/);
    expect(stdout).toMatch(/marts\.market_preference +14\n/);
    expect(stdout).toMatch(/marts\.leads +3\n/);
    expect(stdout).toMatch(/marts\.prospects +5\n/);
  });

  it('takes N for "removed" from --removed-after-days: with 20 days, the listing unseen for 15 is still on the market', async () => {
    // Act
    const { code, stdout } = await captured(() => runReportCommand(['--home', home, '--removed-after-days', '20', '--json']));
    // Assess: 1002 (unseen 15 days, a lead) is selling again as far as the marts know.
    expect(code).toBe(0);
    const execution = JSON.parse(stdout) as { status: string; output: { refresh: { removedAfterDays: number }; thresholds: Record<string, number> } };
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output.refresh.removedAfterDays).toBe(20);
    expect(execution.output.thresholds['removed (sold proxy): days unseen while the site was scraped']).toBe(20);
    const env = await openLocalEnvironment({ home, log: silentLog });
    try {
      const leads = await env.warehouse.query<{ listing_id: string }>('select listing_id from marts.leads order by listing_id');
      expect(leads.map((row) => row.listing_id)).toEqual(['1002', '1008', '1009', '1012']);
    } finally {
      await env.close();
    }
  });

  it('copies the workbook to --out and mails the --email address (the export and notify steps, offline)', async () => {
    // Prepare
    const out = path.join(home, 'out');
    // Act
    const { code, stdout } = await captured(() => runReportCommand(['--home', home, '--out', out, '--email', 'sales@example.com', '--report-date', '2026-04-01']));
    // Assess
    expect(code).toBe(0);
    const workbook = path.join(out, 'sales-2026-04-01.xlsx');
    expect(stdout).toContain(`workbook: ${workbook}`);
    expect(readFileSync(workbook).subarray(0, 2).toString()).toBe('PK');
    const eml = /^email: (.+\.eml) \(1 recipient\)$/m.exec(stdout)?.[1];
    expect(eml && existsSync(eml)).toBe(true);
    expect(readFileSync(eml as string, 'utf8')).toMatch(/^To: sales@example\.com/m);
  });

  it('refuses a bad option as a usage error, before touching the warehouse', async () => {
    // Act + Assess
    await expect(runReportCommand(['--home', home, '--email', 'not-an-address'])).rejects.toMatchObject({ name: 'UsageError', message: '--email: Invalid email address' });
    await expect(runReportCommand(['--home', home, '--removed-after-days', '0'])).rejects.toMatchObject({ name: 'UsageError' });
  });
});
