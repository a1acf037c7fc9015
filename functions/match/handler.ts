import { ingestTaskHandler } from '../runtime/task-handler';

/**
 * Matching (shared/steps/match, matchTask): after a load, the batch matched incrementally (ingest Match state) or
 * its failure recorded (RecordMatchFailure, the load stays); a full re-match for the report ({ mode: 'full' }).
 */
export const handler = ingestTaskHandler('match');
