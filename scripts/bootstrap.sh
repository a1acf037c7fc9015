#!/usr/bin/env bash
# Installs the project's Node dependencies (Node 22 comes from the `node` package into node_modules/.bin).
# Cheap when nothing changed: re-installs only when package-lock.json differs from the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.xecu-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/node ]; then exit 0; fi
echo "bootstrap: npm ci (cache in .npm-cache)…" >&2
npm ci --no-audit --no-fund --loglevel=error
if ! node_modules/.bin/node --version | grep -q '^v2[2-9]'; then
  echo "bootstrap: node_modules/.bin/node is not Node ≥ 22 — the 'node' package's install script did not run" >&2
  exit 1
fi
echo "$want" > "$stamp"
