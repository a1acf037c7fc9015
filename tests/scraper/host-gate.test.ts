import { HostGate } from '../../scraper-onprem/engine/host-gate';

async function startTimes(gate: HostGate, host: string, count: number): Promise<number[]> {
  const started = Date.now();
  const times = await Promise.all(
    Array.from({ length: count }, async () => {
      await gate.acquire(host);
      return Date.now() - started;
    }),
  );
  return times.sort((a, b) => a - b);
}

describe('per-host politeness', () => {
  it('spaces request starts on one host by the delay, even for concurrent callers', async () => {
    // Prepare
    const gate = new HostGate({ delayMs: 40, maxRequestsPerMinute: 0 });
    // Act
    const times = await startTimes(gate, 'a.example', 4);
    // Assess
    for (let i = 1; i < times.length; i += 1) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(35);
  });

  it('does not make one host wait for another', async () => {
    // Prepare
    const gate = new HostGate({ delayMs: 200, maxRequestsPerMinute: 0 });
    await gate.acquire('a.example');
    // Act
    const started = Date.now();
    await gate.acquire('b.example');
    // Assess
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('holds every caller of a paused host until the pause ends', async () => {
    // Prepare
    const gate = new HostGate({ delayMs: 0, maxRequestsPerMinute: 0 });
    gate.pauseUntil('a.example', Date.now() + 150);
    // Act
    const times = await startTimes(gate, 'a.example', 3);
    // Assess
    expect(times[0]).toBeGreaterThanOrEqual(140);
  });

  it('uses the robots.txt Crawl-delay when it is longer than the configured delay', async () => {
    // Prepare
    const gate = new HostGate({ delayMs: 0, maxRequestsPerMinute: 0 });
    gate.setCrawlDelay('a.example', 60);
    // Act
    const times = await startTimes(gate, 'a.example', 3);
    // Assess
    expect(times[2]).toBeGreaterThanOrEqual(110);
  });

  it('caps request starts per host per minute', async () => {
    // Prepare
    jest.useFakeTimers({ now: Date.UTC(2026, 9, 1) });
    try {
      const gate = new HostGate({ delayMs: 0, maxRequestsPerMinute: 2 });
      const started: number[] = [];
      const t0 = Date.now();
      // Act
      const all = Promise.all([1, 2, 3].map(async () => {
        await gate.acquire('a.example');
        started.push(Date.now() - t0);
      }));
      await jest.advanceTimersByTimeAsync(61_000);
      await all;
      // Assess
      expect(started.sort((a, b) => a - b)).toEqual([0, 0, 60_000]);
    } finally {
      jest.useRealTimers();
    }
  });
});
