#!/usr/bin/env bash
# Installs what the real-VS-Code tests need (docs/E2E.md): Debian's Chromium and libkrb5-dev,
# Node 24 (ensure-node24.sh), code-server 4.139.1 and @vscode/vsce (ensure-vsce.sh) — all into a cache outside
# the repository ($REWIND_CACHE, default /work/.cache), never into the project's dependencies.
# Idempotent: each part is skipped when present. Prints nothing on stdout but the cache dir.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${REWIND_CACHE:-/work/.cache}"
CODE_SERVER_VERSION="4.139.1"
mkdir -p "$CACHE"

need_apt=()
[ -x /usr/lib/chromium/chromium ] || need_apt+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "install-code-server: apt-get install ${need_apt[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${need_apt[@]}" >&2
fi

NODE24_BIN="$("$HERE/ensure-node24.sh")"
export PATH="$NODE24_BIN:$PATH"
# node-gyp must build code-server's native modules against Node 24's headers, not the machine's.
export npm_config_nodedir="$(dirname "$NODE24_BIN")"

install_into() { # <dir> <package@version> <file that proves it is installed>
  local dir="$1" spec="$2" proof="$3"
  [ -e "$dir/$proof" ] && return 0
  exec 8>"$dir.lock"; flock 8
  if [ ! -e "$dir/$proof" ]; then
    echo "install-code-server: npm install $spec into $dir" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --loglevel=error "$spec" >&2
  fi
  exec 8>&-
}
install_into "$CACHE/code-server" "code-server@$CODE_SERVER_VERSION" "node_modules/code-server/out/node/entry.js"
"$HERE/ensure-vsce.sh" >/dev/null
echo "$CACHE"
