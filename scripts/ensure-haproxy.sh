#!/usr/bin/env bash
# Makes sure HAProxy, which the tests of several servers put in front of them, is installed: Debian's `haproxy`
# package (/usr/sbin/haproxy), or HAPROXY_PATH. Installs it with apt when running as root; otherwise explains how.
# Called by the root `pretest`. The tests run their own haproxy with a generated configuration, not the service.
set -euo pipefail

haproxy_path="${HAPROXY_PATH:-/usr/sbin/haproxy}"
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

if [ ! -x "$haproxy_path" ] && [ "$haproxy_path" = /usr/sbin/haproxy ] && can_apt; then
  echo "ensure-haproxy: haproxy is missing; installing Debian's haproxy package (less than a minute)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends haproxy
fi

if [ ! -x "$haproxy_path" ]; then
  cat >&2 <<MESSAGE
ensure-haproxy: no haproxy at $haproxy_path; the tests of several servers put it in front of them.
  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y haproxy
  Elsewhere:      install HAProxy 2.4 or newer and point HAPROXY_PATH at its binary.
MESSAGE
  exit 1
fi
