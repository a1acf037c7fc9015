#!/usr/bin/env bash
# Makes sure a Chromium the scraper can drive is installed: Debian's `chromium` package at /usr/bin/chromium
# (or at $CHROMIUM_PATH when set). Idempotent; serialised with the project's install lock so parallel test
# setups do not run apt-get twice. Prints the browser version on success.
set -euo pipefail

target="${CHROMIUM_PATH:-/usr/bin/chromium}"
lock="${XECU_INSTALL_LOCK:-/tmp/xecu-npm.lock}"

if [[ -x "$target" ]]; then
  "$target" --version
  exit 0
fi
if [[ "$target" != "/usr/bin/chromium" ]]; then
  echo "CHROMIUM_PATH=$target is not an executable; unset it to install Debian's chromium" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "apt-get not found: install Chromium yourself and set CHROMIUM_PATH" >&2
  exit 1
fi
sudo_cmd=()
if [[ "$(id -u)" != "0" ]]; then
  # -n: never prompt. In CI or a test setup there is no one to type a password, and a prompt would hang the run.
  if ! command -v sudo >/dev/null || ! sudo -n true 2>/dev/null; then
    echo "installing chromium needs root: run this script as root or with passwordless sudo (sudo -n failed)," >&2
    echo "or install Chromium yourself (apt-get install chromium) and set CHROMIUM_PATH" >&2
    exit 1
  fi
  sudo_cmd=(sudo -n)
fi

# Holding the lock for the whole install: a second caller waits, then finds the binary and exits early.
exec 9>"$lock"
flock 9
if [[ ! -x "$target" ]]; then
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends chromium fonts-liberation
fi
flock -u 9
"$target" --version
