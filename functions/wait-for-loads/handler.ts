import { reportTaskHandler } from '../refresh-marts/report-task-handler';

/** The report's WaitForPendingLoads: one look at ops.batches for loads still under way. */
export const handler = reportTaskHandler('wait-for-loads');
