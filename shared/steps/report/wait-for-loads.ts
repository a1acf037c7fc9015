import { silentLog, type Log } from '../../ports/log';
import type { Warehouse } from '../../ports/warehouse';
import { loadSql } from '../../sql';
import type { ReportState, WaitForLoadsResult } from './report-state';

/** A batch unfinished for longer than this is stuck (its execution died), not loading: the report does not wait. */
export const STALE_AFTER_HOURS = 6;

export interface WaitForLoadsDependencies {
  warehouse: Warehouse;
  log?: Log;
  now?: () => Date;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, as ops.batches stores its timestamps. */
function utcTimestamp(at: Date): string {
  return at.toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * wait-for-loads: one look at ops.batches for loads still under way. The waiting itself is the state machine's
 * (Wait → this → Choice), bounded there, so no Lambda sits idle.
 */
export async function waitForLoads(state: Pick<ReportState, 'loads'>, deps: WaitForLoadsDependencies): Promise<WaitForLoadsResult> {
  const now = (deps.now ?? (() => new Date()))();
  const notBefore = new Date(now.getTime() - STALE_AFTER_HOURS * 3_600_000);
  const [row] = await deps.warehouse.query<{ pending: number | string | null; stuck: number | string | null }>(loadSql('marts/pending_loads'), {
    not_before: utcTimestamp(notBefore),
  });
  const result: WaitForLoadsResult = {
    pending: Number(row?.pending ?? 0),
    stuck: Number(row?.stuck ?? 0),
    polls: (state.loads?.polls ?? 0) + 1,
    checkedAt: now.toISOString(),
  };
  (deps.log ?? silentLog).info('pending loads', result);
  return result;
}
