/**
 * Flags for a headless Chromium on a server: no GPU, and no background traffic of its own (updates, sync, field
 * trials) so the only requests it makes are the pages we ask for. The sandbox is decided per host
 * (chromium-sandbox.ts): `--no-sandbox` is added only when the host cannot give Chromium one.
 */
export const serverChromiumArgs: readonly string[] = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-default-apps',
  '--disable-extensions',
  '--mute-audio',
];

export const defaultChromiumPath = '/usr/bin/chromium';
