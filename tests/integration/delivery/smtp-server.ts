import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

const projectRoot = join(__dirname, '..', '..', '..');
export const venvPython = join(projectRoot, '.venv', 'bin', 'python');

export interface LocalSmtpServer {
  url: string;
  maildir: string;
  stop(): Promise<void>;
}

function ensureAiosmtpd(): void {
  if (existsSync(venvPython) && spawnSync(venvPython, ['-c', 'import aiosmtpd']).status === 0) return;
  const result = spawnSync('flock', ['/tmp/xecu-npm.lock', 'bash', 'scripts/setup-python.sh'], { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('scripts/setup-python.sh failed: aiosmtpd is needed in .venv');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`aiosmtpd exited (${child.exitCode}):\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`aiosmtpd did not listen on ${port}:\n${output()}`);
}

/** A real SMTP server (Python aiosmtpd, Mailbox handler) on 127.0.0.1 writing what it receives to a Maildir. */
export async function startSmtpServer(maildir: string): Promise<LocalSmtpServer> {
  ensureAiosmtpd();
  const port = await freePort();
  const child = spawn(venvPython, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, child, () => log);
  return {
    url: `smtp://127.0.0.1:${port}`,
    maildir,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface ParsedMail {
  subject: string;
  from: string;
  to: string;
  text: string | null;
  html: string | null;
  parts: { type: string; cid: string | null; disposition: string | null; filename: string | null; size: number; png: boolean }[];
}

/** Parses a Maildir or an .eml file with Python's email package (an independent MIME reader). */
export function readMail(path: string): ParsedMail[] {
  const result = spawnSync(venvPython, [join(__dirname, 'read_mail.py'), path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`read_mail.py failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as ParsedMail[];
}
