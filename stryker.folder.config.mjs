// One folder's mutation run (npm run mutate -- --folder rules): the folder's sources, only the in-process test files
// that can kill its mutants, fastest killers first (Stryker runs a mutant's covering test files in this order and stops
// at the first failure), its own incremental file and report. docs/testing.md explains the choice of test files.
import { readFileSync } from 'node:fs';

const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));

/** Per folder: what is mutated, and the compiled tests (out/test/<name>.js) that run, in order. */
const folders = {
  rules: {
    mutate: ['server/src/rules/**/*.ts'],
    tests: ['fixtures.test', 'fix-text.test', 'cli/rules-doc.test', 'fixes.test', 'workspaces.test', 'rule-failure.test', 'examples.test', 'features/hover.test', 'team-fixes.test'],
    // HV004's parsed versions are cached for the process (hv.ts): its mutants run with the cache emptied first.
    freshCaches: ['server/src/rules/hv.ts'],
  },
  // Everything parses, so every grammar mutant is covered by every test, and a survivor runs them all: only the fast
  // tests that assert the core's output (about 7 s per survivor instrumented). The formatter has its own run with
  // its tests; the hostile-input tests (20 s instrumented) and the feature tests are left out here.
  // The hover and rename tests read the model's defaults and the index's lookups; the fix-text tests the line helpers;
  // the disk-file tests the server's cache of checked files and a core failure; the program tests (program.ts) the
  // import diagnostics, refused files, cycles and a file the core fails on; the core-views tests the names completion
  // offers from the symbol index (its `ofKind`) and the outline entry of a block without a header; the reuse-edits tests
  // the re-use of an analysis after an edit of spaces (analyze.ts's `analyzeReusing`, program.ts's `analyzeProgramReusing`);
  // the value-edit tests what an edit that changes only values touched (value-edit.ts, analyze.ts's report of it); the
  // value-patch tests a value edit that keeps the resolution (value-patch.ts, analyze.ts, model.ts's refresh of machines).
  // process-caches.ts is the harness's way to empty the caches (no test calls it), and compat.ts only acts on Node 20
  // (Stryker needs Node 22 or later, where the shim is skipped): neither is mutated.
  grammar: {
    mutate: ['grammar/src/**/*.ts', '!grammar/src/incremental.ts', '!grammar/src/format.ts', '!grammar/src/edits.ts', '!grammar/src/encoding.ts', '!grammar/src/source-policy.ts', '!grammar/src/process-caches.ts', '!grammar/src/compat.ts'],
    tests: ['syntax.test', 'prototype-words.test', 'repeated-names.test', 'lexer.test', 'text-positions.test', 'did-you-mean.test', 'program.test', 'fixtures.test', 'model-golden.test', 'docs.test', 'examples.test', 'workspaces.test', 'fix-text.test', 'features/hover.test', 'features/rename.test', 'disk-files.test', 'features/core-views.test', 'reuse-edits.test', 'value-edit.test', 'value-patch.test'],
    // Files with process-wide caches filled in the dry run: their mutants run with the caches emptied first
    // (scripts/stryker/mocha-hot-runner.mjs), so the parser's constructor and the cache fillers are tested too.
    freshCaches: ['grammar/src/parser.ts', 'grammar/src/schema.ts'],
  },
  // Reading files: strict UTF-8 decoding, the file layout (BOM, line breaks) and the read policy's refusals. Only the
  // tests that decode bytes or write files reach this code (the hostile-input and disk-file tests, the formatter's
  // layout, imports between files), and they are too slow for every grammar survivor, hence a run of its own.
  'grammar-io': {
    mutate: ['grammar/src/encoding.ts', 'grammar/src/source-policy.ts'],
    tests: ['file-reading.test', 'program.test', 'hostile-input.test', 'disk-files.test', 'format.test', 'workspaces.test'],
  },
  format: {
    mutate: ['grammar/src/format.ts'],
    tests: ['format.test'],
  },
  // The text edits quick fixes are built from: the quick-fix goldens and the fix-text tests check the edited text.
  edits: {
    mutate: ['grammar/src/edits.ts'],
    tests: ['fix-text.test', 'fixes.test', 'fixtures.test', 'team-fixes.test', 'repeated-names.test'],
  },
  // test/incremental.test.ts compares incremental with scratch analyses after thousands of random edits (16 s): it
  // covers nearly every grammar mutant, so in the grammar run each survivor would cost 16 s. Its own run: the
  // incremental-analysis module only, with the deterministic edit-by-edit tests (test/incremental-edits.test.ts: every
  // offset of a small design in three line-break styles, typing, braces, moves, long texts, the statements re-parsed).
  // The random test is left out (each survivor would cost 16 s again): STAMP_MUTATE_TESTS="incremental.test" for a look.
  // test/reuse-edits.test.ts reaches the re-use of edits that change only spaces (the same-meaning offsets): a space
  // typed or deleted at every offset of a small design, re-used exactly when the meaning is kept, as from scratch.
  incremental: {
    mutate: ['grammar/src/incremental.ts'],
    tests: ['reuse-edits.test', 'incremental-edits.test', 'value-edit.test', 'repeated-names.test'],
  },
  features: {
    mutate: ['server/src/features/**/*.ts'],
    tests: ['features/editing.test', 'prototype-words.test', 'features/hover.test', 'features/hover-golden.test', 'features/rename.test', 'fixes.test', 'format.test', 'fixtures.test', 'workspaces.test'],
  },
  // The failure analysis: the preview's failure panel and the capacity lines of `stamp simulate` for every single failure
  // of a set of designs (goldens, in-process, fast), its own tests, and the SPOF001/CAP fixtures. The CLI's simulate
  // goldens are in the cli run only: each run of the command loads its folder again (about 40 s for the file).
  // spof-graph-designs compares the graph search (failure-graph.ts) with the exhaustive one on small designs and their
  // variants (about 10 s); test/spof-graph.test.ts does it on large generated stamps (90 s): too slow for each survivor.
  resilience: {
    mutate: ['server/src/resilience/**/*.ts'],
    tests: ['resilience-requests.test', 'spof-graph-designs.test', 'resilience.test', 'capacity.test', 'fixtures.test', 'examples.test', 'features/hover.test'],
  },
  // test/workspace.test.ts drives the document store in-process over a file system in memory (what is published, when,
  // with which severities); the protocol tests that do the same through a server process cannot be credited.
  // test/incremental.test.ts (16 s, it covers diagnose.ts) made each survivor cost half a minute: it is left out.
  // test/next-turn.test.ts runs next-turn.ts's web-worker branch in-process (setImmediate taken away for the call).
  analysis: {
    mutate: ['server/src/analysis/**/*.ts'],
    tests: ['next-turn.test', 'workspace.test', 'rule-failure.test', 'disk-files.test', 'fixtures.test', 'workspaces.test', 'examples.test', 'value-edit.test'],
  },
  // The CLI tests run the command in-process (runCli, test/cli/run-cli.ts): test/cli/binary.test.ts checks the bundled
  // command gives the same output; the tests that need a child process (fmt under a file-size ulimit, the file-system
  // fuzz, the launcher) are not here.
  // cli/src/bin.ts (the bundle's entry: `if (require.main === module) void main()`) only runs in a child process.
  cli: {
    mutate: ['cli/src/**/*.ts', '!cli/src/bin.ts'],
    tests: ['cli/rules-doc.test', 'cli/rules-doc-main.test', 'cli/main.test', 'cli/explain.test', 'cli/report-sarif.test', 'cli/report-human.test', 'cli/options.test', 'cli/load.test', 'cli/positions.test', 'cli/render-options.test', 'cli/run.test', 'cli/version.test', 'cli/safe-write.test', 'cli/fmt-edges.test', 'cli/files.test', 'cli/check-edges.test', 'cli/import-edges.test', 'cli/simulate-edges.test', 'cli/check.test', 'cli/reports.test', 'cli/fmt.test', 'cli/import.test', 'cli/hostile-files.test', 'cli/simulate.test', 'cli/render.test'],
  },
};

