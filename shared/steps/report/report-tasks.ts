import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Log } from '../../ports/log';
import type { ObjectStore } from '../../ports/object-store';
import type { Warehouse } from '../../ports/warehouse';
import { refreshMarts, refreshMartsStatus, type RefreshResult } from '../marts/refresh-marts';
import { ReportStateSchema, type ReportState, type TaskNotAvailable, type WaitForLoadsResult } from './report-state';
import { waitForLoads } from './wait-for-loads';

/** What the report tasks need, in AWS and offline alike. Optional steps (match, export, notify) get the same. */
export interface ReportDependencies {
  warehouse: Warehouse;
  objectStore: ObjectStore;
  log: Log;
  /** The exports bucket (workbooks under reports/). */
  exportsBucket: string;
  /** Offline only: XECU_HOME (the outbox for .eml files lives under it). */
  home?: string;
  tmpDir?: string;
  now?: () => Date;
}

/** What the report's own tasks (wait-for-loads, refresh-marts) use: the warehouse only. */
export type ReportWarehouseDependencies = Pick<ReportDependencies, 'warehouse' | 'log' | 'now'>;

/** A report task: the state so far in, its own result out (the ASL puts it under its ResultPath). */
export type ReportTask = (input: unknown, deps: ReportDependencies) => Promise<unknown>;

/**
 * Steps other engineers build (shared/steps/<folder>/). One is available when `shared/steps/<folder>/index.ts`
 * exists and exports a ReportTask named `<folder>Task` (matchTask, exportTask, notifyTask); until then the task
 * returns a TaskNotAvailable result (never a fake success) and the ASL goes on without it.
 */
export const OPTIONAL_REPORT_TASKS = {
  match: { folder: 'match', exportName: 'matchTask' },
  export: { folder: 'export', exportName: 'exportTask' },
  notify: { folder: 'notify', exportName: 'notifyTask' },
} as const;
export type OptionalReportTaskName = keyof typeof OPTIONAL_REPORT_TASKS;

const STEPS_DIR = path.resolve(__dirname, '..');

/** The implementation of an optional task, or why there is none. Looked up when the task runs (not at import). */
export function resolveOptionalTask(name: OptionalReportTaskName, stepsDir = STEPS_DIR): ReportTask | TaskNotAvailable {
  const { folder, exportName } = OPTIONAL_REPORT_TASKS[name];
  const dir = path.join(stepsDir, folder);
  const entry = ['index.ts', 'index.js'].map((file) => path.join(dir, file)).find((file) => existsSync(file));
  if (!entry) return { available: false, task: name, reason: `not available: shared/steps/${folder}/index.ts does not exist yet` };
  // Looked up at run time, not imported: the module may not exist yet.
  const loaded = require(entry) as Record<string, unknown>;
  const task = loaded[exportName];
  if (typeof task !== 'function') {
    return { available: false, task: name, reason: `not available: shared/steps/${folder}/index.ts exports no ${exportName}` };
  }
  return task as ReportTask;
}

function optionalTask(name: OptionalReportTaskName): ReportTask {
  return async (input, deps) => {
    const resolved = resolveOptionalTask(name);
    if (typeof resolved !== 'function') {
      deps.log.warn('report task skipped', { task: name, reason: resolved.reason });
      return resolved;
    }
    return resolved(input, deps);
  };
}

/** The refresh's options from the state: a second pass (after a re-match) refreshes only the models reading matches. */
const RUNNING_STATES: ReadonlySet<string> = new Set(['SUBMITTED', 'PICKED', 'STARTED']);

function refreshOptions(state: ReportState) {
  const matched = state.matched as { available?: boolean } | undefined;
  const previous = state.refresh;
  const resubmit = previous !== undefined && previous.state !== 'FINISHED';
  return {
    ...(state.removedAfterDays === undefined ? {} : { removedAfterDays: state.removedAfterDays }),
    scope: matched !== undefined && matched.available !== false ? ('matches' as const) : ('all' as const),
    attempt: resubmit ? previous.attempt + 1 : 1,
  };
}

/**
 * The report state machine's Task states, by function name. Lambda handlers (functions/wait-for-loads,
 * functions/refresh-marts) and the offline runtime (local/runtime/report-definition.ts) both call these.
 */
export const reportTasks = {
  'wait-for-loads': async (input: unknown, deps: ReportWarehouseDependencies): Promise<WaitForLoadsResult> =>
    waitForLoads(ReportStateSchema.parse(input), { warehouse: deps.warehouse, log: deps.log, ...(deps.now ? { now: deps.now } : {}) }),
  /**
   * Advances the refresh: submits one when none is running (first pass; again after a serializable abort; the
   * matches-only pass after a re-match), else one DescribeStatement of the running one. RefreshMarts and
   * CheckRefresh are both this function, so the one Lambda that submits a statement also follows it.
   */
  'refresh-marts': async (input: unknown, deps: ReportWarehouseDependencies): Promise<RefreshResult> => {
    const state = ReportStateSchema.parse(input);
    const running = state.refresh !== undefined && RUNNING_STATES.has(state.refresh.state);
    return running && state.refresh ? refreshMartsStatus(state.refresh, deps) : refreshMarts(refreshOptions(state), deps);
  },
  match: optionalTask('match'),
  export: optionalTask('export'),
  notify: optionalTask('notify'),
} as const satisfies Record<string, ReportTask>;

export type ReportTaskName = keyof typeof reportTasks;

/** The ASL's Task states, the task each runs and its `${…FunctionArn}` placeholder. */
export const REPORT_TASK_STATES: Record<string, { task: ReportTaskName; placeholder: string }> = {
  WaitForPendingLoads: { task: 'wait-for-loads', placeholder: 'WaitForLoadsFunctionArn' },
  RefreshMarts: { task: 'refresh-marts', placeholder: 'RefreshMartsFunctionArn' },
  CheckRefresh: { task: 'refresh-marts', placeholder: 'RefreshMartsFunctionArn' },
  Match: { task: 'match', placeholder: 'MatchFunctionArn' },
  Export: { task: 'export', placeholder: 'ExportFunctionArn' },
  Notify: { task: 'notify', placeholder: 'NotifyFunctionArn' },
};
