#!/usr/bin/env bash
# Makes sure LibreOffice Calc is installed, so the workbook tests can open and convert the .xlsx with a real
# spreadsheet program (`soffice --headless --convert-to …`). Idempotent; serialised with the project's install
# lock so parallel test setups do not run apt-get twice. Prints the version on success.
set -euo pipefail

lock="${XECU_INSTALL_LOCK:-/tmp/xecu-npm.lock}"

if command -v soffice >/dev/null; then
  soffice --version 2>/dev/null | head -n 1 || true
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "apt-get not found: install LibreOffice Calc yourself (soffice must be on PATH)" >&2
  exit 1
fi
sudo_cmd=()
if [[ "$(id -u)" != "0" ]]; then
  # -n: never prompt. In CI or a test setup there is no one to type a password, and a prompt would hang the run.
  if ! command -v sudo >/dev/null || ! sudo -n true 2>/dev/null; then
    echo "installing libreoffice-calc needs root: run this script as root or with passwordless sudo (sudo -n failed)," >&2
    echo "or install it yourself (apt-get install libreoffice-calc) so that soffice is on PATH" >&2
    exit 1
  fi
  sudo_cmd=(sudo -n)
fi

# Holding the lock for the whole install: a second caller waits, then finds the binary and exits early.
exec 9>"$lock"
flock 9
if ! command -v soffice >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends libreoffice-calc
fi
flock -u 9
soffice --version 2>/dev/null | head -n 1 || true
