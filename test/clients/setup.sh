#!/usr/bin/env bash
# Installs the pinned AI coding CLIs the real-client suite drives into the git-ignored .clients/
# folder, idempotently (a second run with everything in place takes well under a second):
#   Claude Code, Codex, Gemini CLI and Continue CLI, from npm, at the versions below.
# Install scripts are not run (--ignore-scripts), and none is needed: Claude Code's postinstall
# only copies its platform binary (shipped in an optional dependency) over a placeholder, and the
# suite starts that binary through the package's own cli-wrapper.cjs instead; the native builds of
# node-pty and keytar (Gemini CLI) serve interactive use and the OS keychain, not `gemini -p`.
set -Eeuo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${CLIENTS_DIR:-$ROOT/.clients}
PINS=(
  "@anthropic-ai/claude-code@2.1.328"
  "@openai/codex@0.169.0"
  "@google/gemini-cli@0.61.0"
  "@continuedev/cli@1.5.47"
)
# Run by `npm test`, this script inherits the outer npm's environment: drop it, so the nested
# install sees none of the project's settings.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -i '^npm_')
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
STAMP="$DIR/.installed-$(printf '%s\n' "${PINS[@]}" | sha256sum | cut -c1-16)"
if [ -f "$STAMP" ]; then exit 0; fi
printf '[clients setup %(%H:%M:%S)T] installing %s into %s\n' -1 "${PINS[*]}" "$DIR"
rm -rf "$DIR"; mkdir -p "$DIR"
echo '{"private":true}' > "$DIR/package.json"
(cd "$DIR" && timeout 900 npm install --no-save --no-package-lock --ignore-scripts "${PINS[@]}" >install.log 2>&1) \
  || { tail -40 "$DIR/install.log"; exit 1; }
touch "$STAMP"
printf '[clients setup %(%H:%M:%S)T] done\n' -1
