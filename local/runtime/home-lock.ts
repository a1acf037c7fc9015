import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

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

/**
 * Takes `<file>` exclusively for this process (its pid inside). A lock left by a process that no longer runs is
 * taken over; one held by a live process fails with a message naming it. Returns the release function.
 */
export function lockHome(file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new HomeBusyError(`another xecu process (pid ${holder}) is using ${file.replace(/\.lock$/, '')}; wait for it or stop it`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new HomeBusyError(`could not lock ${file}`);
}
