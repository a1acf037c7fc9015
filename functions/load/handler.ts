import { ingestTaskHandler } from '../runtime/task-handler';

/** The ingest state machine's load task: lock, COPY + MERGE submitted as one statement (see shared/steps/tasks.ts). */
export const handler = ingestTaskHandler('load');
