#!/usr/bin/env bash
# Makes sure the public-domain pictures the face verifier is tested and benchmarked on are installed: Debian's
# python3-skimage (astronaut.png, camera.png, chelsea.png) and python-matplotlib-data (grace_hopper.jpg). Installs
# them with apt when running as root; otherwise explains how. Called next to scripts/ensure-ffmpeg.sh (root `pretest`)
# and by `npm run bench`. The face tests skip without them outside CI, and fail without them in CI.
set -euo pipefail

samples=(
  /usr/lib/python3/dist-packages/skimage/data/astronaut.png
  /usr/lib/python3/dist-packages/skimage/data/camera.png
  /usr/lib/python3/dist-packages/skimage/data/chelsea.png
  /usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg
)
missing() { for file in "${samples[@]}"; do [ -f "$file" ] || return 0; done; return 1; }
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

if missing && can_apt; then
  echo "ensure-face-samples: installing Debian's python3-skimage and python-matplotlib-data (the face test pictures)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends python3-skimage python-matplotlib-data
fi

if missing; then
  cat >&2 <<MESSAGE
ensure-face-samples: the face test pictures are missing (${samples[*]}).
  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y python3-skimage python-matplotlib-data
MESSAGE
  exit 1
fi
