#!/usr/bin/env bash
# `make airflow`: a local Airflow (standalone: scheduler, DAG processor, triggerer, API server with the UI) on
# http://127.0.0.1:8080 with the DAGs of dags/, against `xecu sfn-server` (127.0.0.1:8083) and the chotot/xetot
# fixture sites (127.0.0.1:8701/8702), all offline, on the home .xecu (XECU_HOME) and AIRFLOW_HOME .airflow.
# Airflow prints the login (user admin; the password is also in .airflow/simple_auth_manager_passwords.json.generated).
# Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
export PATH="$repo/.venv-airflow/bin:$repo/node_modules/.bin:$PATH"  # standalone starts airflow subcommands from PATH
xecu_home=$(realpath -m "${XECU_HOME:-$repo/.xecu}")
export AIRFLOW_HOME=$(realpath -m "${AIRFLOW_HOME:-$repo/.airflow}")
mkdir -p "$AIRFLOW_HOME" "$xecu_home"
sfn_port=${SFN_SERVER_PORT:-8083}

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

node bin/xecu.mjs sfn-server --port "$sfn_port" --home "$xecu_home" > "$AIRFLOW_HOME/sfn-server.json" &
pids+=($!)
node bin/xecu.mjs fixture-sites --chotot-port 8701 --xetot-port 8702 > "$AIRFLOW_HOME/fixture-sites.json" &
pids+=($!)
for _ in $(seq 60); do
  [ -s "$AIRFLOW_HOME/sfn-server.json" ] && [ -s "$AIRFLOW_HOME/fixture-sites.json" ] && break
  sleep 1
done
[ -s "$AIRFLOW_HOME/sfn-server.json" ] || { echo "local-airflow: xecu sfn-server did not start" >&2; exit 1; }
echo "local-airflow: $(cat "$AIRFLOW_HOME/sfn-server.json")" >&2

export AIRFLOW__CORE__DAGS_FOLDER="$repo/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__API__HOST=127.0.0.1
export AIRFLOW__API__PORT=8080
export AIRFLOW_CONN_XECU_AWS="{\"conn_type\": \"aws\", \"login\": \"sfn-server-key-id\", \"password\": \"sfn-server-dummy-secret\", \"extra\": {\"endpoint_url\": \"http://127.0.0.1:$sfn_port\", \"region_name\": \"ap-southeast-1\"}}"
fixture='"--allow-private-network", "--delay-ms", "0", "--max-rpm", "0", "--max-pages", "2"'
export AIRFLOW_VAR_XECU="{
  \"xecu_command\": \"$repo/node_modules/.bin/node $repo/bin/xecu.mjs\",
  \"xecu_env\": {\"XECU_HOME\": \"$xecu_home\"},
  \"upload\": \"file://$xecu_home/s3\",
  \"site_args\": {\"chotot\": [\"--base-url\", \"http://127.0.0.1:8701\", $fixture], \"xetot\": [\"--base-url\", \"http://127.0.0.1:8702\", $fixture]},
  \"sync_to\": \"$xecu_home/share\",
  \"landing\": \"file://$xecu_home/s3?bucket=xecu-local-landing&prefix=listings/\",
  \"report_poll_seconds\": 5
}"
.venv-airflow/bin/airflow standalone
