import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { silentLog, type Log } from '../../shared/ports/log';
import { serverChromiumArgs } from './chromium-args';
import { decideSandbox, probeSandboxHost, type SandboxDecision, type SandboxHost, type SandboxMode } from './chromium-sandbox';

export class ChromiumNotFoundError extends Error {
  override readonly name = 'ChromiumNotFoundError';
  constructor(readonly path: string, options?: { cause?: unknown }) {
    super(
      `no executable Chromium at ${path}: run scripts/ensure-chromium.sh (installs Debian's chromium), ` +
        'or point --chromium-path / CHROMIUM_PATH at one',
      options,
    );
  }
}

export interface LaunchedBrowser {
  browser: Browser;
  /** Whether Chromium runs sandboxed, and why (absent where the launcher does not decide it, e.g. Lambda). */
  sandbox?: SandboxDecision;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

export interface LocalChromiumOptions {
  executablePath: string;
  extraArgs?: readonly string[];
  protocolTimeoutMs?: number;
  /** Default auto: sandboxed unless the host cannot (root, no user namespaces). */
  sandbox?: SandboxMode;
  /** Default: this host, probed. */
  host?: SandboxHost;
  /** Told which sandbox choice was made and why. */
  log?: Log;
  /** Extra environment for Chromium. */
  env?: Record<string, string>;
}

/**
 * Launches the machine's Chromium (Debian's package on-prem) headless, with a fresh throw-away profile, sandboxed
 * when the host allows it (see decideSandbox); the choice and its reason are logged.
 */
export async function launchLocalChromium(options: LocalChromiumOptions): Promise<LaunchedBrowser> {
  try {
    await access(options.executablePath, constants.X_OK);
  } catch (error) {
    throw new ChromiumNotFoundError(options.executablePath, { cause: error });
  }
  const sandbox = decideSandbox(options.sandbox ?? 'auto', options.host ?? probeSandboxHost());
  (options.log ?? silentLog)[sandbox.sandbox ? 'info' : 'warn'](sandbox.sandbox ? 'chromium runs sandboxed' : 'chromium runs without its sandbox (--no-sandbox)', {
    sandbox: sandbox.sandbox,
    reason: sandbox.reason,
  });
  const userDataDir = await mkdtemp(join(tmpdir(), 'xecu-chromium-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: options.executablePath,
      headless: true,
      userDataDir,
      args: [...serverChromiumArgs, ...(sandbox.sandbox ? [] : ['--no-sandbox']), ...(options.extraArgs ?? [])],
      protocolTimeout: options.protocolTimeoutMs ?? 60_000,
      ...(options.env && { env: { ...process.env, ...options.env } }),
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    sandbox,
    async close() {
      await browser.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
