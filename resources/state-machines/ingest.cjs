'use strict';
/**
 * Feeds resources/state-machines/ingest.asl.json to serverless-step-functions without copying it into YAML.
 *
 * serverless.yml: `definition: ${file(resources/state-machines/ingest.cjs):definition}`.
 * Each `${XxxFunctionArn}` placeholder becomes `{ 'Fn::GetAtt': [<osls logical id>, 'Arn'] }`; the plugin then
 * turns the definition into `Fn::Sub` with those GetAtts as parameters, so CloudFormation fills in real ARNs.
 * The plugin has no DefinitionSubstitutions support (3.31), hence this resolver.
 */
const fs = require('node:fs');
const path = require('node:path');

const ASL_PATH = path.join(__dirname, 'ingest.asl.json');

/** Placeholder name → logical id osls gives the function (`statement-status` → `StatementDashstatus…`). */
const FUNCTION_LOGICAL_IDS = Object.freeze({
  CleanFunctionArn: 'CleanLambdaFunction',
  WriteManifestFunctionArn: 'WriteDashmanifestLambdaFunction',
  LoadFunctionArn: 'LoadLambdaFunction',
  StatementStatusFunctionArn: 'StatementDashstatusLambdaFunction',
  FailBatchFunctionArn: 'FailDashbatchLambdaFunction',
  MatchFunctionArn: 'MatchLambdaFunction',
});

const WHOLE_PLACEHOLDER = /^\$\{([A-Za-z0-9]+)\}$/;

/**
 * Deep-copies `node`, replacing every string that is exactly `${Name}` with `substitutions[Name]`.
 * With `escapeForSub`, any other `${` left in a string (the comments mention placeholders) becomes `${!`,
 * which Fn::Sub renders back as a literal `${` instead of failing on an unknown variable.
 */
function substitute(node, substitutions, { escapeForSub = false } = {}) {
  const recurse = (child) => substitute(child, substitutions, { escapeForSub });
  if (typeof node === 'string') {
    const match = WHOLE_PLACEHOLDER.exec(node);
    if (match) {
      const name = match[1];
      if (!Object.hasOwn(substitutions, name)) {
        throw new Error(`ingest.asl.json uses \${${name}} but no substitution is defined for it`);
      }
      return substitutions[name];
    }
    return escapeForSub ? node.replaceAll('${', '${!') : node;
  }
  if (Array.isArray(node)) return node.map(recurse);
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, recurse(value)]));
  }
  return node;
}

function readAsl() {
  return JSON.parse(fs.readFileSync(ASL_PATH, 'utf8'));
}

/** The definition as serverless-step-functions wants it: Task resources as Fn::GetAtt on the osls functions. */
function definition() {
  const substitutions = Object.fromEntries(
    Object.entries(FUNCTION_LOGICAL_IDS).map(([name, logicalId]) => [name, { 'Fn::GetAtt': [logicalId, 'Arn'] }]),
  );
  return substitute(readAsl(), substitutions, { escapeForSub: true });
}

module.exports = { definition, substitute, readAsl, FUNCTION_LOGICAL_IDS, ASL_PATH };
