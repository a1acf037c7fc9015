import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** Another xecu process holds the offline data folder: PGlite is one process's database at a time. */
export class HomeBusyError extends Error {
  override readonly name = 'HomeBusyError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes `<file>` exclusively for this process. The pid is written to a private file first and hard-linked into
 * place, so the lock file is never seen empty; a lock whose process no longer runs is renamed away (one process
 * wins the rename) and taken over. Returns the release function, which removes the lock only while it is ours.
 */
export function lockHome(file: string): () => void {
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, file);
        return () => {
          if (holderOf(file) === process.pid) rmSync(file, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = holderOf(file);
      if (holder === null || alive(holder)) {
        throw new HomeBusyError(`another xecu process (pid ${holder ?? 'unknown'}) is using ${file.replace(/\.lock$/, '')}; wait for it or stop it`);
      }
      // Stale: move it aside under a name only we use; if another process moved it first, just try again.
      const stale = `${file}.stale.${process.pid}`;
      try {
        renameSync(file, stale);
      } catch {
        continue; // someone else moved it first
      }
      const moved = holderOf(stale);
      if (moved !== holder && moved !== null && alive(moved)) {
        // Between our read and our rename another process took the lock over: put its lock back.
        try {
          linkSync(stale, file);
        } finally {
          rmSync(stale, { force: true });
        }
        throw new HomeBusyError(`another xecu process (pid ${moved}) is using ${file.replace(/\.lock$/, '')}; wait for it or stop it`);
      }
      rmSync(stale, { force: true });
    }
    throw new HomeBusyError(`could not lock ${file}`);
  } finally {
    rmSync(mine, { force: true });
  }
}
