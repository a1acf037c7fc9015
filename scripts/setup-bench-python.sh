#!/usr/bin/env bash
# Creates the bench venv (.venv-bench) with Splink + DuckDB for `npm run bench:match` (bench/splink_match.py).
# Its own venv, not the project's .venv: Splink pins sqlglot differently from the SQL parse tests' sqlglot.
# Re-running is cheap: it installs only when scripts/requirements-bench.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."
req=scripts/requirements-bench.txt
venv=.venv-bench
stamp=$venv/.requirements.sha
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x $venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
if ! python3 -m venv $venv; then
  # Debian splits venv out of python3; install it (we are root in CI) and try again.
  rm -rf $venv
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
  python3 -m venv $venv
fi
$venv/bin/pip install --quiet --disable-pip-version-check --cache-dir .cache/pip -r "$req"
echo "$want" > "$stamp"
