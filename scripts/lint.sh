#!/usr/bin/env bash
# One lint for the project: strict type-check, no focused/skipped tests, no AWS SDK import outside shared/adapters.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
tsc -p tsconfig.json --noEmit
fail=0
if grep -rnE '\b(it|test|describe)\.(only|skip)\b|\bf(it|describe)\(|\bx(it|describe|test)\(' tests/ --include='*.ts'; then
  echo "lint: focused or skipped tests (above)" >&2; fail=1
fi
if grep -rlE "from '@aws-sdk/" --include='*.ts' functions local scraper-onprem shared | grep -v '^shared/adapters/'; then
  echo "lint: AWS SDK imported outside shared/adapters (above)" >&2; fail=1
fi
exit $fail
