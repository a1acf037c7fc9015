/** Types of ingest.cjs (the ASL resolver serverless.yml and tests use). */
export type AslValue = string | number | boolean | null | AslValue[] | { [key: string]: AslValue };

/** Deep-copies `node`, replacing strings that are exactly `${Name}`; `escapeForSub` turns other `${` into `${!`. */
export function substitute<T>(node: AslValue, substitutions: Record<string, T>, options?: { escapeForSub?: boolean }): AslValue | T;
/** The ASL file as written, placeholders included. */
export function readAsl(): { StartAt: string; States: Record<string, { Type: string; Resource?: string } & Record<string, AslValue>> } & Record<string, AslValue>;
/** The definition with each placeholder as `{ 'Fn::GetAtt': [logicalId, 'Arn'] }`, escaped for Fn::Sub. */
export function definition(): AslValue;
/** Placeholder name → osls logical id of the function it stands for. */
export const FUNCTION_LOGICAL_IDS: Readonly<Record<string, string>>;
export const ASL_PATH: string;
