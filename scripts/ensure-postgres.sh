#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries (initdb, pg_ctl) exist for tests that start throwaway clusters
# (tests/support/postgres-server.ts). Installs Debian's postgresql package when missing, then stops and disables
# the cluster Debian creates on install: the tests only use their own temp data directories.
set -euo pipefail

have_initdb() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null
}

if ! have_initdb; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed; run this script as root (apt-get)." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends postgresql
fi

# Debian's default cluster (e.g. 15/main) may have been started by the install: stop it and keep it from starting.
if command -v pg_lsclusters > /dev/null; then
  pg_lsclusters --no-header 2> /dev/null | while read -r version cluster _rest; do
    if [ "$(id -u)" -eq 0 ]; then
      pg_ctlcluster "$version" "$cluster" stop > /dev/null 2>&1 || true
      conf="/etc/postgresql/$version/$cluster/start.conf"
      if [ -f "$conf" ] && [ "$(tr -d '[:space:]' < "$conf")" != "disabled" ]; then
        echo disabled > "$conf"
      fi
    fi
  done
fi

have_initdb
