import { ingestTaskHandler } from '../runtime/task-handler';

/** The ingest state machine's clean task (see shared/steps/tasks.ts). */
export const handler = ingestTaskHandler('clean');
