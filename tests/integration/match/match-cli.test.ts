import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../local/cli/main';
import { openLocalEnvironment } from '../../../local/runtime/local-environment';
import { silentLog } from '../../../shared/ports/log';
import { insertScenario } from './match-scenario';

let home: string;

/** Runs the xecu CLI in this process and returns its exit code and what it printed. */
async function xecu(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  try {
    const code = await main([...args, '--home', home]);
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'xecu-match-cli-'));
  const env = await openLocalEnvironment({ home, log: silentLog, databaseUrl: '' });
  try {
    await insertScenario(env.warehouse);
  } finally {
    await env.close();
  }
}, 120_000);

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('xecu match and xecu explain', () => {
  it('xecu match --full prints pairs per blocking rule, matches per band and source, and time per phase', async () => {
    // Act
    const { code, out } = await xecu(['match', '--full']);
    // Assess
    expect(code).toBe(0);
    expect(out).toMatch(/^phone\s+\d+\s+0\s+0$/m);
    expect(out).toMatch(/^given_name_model\s+\d+/m);
    expect(out).toMatch(/^xetot\s+2\s+\d+\s+\d+$/m);
    expect(out).toMatch(/^chotot\s+1\s+/m);
    expect(out).toMatch(/time: model [\d.]+ s, .*blocking [\d.]+ s/);
  }, 60_000);

  it('xecu explain prints each comparison\'s weight, and the total is what the mart holds', async () => {
    // Prepare
    const json = await xecu(['explain', 'xetot:x-phone', '--json']);
    const explained = JSON.parse(json.out) as { candidates: { matchWeight: number }[]; current: { match_weight: number } };
    // Act
    const { code, out } = await xecu(['explain', 'xetot:x-phone']);
    // Assess
    expect(code).toBe(0);
    expect(out).toMatch(/^phone\s+2 same phone\s+\+\d+\.\d\d$/m);
    expect(out).toContain('decision: lead → c:A');
    expect(out).not.toContain('0903123456');
    expect(explained.candidates[0]?.matchWeight).toBeCloseTo(Number(explained.current.match_weight), 9);
  }, 60_000);

  it('says so and exits 2 when the listing is not given as source:listing_id', async () => {
    // Act
    const { code, err } = await xecu(['explain', 'x-phone']);
    // Assess
    expect(code).toBe(2);
    expect(err).toContain('<source>:<listing_id>');
  });
});
