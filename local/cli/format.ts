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
