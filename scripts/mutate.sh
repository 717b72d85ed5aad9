#!/usr/bin/env bash
# Mutation testing with StrykerJS (docs/testing.md). StrykerJS 10 needs Node 22 or later: when the node on PATH is
# older, the Node 24 that scripts/setup-editors.sh caches is put first on PATH (for Stryker and the test processes it
# starts). Arguments go to `stryker run`, e.g.:
#   npm run mutate                                          # every folder's run in turn (the figures of docs/testing.md)
#   npm run mutate -- --folder rules                        # one folder, only the test files that can kill its mutants
#   npm run mutate -- --folder rules --mutate server/src/rules/nlb.ts:20-40   # part of it
#   npm run mutate -- --mutate 'cli/src/**/*.ts'            # stryker.config.json: the tap runner, every test file (slow)
#   npm run mutate:guard                                    # the bounded check npm test runs (stryker.guard.config.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 22 ]; then
  bash scripts/setup-editors.sh >/dev/null
  # shellcheck disable=SC1091
  source "${STAMP_EDITORS_CACHE:-$HOME/.cache/stamp-editors}/env.sh"
  export PATH="$NODE24_DIR/bin:$PATH"
fi
# No arguments: every folder run of stryker.folder.config.mjs in turn, each with its report in reports/mutation/FOLDER/.
if [ "$#" -eq 0 ]; then
  status=0
  for folder in rules grammar grammar-io format edits incremental features resilience analysis cli; do
    echo "==> mutation run: $folder"
    STAMP_MUTATE_SCOPE="$folder" node node_modules/@stryker-mutator/core/bin/stryker.js run stryker.folder.config.mjs || status=$?
  done
  exit "$status"
fi
config=stryker.config.json
if [ "${1:-}" = "--guard" ]; then config=stryker.guard.config.mjs; shift; fi
# `--folder rules` (grammar, format, edits, incremental, features, resilience, analysis, cli): one folder with its own test files, incremental file
# and report (stryker.folder.config.mjs).
if [ "${1:-}" = "--folder" ]; then config=stryker.folder.config.mjs; export STAMP_MUTATE_SCOPE="${2:?--folder needs a name}"; shift 2; fi
exec node node_modules/@stryker-mutator/core/bin/stryker.js run "$config" "$@"
