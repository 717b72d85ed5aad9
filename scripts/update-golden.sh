#!/usr/bin/env bash
# Rewrites every golden file (quick-fix results, outlines, models, graphs, formatting, CLI outputs, the generated
# language reference and TextMate grammar) from what the code produces now, then lists what changed: review the diff.
# The only way goldens are written: `npm test` and `npm run test:unit` clear UPDATE_GOLDEN, and a missing golden fails there.
# Optional: test files to run instead of every unit test, e.g. `npm run golden:update -- out/test/graph.test.js`.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build.mjs
node scripts/gen-rules-doc.mjs
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  # golden.test.js checks that ordinary runs are not in update mode, so it is not run here.
  mapfile -t files < <(find out/test -name '*.test.js' -not -name golden.test.js -not -path '*/ui/*' -not -path '*/exthost/*' -not -path '*/nvim/*' | sort)
fi
status=0
UPDATE_GOLDEN=1 node --test "${files[@]}" >/dev/null || status=$?
echo "Goldens rewritten. Changed files (review with git diff):"
git status --short -- test/golden test/fixtures docs syntaxes examples/inventories || true
exit "$status"
