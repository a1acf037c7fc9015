import { sleep } from './sleep';

export interface PolitenessOptions {
  /** Minimum gap between two request starts on one host; 0 turns it off. */
  delayMs: number;
  /** Sliding-window cap of request starts per host per minute; 0 turns it off. */
  maxRequestsPerMinute: number;
}

interface HostState {
  nextAt: number;
  starts: number[];
  pausedUntil: number;
  crawlDelayMs: number;
}

const MINUTE_MS = 60_000;

/**
 * Per-host politeness: spacing between requests, a per-minute cap, a robots.txt Crawl-delay and pauses a
 * server asks for (429 + Retry-After). Workers reserve their start slot, so concurrent workers on one host queue
 * behind each other instead of bursting.
 */
export class HostGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly options: PolitenessOptions) {}

  /** robots.txt Crawl-delay; the larger of it and `delayMs` applies. */
  setCrawlDelay(host: string, delayMs: number): void {
    this.state(host).crawlDelayMs = Math.max(0, delayMs);
  }

  /** No request to the host starts before `untilEpochMs` (e.g. after a 429). */
  pauseUntil(host: string, untilEpochMs: number): void {
    const state = this.state(host);
    state.pausedUntil = Math.max(state.pausedUntil, untilEpochMs);
  }

  pausedUntil(host: string): number {
    return this.state(host).pausedUntil;
  }

  /** Waits until this caller may start a request to `host`. Returns early, without a slot, when aborted. */
  async acquire(host: string, signal?: AbortSignal): Promise<void> {
    const state = this.state(host);
    for (;;) {
      const now = Date.now();
      let at = Math.max(now, state.nextAt, state.pausedUntil);
      const limit = this.options.maxRequestsPerMinute;
      if (limit > 0) {
        while (state.starts.length > 0 && (state.starts[0] ?? 0) <= at - MINUTE_MS) state.starts.shift();
        if (state.starts.length >= limit) at = Math.max(at, (state.starts[state.starts.length - limit] ?? 0) + MINUTE_MS);
      }
      const gap = Math.max(this.options.delayMs, state.crawlDelayMs);
      // Reserve the slot before sleeping so the next caller lines up behind it.
      state.nextAt = at + gap;
      if (limit > 0) state.starts.push(at);
      await sleep(at - now, signal);
      if (signal?.aborted) return;
      // A pause may have arrived while this caller slept (another worker got a 429): take a new slot after it.
      if (state.pausedUntil <= at) return;
    }
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { nextAt: 0, starts: [], pausedUntil: 0, crawlDelayMs: 0 };
      this.hosts.set(host, state);
    }
    return state;
  }
}
