import * as nodeModule from 'node:module';
import type * as PgliteModule from '@electric-sql/pglite';

type NodeModuleLoader = { _load(request: string, parent: unknown, isMain: boolean): unknown };

/**
 * PGlite boots by dynamic `import()` of Node built-ins. Jest runs code in a vm sandbox that rejects `import()`
 * (unless node runs with --experimental-vm-modules), so PGlite is loaded through Node's own module loader rather
 * than the sandbox's require. Outside Jest this is the ordinary require of the same file.
 */
export function loadPglite(): typeof PgliteModule {
  const loader = nodeModule.Module as unknown as NodeModuleLoader;
  return loader._load(require.resolve('@electric-sql/pglite'), null, false) as typeof PgliteModule;
}
