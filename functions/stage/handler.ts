import { ingestTaskHandler } from '../runtime/task-handler';

/** The ingest state machine's stage task (see shared/steps/tasks.ts). */
export const handler = ingestTaskHandler('stage');
