#!/usr/bin/env bash
# npm start: build, package, and open examples/ in a real VS Code with the extension installed.
#   - a desktop VS Code (`code` on PATH): installs dist/stamp.vsix into it and opens examples/;
#   - otherwise code-server (scripts/setup-editors.sh) on 127.0.0.1, with the vsix installed into a
#     fresh profile; prints the URL and stays in the foreground until Ctrl+C.
# Env: STAMP_PORT (default 8080; 0 = any free port), STAMP_NO_CODE=1 to prefer code-server.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

if [ ! -d node_modules ]; then npm install --no-audit --no-fund; fi
npm run --silent build
bash scripts/package.sh --no-build

if command -v code >/dev/null 2>&1 && [ -z "${STAMP_NO_CODE:-}" ]; then
  code --install-extension dist/stamp.vsix --force
  code "$root/examples"
  exit 0
fi

bash scripts/setup-editors.sh >/dev/null
# shellcheck disable=SC1091
. "${STAMP_EDITORS_CACHE:-$HOME/.cache/stamp-editors}/env.sh"

profile="$STAMP_EDITORS_CACHE/start-profile"
rm -rf "$profile"
mkdir -p "$profile/data/User" "$profile/ext"
cat >"$profile/data/User/settings.json" <<'EOF'
{ "workbench.startupEditor": "none", "workbench.secondarySideBar.defaultVisibility": "hidden", "security.workspace.trust.enabled": false, "telemetry.telemetryLevel": "off", "chat.disableAIFeatures": true }
EOF
flags=(--user-data-dir "$profile/data" --extensions-dir "$profile/ext")
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

echo
echo "Stamp is running in VS Code (code-server $CODE_SERVER_VERSION) with dist/stamp.vsix installed:"
echo "    http://127.0.0.1:$port/?folder=$root/examples"
echo "Open it in a browser on this machine (Ctrl+C stops it; log: $log)."
wait "$pid"
