import { HostGate } from '../../scraper-onprem/engine/host-gate';

/**
 * Starts `count` concurrent acquires, moves the fake clock `advanceMs` forward, and returns when each caller got
 * its slot (ms after the start, sorted). Fake timers make the times exact instead of "about".
 */
async function startTimes(gate: HostGate, host: string, count: number, advanceMs: number): Promise<number[]> {
  const started = Date.now();
  const times: number[] = [];
  const all = Promise.all(
    Array.from({ length: count }, async () => {
      await gate.acquire(host);
      times.push(Date.now() - started);
    }),
  );
  await jest.advanceTimersByTimeAsync(advanceMs);
  await all;
  return times.sort((a, b) => a - b);
}

describe('per-host politeness', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.UTC(2026, 9, 1) });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('spaces request starts on one host by the delay, even for concurrent callers', async () => {
    // Prepare
    const gate = new HostGate({ delayMs: 40, maxRequestsPerMinute: 0 });
    // Act
    const times = await startTimes(gate, 'a.example', 4, 1_000);
    // Assess
    expect(times).toEqual([0, 40, 80, 120]);
  });

  it('does not make one host wait for another', async () => {
    // Prepare
    const gate = new HostGate({ delayMs: 200, maxRequestsPerMinute: 0 });
    await gate.acquire('a.example');
    const order: string[] = [];
    // Act
    const secondOnA = gate.acquire('a.example').then(() => order.push('a'));
    const firstOnB = gate.acquire('b.example').then(() => order.push('b'));
    await jest.advanceTimersByTimeAsync(0);
    const beforeDelay = [...order];
    await jest.advanceTimersByTimeAsync(200);
    await Promise.all([secondOnA, firstOnB]);
    // Assess: b starts at once while a's second caller waits out a's delay.
    expect(beforeDelay).toEqual(['b']);
    expect(order).toEqual(['b', 'a']);
  });

  it('holds every caller of a paused host until the pause ends', async () => {
    // Prepare
    const gate = new HostGate({ delayMs: 0, maxRequestsPerMinute: 0 });
    gate.pauseUntil('a.example', Date.now() + 150);
    // Act
    const times = await startTimes(gate, 'a.example', 3, 1_000);
    // Assess
    expect(times).toEqual([150, 150, 150]);
  });

  it('uses the robots.txt Crawl-delay when it is longer than the configured delay', async () => {
    // Prepare
    const gate = new HostGate({ delayMs: 0, maxRequestsPerMinute: 0 });
    gate.setCrawlDelay('a.example', 60);
    // Act
    const times = await startTimes(gate, 'a.example', 3, 1_000);
    // Assess
    expect(times).toEqual([0, 60, 120]);
  });

  it('caps request starts per host per minute', async () => {
    // Prepare
    const gate = new HostGate({ delayMs: 0, maxRequestsPerMinute: 2 });
    // Act
    const times = await startTimes(gate, 'a.example', 3, 61_000);
    // Assess
    expect(times).toEqual([0, 0, 60_000]);
  });
});
