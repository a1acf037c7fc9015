import { PowertoolsMetrics } from '../../../shared/adapters/powertools/powertools-metrics';
import { InMemoryMetrics } from '../../../shared/ports/metrics';

interface EmfDocument {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/** Runs `body` and returns the EMF documents it wrote to stdout (Powertools writes one JSON line per publish). */
function captureEmf(body: () => void): EmfDocument[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    body();
  } finally {
    spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EmfDocument)
    .filter((doc) => doc._aws !== undefined);
}

describe('PowertoolsMetrics (EMF on stdout)', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    // Either would silence Powertools and the assertions below would see nothing.
    delete process.env.POWERTOOLS_DEV;
    delete process.env.POWERTOOLS_METRICS_DISABLED;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('writes one EMF document per dimension set, with the namespace, the service dimension, units and summed values', () => {
    const metrics = new PowertoolsMetrics({ namespace: 'xecu/test', serviceName: 'xecu' });
    const docs = captureEmf(() => {
      metrics.count('IngestRowsIn', 120, { kind: 'customers' });
      metrics.count('IngestRowsRejected', 3, { kind: 'customers' });
      metrics.count('IngestRowsIn', 5, { kind: 'customers' });
      metrics.count('BatchesLoaded', 1);
      metrics.bytes('ExportBytes', 2048, { report: 'sales' });
      metrics.flush();
    });
    expect(docs).toHaveLength(3);
    const byMetric = (name: string) => docs.find((doc) => doc._aws.CloudWatchMetrics[0]?.Metrics.some((m) => m.Name === name));

    const ingest = byMetric('IngestRowsIn');
    expect(ingest?._aws.CloudWatchMetrics[0]?.Namespace).toBe('xecu/test');
    expect(ingest?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'kind']]);
    expect(ingest?._aws.CloudWatchMetrics[0]?.Metrics).toEqual(
      expect.arrayContaining([{ Name: 'IngestRowsIn', Unit: 'Count' }, { Name: 'IngestRowsRejected', Unit: 'Count' }]),
    );
    expect(ingest).toMatchObject({ service: 'xecu', kind: 'customers', IngestRowsIn: 125, IngestRowsRejected: 3 });
    expect(typeof ingest?._aws.Timestamp).toBe('number');

    expect(byMetric('BatchesLoaded')?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(byMetric('BatchesLoaded')).toMatchObject({ BatchesLoaded: 1 });
    expect(byMetric('BatchesLoaded')).not.toHaveProperty('kind');

    const exported = byMetric('ExportBytes');
    expect(exported?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'ExportBytes', Unit: 'Bytes' }]);
    expect(exported).toMatchObject({ report: 'sales', ExportBytes: 2048 });
  });

  it('flushes once: a second flush writes nothing, and nothing recorded writes nothing', () => {
    const metrics = new PowertoolsMetrics({ namespace: 'xecu/test', serviceName: 'xecu' });
    expect(captureEmf(() => metrics.flush())).toHaveLength(0);
    const docs = captureEmf(() => {
      metrics.count('ScrapePages', 7, { site: 'chotot' });
      metrics.flush();
      metrics.flush();
    });
    expect(docs).toHaveLength(1);
    // Dimensions do not leak into the next invocation's documents.
    const next = captureEmf(() => {
      metrics.count('BatchesLoaded', 1);
      metrics.flush();
    });
    expect(next[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(next[0]).not.toHaveProperty('site');
  });

  it('drops values CloudWatch would reject (negative, NaN, infinite) instead of losing the whole document', () => {
    const metrics = new PowertoolsMetrics({ namespace: 'xecu/test', serviceName: 'xecu' });
    const docs = captureEmf(() => {
      metrics.count('IngestRowsIn', Number.NaN);
      metrics.count('IngestRowsValid', -1);
      metrics.count('IngestRowsRejected', Number.POSITIVE_INFINITY);
      metrics.count('IngestRowsDuplicate', 0);
      metrics.flush();
    });
    expect(docs).toHaveLength(1);
    expect(docs[0]?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'IngestRowsDuplicate', Unit: 'Count' }]);
  });
});

describe('InMemoryMetrics', () => {
  it('keeps only flushed values and sums them by name and dimensions', () => {
    const metrics = new InMemoryMetrics();
    metrics.count('MatchListings', 4, { band: 'lead' });
    metrics.count('MatchListings', 9, { band: 'review' });
    expect(metrics.total('MatchListings')).toBe(0);
    metrics.flush();
    expect(metrics.total('MatchListings')).toBe(13);
    expect(metrics.total('MatchListings', { band: 'lead' })).toBe(4);
  });
});
