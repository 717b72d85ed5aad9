#!/usr/bin/env bash
# Runs the resilience folder's mutation testing one file at a time (each run completes and writes its own report), so a
# long run can be stopped between files: reports/mutation/resilience-<file>.json and live-resilience-<file>.txt.
#   bash scripts/stryker/resilience-by-file.sh [--force] simulate failure-graph capacity placement request spof
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p reports/mutation
# Leading options (e.g. --force: test every mutant again, reusing no result) go to every run.
extra=()
while [ "$#" -gt 0 ] && [ "${1#--}" != "$1" ]; do extra+=("$1"); shift; done
for file in "$@"; do
  rm -f reports/mutation/resilience/mutation.json
  STAMP_MUTATE_TAG="$file" bash scripts/mutate.sh --folder resilience --mutate "server/src/resilience/$file.ts" --incrementalFile "reports/stryker-incremental-resilience-$file.json" ${extra[@]+"${extra[@]}"} > "reports/run-resilience-$file.log" 2>&1
  cp reports/mutation/resilience/mutation.json "reports/mutation/resilience-$file.json" 2>/dev/null
done
