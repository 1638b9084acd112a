#!/usr/bin/env bash
# Ensures @vscode/vsce 4.1.0 (needs Node >= 22) is installed in the tool cache — never in the
# project's dependencies — and prints the path of its CLI on stdout. Idempotent.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${REWIND_CACHE:-/work/.cache}"
VSCE_VERSION="4.1.0"
DIR="$CACHE/vsce"
CLI="$DIR/node_modules/@vscode/vsce/vsce"
NODE24_BIN="$("$HERE/ensure-node24.sh")"
if [ ! -e "$CLI" ]; then
  mkdir -p "$DIR"
  exec 9>"$DIR.lock"; flock 9
  if [ ! -e "$CLI" ]; then
    echo "ensure-vsce: npm install @vscode/vsce@$VSCE_VERSION into $DIR" >&2
    PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$(dirname "$NODE24_BIN")" \
      npm install --prefix "$DIR" --no-save --no-package-lock --loglevel=error "@vscode/vsce@$VSCE_VERSION" >&2
  fi
fi
echo "$CLI"
