/**
 * Flags for a headless Chromium on a server: no sandbox (runs as root in containers), no GPU, and no background
 * traffic of its own (updates, sync, field trials) so the only requests it makes are the pages we ask for.
 */
export const serverChromiumArgs: readonly string[] = [
  '--no-sandbox',
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
