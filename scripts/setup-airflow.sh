#!/usr/bin/env bash
# Creates .venv-airflow: Airflow 3 + apache-airflow-providers-amazon + pytest, from the pinned lock file, for the
# DAG tests and `make airflow`. Apart from .venv because Airflow pins its own versions of many libraries.
# Cheap when nothing changed (stamp of the lock file); pip's cache stays in .cache/pip.
set -euo pipefail
cd "$(dirname "$0")/.."
lock=scripts/requirements-airflow.lock
stamp=.venv-airflow/.requirements.sha
want=$(sha256sum "$lock" | cut -d' ' -f1)
if [ -x .venv-airflow/bin/airflow ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
echo "setup-airflow: installing Airflow into .venv-airflow (about a minute)…" >&2
rm -rf .venv-airflow
python3 -m venv .venv-airflow
.venv-airflow/bin/pip install --quiet --disable-pip-version-check --cache-dir .cache/pip -r "$lock"
echo "$want" > "$stamp"
