import { ingestTaskHandler } from '../runtime/task-handler';

/** The ingest state machine's fail-batch task (see shared/steps/tasks.ts). */
export const handler = ingestTaskHandler('fail-batch');
