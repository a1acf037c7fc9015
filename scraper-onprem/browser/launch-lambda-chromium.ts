import puppeteer from 'puppeteer-core';
import type { LaunchedBrowser } from './launch-local-chromium';

/**
 * Launches the Chromium that @sparticuz/chromium unpacks into /tmp inside Lambda. The package is imported lazily
 * so on-prem runs never load it; puppeteer-core is pinned to the release whose Chrome major matches it.
 */
export async function launchLambdaChromium(): Promise<LaunchedBrowser> {
  const { default: chromium } = await import('@sparticuz/chromium');
  // No GPU in Lambda; skipping the graphics stack also saves unpacking SwiftShader.
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
