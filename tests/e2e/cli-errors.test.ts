import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const XECU = path.resolve(__dirname, '../../bin/xecu.mjs');
const STACK_LINE = /^\s+at /m;
let home: string;

async function xecu(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [XECU, ...args], {
      env: { ...process.env, XECU_HOME: home, DATABASE_URL: '' },
      cwd: home,
      maxBuffer: 16 << 20,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failure = error as { stdout: string; stderr: string; code: number };
    return { stdout: failure.stdout, stderr: failure.stderr, code: failure.code };
  }
}

/** The command names `xecu --help` lists, so commands added later are covered too. */
function listedCommands(help: string): string[] {
  const section = help.split('Commands:\n')[1]?.split('\n\n')[0] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*)\s/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'xecu-cli-errors-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('the xecu CLI, as a newcomer meets its errors', () => {
  it('prints the database message for a bad query, without a stack trace, and exits 1', async () => {
    // Act
    const missing = await xecu(['sql', 'select * from core.no_such_table']);
    const typo = await xecu(['sql', 'selec 1']);
    // Assess
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('xecu sql: ERROR: relation "core.no_such_table" does not exist');
    expect(missing.stderr).not.toMatch(STACK_LINE);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('syntax error at or near "selec"');
    expect(typo.stderr).not.toMatch(STACK_LINE);
  });

  it('points at where the database stopped reading the query, as psql does', async () => {
    // Act
    const result = await xecu(['sql', 'select 1 frm core.customer_vehicles']);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('syntax error at or near "core"');
    expect(result.stderr).toContain('  select 1 frm core.customer_vehicles\n               ^\n');
  });

  it('adds the stack trace of a bad query only with --debug', async () => {
    // Act
    const result = await xecu(['sql', '--debug', 'select * from core.no_such_table']);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('relation "core.no_such_table" does not exist');
    expect(result.stderr).toMatch(STACK_LINE);
  });

  it('names every command when given an unknown one, and exits 2', async () => {
    // Prepare
    const commands = listedCommands((await xecu(['--help'])).stdout);
    // Act
    const unknown = await xecu(['frobnicate']);
    const typo = await xecu(['sqll']);
    // Assess
    expect(commands).toEqual(expect.arrayContaining(['run', 'sample-data', 'sql', 'scrape', 'fixture-sites', 'demo']));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    for (const command of commands) expect(unknown.stderr).toContain(command);
    expect(unknown.stderr).not.toMatch(STACK_LINE);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("Did you mean 'sql'?");
  });

  it('accepts --debug on every command', async () => {
    // Prepare
    const commands = listedCommands((await xecu(['--help'])).stdout);
    // Act
    const results = await Promise.all(commands.map(async (command) => ({ command, ...(await xecu([command, '--debug', '--help'])) })));
    // Assess
    expect(results.filter((result) => result.code !== 0 || result.stdout.length === 0).map((result) => `${result.command}: ${result.stderr}`)).toEqual([]);
  });

  it('keeps an unknown option a usage error (exit 2) that points at the command help', async () => {
    // Act
    const result = await xecu(['run', '--bogus', '--debug']);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain("xecu run --help");
  });
});
