#!/usr/bin/env bash
# Builds (unless --no-build) and packages the extension into dist/stamp.vsix with @vscode/vsce,
# offline; checks that the package holds the bundled extension and server (desktop and web) and stays under 2 MB.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--no-build" ]; then npm run --silent build; fi
for f in dist/extension.js dist/server.js dist/preview.js dist/web/extension.js dist/web/server.js; do
  [ -f "$f" ] || { echo "package: $f missing (npm run build)" >&2; exit 1; }
done
rm -f dist/stamp.vsix
# No stdin (CI): vsce must never stop to ask, so allow what it would ask about; README links stay
# relative (no repository URL to rewrite them against).
npx --no-install vsce package --no-dependencies --allow-missing-repository --skip-license --no-rewrite-relative-links \
  -o dist/stamp.vsix </dev/null

size=$(stat -c %s dist/stamp.vsix)
listing="$(unzip -l dist/stamp.vsix 2>/dev/null || python3 -c 'import sys,zipfile; [print(n) for n in zipfile.ZipFile(sys.argv[1]).namelist()]' dist/stamp.vsix)"
for f in extension/dist/extension.js extension/dist/server.js extension/dist/preview.js extension/dist/web/extension.js extension/dist/web/server.js extension/package.json; do
  grep -q "$f" <<<"$listing" || { echo "package: $f is not in dist/stamp.vsix" >&2; echo "$listing" >&2; exit 1; }
done
if [ "$size" -ge 2097152 ]; then
  echo "package: dist/stamp.vsix is $size bytes (limit 2 MB); check .vscodeignore:" >&2
  echo "$listing" >&2
  exit 1
fi
echo "package: dist/stamp.vsix $((size / 1024)) KB"
