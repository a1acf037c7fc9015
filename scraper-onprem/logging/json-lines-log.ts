import type { Log } from '../../shared/ports/log';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

/**
 * Structured JSON log lines for cron/Airflow runs. Callers pass URLs, counts and reasons, never listing contents:
 * seller names and phones stay out of logs.
 */
export function jsonLinesLog(write: (line: string) => void, level: LogLevel = 'info', service = 'xecu-scraper'): Log {
  const at = (name: LogLevel) => (message: string, extra?: Record<string, unknown>) => {
    if (LEVELS[name] < LEVELS[level]) return;
    write(`${JSON.stringify({ level: name.toUpperCase(), timestamp: new Date().toISOString(), service, message, ...extra })}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
