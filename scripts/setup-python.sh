#!/usr/bin/env bash
# Creates the project's Python venv (.venv) with the tools the tests use: moto_server (S3-compatible server),
# sqlglot (Redshift SQL parsing), cfn-lint. Re-running is cheap: it installs only when requirements changed.
set -euo pipefail
cd "$(dirname "$0")/.."
req=scripts/requirements-dev.txt
stamp=.venv/.requirements.sha
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check --cache-dir .cache/pip -r "$req"
echo "$want" > "$stamp"
