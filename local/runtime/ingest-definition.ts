import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { INGEST_TASK_STATES } from '../../shared/steps/tasks';

export const INGEST_ASL_PATH = path.resolve(__dirname, '../../resources/state-machines/ingest.asl.json');

/** The fake ARN a placeholder becomes offline; Task states are overridden by local handlers anyway. */
export function localFunctionArn(placeholder: string): string {
  const name = placeholder.replace(/FunctionArn$/, '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  return `arn:aws:lambda:ap-southeast-1:000000000000:function:xecu-local-${name}`;
}

/**
 * The ingest ASL file — the same one serverless.yml deploys — with its `${…FunctionArn}` placeholders filled with
 * local ARNs. Fails if the file names a placeholder the tasks do not know, so the two cannot drift apart.
 */
export function loadIngestDefinition(file = INGEST_ASL_PATH): StateMachineDefinition {
  const known = new Set(Object.values(INGEST_TASK_STATES).map((state) => state.placeholder));
  const text = readFileSync(file, 'utf8').replace(/\$\{([A-Za-z]+)\}/g, (_match, placeholder: string) => {
    if (!known.has(placeholder)) throw new Error(`${file}: unknown placeholder \${${placeholder}}`);
    return localFunctionArn(placeholder);
  });
  return JSON.parse(text) as StateMachineDefinition;
}
