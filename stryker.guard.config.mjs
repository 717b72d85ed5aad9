// The bounded mutation check that `npm test` runs (npm run mutate:guard): a fixed sample of functions, the ones whose
// broken versions once passed every test (NLB001's adapter choice, SPF account matching, TEAM002's defaults, HVR003's
// clusters, rename's name checks), mutated by Stryker and run against the tests that cover them; it fails below the
// floor. Under a minute on an idle machine; the runs over every folder are `npm run mutate` (stryker.folder.config.mjs, docs/testing.md).
import { readdirSync, readFileSync } from 'node:fs';

const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));

/** The sample: functions by name, each looked up in the folder given, so moving a function between files keeps it. */
const sample = [
  ['server/src/rules', 'nlbAdapterOf'],
  ['server/src/rules', 'sameAccount'],
  ['server/src/rules', 'balancingOf'],
  ['server/src/rules', 'replicationClusters'],
  ['server/src/features', 'invalidNameReason'],
];

/** `file:first-last` for a top-level function: from its declaration to the first line that is a lone `}`. */
function rangeOf(folder, name) {
  const declaration = new RegExp(`^(export )?function ${name}\\b`);
  for (const entry of readdirSync(new URL(`./${folder}/`, import.meta.url)).filter((file) => file.endsWith('.ts')).sort()) {
    const file = `${folder}/${entry}`;
    const lines = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8').split('\n');
    const first = lines.findIndex((line) => declaration.test(line));
    if (first < 0) continue;
    const last = lines.findIndex((line, index) => index > first && line === '}');
    return `${file}:${first + 1}-${last + 1}`;
  }
  throw new Error(`mutation guard: no top-level function ${name} in ${folder}; update stryker.guard.config.mjs`);
}

const tests = ['fixtures.test', 'fixes.test', 'features/rename.test'];
const { tap, ...rest } = base;
export default {
  ...rest,
  // The mocha runner, as for the folder runs (stryker.folder.config.mjs): one process, only the covering tests.
  testRunner: 'mocha-hot',
  plugins: ['@stryker-mutator/mocha-runner', './scripts/stryker/mocha-hot-runner.mjs'],
  mochaOptions: { spec: tests.map((name) => `out/test/${name}.js`), 'no-config': true, 'no-package': true, 'no-opts': true },
  mutate: sample.map(([folder, name]) => rangeOf(folder, name)),
  buildCommand: `node scripts/build.mjs --mocha --tests=${tests.join(',')}`,
  incremental: false,
  reporters: ['clear-text', 'progress-append-only'],
  // Every mutant of the sample is killed today; one survivor means a test of an issue-#12 case was lost.
  thresholds: { high: 100, low: 100, break: 100 },
};
