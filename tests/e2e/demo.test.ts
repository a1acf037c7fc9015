import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const XECU = path.resolve(__dirname, '../../bin/xecu.mjs');
let home: string;

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'xecu-demo-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('xecu demo, the main job offline', () => {
  it('ingests, matches and ends with the report: marts, the workbook and the email, saying where each is', async () => {
    // Act: no scrape (that part has its own tests), a small export
    const { stdout } = await run(process.execPath, [XECU, 'demo', '--customers', '400', '--no-scrape'], {
      env: { ...process.env, XECU_HOME: home, DATABASE_URL: '', SMTP_URL: '' },
      cwd: home,
      maxBuffer: 16 << 20,
    });

    // Assess: the report ran after the ingest and the matches, and the files it names exist
    expect(stdout).toMatch(/batches loaded 1, failed 0/);
    expect(stdout.indexOf('Matches (marts.listing_matches')).toBeGreaterThan(0);
    expect(stdout).toMatch(/^report: SUCCEEDED/m);
    const workbook = /^workbook: (.+\.xlsx)$/m.exec(stdout)?.[1];
    const email = /^email: (.+\.eml)/m.exec(stdout)?.[1];
    expect(workbook && existsSync(workbook)).toBe(true);
    expect(email && existsSync(email)).toBe(true);
    expect(readdirSync(path.join(home, 'outbox')).filter((name) => name.endsWith('.eml'))).toHaveLength(1);
  });
});
