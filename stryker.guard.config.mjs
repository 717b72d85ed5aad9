// The bounded mutation check that `npm test` runs (npm run mutate:guard): a fixed sample of functions, the ones whose
// broken versions once passed every test (NLB001's adapter choice, SPF account matching, TEAM002's defaults, HVR003's
// clusters, rename's name checks), mutated by Stryker and run against the tests that cover them; it fails below the
// floor. A few minutes; the full run over every folder is `npm run mutate` (stryker.config.json, docs/testing.md).
import { readFileSync } from 'node:fs';

const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));

/** The sample: functions by file. Their line ranges are found at run time, so edits elsewhere do not move the sample. */
const sample = {
  'server/src/rules/nlb.ts': ['nlbAdapterOf'],
  'server/src/rules/spf.ts': ['sameAccount'],
  'server/src/rules/team.ts': ['balancingOf'],
  'server/src/rules/hvr.ts': ['replicationClusters'],
  'server/src/features/navigation.ts': ['invalidNameReason'],
};

/** `file:first-last` for a top-level function: from its declaration to the first line that is a lone `}`. */
function rangeOf(file, name) {
  const lines = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8').split('\n');
  const first = lines.findIndex((line) => new RegExp(`^(export )?function ${name}\\b`).test(line));
  if (first < 0) throw new Error(`mutation guard: no top-level function ${name} in ${file}; update stryker.guard.config.mjs`);
  const last = lines.findIndex((line, index) => index > first && line === '}');
  return `${file}:${first + 1}-${last + 1}`;
}

export default {
  ...base,
  mutate: Object.entries(sample).flatMap(([file, names]) => names.map((name) => rangeOf(file, name))),
  tap: { ...base.tap, testFiles: ['out/test/fixtures.test.js', 'out/test/fixes.test.js', 'out/test/features/rename.test.js'] },
  buildCommand: 'node scripts/build.mjs --tests=fixtures.test,fixes.test,features/rename.test',
  incremental: false,
  reporters: ['clear-text', 'progress-append-only'],
  thresholds: { high: 100, low: 95, break: 95 },
};
