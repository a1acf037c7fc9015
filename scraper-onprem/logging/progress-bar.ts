import type { EngineProgress } from '../engine/crawl-engine';

const WIDTH = 24;

/** A one-line progress bar for a terminal, redrawn in place; `note` prints a line above it. */
export class ProgressBar {
  private lastLine = '';
  private readonly startedAt = Date.now();

  constructor(
    private readonly write: (text: string) => void,
    private readonly label: string,
  ) {}

  update(progress: EngineProgress): void {
    const settled = progress.done + progress.failed;
    const total = settled + progress.queued + progress.inFlight;
    const ratio = total === 0 ? 0 : settled / total;
    const filled = Math.round(ratio * WIDTH);
    const seconds = Math.max(0.001, (Date.now() - this.startedAt) / 1000);
    const line =
      `${this.label} ${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${settled}/${total} requests · ` +
      `${progress.listings} listings · ${progress.failed} failed · ${progress.retries} retries · ${(settled / seconds).toFixed(1)}/s`;
    if (line === this.lastLine) return;
    this.lastLine = line;
    this.write(`\r\x1b[2K${line}`);
  }

  note(text: string): void {
    this.write(`\r\x1b[2K${text}\n${this.lastLine}`);
  }

  finish(): void {
    if (this.lastLine) this.write('\n');
  }
}
