#!/usr/bin/env node
// The `xecu` CLI runs the TypeScript sources through tsx, so a clone needs no build step.
import { register } from 'tsx/esm/api';
register();
await import('../local/cli/main.ts');
