import path from 'node:path';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { INGEST_TASK_STATES, ingestTasks } from '../../shared/steps/tasks';
import { REPORT_TASK_STATES, reportTasks } from '../../shared/steps/report/report-tasks';
import { loadIngestDefinition } from '../runtime/ingest-definition';
import { loadReportDefinition } from '../runtime/report-definition';
import { LOCAL_BUCKETS, type LocalEnvironment } from '../runtime/local-environment';

export const SFN_SERVER_REGION = 'ap-southeast-1';
export const SFN_SERVER_ACCOUNT = '000000000000';

export const OFFLINE_INGEST_ARN = `arn:aws:states:${SFN_SERVER_REGION}:${SFN_SERVER_ACCOUNT}:stateMachine:xecu-offline-ingest`;
export const OFFLINE_REPORT_ARN = `arn:aws:states:${SFN_SERVER_REGION}:${SFN_SERVER_ACCOUNT}:stateMachine:xecu-offline-report`;

/** A task state's function: the same one its Lambda handler calls, with the offline ports. */
export type TaskHandler = (input: unknown) => Promise<unknown>;

/** A state machine the server runs: the deployed ASL file and, per Task state, the step it calls. */
export interface LocalMachine {
  arn: string;
  name: string;
  kind: 'ingest' | 'report';
  definition: StateMachineDefinition;
  handlers: Record<string, TaskHandler>;
  createdAt: Date;
}

/**
 * The ingest and report machines wired exactly as `xecu run` and `xecu report` wire them: the ASL files
 * serverless.yml deploys (placeholders filled by the runtime's loaders) and the task maps of shared/steps.
 */
export function localMachines(env: LocalEnvironment, createdAt = new Date()): LocalMachine[] {
  const ingestHandlers: Record<string, TaskHandler> = {};
  for (const [stateName, { task }] of Object.entries(INGEST_TASK_STATES)) {
    ingestHandlers[stateName] = (input) => ingestTasks[task](input, env.deps);
  }
  const reportDeps = {
    warehouse: env.warehouse,
    objectStore: env.objectStore,
    log: env.deps.log,
    exportsBucket: LOCAL_BUCKETS.exports,
    home: env.home,
    tmpDir: path.join(env.home, 'tmp'),
  };
  const reportHandlers: Record<string, TaskHandler> = {};
  for (const [stateName, { task }] of Object.entries(REPORT_TASK_STATES)) {
    reportHandlers[stateName] = (input) => reportTasks[task](input, reportDeps);
  }
  return [
    { arn: OFFLINE_INGEST_ARN, name: 'xecu-offline-ingest', kind: 'ingest', definition: loadIngestDefinition(), handlers: ingestHandlers, createdAt },
    { arn: OFFLINE_REPORT_ARN, name: 'xecu-offline-report', kind: 'report', definition: loadReportDefinition(), handlers: reportHandlers, createdAt },
  ];
}
