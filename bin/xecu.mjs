#!/usr/bin/env node
// The `xecu` CLI runs the TypeScript sources through tsx, so a clone needs no build step.
if (Number(process.versions.node.split('.')[0]) < 22) {
  console.error(`xecu needs Node ≥ 22 (this is ${process.version}): run it as 'npx xecu …', or put node_modules/.bin first on PATH (bash scripts/bootstrap.sh installs it).`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
const { register: registerCommonJs } = await import('tsx/cjs/api');
// The package is CommonJS: TypeScript files are loaded through require, so both hooks are needed.
register();
registerCommonJs();
const { main } = await import('../local/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
