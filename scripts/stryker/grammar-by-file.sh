#!/usr/bin/env bash
# Runs the grammar folder's mutation testing one file at a time (each run completes and writes its own report), so a
# long run can be stopped between files: reports/mutation/grammar-<file>.json and live-grammar-<file>.txt.
# `--force` first (grammar-by-file.sh --force check parser): test every mutant again, reusing no incremental result.
set -uo pipefail
cd "$(dirname "$0")/../.."
extra=()
if [ "${1:-}" = "--force" ]; then extra=(--force); shift; fi
for file in "$@"; do
  rm -f reports/mutation/grammar/mutation.json
  STAMP_MUTATE_TAG="$file" bash scripts/mutate.sh --folder grammar --mutate "grammar/src/$file.ts" --incrementalFile "reports/stryker-incremental-grammar-$file.json" "${extra[@]}" > "reports/run-grammar-$file.log" 2>&1
  cp reports/mutation/grammar/mutation.json "reports/mutation/grammar-$file.json" 2>/dev/null
done
