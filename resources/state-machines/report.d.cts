/** Types of report.cjs (the ASL resolver serverless.yml and tests use). */
import type { AslValue } from './ingest.cjs';

type AslDocument = { StartAt: string; States: Record<string, { Type: string; Resource?: string } & Record<string, AslValue>> } & Record<string, AslValue>;

/** The ASL file as written, placeholders included. */
export function readAsl(): AslDocument;
/** Placeholders of optional functions (match, export, notify) whose handler file is not under `root`. */
export function missingFunctions(root?: string): string[];
/** The ASL with each Task whose placeholder is in `missing` replaced by a Pass state returning `{ available: false, … }`. */
export function withoutMissingFunctions(asl: AslDocument, missing: readonly string[]): AslDocument;
/** The deployable definition: placeholders as `{ 'Fn::GetAtt': [logicalId, 'Arn'] }`, missing functions as Pass states. */
export function definition(root?: string): AslValue;
/** Placeholder name → osls logical id of the function it stands for. */
export const FUNCTION_LOGICAL_IDS: Readonly<Record<string, string>>;
export const OPTIONAL_FUNCTIONS: Readonly<Record<string, { task: string; handler: string }>>;
export const ASL_PATH: string;
