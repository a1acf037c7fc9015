#!/usr/bin/env node
// The `xecu` CLI runs the TypeScript sources through tsx, so a clone needs no build step.
import { register } from 'tsx/esm/api';
import { register as registerCommonJs } from 'tsx/cjs/api';
// The package is CommonJS: TypeScript files are loaded through require, so both hooks are needed.
register();
registerCommonJs();
const { main } = await import('../local/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
