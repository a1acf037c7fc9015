import puppeteer from 'puppeteer-core';
import type { LaunchedBrowser } from './launch-local-chromium';

/**
 * Launches the Chromium that @sparticuz/chromium unpacks into os.tmpdir() (TMPDIR; /tmp inside Lambda): the
 * binary as `chromium`, plus `fonts/` and SwiftShader's lib*.so beside it, reused by later launches. The package is
 * imported lazily so on-prem runs never load it; puppeteer-core is pinned to the release whose Chrome major matches.
 */
export async function launchLambdaChromium(): Promise<LaunchedBrowser> {
  const { default: chromium } = await import('@sparticuz/chromium');
  // No GPU in Lambda and no page needs WebGL: launch with --disable-webgl (148.0.0 still unpacks SwiftShader).
  chromium.setGraphicsMode = false;
  const browser = await puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: puppeteer.defaultArgs({ args: chromium.args, headless: 'shell' }),
    headless: 'shell',
    protocolTimeout: 60_000,
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
