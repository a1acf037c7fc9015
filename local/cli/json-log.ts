import type { Log } from '../../shared/ports/log';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

/** Structured JSON lines (one object per line) at or above `level`; steps never pass raw names or phones here. */
export function jsonLog(write: (line: string) => void, level: LogLevel = 'info', service = 'xecu'): Log {
  const emit = (at: LogLevel) => (message: string, extra?: Record<string, unknown>) => {
    if (LEVELS[at] < LEVELS[level]) return;
    write(`${JSON.stringify({ level: at.toUpperCase(), timestamp: new Date().toISOString(), service, message, ...extra })}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
