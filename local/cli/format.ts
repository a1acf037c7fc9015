/** Thousands separators for counts a person reads; `–` for unknown. */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : value.toLocaleString('en-US');
}

/** A plain-text table with right-aligned numeric columns. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], numeric: ReadonlySet<number> = new Set()): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd();
  return [line(headers), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)].join('\n');
}

/** One status line that rewrites itself on a terminal and prints plain lines (at most every few seconds) otherwise. */
export function progressLine(stream: NodeJS.WriteStream): { update(text: string): void; done(text?: string): void } {
  let last = 0;
  const tty = Boolean(stream.isTTY);
  return {
    update(text: string) {
      if (tty) stream.write(`\r\x1b[2K${text}`);
      else if (Date.now() - last > 5000) {
        last = Date.now();
        stream.write(`${text}\n`);
      }
    },
    done(text?: string) {
      if (tty) stream.write('\r\x1b[2K');
      if (text) stream.write(`${text}\n`);
    },
  };
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

/**
 * An error as a person at a terminal should see it: `<prefix>: <message>`, the causes that add something, a
 * database's hint; the stack (with its causes') only with `debug`. `expected` errors (a bad query, a busy home)
 * are the user's to fix, so they get no "--debug" pointer.
 */
export function describeError(prefix: string, error: unknown, options: { debug: boolean; expected: boolean }): string {
  const chain = causes(error);
  if (options.debug) {
    return chain
      .map((entry, index) => `${index === 0 ? `${prefix}: ` : 'caused by: '}${entry instanceof Error ? (entry.stack ?? entry.message) : String(entry)}`)
      .join('\n');
  }
  const first = chain[0];
  const message = first instanceof Error ? first.message : String(first);
  const named = first instanceof Error && !options.expected && first.name !== 'Error' ? `${first.name}: ${message}` : message;
  const lines = [`${prefix}: ${named}`];
  for (const cause of chain.slice(1)) {
    const text = cause instanceof Error ? cause.message : String(cause);
    if (text && !lines.some((line) => line.includes(text))) lines.push(`  caused by: ${text}`);
  }
  const hint = chain.map((entry) => (entry as { hint?: unknown } | null)?.hint).find((value): value is string => typeof value === 'string' && value.length > 0);
  if (hint && !lines.some((line) => line.includes(hint))) lines.push(`  hint: ${hint}`);
  if (!options.expected) lines.push('  (run again with --debug for the stack trace)');
  return lines.join('\n');
}

/** The candidate closest to `input` by edit distance, when it is close enough to be a typo; else null. */
export function suggestion(input: string, candidates: readonly string[]): string | null {
  const distance = (a: string, b: string): number => {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const row = [i];
      for (let j = 1; j <= b.length; j += 1) {
        row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      previous = row;
    }
    return previous[b.length] ?? 0;
  };
  let best: { name: string; score: number } | null = null;
  for (const name of candidates) {
    const score = distance(input.toLowerCase(), name);
    if (!best || score < best.score) best = { name, score };
  }
  return best && best.score <= Math.max(1, Math.floor(best.name.length / 3)) ? best.name : null;
}

/**
 * The query line a database error points at (PostgreSQL's 1-based character `position`, anywhere in the cause
 * chain) with a caret under the spot, as psql shows it; '' when the error has no position.
 */
export function pointAtError(query: string, error: unknown): string {
  const position = causes(error)
    .map((entry) => Number((entry as { position?: unknown } | null)?.position))
    .find((value) => Number.isInteger(value) && value > 0);
  if (position === undefined || position > query.length + 1) return '';
  const before = query.slice(0, position - 1);
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = query.indexOf('\n', lineStart);
  const line = query.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  return `  ${line}\n  ${' '.repeat(position - 1 - lineStart)}^\n`;
}
