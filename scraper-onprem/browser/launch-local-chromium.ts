import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { serverChromiumArgs } from './chromium-args';

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
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

export interface LocalChromiumOptions {
  executablePath: string;
  extraArgs?: readonly string[];
  protocolTimeoutMs?: number;
}

/** Launches the machine's Chromium (Debian's package on-prem) headless, with a fresh throw-away profile. */
export async function launchLocalChromium(options: LocalChromiumOptions): Promise<LaunchedBrowser> {
  try {
    await access(options.executablePath, constants.X_OK);
  } catch (error) {
    throw new ChromiumNotFoundError(options.executablePath, { cause: error });
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'xecu-chromium-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: options.executablePath,
      headless: true,
      userDataDir,
      args: [...serverChromiumArgs, ...(options.extraArgs ?? [])],
      protocolTimeout: options.protocolTimeoutMs ?? 60_000,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
