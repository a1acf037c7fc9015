'use strict';
/**
 * Package patterns that ship a module and its runtime dependency closure, as installed in node_modules, inside one
 * function's zip.
 *
 * Why not serverless-esbuild's `external`: for externals it runs `npm ci` on the whole project lock in
 * .esbuild/.build, which needs the registry (packaging must work offline) and installs every package only to prune
 * them again. The modules are already installed here; copying their folders is exact and offline.
 *
 * serverless.yml: `package.patterns: ${file(resources/function-node-modules.cjs):scrape}` on the scrape function,
 * with the module listed under `custom.esbuild.exclude` so esbuild leaves the `require` alone.
 */
const fs = require('node:fs');
const path = require('node:path');

const SERVICE_DIR = path.resolve(__dirname, '..');

/** Finds `name` the way Node does from `fromDir`: the nearest node_modules/<name> walking up. */
function findPackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === SERVICE_DIR || dir === path.dirname(dir)) return null;
  }
}

/** Folders (relative to the service) of `roots` and everything they need at run time. */
function dependencyClosure(roots) {
  const seen = new Set();
  const visit = (name, fromDir, optional) => {
    const dir = findPackageDir(name, fromDir);
    if (!dir) {
      if (optional) return;
      throw new Error(`${name} is not installed (needed from ${path.relative(SERVICE_DIR, fromDir) || '.'})`);
    }
    if (seen.has(dir)) return;
    seen.add(dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir, false);
    // Optional dependencies (platform shims such as bare-fs) ship only when installed.
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const root of roots) visit(root, SERVICE_DIR, false);
  return [...seen].map((dir) => path.relative(SERVICE_DIR, dir).split(path.sep).join('/')).sort();
}

function patternsFor(roots) {
  return dependencyClosure(roots).map((dir) => `${dir}/**`);
}

/** The scrape function: Chromium for Lambda (its brotli archives in bin/ must stay files next to the module). */
const scrape = () => patternsFor(['@sparticuz/chromium']);

/** The export function: resvg's native binding (the chart PNGs), a .node file esbuild cannot bundle. */
const exportFunction = () => patternsFor(['@resvg/resvg-js']);

module.exports = { scrape, exportFunction, patternsFor, dependencyClosure };
