import { Metrics as PowertoolsMetricsClient, MetricUnit as PowertoolsUnit } from '@aws-lambda-powertools/metrics';
import type { MetricDimensions, MetricUnit, Metrics } from '../../ports/metrics';

export interface PowertoolsMetricsOptions {
  /** CloudWatch namespace, e.g. `xecu/prod` (serverless.yml sets POWERTOOLS_METRICS_NAMESPACE). */
  namespace: string;
  /** The `service` dimension every metric carries (POWERTOOLS_SERVICE_NAME). */
  serviceName: string;
  /** Tests pass their own client; by default one is made here. */
  client?: PowertoolsMetricsClient;
}

interface PendingGroup {
  dimensions: MetricDimensions;
  values: Map<string, { unit: MetricUnit; value: number }>;
}

/**
 * The Metrics port over Powertools Metrics: one CloudWatch Embedded Metric Format line on stdout per dimension set
 * at flush (CloudWatch Logs turns it into metrics; no PutMetricData call, no IAM). Powertools keeps one dimension
 * set per document, so counts are grouped by their dimensions and each group is published on its own; repeated
 * counts of one name in a group are summed.
 */
export class PowertoolsMetrics implements Metrics {
  private readonly client: PowertoolsMetricsClient;
  private readonly groups = new Map<string, PendingGroup>();

  constructor(options: PowertoolsMetricsOptions) {
    this.client = options.client ?? new PowertoolsMetricsClient({ namespace: options.namespace, serviceName: options.serviceName });
  }

  count(name: string, value: number, dimensions: MetricDimensions = {}): void {
    this.add(name, 'Count', value, dimensions);
  }

  bytes(name: string, value: number, dimensions: MetricDimensions = {}): void {
    this.add(name, 'Bytes', value, dimensions);
  }

  flush(): void {
    const groups = [...this.groups.values()];
    this.groups.clear();
    for (const group of groups) {
      if (Object.keys(group.dimensions).length > 0) this.client.addDimensions({ ...group.dimensions });
      for (const [name, { unit, value }] of group.values) {
        this.client.addMetric(name, unit === 'Bytes' ? PowertoolsUnit.Bytes : PowertoolsUnit.Count, value);
      }
      this.client.publishStoredMetrics();
    }
  }

  private add(name: string, unit: MetricUnit, value: number, dimensions: MetricDimensions): void {
    // A metric is a non-negative finite number; anything else would be rejected by CloudWatch with the whole line.
    if (!Number.isFinite(value) || value < 0) return;
    const key = JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
    let group = this.groups.get(key);
    if (!group) {
      group = { dimensions: { ...dimensions }, values: new Map() };
      this.groups.set(key, group);
    }
    const previous = group.values.get(name);
    group.values.set(name, { unit, value: (previous?.value ?? 0) + value });
  }
}
