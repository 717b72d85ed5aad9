#!/usr/bin/env bash
# Runs the cli folder's mutation testing one file at a time, each with the in-process CLI tests (runCli through
# runStampHere) that can kill its mutants, so a file's survivors do not run every CLI test; each run completes and
# keeps its own report: reports/mutation/cli-<file>.json, live-cli-<file>.txt. `node scripts/stryker/score.mjs
# reports/mutation/cli-*.json` totals them. Usage: bash scripts/stryker/cli-by-file.sh explain report-json …
set -uo pipefail
cd "$(dirname "$0")/../.."
testsFor() {
  case "$1" in
    explain) echo 'cli/explain.test' ;;
    report-sarif) echo 'cli/report-sarif.test cli/reports.test cli/check.test' ;;
    report-human) echo 'cli/report-human.test cli/reports.test cli/check.test' ;;
    positions) echo 'cli/positions.test cli/reports.test cli/check.test' ;;
    report-json | report) echo 'cli/positions.test cli/reports.test cli/check.test' ;;
    version) echo 'cli/version.test cli/check.test cli/reports.test' ;;
    output) echo 'cli/main.test cli/check.test cli/explain.test' ;;
    errors) echo 'cli/check.test cli/hostile-files.test' ;;
    config) echo 'cli/check-edges.test cli/check.test cli/hostile-files.test' ;;
    diff | import | inventory-file) echo 'cli/import-edges.test cli/run.test cli/import.test' ;;
    render | render-usage) echo 'cli/render-options.test cli/render.test' ;;
    safe-write) echo 'cli/safe-write.test cli/fmt-edges.test cli/fmt.test cli/render.test' ;;
    fmt) echo 'cli/fmt-edges.test cli/safe-write.test cli/files.test cli/fmt.test' ;;
    options) echo 'cli/options.test cli/check.test cli/explain.test cli/fmt.test cli/render.test cli/import.test' ;;
    main) echo 'cli/main.test' ;;
    load) echo 'cli/load.test cli/check.test cli/hostile-files.test cli/reports.test' ;;
    files) echo 'cli/files.test cli/fmt-edges.test cli/import-edges.test cli/check.test cli/hostile-files.test cli/reports.test' ;;
    check) echo 'cli/check-edges.test cli/check.test cli/hostile-files.test cli/reports.test' ;;
    run) echo 'cli/run.test cli/version.test cli/check.test cli/hostile-files.test cli/reports.test' ;;
    rules-doc) echo 'cli/rules-doc.test' ;;
    rules-doc-main) echo 'cli/rules-doc-main.test' ;;
    simulate) echo 'cli/simulate-edges.test cli/simulate.test' ;;
    *) echo "cli-by-file.sh: no tests chosen for $1" >&2; return 1 ;;
  esac
}
# Leading options (e.g. --force: test every mutant again, reusing no result) go to every run.
extra=()
while [ "$#" -gt 0 ] && [ "${1#--}" != "$1" ]; do extra+=("$1"); shift; done
for file in "$@"; do
  tests="$(testsFor "$file")" || continue
  rm -f reports/mutation/cli/mutation.json
  STAMP_MUTATE_TAG="$file" STAMP_MUTATE_TESTS="$tests" bash scripts/mutate.sh --folder cli --mutate "cli/src/$file.ts" --incrementalFile "reports/stryker-incremental-cli-$file.json" --tempDirName .stryker-tmp-cli ${extra[@]+"${extra[@]}"} > "reports/run-cli-$file.log" 2>&1
  cp reports/mutation/cli/mutation.json "reports/mutation/cli-$file.json" 2>/dev/null
done
