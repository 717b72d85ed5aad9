// Golden dumps of the typed model of every example and of the designs in test/model-inputs: resolved references, defaults
// and derived facts (`npm run golden:update` rewrites them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { dumpModel } from './support/model-dump.js';
import { repoRoot } from './support/paths.js';
import { assertGolden } from './support/golden.js';

const examplesFolder = join(repoRoot, 'examples');
const goldenFolder = join(repoRoot, 'test', 'golden');

for (const name of readdirSync(examplesFolder).filter((entry) => entry.endsWith('.stamp')).sort()) {
  test(`model of ${name} matches test/golden/${name.replace(/\.stamp$/, '.model.txt')}`, () => {
    const path = join(examplesFolder, name);
    const analysis = analyze([{ uri: `file://${path}`, text: readFileSync(path, 'utf8') }]);
    const actual = dumpModel(analysis.model);
    const goldenPath = join(goldenFolder, name.replace(/\.stamp$/, '.model.txt'));
    assertGolden(goldenPath, actual, `the model of ${name}`);
  });
}

// Designs written for the model's edges: each must be free of syntax, schema and reference errors, so every fact dumped is one the
// text states or one the model derives.
const inputsFolder = join(repoRoot, 'test', 'model-inputs');
for (const name of readdirSync(inputsFolder).filter((entry) => entry.endsWith('.stamp')).sort()) {
  test(`model of test/model-inputs/${name} matches test/golden/model/${name.replace(/\.stamp$/, '.model.txt')}`, () => {
    const path = join(inputsFolder, name);
    const analysis = analyze([{ uri: `file://${path}`, text: readFileSync(path, 'utf8') }]);
    const coreProblems = analysis.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`);
    assert.deepEqual(coreProblems, [], `${name} must parse and check cleanly`);
    assertGolden(join(goldenFolder, 'model', name.replace(/\.stamp$/, '.model.txt')), dumpModel(analysis.model), `the model of ${name}`);
  });
}
