#!/usr/bin/env node
// Runs one TypeScript file (a script or benchmark) with tsx: `node bin/run-ts.mjs bench/x.ts args…`.
import { register } from 'tsx/esm/api';
import { register as registerCommonJs } from 'tsx/cjs/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
// The package is CommonJS: TypeScript files are loaded through require, so both hooks are needed.
register();
registerCommonJs();
const [, , script, ...rest] = process.argv;
if (!script) { console.error('usage: run-ts <file.ts> [args…]'); process.exit(2); }
process.argv = [process.argv[0], path.resolve(script), ...rest];
await import(pathToFileURL(path.resolve(script)).href);
