import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../local/cli/main';

describe('xecu sample-data --listings', () => {
  let out: string;
  let write: jest.SpyInstance;
  beforeEach(() => {
    out = mkdtempSync(path.join(tmpdir(), 'xecu-sample-'));
    write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(out, { recursive: true, force: true });
  });

  it('writes the customer export and, beside it, the listings of both sites and their truth', async () => {
    expect(await main(['sample-data', '--customers', '800', '--listings', '120', '--out', out])).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['customers-800.json', 'listings-120-for-800']);
    expect(readdirSync(path.join(out, 'listings-120-for-800')).sort()).toEqual(['chotot.ndjson', 'truth.csv', 'xetot.ndjson']);
  });

  it('refuses a listing count that is not a positive whole number (exit 2)', async () => {
    expect(await main(['sample-data', '--customers', '800', '--listings', '0', '--out', out])).toBe(2);
    expect(String(write.mock.calls[0]?.[0])).toContain('--listings must be a positive whole number');
  });
});
