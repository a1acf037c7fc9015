import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { OutboxMailer } from '../../../shared/adapters/outbox/outbox-mailer';
import { download } from '../../../shared/download-token/download';
import { silentLog } from '../../../shared/ports/log';
import { ExportInputSchema } from '../../../shared/steps/export/contracts';
import { exportWorkbook } from '../../../shared/steps/export/export-workbook';
import { NotifyInputSchema, NotifyResultSchema } from '../../../shared/steps/notify/contracts';
import { notify } from '../../../shared/steps/notify/notify';
import { FixedMartsWarehouse, sampleMarts } from '../../unit/export/fixed-marts-warehouse';
import { readMail } from './smtp-server';

const KEY = 'notify-test-signing-key-0123456789abcdef';
const SENT_AT = new Date('2026-12-06T04:00:00Z');

describe('the report email', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'xecu-notify-'));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('summarises the export with inline charts and a link that opens the workbook for the days it says', async () => {
    // Prepare: an export whose biggest price drop has a hostile title
    const marts = sampleMarts();
    const drops = marts['export/price_drops_page'] ?? [];
    drops[1] = { ...drops[1], title: '<img src=x onerror=alert(1)> CX-5' };
    const store = new MemoryObjectStore();
    const exported = await exportWorkbook(ExportInputSchema.parse({ report: 'sales' }), {
      warehouse: new FixedMartsWarehouse(marts),
      objectStore: store,
      exportsBucket: 'xecu-test-exports',
      log: silentLog,
      now: () => SENT_AT,
    });
    const outbox = join(root, 'outbox');
    // Act
    const result = await notify(NotifyInputSchema.parse({ ...exported, email: ['sales@xecu.example.vn'] }), {
      mailer: new OutboxMailer(outbox, () => SENT_AT),
      objectStore: store,
      tokenKey: KEY,
      downloadBaseUrl: 'https://dl.xecu.example.vn/download',
      from: 'xecu <bao-cao@xecu.example.vn>',
      recipients: ['someone-else@xecu.example.vn'],
      log: silentLog,
      now: () => SENT_AT,
    });
    // Assess: the result carries no link or token (execution history is not a place for credentials)
    expect(NotifyResultSchema.parse(result)).toEqual(result);
    expect(JSON.stringify(result)).not.toContain('dl.xecu.example.vn');
    expect(result).toMatchObject({ recipients: 1, linkDays: 7, linkExpiresAt: '2026-12-13T04:00:00.000Z' });
    const [mail] = readMail(result.deliveredTo);
    expect(mail?.to).toBe('sales@xecu.example.vn');
    expect(mail?.subject).toBe('xecu sales report 2026-12-06: 2 new leads, 3 in all');
    expect(mail?.text).toContain('The link works for 7 days, until 2026-12-13 (UTC).');
    expect(mail?.html).toContain('&lt;img src=x onerror=alert(1)&gt; CX-5');
    expect(mail?.html).not.toContain('<img src=x');
    expect(mail?.html).toContain('60.000.000 ₫');
    expect(mail?.parts.map((part) => [part.cid, part.png])).toEqual([
      ['chart-1@xecu', true],
      ['chart-2@xecu', true],
      ['chart-3@xecu', true],
    ]);
    for (const part of mail?.parts ?? []) expect(mail?.html).toContain(`cid:${part.cid}`);

    // the link from the email, followed through the download step: day 6 opens, day 8 does not
    const link = new URL(/Download the workbook: (\S+)/.exec(mail?.text ?? '')?.[1] ?? '');
    const follow = async (daysLater: number) =>
      download(
        { token: link.searchParams.get('t') ?? undefined },
        {
          links: { presignGet: async (ref) => `https://s3.example/${ref.bucket}/${ref.key}` },
          exportsBucket: 'xecu-test-exports',
          tokenKey: KEY,
          log: silentLog,
          now: () => new Date(SENT_AT.getTime() + daysLater * 86_400_000),
        },
      );
    expect(await follow(6)).toMatchObject({ status: 302, location: `https://s3.example/xecu-test-exports/${exported.workbook.key}` });
    expect((await follow(8)).status).toBe(403);
  });
});
