import type { Context } from 'aws-lambda';
import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PowertoolsMetrics } from '../../../shared/adapters/powertools/powertools-metrics';
import type { IngestInput } from '../../../shared/contracts/batch';
import { silentLog } from '../../../shared/ports/log';
import { InMemoryMetrics, type Metrics } from '../../../shared/ports/metrics';
import type { Warehouse } from '../../../shared/ports/warehouse';
import type { ExportResult } from '../../../shared/steps/export/contracts';
import type { IngestDependencies } from '../../../shared/steps/tasks';
import { METRIC, publishScrapeMetrics, recordExport, recordIngestTask, recordMatch } from '../../../functions/runtime/metrics';
import { ingestTaskHandler } from '../../../functions/runtime/task-handler';
import { customer } from '../../support/clean-harness';

const context = {
  functionName: 'xecu-test-clean',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:xecu-test-clean',
  memoryLimitInMB: '2048',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

const BATCH_ID = `b_${'0'.repeat(31)}7`;

/** A clean handler over a MemoryObjectStore holding one raw customers file (clean does not touch the warehouse). */
async function cleanSetup(records: unknown[]) {
  const objectStore = new MemoryObjectStore();
  await objectStore.putBytes({ bucket: 'test-raw', key: 'customers/x.ndjson' }, records.map((r) => JSON.stringify(r)).join('\n'));
  const deps: IngestDependencies = { objectStore, warehouse: {} as unknown as Warehouse, processedBucket: 'test-processed', log: silentLog };
  const input: IngestInput = { batchId: BATCH_ID, kind: 'customers', source: { bucket: 'test-raw', key: 'customers/x.ndjson' } };
  return { deps, input };
}

describe('handler metrics wiring', () => {
  beforeAll(() => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });

  it('the clean handler flushes its result counts under the batch kind', async () => {
    const { deps, input } = await cleanSetup([customer(), customer(), customer({ CustomerId: 'KH2', asset_num: 'OTHERVIN12', Phone: 'not a phone', NameCustomer: '' })]);
    const metrics = new InMemoryMetrics();
    const result = (await ingestTaskHandler('clean', deps, metrics)(input, context)) as { counts: Record<string, number> };
    const kind = { kind: 'customers' };
    expect(metrics.total(METRIC.rowsIn, kind)).toBe(result.counts.rowsIn);
    expect(metrics.total(METRIC.rowsIn, kind)).toBe(3);
    expect(metrics.total(METRIC.rowsValid, kind)).toBe(result.counts.valid);
    expect(metrics.total(METRIC.rowsRejected, kind)).toBe(result.counts.rejected);
    expect(metrics.total(METRIC.rowsDuplicate, kind)).toBe(result.counts.duplicates);
    expect(metrics.total(METRIC.rowsDuplicate, kind)).toBeGreaterThan(0);
  });

  it('the clean handler writes the counts as EMF on stdout through the Powertools adapter', async () => {
    delete process.env.POWERTOOLS_DEV;
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    const { deps, input } = await cleanSetup([customer()]);
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await ingestTaskHandler('clean', deps, new PowertoolsMetrics({ namespace: 'xecu/test', serviceName: 'xecu' }))(input, context);
    } finally {
      spy.mockRestore();
    }
    const emf = written
      .join('')
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ service: 'xecu', kind: 'customers', IngestRowsIn: 1, IngestRowsValid: 1, IngestRowsRejected: 0 });
  });

  it('a failing task still flushes what was recorded and rethrows its own error', async () => {
    const { deps, input } = await cleanSetup([]);
    const flushes: string[] = [];
    const metrics: Metrics = { count() {}, bytes() {}, flush: () => flushes.push('flush') };
    const missing = { ...input, source: { bucket: 'test-raw', key: 'customers/missing.ndjson' } };
    await expect(ingestTaskHandler('clean', deps, metrics)(missing, context)).rejects.toThrow();
    expect(flushes).toEqual(['flush']);
  });

  it('a metrics failure never fails the task', async () => {
    const { deps, input } = await cleanSetup([customer()]);
    const broken: Metrics = {
      count: () => {
        throw new Error('metrics down');
      },
      bytes() {},
      flush: () => {
        throw new Error('stdout closed');
      },
    };
    await expect(ingestTaskHandler('clean', deps, broken)(input, context)).resolves.toMatchObject({ counts: { rowsIn: 1 } });
  });

  it('a committed load counts its rows and one loaded batch; a load still running counts nothing', async () => {
    const metrics = new InMemoryMetrics();
    const event = { batchId: BATCH_ID, kind: 'listings', source: { bucket: 'b-raw', key: 'listings/x' } };
    await recordIngestTask('statement-status')(event, { statementId: 's1', state: 'STARTED', polls: 1 }, metrics);
    metrics.flush();
    expect(metrics.total(METRIC.batchesLoaded)).toBe(0);
    await recordIngestTask('statement-status')(event, { statementId: 's1', state: 'FINISHED', loaded: 42, polls: 2 }, metrics);
    metrics.flush();
    expect(metrics.total(METRIC.rowsLoaded, { kind: 'listings' })).toBe(42);
    expect(metrics.total(METRIC.batchesLoaded)).toBe(1);
    // The alarm reads BatchesLoaded with the service dimension only: no kind on it.
    expect(metrics.flushed.find((m) => m.name === METRIC.batchesLoaded)?.dimensions).toEqual({});
  });

  it('fail-batch counts a failed batch, or a loaded one when its load committed after all', async () => {
    const metrics = new InMemoryMetrics();
    const event = { batchId: BATCH_ID, kind: 'customers', source: { bucket: 'b', key: 'k' }, error: { Error: 'X' } };
    await recordIngestTask('fail-batch')(event, { errorName: 'X', cause: '', loadCommitted: false, loadState: null }, metrics);
    await recordIngestTask('fail-batch')(event, { errorName: 'X', cause: '', loadCommitted: true, loadState: 'FINISHED' }, metrics);
    metrics.flush();
    expect(metrics.total(METRIC.batchesFailed, { kind: 'customers' })).toBe(1);
    expect(metrics.total(METRIC.batchesLoaded)).toBe(1);
  });

  it('match counts listings per band and pairs; a skipped or failed match counts nothing', async () => {
    const metrics = new InMemoryMetrics();
    await recordMatch({}, { runId: 'r', status: 'succeeded', pairs: 900, leads: 12, reviews: 30, closed: 0, opened: 0 }, metrics);
    await recordMatch({}, { available: false, task: 'match', reason: 'not available' }, metrics);
    await recordMatch({}, { status: 'failed', errorName: 'X' }, metrics);
    metrics.flush();
    expect(metrics.total(METRIC.matchListings, { band: 'lead' })).toBe(12);
    expect(metrics.total(METRIC.matchListings, { band: 'review' })).toBe(30);
    expect(metrics.total(METRIC.matchPairs)).toBe(900);
  });

  it('export counts the sheets\' data rows and the workbook\'s bytes from the object it wrote', async () => {
    const store = new MemoryObjectStore();
    const workbook = { bucket: 'test-exports', key: 'reports/sales/2026-12-06/sales.xlsx' };
    await store.putBytes(workbook, Buffer.alloc(5000, 1));
    const result = {
      report: 'sales',
      reportDate: '2026-12-06',
      takenAt: '2026-12-06T01:00:00.000Z',
      workbook,
      workbookBytes: 5000,
      sheets: [
        { name: 'Leads', table: 'marts.leads', dataRows: 12 },
        { name: 'Market', table: 'marts.market', dataRows: 300 },
      ],
      leads: 12,
      newLeads: 3,
      prospects: 0,
      topPriceDrops: [],
      charts: [],
    } satisfies ExportResult;
    const metrics = new InMemoryMetrics();
    await recordExport(store)({}, result, metrics);
    metrics.flush();
    expect(metrics.total(METRIC.exportRows, { report: 'sales' })).toBe(312);
    expect(metrics.total(METRIC.exportBytes, { report: 'sales' })).toBe(5000);
  });

  it('scrape publishes pages, failed attempts and listings per site at once', () => {
    const metrics = new InMemoryMetrics();
    publishScrapeMetrics({ site: 'xetot', pages: { list: 4, detail: 40 }, errors: { timeout: 2, http5xx: 1 }, listings: { written: 38 } }, metrics);
    expect(metrics.total(METRIC.scrapePages, { site: 'xetot' })).toBe(44);
    expect(metrics.total(METRIC.scrapeErrors, { site: 'xetot' })).toBe(3);
    expect(metrics.total(METRIC.scrapeListings, { site: 'xetot' })).toBe(38);
  });
});

describe('the match function (an ingest task)', () => {
  it('counts per band for an incremental and a full match alike, whatever the event', async () => {
    const metrics = new InMemoryMetrics();
    await recordIngestTask('match')({ mode: 'full' }, { available: true, runId: 'r', mode: 'full', pairs: 10, leads: 2, reviews: 1 }, metrics);
    await recordIngestTask('match')({ batchId: BATCH_ID, kind: 'listings' }, { runId: 'r2', status: 'succeeded', pairs: 5, leads: 1, reviews: 0 }, metrics);
    metrics.flush();
    expect(metrics.total(METRIC.matchListings, { band: 'lead' })).toBe(3);
    expect(metrics.total(METRIC.matchPairs)).toBe(15);
  });
});
