import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const projectRoot = join(__dirname, '..', '..');

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth, throwaway cluster). */
  url: string;
  stop(): Promise<void>;
}

/** The newest Debian PostgreSQL binaries (/usr/lib/postgresql/<version>/bin), installing them once if missing. */
function postgresBinDir(): string {
  const find = (): string | undefined => {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return undefined;
    const versions = readdirSync(root)
      .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
  };
  const found = find();
  if (found) return found;
  process.stderr.write('PostgreSQL binaries not found: running scripts/ensure-postgres.sh (one time)\n');
  const result = spawnSync('flock', ['/tmp/xecu-apt.lock', 'bash', join(projectRoot, 'scripts', 'ensure-postgres.sh')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const installed = find();
  if (result.status !== 0 || !installed) throw new Error(`scripts/ensure-postgres.sh failed (exit ${String(result.status)})`);
  return installed;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, commands run as the `postgres` system user. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * Starts a throwaway PostgreSQL server: a fresh cluster in a temp dir, listening on 127.0.0.1 at a free port,
 * its socket in the same temp dir, fsync off (nothing here needs to survive a crash). stop() kills it and deletes
 * the directory. Start once per test file (beforeAll): initdb takes a second or two.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const root = mkdtempSync(join(tmpdir(), 'xecu-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'socket');
  mkdirSync(socketDir);
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds();
    for (const path of [root, socketDir]) chownSync(path, uid, gid);
  }
  const logFile = join(root, 'postgres.log');
  const pgCtl = join(bin, 'pg_ctl');
  const stopSync = (): void => {
    const [command, args] = asPostgresUser(pgCtl, ['-D', dataDir, 'stop', '-m', 'immediate']);
    spawnSync(command, args, { stdio: 'ignore' });
    rmSync(root, { recursive: true, force: true });
  };
  // A test run that dies without stop() must not leave a server behind.
  process.once('exit', stopSync);

  try {
    const [initCommand, initArgs] = asPostgresUser(join(bin, 'initdb'), [
      '-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync',
    ]);
    await run(initCommand, initArgs);
    const port = await freePort();
    const serverOptions = [
      `-p ${port}`,
      `-k ${socketDir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    const [startCommand, startArgs] = asPostgresUser(pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', serverOptions, 'start']);
    await run(startCommand, startArgs);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        process.removeListener('exit', stopSync);
        const [command, args] = asPostgresUser(pgCtl, ['-D', dataDir, 'stop', '-m', 'immediate']);
        await run(command, args).catch(() => undefined);
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '';
    process.removeListener('exit', stopSync);
    stopSync();
    throw new Error(`could not start PostgreSQL from ${bin}: ${(error as Error).message}\n${log}`, { cause: error });
  }
}
