#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries that the repository and server tests start a throwaway cluster with are
# installed: Debian's `postgresql` package (initdb, pg_ctl and postgres under /usr/lib/postgresql/<version>/bin), or
# EXAMROOM_PG_BIN pointing at such a directory. Installs it with apt when running as root; otherwise explains how.
# Called by the root `pretest`. Installing the package starts no cluster that the tests use: they make their own.
set -euo pipefail

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
found() {
  if [ -n "${EXAMROOM_PG_BIN:-}" ]; then [ -x "$EXAMROOM_PG_BIN/initdb" ]; else compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; fi
}

if ! found && [ -z "${EXAMROOM_PG_BIN:-}" ] && can_apt; then
  echo "ensure-postgres: PostgreSQL is missing; installing Debian's postgresql package (about 1 minute)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends postgresql
fi

if ! found; then
  cat >&2 <<MESSAGE
ensure-postgres: no PostgreSQL server binaries (initdb, pg_ctl) in ${EXAMROOM_PG_BIN:-/usr/lib/postgresql/*/bin}; the tests start a throwaway cluster with them.
  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y postgresql
  Elsewhere:      install PostgreSQL 13 or newer and point EXAMROOM_PG_BIN at the directory holding initdb and pg_ctl.
MESSAGE
  exit 1
fi
