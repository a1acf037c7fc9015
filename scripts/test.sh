#!/usr/bin/env bash
# Every test: installs what it needs (npm packages, Python venv, PostgreSQL, Chromium), type-checks, lints,
# runs jest, and ends with one 'N passed, N failed' line.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
export SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off
bash scripts/bootstrap.sh
bash scripts/setup-python.sh
bash scripts/ensure-postgres.sh
bash scripts/ensure-chromium.sh
bash scripts/ensure-libreoffice.sh
bash scripts/lint.sh
mkdir -p .cache
rm -f .cache/jest-results.json
status=0
bash scripts/test-dags.sh || status=1
node node_modules/jest/bin/jest.js --ci --json --outputFile=.cache/jest-results.json "$@" || status=$?
node -e '
  const r = require("./.cache/jest-results.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
' || status=1
exit $status
