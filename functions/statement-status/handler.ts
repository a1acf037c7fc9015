import { ingestTaskHandler } from '../runtime/task-handler';

/** The ingest state machine's statement-status task (see shared/steps/tasks.ts). */
export const handler = ingestTaskHandler('statement-status');
