#!/usr/bin/env bash
# npm start: build, package, and open examples/ in a real VS Code with the extension installed.
#   - a desktop VS Code (`code` on PATH): installs dist/stamp.vsix into it and opens examples/;
#   - otherwise code-server (scripts/setup-editors.sh) on 127.0.0.1, with the vsix installed into a
#     fresh profile; prints the URL and stays in the foreground until Ctrl+C.
# Env: STAMP_PORT (default 8080; 0 = any free port), STAMP_NO_CODE=1 to prefer code-server,
#      STAMP_START_PROFILE (default: <editor cache>/start-profile), STAMP_START_SKIP_BUILD=1 to use the
#      dist/stamp.vsix already built (the test of this script sets it: npm test has just built it).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

if [ -z "${STAMP_START_SKIP_BUILD:-}" ]; then
  lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ ! -d node_modules ] || [ "$(cat node_modules/.stamp-lock.sha256 2>/dev/null)" != "$lock_hash" ]; then
    echo "[start] npm ci (the project's npm packages)" >&2
    npm ci --no-audit --no-fund </dev/null
    echo "$lock_hash" >node_modules/.stamp-lock.sha256
  fi
  echo "[start] building and packaging dist/stamp.vsix" >&2
  npm run --silent build
  bash scripts/package.sh --no-build >&2
fi

if command -v code >/dev/null 2>&1 && [ -z "${STAMP_NO_CODE:-}" ]; then
  code --install-extension dist/stamp.vsix --force
  code "$root/examples"
  exit 0
fi

cache="${STAMP_EDITORS_CACHE:-$HOME/.cache/stamp-editors}"
if [ ! -f "$cache/env.sh" ]; then
  echo "[start] No desktop VS Code here: Stamp opens in code-server (VS Code in the browser)." >&2
  echo "[start] First run: installing it into $cache takes about 4 minutes (progress below); later runs start in seconds." >&2
fi
bash scripts/setup-editors.sh >/dev/null
# shellcheck disable=SC1091
. "$cache/env.sh"

profile="${STAMP_START_PROFILE:-$STAMP_EDITORS_CACHE/start-profile}"
rm -rf "$profile"
mkdir -p "$profile/data/User" "$profile/ext"
cat >"$profile/data/User/settings.json" <<'EOF'
{
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "git.openRepositoryInParentFolders": "never",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "chat.disableAIFeatures": true
}
EOF
flags=(--user-data-dir "$profile/data" --extensions-dir "$profile/ext")
echo "[start] installing dist/stamp.vsix into a fresh profile ($profile)" >&2
"$NODE24" "$CODE_SERVER_ENTRY" "${flags[@]}" --install-extension "$root/dist/stamp.vsix" >/dev/null

log="$profile/code-server.log"
# Its own process group (setsid), so that Ctrl+C ends code-server and its extension host together.
setsid "$NODE24" "$CODE_SERVER_ENTRY" "${flags[@]}" --auth none --bind-addr "127.0.0.1:${STAMP_PORT:-8080}" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$root/examples" >"$log" 2>&1 &
pid=$!
trap 'kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT INT TERM

port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's#.*HTTP server listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$log" | head -1)"
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "code-server did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$log" >&2; echo "code-server did not start within 30 s" >&2; exit 1; }

# The page opens examples/ with the lab example in an editor (the workbench's `openFile` payload), so the
# extension activates and its diagnostics show as soon as the page has loaded.
first_file="vscode-remote://127.0.0.1:$port$root/examples/hypervnu-lab.stamp"
payload="$(node -e 'process.stdout.write(encodeURIComponent(JSON.stringify([["openFile", process.argv[1]], ["skipWelcome", "true"]])))' "$first_file")"
echo
echo "Stamp is running in VS Code (code-server $CODE_SERVER_VERSION) with dist/stamp.vsix installed:"
echo "    http://127.0.0.1:$port/?folder=$root/examples&payload=$payload"
echo "Open it in a browser on this machine; examples/hypervnu-lab.stamp opens with its diagnostics."
echo "The preview: the button at the top right of the editor, or F1 > Stamp: Open Preview to the Side."
echo "(Ctrl+C stops it; log: $log)"
wait "$pid"