const scope = process.env.STAMP_MUTATE_SCOPE;
const folder = folders[scope] && { ...folders[scope] };
// STAMP_MUTATE_TESTS="fixtures.test syntax.test": other test files, for a look at one file's mutants.
if (folder && process.env.STAMP_MUTATE_TESTS) folder.tests = process.env.STAMP_MUTATE_TESTS.split(/\s+/).filter(Boolean);
if (!folder) throw new Error(`stryker.folder.config.mjs: STAMP_MUTATE_SCOPE must be one of ${Object.keys(folders).join(', ')}`);

// Read by the mocha-hot runner in the test-runner processes, which inherit this environment.
process.env.STAMP_MUTATE_FRESH_CACHES = (folder.freshCaches ?? []).join(',');

const { tap, ...rest } = base;
export default {
  ...rest,
  // mocha keeps one process and the loaded bundles for every mutant and runs only the tests (not files) that cover it;
  // the tap runner starts node for every test file of every mutant, ten times slower here (docs/testing.md).
  testRunner: 'mocha-hot',
  plugins: ['@stryker-mutator/mocha-runner', './scripts/stryker/mocha-hot-runner.mjs', './scripts/stryker/live-reporter.mjs'],
  mochaOptions: { spec: folder.tests.map((name) => `out/test/${name}.js`), 'no-config': true, 'no-package': true, 'no-opts': true },
  mutate: folder.mutate,
  buildCommand: `node scripts/build.mjs --mocha --tests=${folder.tests.join(',')}`,
  incrementalFile: `reports/stryker-incremental-${scope}.json`,
  reporters: [...base.reporters, 'live'],
  htmlReporter: { fileName: `reports/mutation/${scope}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${scope}/mutation.json` },
};
