import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** `auto` (default): sandbox when the host allows it; `on`: insist (fail when it cannot be had); `off`: never. */
export type SandboxMode = 'auto' | 'on' | 'off';
export const SANDBOX_MODES: readonly SandboxMode[] = ['auto', 'on', 'off'];

/** What decides whether Chromium's Linux sandbox can run. */
export interface SandboxHost {
  /** The user Chromium runs as (this process's); null where there are no uids. */
  uid: number | null;
  /** Unprivileged user namespaces can be created (Chromium's namespace sandbox needs them; Debian ships no setuid helper). */
  userNamespaces: boolean;
  /** How userNamespaces was found out, for the log. */
  userNamespacesProbe: string;
}

export interface SandboxDecision {
  sandbox: boolean;
  reason: string;
}

export class SandboxUnavailableError extends Error {
  override readonly name = 'SandboxUnavailableError';
}

function readNumber(path: string): number | null {
  try {
    const value = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Looks at this host: the uid, and whether an unprivileged user namespace can be created — by trying
 * (`unshare --user true`, util-linux), else from the kernel settings that forbid it.
 */
export function probeSandboxHost(): SandboxHost {
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const tried = spawnSync('unshare', ['--user', 'true'], { stdio: 'ignore', timeout: 5_000 });
  if (!tried.error) return { uid, userNamespaces: tried.status === 0, userNamespacesProbe: `unshare --user exited ${String(tried.status)}` };
  const maxNamespaces = readNumber('/proc/sys/user/max_user_namespaces');
  const debianSwitch = readNumber('/proc/sys/kernel/unprivileged_userns_clone');
  const apparmor = readNumber('/proc/sys/kernel/apparmor_restrict_unprivileged_userns');
  const allowed = maxNamespaces !== 0 && debianSwitch !== 0 && apparmor !== 1;
  return {
    uid,
    userNamespaces: allowed,
    userNamespacesProbe: `max_user_namespaces=${String(maxNamespaces)}, unprivileged_userns_clone=${String(debianSwitch)}, apparmor_restrict_unprivileged_userns=${String(apparmor)}`,
  };
}

/**
 * Chromium keeps its sandbox unless the host cannot give it one:
 * - as root it refuses to start sandboxed ("Running as root without --no-sandbox is not supported"): containers
 *   that run as root need `--no-sandbox`, so run the scraper as an unprivileged user instead;
 * - as another user it needs unprivileged user namespaces (kernel.unprivileged_userns_clone=1, max_user_namespaces
 *   > 0, and on Ubuntu 23.10+ apparmor_restrict_unprivileged_userns=0 or an AppArmor profile for chromium).
 */
export function decideSandbox(mode: SandboxMode, host: SandboxHost): SandboxDecision {
  if (mode === 'off') return { sandbox: false, reason: 'sandbox switched off (--chromium-sandbox off)' };
  let blocker: string | null = null;
  if (host.uid === 0) blocker = 'running as root: Chromium does not start sandboxed as root; run the scraper as an unprivileged user to keep the sandbox';
  else if (!host.userNamespaces) blocker = `unprivileged user namespaces are not available (${host.userNamespacesProbe}); enable them (sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces) to keep the sandbox`;
  if (blocker === null) return { sandbox: true, reason: `unprivileged user ${String(host.uid)} with user namespaces (${host.userNamespacesProbe})` };
  if (mode === 'on') throw new SandboxUnavailableError(`--chromium-sandbox on, but ${blocker}`);
  return { sandbox: false, reason: blocker };
}
