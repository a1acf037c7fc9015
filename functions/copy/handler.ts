import { ingestTaskHandler } from '../runtime/task-handler';

/** The ingest state machine's copy task (see shared/steps/tasks.ts). */
export const handler = ingestTaskHandler('copy');
