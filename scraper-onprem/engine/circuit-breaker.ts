export interface CircuitBreakerOptions {
  /** Consecutive failed attempts (5xx, timeouts, network) that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit rejects requests before one probe is let through. */
  cooldownMs: number;
  /** Times the circuit may open in one run; one more and the site is given up. */
  maxTrips: number;
}

export const defaultCircuitBreakerOptions: CircuitBreakerOptions = { failureThreshold: 8, cooldownMs: 30_000, maxTrips: 3 };

export type BreakerDecision = { kind: 'go' } | { kind: 'wait'; untilEpochMs: number } | { kind: 'abort' };

/**
 * Per-site circuit breaker: closed → (threshold consecutive failures) → open for a cooldown → half-open, where a
 * single probe decides between closed and open again. After `maxTrips` openings the site is abandoned, so a site
 * that is down does not cost the whole night in retries.
 */
export class CircuitBreaker {
  private state: 'closed' | 'open' | 'half-open' = 'closed';
  private consecutiveFailures = 0;
  private openUntil = 0;
  private probeInFlight = false;
  private tripCount = 0;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get trips(): number {
    return this.tripCount;
  }

  get abandoned(): boolean {
    return this.tripCount > this.options.maxTrips;
  }

  /** Asks whether a request may start now. A `go` in half-open state makes that request the probe. */
  decide(now = Date.now()): BreakerDecision {
    if (this.abandoned) return { kind: 'abort' };
    if (this.state === 'open') {
      if (now < this.openUntil) return { kind: 'wait', untilEpochMs: this.openUntil };
      this.state = 'half-open';
    }
    if (this.state === 'half-open') {
      if (this.probeInFlight) return { kind: 'wait', untilEpochMs: now + Math.min(1_000, this.options.cooldownMs) };
      this.probeInFlight = true;
    }
    return { kind: 'go' };
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.probeInFlight = false;
    this.state = 'closed';
  }

  recordFailure(now = Date.now()): void {
    this.consecutiveFailures += 1;
    const probeFailed = this.state === 'half-open';
    this.probeInFlight = false;
    if (probeFailed || this.consecutiveFailures >= this.options.failureThreshold) {
      this.state = 'open';
      this.openUntil = now + this.options.cooldownMs;
      this.tripCount += 1;
      this.consecutiveFailures = 0;
    }
  }

  /** A request that neither succeeded nor failed in a way that says anything about the site (e.g. a 404). */
  recordNeutral(): void {
    if (this.state === 'half-open') {
      this.probeInFlight = false;
      this.state = 'closed';
    }
  }
}
