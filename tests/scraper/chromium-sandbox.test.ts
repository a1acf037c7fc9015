import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../../shared/ports/log';
import { decideSandbox, probeSandboxHost, type SandboxHost } from '../../scraper-onprem/browser/chromium-sandbox';
import { launchLocalChromium, type LaunchedBrowser } from '../../scraper-onprem/browser/launch-local-chromium';
import { chromiumPath, ensureChromium, tempDir } from './scrape-test-kit';

const user = (uid: number, userNamespaces: boolean): SandboxHost => ({ uid, userNamespaces, userNamespacesProbe: 'test' });

function recordingLog(): { log: Log; lines: Array<{ level: string; message: string; extra?: Record<string, unknown> }> } {
  const lines: Array<{ level: string; message: string; extra?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, extra?: Record<string, unknown>) => void lines.push({ level, message, extra });
  return { log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

/** What Chromium itself says about its sandbox (chrome://sandbox). */
async function sandboxStatus(launched: LaunchedBrowser): Promise<string> {
  const page = await launched.browser.newPage();
  await page.goto('chrome://sandbox');
  // Expressions as text: the test's TypeScript has no DOM types.
  await page.waitForFunction('/adequately sandboxed/.test(document.body.innerText)');
  const text = (await page.evaluate('document.body.innerText')) as string;
  return /You are NOT adequately sandboxed/.test(text) ? 'not sandboxed' : 'sandboxed';
}

describe('Chromium sandbox choice', () => {
  it('keeps the sandbox for an unprivileged user with user namespaces', () => {
    expect(decideSandbox('auto', user(1000, true))).toMatchObject({ sandbox: true });
  });

  it('needs --no-sandbox as root, and says to run as an unprivileged user', () => {
    expect(decideSandbox('auto', user(0, true))).toEqual({ sandbox: false, reason: expect.stringContaining('running as root') });
  });

  it('needs --no-sandbox without unprivileged user namespaces, and names the setting', () => {
    expect(decideSandbox('auto', user(1000, false))).toEqual({ sandbox: false, reason: expect.stringContaining('kernel.unprivileged_userns_clone') });
  });

  it('fails before launching when the sandbox is required but the host cannot give it', () => {
    expect(() => decideSandbox('on', user(0, true))).toThrow(/--chromium-sandbox on, but running as root/);
    expect(decideSandbox('on', user(1000, true))).toMatchObject({ sandbox: true });
    expect(decideSandbox('off', user(1000, true))).toMatchObject({ sandbox: false });
  });
});

describe('Chromium launched on this host', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    ensureChromium();
    dir = await tempDir('sandbox');
  }, 300_000);
  afterAll(async () => {
    await dir.remove();
  });

  it('logs the choice it made, and Chromium agrees', async () => {
    // Prepare
    const { log, lines } = recordingLog();
    const expected = decideSandbox('auto', probeSandboxHost());
    // Act
    const launched = await launchLocalChromium({ executablePath: chromiumPath, log });
    try {
      // Assess
      expect(launched.sandbox).toEqual(expected);
      expect(lines).toContainEqual(expect.objectContaining({ extra: { sandbox: expected.sandbox, reason: expected.reason } }));
      expect(await sandboxStatus(launched)).toBe(expected.sandbox ? 'sandboxed' : 'not sandboxed');
    } finally {
      await launched.close();
    }
  });

  it('runs sandboxed as an unprivileged user when user namespaces allow it', async () => {
    // Prepare: as root, Chromium is started as nobody (setpriv); otherwise as this user.
    const root = process.getuid?.() === 0;
    let executablePath = chromiumPath;
    let host = probeSandboxHost();
    if (root) {
      chmodSync(dir.path, 0o777);
      executablePath = join(dir.path, 'chromium-as-nobody');
      // The launcher's fresh profile is root's: hand it to nobody first.
      writeFileSync(
        executablePath,
        `#!/bin/sh\nfor a in "$@"; do case "$a" in --user-data-dir=*) chmod 777 "\${a#--user-data-dir=}";; esac; done\n` +
          `exec setpriv --reuid=65534 --regid=65534 --clear-groups ${chromiumPath} "$@"\n`,
        { mode: 0o755 },
      );
      const userNamespaces = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'unshare', '--user', 'true']).status === 0;
      host = { uid: 65534, userNamespaces, userNamespacesProbe: 'setpriv nobody unshare --user' };
    }
    const decision = decideSandbox('auto', host);
    // Act
    const launched = await launchLocalChromium({ executablePath, host, env: { HOME: dir.path } });
    try {
      // Assess
      expect(launched.sandbox).toEqual(decision);
      expect(await sandboxStatus(launched)).toBe(host.userNamespaces ? 'sandboxed' : 'not sandboxed');
    } finally {
      await launched.close();
    }
  });
});
