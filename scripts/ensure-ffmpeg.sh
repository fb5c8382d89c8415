#!/usr/bin/env bash
# Makes sure the ffmpeg and ffprobe that the browser tests check every recording with are installed: Debian's
# `ffmpeg` package (/usr/bin/ffmpeg, /usr/bin/ffprobe), or FFMPEG_PATH and FFPROBE_PATH. Installs it with apt when
# running as root; otherwise explains how. Called next to scripts/ensure-chromium.sh (root `pretest`) and by the
# browser tests' set-up when ffprobe is missing.
set -euo pipefail

ffmpeg_path="${FFMPEG_PATH:-/usr/bin/ffmpeg}"
ffprobe_path="${FFPROBE_PATH:-/usr/bin/ffprobe}"
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

if [ ! -x "$ffmpeg_path" ] || [ ! -x "$ffprobe_path" ]; then
  if [ "$ffmpeg_path" = /usr/bin/ffmpeg ] && [ "$ffprobe_path" = /usr/bin/ffprobe ] && can_apt; then
    echo "ensure-ffmpeg: ffmpeg or ffprobe is missing; installing Debian's ffmpeg package (about 1-2 minutes)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends ffmpeg
  fi
fi

if [ ! -x "$ffmpeg_path" ] || [ ! -x "$ffprobe_path" ]; then
  cat >&2 <<MESSAGE
ensure-ffmpeg: no ffmpeg at $ffmpeg_path or no ffprobe at $ffprobe_path; the browser tests check recordings with them.
  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y ffmpeg
  Elsewhere:      install ffmpeg and point FFMPEG_PATH and FFPROBE_PATH at its binaries.
MESSAGE
  exit 1
fi
