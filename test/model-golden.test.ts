// Golden dumps of the typed model of every example and of the designs in test/model-inputs: resolved references, defaults
// and derived facts (`npm run golden:update` rewrites them).
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { LineIndex } from '../grammar/src/text.js';
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

// Designs written for the model's edges; the golden starts with their core diagnostics (syntax, schema, references), so a
// part left out or unresolved shows both what the user is told and what the model keeps of it.
const inputsFolder = join(repoRoot, 'test', 'model-inputs');
for (const name of readdirSync(inputsFolder).filter((entry) => entry.endsWith('.stamp')).sort()) {
  test(`model of test/model-inputs/${name} matches test/golden/model/${name.replace(/\.stamp$/, '.model.txt')}`, () => {
    const path = join(inputsFolder, name);
    const text = readFileSync(path, 'utf8');
    const analysis = analyze([{ uri: `file://${path}`, text }]);
    const lines = new LineIndex(text);
    const diagnostics = analysis.diagnostics.map((diagnostic) => {
      const start = lines.positionAt(diagnostic.start);
      return `${start.line + 1}:${start.character + 1} ${diagnostic.code} ${diagnostic.message}\n`;
    });
    assertGolden(join(goldenFolder, 'model', name.replace(/\.stamp$/, '.model.txt')), `${diagnostics.join('')}${dumpModel(analysis.model)}`, `the model of ${name}`);
  });
}
