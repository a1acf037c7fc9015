import { z } from 'zod';
import { ObjectRefSchema } from '../../contracts/object-ref';

/** A report's name: part of an S3 key and a file name, so a short lowercase slug. */
export const ReportNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'report name: lowercase letters, digits and -');

/** The Export task's input: the report state machine's state (other fields pass through untouched). */
export const ExportInputSchema = z
  .object({
    report: ReportNameSchema.default('sales'),
    /** The report's date (UTC day) in the key; default: the day the export runs. */
    reportDate: z.iso.date().optional(),
    /** Thresholds the marts and matching used, shown on the About sheet (e.g. {"lead band": "p ≥ 0.9"}). */
    thresholds: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .loose();
export type ExportInput = z.infer<typeof ExportInputSchema>;

export const PriceDropSummarySchema = z.object({
  title: z.string(),
  url: z.string().nullable(),
  firstPriceVnd: z.number().nullable(),
  priceVnd: z.number().nullable(),
  dropVnd: z.number(),
  daysToFirstDrop: z.number().nullable(),
});
export type PriceDropSummary = z.infer<typeof PriceDropSummarySchema>;

export const ChartRefSchema = z.object({ title: z.string(), ref: ObjectRefSchema, widthPx: z.number(), heightPx: z.number() });
export type ChartRef = z.infer<typeof ChartRefSchema>;

/** What Export returns (≤ a few KB whatever the data: Step Functions payloads are ≤ 256 KB). */
export const ExportResultSchema = z.object({
  report: ReportNameSchema,
  reportDate: z.iso.date(),
  takenAt: z.iso.datetime(),
  workbook: ObjectRefSchema,
  workbookEtag: z.string().optional(),
  /** The workbook's size: for metrics, without a HEAD the export role has no right to. */
  workbookBytes: z.number().int().nonnegative(),
  sheets: z.array(z.object({ name: z.string(), table: z.string(), dataRows: z.number().int().nonnegative() })),
  leads: z.number().int().nonnegative(),
  /** Leads whose listing appeared in the last 7 days. */
  newLeads: z.number().int().nonnegative(),
  prospects: z.number().int().nonnegative(),
  topPriceDrops: z.array(PriceDropSummarySchema).max(10),
  charts: z.array(ChartRefSchema),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;
