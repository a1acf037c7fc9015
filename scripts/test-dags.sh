#!/usr/bin/env bash
# The Airflow DAG tests (dags/tests): installs .venv-airflow from the pinned lock file (setup-airflow.sh; quick when
# unchanged), then pytest under a throwaway AIRFLOW_HOME the tests make (SQLite, airflow db migrate), with
# `xecu sfn-server` and the fixture sites started by the tests on 127.0.0.1. Needs the npm packages and Chromium
# (scripts/bootstrap.sh, scripts/ensure-chromium.sh). pytest's exit code 5 (no tests collected) is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-airflow.sh
status=0
.venv-airflow/bin/python -m pytest dags/tests -q -p no:cacheprovider -W ignore::DeprecationWarning "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "test-dags: pytest collected no tests under dags/tests" >&2
  exit 1
fi
exit "$status"
