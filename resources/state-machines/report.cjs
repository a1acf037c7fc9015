'use strict';
/**
 * Feeds resources/state-machines/report.asl.json to serverless-step-functions, as ingest.cjs does for ingest.
 *
 * serverless.yml: `definition: ${file(resources/state-machines/report.cjs):definition}`.
 * Each `${XxxFunctionArn}` placeholder becomes `{ 'Fn::GetAtt': [<osls logical id>, 'Arn'] }`.
 *
 * Match, Export and Notify are built by other parts of the project (functions/match, functions/export,
 * functions/notify). While a function's handler does not exist, its Task state is deployed as a Pass state that
 * returns `{ available: false, task, reason }` — what the offline runtime returns for a missing step — so the
 * report deploys and runs without it and says so, instead of failing on a GetAtt of a function that is not there.
 */
const fs = require('node:fs');
const path = require('node:path');
const { substitute } = require('./ingest.cjs');

const ASL_PATH = path.join(__dirname, 'report.asl.json');
const PROJECT_ROOT = path.join(__dirname, '..', '..');

/** Placeholder name → logical id osls gives the function (`refresh-marts` → `RefreshDashmartsLambdaFunction`). */
const FUNCTION_LOGICAL_IDS = Object.freeze({
  WaitForLoadsFunctionArn: 'WaitDashforDashloadsLambdaFunction',
  RefreshMartsFunctionArn: 'RefreshDashmartsLambdaFunction',
  MatchFunctionArn: 'MatchLambdaFunction',
  ExportFunctionArn: 'ExportLambdaFunction',
  NotifyFunctionArn: 'NotifyLambdaFunction',
});

/** The steps other owners provide: placeholder → the handler file whose existence means the function is deployed. */
const OPTIONAL_FUNCTIONS = Object.freeze({
  MatchFunctionArn: { task: 'match', handler: 'functions/match/handler.ts' },
  ExportFunctionArn: { task: 'export', handler: 'functions/export/handler.ts' },
  NotifyFunctionArn: { task: 'notify', handler: 'functions/notify/handler.ts' },
});

function readAsl() {
  return JSON.parse(fs.readFileSync(ASL_PATH, 'utf8'));
}

/** Placeholders whose function is not in this checkout (`root` is the project folder). */
function missingFunctions(root = PROJECT_ROOT) {
  return Object.keys(OPTIONAL_FUNCTIONS).filter((name) => !fs.existsSync(path.join(root, OPTIONAL_FUNCTIONS[name].handler)));
}

/** The ASL with each Task whose function is missing replaced by a Pass state returning the "not available" result. */
function withoutMissingFunctions(asl, missing) {
  const states = {};
  for (const [name, state] of Object.entries(asl.States)) {
    const placeholder = typeof state.Resource === 'string' ? (/^\$\{([A-Za-z0-9]+)\}$/.exec(state.Resource) || [])[1] : undefined;
    if (state.Type === 'Task' && placeholder && missing.includes(placeholder)) {
      const optional = OPTIONAL_FUNCTIONS[placeholder];
      states[name] = {
        Type: 'Pass',
        Comment: `${optional.handler} is not in this deployment: the ${optional.task} step is skipped.`,
        Result: { available: false, task: optional.task, reason: `not available: ${optional.handler} is not deployed` },
        ResultPath: state.ResultPath,
        Next: state.Next,
      };
    } else {
      states[name] = state;
    }
  }
  return { ...asl, States: states };
}

/**
 * The definition as serverless-step-functions wants it: Task resources as Fn::GetAtt on the osls functions.
 * Serverless calls it with its own argument object; only a string (tests) names another project folder.
 */
function definition(root) {
  const missing = missingFunctions(typeof root === 'string' ? root : PROJECT_ROOT);
  const substitutions = Object.fromEntries(
    Object.entries(FUNCTION_LOGICAL_IDS)
      .filter(([name]) => !missing.includes(name))
      .map(([name, logicalId]) => [name, { 'Fn::GetAtt': [logicalId, 'Arn'] }]),
  );
  return substitute(withoutMissingFunctions(readAsl(), missing), substitutions, { escapeForSub: true });
}

module.exports = { definition, readAsl, missingFunctions, withoutMissingFunctions, FUNCTION_LOGICAL_IDS, OPTIONAL_FUNCTIONS, ASL_PATH };
