// Golden dumps of the typed model of every example: resolved references and derived facts (UPDATE_GOLDEN=1 rewrites).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { dumpModel } from './support/model-dump.js';
import { repoRoot } from './support/paths.js';

const examplesFolder = join(repoRoot, 'examples');
const goldenFolder = join(repoRoot, 'test', 'golden');

for (const name of readdirSync(examplesFolder).filter((entry) => entry.endsWith('.stamp')).sort()) {
  test(`model of ${name} matches test/golden/${name.replace(/\.stamp$/, '.model.txt')}`, () => {
    const path = join(examplesFolder, name);
    const analysis = analyze([{ uri: `file://${path}`, text: readFileSync(path, 'utf8') }]);
    const actual = dumpModel(analysis.model);
    const goldenPath = join(goldenFolder, name.replace(/\.stamp$/, '.model.txt'));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, actual);
    assert.ok(existsSync(goldenPath), `missing ${goldenPath}: run the test with UPDATE_GOLDEN=1 and review the file`);
    assert.equal(actual, readFileSync(goldenPath, 'utf8'));
  });
}
