import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Client settings for this server: region, endpoint, path-style addressing, dummy credentials. */
  awsConfig: {
    region: string;
    endpoint: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  stop(): Promise<void>;
}

const projectRoot = join(__dirname, '..', '..');
const motoBin = join(projectRoot, '.venv', 'bin', 'moto_server');
const startTimeoutMs = 30_000;

/** Ensures the project venv exists; setup-python.sh is idempotent and is serialised with the install lock. */
function ensureVenv(): void {
  if (existsSync(motoBin)) return;
  process.stderr.write('moto_server not found: creating .venv with scripts/setup-python.sh (one time, ~1 min)\n');
  const result = spawnSync('flock', ['/tmp/xecu-npm.lock', 'bash', 'scripts/setup-python.sh'], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !existsSync(motoBin)) {
    throw new Error(`scripts/setup-python.sh failed (exit ${String(result.status)}); moto_server is needed at ${motoBin}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the free port'));
      });
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`moto_server exited early (${String(child.exitCode ?? child.signalCode)}):\n${output()}`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${startTimeoutMs} ms:\n${output()}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Negative pid: the whole process group, so any worker moto forks goes too.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Starts a private moto_server (S3, SFN, … emulation) on 127.0.0.1 and a free port. Call stop() in afterAll. */
export async function startMotoServer(): Promise<MotoServer> {
  ensureVenv();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(motoBin, ['-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let log = '';
  const keep = (chunk: Buffer): void => {
    // Keep only the tail: moto logs every request.
    log = (log + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test run that dies without stop() must not leave the server behind.
  const onExit = (): void => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  try {
    await waitUntilAnswering(endpoint, child, () => log);
  } catch (error) {
    killGroup(child, 'SIGKILL');
    process.removeListener('exit', onExit);
    throw error;
  }

  return {
    endpoint,
    awsConfig: {
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    },
    async stop() {
      process.removeListener('exit', onExit);
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
}
