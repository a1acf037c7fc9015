import { CircuitBreaker } from '../../scraper-onprem/engine/circuit-breaker';
import { backoffDelayMs, parseRetryAfter } from '../../scraper-onprem/engine/retry-policy';

describe('retry policy', () => {
  it('doubles the backoff per attempt, with jitter within half of it, up to the ceiling', () => {
    // Prepare
    const options = { baseDelayMs: 100, maxDelayMs: 1_000 };
    // Act
    const low = [1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, options, () => 0));
    const high = [1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, options, () => 1));
    // Assess
    expect(low).toEqual([50, 100, 200, 400, 500]);
    expect(high).toEqual([100, 200, 400, 800, 1000]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    // Prepare
    const now = Date.UTC(2026, 9, 1, 0, 0, 0);
    // Act, Assess
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Oct 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 30 Sep 2026 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('circuit breaker', () => {
  const options = { failureThreshold: 3, cooldownMs: 1_000, maxTrips: 2 };

  it('opens after consecutive failures and rejects requests during the cooldown', () => {
    // Prepare
    const breaker = new CircuitBreaker(options);
    // Act
    for (let i = 0; i < 3; i += 1) breaker.recordFailure(0);
    // Assess
    expect(breaker.decide(500)).toEqual({ kind: 'wait', untilEpochMs: 1_000 });
  });

  it('lets one probe through after the cooldown and closes on its success', () => {
    // Prepare
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i += 1) breaker.recordFailure(0);
    // Act
    const probe = breaker.decide(1_000);
    const second = breaker.decide(1_001);
    breaker.recordSuccess();
    // Assess
    expect(probe.kind).toBe('go');
    expect(second.kind).toBe('wait');
    expect(breaker.decide(1_002).kind).toBe('go');
  });

  it('gives up on the site once it opened more than maxTrips times', () => {
    // Prepare
    const breaker = new CircuitBreaker(options);
    // Act
    for (let i = 0; i < 3; i += 1) breaker.recordFailure(0);
    breaker.decide(1_000);
    breaker.recordFailure(1_000);
    breaker.decide(2_000);
    breaker.recordFailure(2_000);
    // Assess
    expect(breaker.trips).toBe(3);
    expect(breaker.decide(10_000)).toEqual({ kind: 'abort' });
  });

  it('resets the failure count on a success', () => {
    // Prepare
    const breaker = new CircuitBreaker(options);
    // Act
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    breaker.recordSuccess();
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    // Assess
    expect(breaker.decide(1).kind).toBe('go');
  });
});
