import type { ExportResult } from '../export/contracts';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface EmailChart {
  title: string;
  cid: string;
  widthPx: number;
}

/** Text from data (listing titles come from the web) as HTML text: nothing in it can become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const vnd = (value: number | null): string => (value === null ? '–' : `${Math.round(value).toLocaleString('vi-VN')} ₫`);
const count = (value: number): string => value.toLocaleString('en-US');
const day = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * The email: a short summary a sales manager reads on a phone — new leads, the biggest price drops, the charts —
 * and one link to the workbook, saying for how long it works.
 */
export function buildEmailContent(report: ExportResult, link: { url: string; days: number; expiresAt: Date }, charts: readonly EmailChart[]): EmailContent {
  const leadSheets = report.sheets.filter((sheet) => sheet.table === 'Leads').length;
  const subject = `xecu ${report.report} report ${report.reportDate}: ${count(report.newLeads)} new lead${report.newLeads === 1 ? '' : 's'}, ${count(report.leads)} in all`;
  const validity = `The link works for ${link.days} days, until ${day(link.expiresAt)} (UTC).`;
  const drops = report.topPriceDrops;

  const text = [
    `Sales report ${report.reportDate} (data taken ${report.takenAt.replace('T', ' ').slice(0, 16)} UTC)`,
    '',
    `New leads this week: ${count(report.newLeads)}  ·  leads in all: ${count(report.leads)}  ·  prospects: ${count(report.prospects)}`,
    '',
    ...(drops.length > 0
      ? ['Biggest price drops:', ...drops.map((drop) => `- ${drop.title}: ${vnd(drop.firstPriceVnd)} → ${vnd(drop.priceVnd)} (−${vnd(drop.dropVnd)})${drop.url ? ` ${drop.url}` : ''}`), '']
      : []),
    `Download the workbook: ${link.url}`,
    validity,
    ...(leadSheets > 1 ? [`Leads continue over ${leadSheets} sheets (Leads, Leads (2), …).`] : []),
  ].join('\n');

  const dropRows = drops
    .map(
      (drop) =>
        `<tr><td>${drop.url ? `<a href="${escapeHtml(drop.url)}">${escapeHtml(drop.title)}</a>` : escapeHtml(drop.title)}</td>` +
        `<td align="right">${escapeHtml(vnd(drop.firstPriceVnd))}</td><td align="right">${escapeHtml(vnd(drop.priceVnd))}</td>` +
        `<td align="right">−${escapeHtml(vnd(drop.dropVnd))}</td></tr>`,
    )
    .join('');
  const html = [
    '<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;color:#222">',
    `<h2 style="margin:0 0 8px">Sales report ${escapeHtml(report.reportDate)}</h2>`,
    `<p><b>${count(report.newLeads)}</b> new leads this week · <b>${count(report.leads)}</b> leads in all · <b>${count(report.prospects)}</b> prospects</p>`,
    `<p><a href="${escapeHtml(link.url)}" style="background:#1f4e78;color:#fff;padding:8px 14px;text-decoration:none;border-radius:4px">Download the workbook</a></p>`,
    `<p style="color:#555">${escapeHtml(validity)}</p>`,
    drops.length > 0
      ? `<h3>Biggest price drops</h3><table cellpadding="4" style="border-collapse:collapse"><tr><th align="left">Listing</th><th>Was</th><th>Now</th><th>Drop</th></tr>${dropRows}</table>`
      : '',
    ...charts.map((chart) => `<h3>${escapeHtml(chart.title)}</h3><img src="cid:${escapeHtml(chart.cid)}" alt="${escapeHtml(chart.title)}" width="${Math.min(chart.widthPx, 600)}">`),
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
