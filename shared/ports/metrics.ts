/**
 * Counters a step run reports (rows in/valid/rejected, matches per band, export bytes, scrape pages…). In AWS they
 * become CloudWatch metrics (shared/adapters/powertools: EMF on stdout); offline they go nowhere or to memory.
 * Dimensions are few and low-cardinality (a batch kind, a band, a site): never a batch id, a name or a phone.
 */
export type MetricDimensions = Readonly<Record<string, string>>;

export type MetricUnit = 'Count' | 'Bytes';

export interface Metrics {
  /** Adds `value` to the counter `name` (with these dimensions) of the current invocation. */
  count(name: string, value: number, dimensions?: MetricDimensions): void;
  /** Records a size in bytes. */
  bytes(name: string, value: number, dimensions?: MetricDimensions): void;
  /** Sends what was recorded since the last flush (a Lambda handler flushes once per invocation). */
  flush(): void;
}

/** Metrics that go nowhere: the offline runtime and tests that do not look at them. */
export const noMetrics: Metrics = { count() {}, bytes() {}, flush() {} };

export interface RecordedMetric {
  name: string;
  unit: MetricUnit;
  value: number;
  dimensions: MetricDimensions;
}

/** Keeps every flushed metric in memory, for tests and for a local summary. */
export class InMemoryMetrics implements Metrics {
  readonly flushed: RecordedMetric[] = [];
  private pending: RecordedMetric[] = [];

  count(name: string, value: number, dimensions: MetricDimensions = {}): void {
    this.pending.push({ name, unit: 'Count', value, dimensions: { ...dimensions } });
  }

  bytes(name: string, value: number, dimensions: MetricDimensions = {}): void {
    this.pending.push({ name, unit: 'Bytes', value, dimensions: { ...dimensions } });
  }

  flush(): void {
    this.flushed.push(...this.pending);
    this.pending = [];
  }

  /** Sum of the flushed values of `name` whose dimensions include `dimensions`. */
  total(name: string, dimensions: MetricDimensions = {}): number {
    return this.flushed
      .filter((m) => m.name === name && Object.entries(dimensions).every(([k, v]) => m.dimensions[k] === v))
      .reduce((sum, m) => sum + m.value, 0);
  }
}
