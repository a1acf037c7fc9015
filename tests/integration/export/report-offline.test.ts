import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilesystemObjectStore } from '../../../shared/adapters/filesystem/filesystem-object-store';
import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { silentLog } from '../../../shared/ports/log';
import { ExportResultSchema } from '../../../shared/steps/export/contracts';
import { NotifyResultSchema } from '../../../shared/steps/notify/contracts';
import { runReportLocally } from '../../../local/runtime/report-definition';
import { insertMatches, insertVehicles, LISTINGS, loadSightings, MATCHES, VEHICLES } from '../marts/marts-fixture';
import { readMail } from '../delivery/smtp-server';

describe('the report state machine offline, with the real Export and Notify', () => {
  let root: string;
  let warehouse: PostgresWarehouse;
  const saved = { smtp: process.env.SMTP_URL, key: process.env.DOWNLOAD_TOKEN_KEY, emails: process.env.SALES_EMAILS };

  beforeAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.DOWNLOAD_TOKEN_KEY;
    delete process.env.SALES_EMAILS;
    root = mkdtempSync(join(tmpdir(), 'xecu-report-offline-'));
    warehouse = new PostgresWarehouse({ objectStore: new MemoryObjectStore() });
    await warehouse.migrate();
    await loadSightings(warehouse, LISTINGS);
    await insertVehicles(warehouse, VEHICLES);
    await insertMatches(warehouse, MATCHES);
  }, 120_000);

  afterAll(async () => {
    await warehouse?.close();
    rmSync(root, { recursive: true, force: true });
    for (const [name, value] of [['SMTP_URL', saved.smtp], ['DOWNLOAD_TOKEN_KEY', saved.key], ['SALES_EMAILS', saved.emails]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('ends with the workbook in the exports bucket and the email in <home>/outbox', async () => {
    // Prepare
    const home = join(root, 'home');
    const objectStore = new FilesystemObjectStore(join(home, 's3'));
    // Act
    const outcome = await runReportLocally(
      { reportDate: '2026-04-01', email: ['truong-phong@xecu.example.vn'] },
      { warehouse, objectStore, log: silentLog, exportsBucket: 'xecu-local-exports', home, now: () => new Date('2026-04-01T01:00:00Z') },
    );
    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    const output = outcome.output as { export: unknown; notify: unknown };
    const exported = ExportResultSchema.parse(output.export);
    expect(exported.workbook).toEqual({ bucket: 'xecu-local-exports', key: 'reports/sales/2026-04-01/sales-2026-04-01.xlsx' });
    expect(await objectStore.head(exported.workbook)).not.toBeNull();
    const notified = NotifyResultSchema.parse(output.notify);
    expect(readdirSync(join(home, 'outbox'))).toHaveLength(1);
    const [mail] = readMail(notified.deliveredTo);
    expect(mail?.to).toBe('truong-phong@xecu.example.vn');
    expect(mail?.text).toMatch(/Download the workbook: http:\/\/127\.0\.0\.1:8787\/download\?t=v1\./);
    expect(readdirSync(home)).toContain('download-token.key');
  });
});
