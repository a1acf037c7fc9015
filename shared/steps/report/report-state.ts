import { z } from 'zod';
import { RefreshResultSchema } from '../marts/refresh-marts';

/**
 * Input of the report state machine (Airflow's StartExecution, `xecu report`). Unknown keys pass through: the
 * export and notify steps may read their own.
 */
export const ReportInputSchema = z
  .object({
    /** Run a full re-match (the `match` task) after the refresh, then refresh the marts that read matches again. */
    match: z.boolean().default(false),
    /** Recipients instead of the stage's sales list (offline: the .eml's To). */
    email: z.array(z.string().email()).optional(),
    /** Offline: a folder to copy the workbook to. */
    outDir: z.string().min(1).optional(),
    /** "removed" = not seen for this many days while the site was scraped since (marts.listing_status). */
    removedAfterDays: z.number().int().min(1).max(365).optional(),
    /** The day the report is for (Vietnam calendar day, YYYY-MM-DD); the export names its object after it. */
    reportDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  })
  .passthrough();
export type ReportInput = z.infer<typeof ReportInputSchema>;

export const WaitForLoadsResultSchema = z.object({
  /** Batches whose load is still under way (staged, touched within the last staleAfterHours). */
  pending: z.number().int().nonnegative(),
  /** Unfinished batches older than that: stuck, reported, not waited for. */
  stuck: z.number().int().nonnegative(),
  /** How many times the state machine has asked (its Choice stops waiting after a bound). */
  polls: z.number().int().positive(),
  checkedAt: z.string(),
});
export type WaitForLoadsResult = z.infer<typeof WaitForLoadsResultSchema>;

/** What a report task that is not installed (yet) returns instead of pretending it ran. */
export const TaskNotAvailableSchema = z.object({
  available: z.literal(false),
  task: z.string(),
  reason: z.string(),
});
export type TaskNotAvailable = z.infer<typeof TaskNotAvailableSchema>;

/** The state as it grows: $.loads (WaitForPendingLoads), $.refresh, $.matched, $.export, $.notify. */
export const ReportStateSchema = ReportInputSchema.extend({
  loads: WaitForLoadsResultSchema.optional(),
  refresh: RefreshResultSchema.optional(),
  matched: z.unknown().optional(),
  export: z.unknown().optional(),
  notify: z.unknown().optional(),
});
export type ReportState = z.infer<typeof ReportStateSchema>;
