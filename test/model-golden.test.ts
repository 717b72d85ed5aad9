// Golden dumps of the typed model of every example: resolved references and derived facts (`npm run golden:update` rewrites them).
import { test } from 'node:test';
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
