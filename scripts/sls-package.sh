#!/usr/bin/env bash
# Packages the AWS stack offline: `sls package` (osls) into .serverless/, with no AWS credentials, a scratch HOME
# and Node 22 from node_modules/.bin. Used by tests/infra and CI; nothing here talks to AWS.
#   scripts/sls-package.sh [stage] [region]      (defaults: ci ap-southeast-1)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
stage="${1:-ci}"
region="${2:-ap-southeast-1}"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Killed (a test's timeout, Ctrl-C): still run the EXIT cleanup.
trap 'exit 143' TERM
trap 'exit 130' INT
scratch_home="$scratch/home"
# serverless-esbuild stages every function's zip in os.tmpdir() (<fn>-<pid>-<ms>-<hex>, ~130 MB a run) and never
# removes it; osls keeps its own temp files there too. A TMPDIR inside the scratch dir goes away with it.
scratch_tmp="$scratch/tmp"
mkdir -p "$scratch_home" "$scratch_tmp"

# Only what packaging needs survives: no AWS_* variables, no profile, no shared credentials file.
env_args=(
  "HOME=$scratch_home"
  "TMPDIR=$scratch_tmp"
  "PATH=$root/node_modules/.bin:/usr/local/bin:/usr/bin:/bin"
  "LANG=${LANG:-C.UTF-8}"
  # osls has no telemetry or update checks; CI=1 keeps it non-interactive and plain-text.
  "CI=1"
  "AWS_SDK_LOAD_CONFIG=0"
  "AWS_EC2_METADATA_DISABLED=true"
  # If a packager install runs (serverless-esbuild externals), it must use the project's npm cache offline.
  "npm_config_cache=$root/.npm-cache"
  "npm_config_offline=true"
  "npm_config_update_notifier=false"
  "npm_config_fund=false"
  "npm_config_audit=false"
)
[[ -n "${SLS_LOG_LEVEL:-}" ]] && env_args+=("SLS_LOG_LEVEL=$SLS_LOG_LEVEL")

# .serverless/ and .esbuild/ are shared by everyone working in this checkout: one packaging at a time.
exec 9>"${TMPDIR:-/tmp}/xecu-sls-package.lock"
flock 9
rm -rf .serverless
start=$(date +%s)
# A failing plugin can leave osls waiting on esbuild's service process: bound the run instead of hanging CI.
env -i "${env_args[@]}" timeout --kill-after=10 "${SLS_PACKAGE_TIMEOUT:-600}" \
  "$root/node_modules/.bin/sls" package --stage "$stage" --region "$region"
echo "sls package (stage $stage, region $region) took $(( $(date +%s) - start ))s" >&2
