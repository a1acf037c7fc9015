import { ingestTaskHandler } from '../runtime/task-handler';

/** The ingest state machine's write-manifest task (see shared/steps/tasks.ts). */
export const handler = ingestTaskHandler('write-manifest');
