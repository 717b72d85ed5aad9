// The shipped examples are valid designs: the two drawn from the field reports have no findings at all, and the
// hyper-v.nu lab has exactly what language.md says (two NLB005 infos and its SAN as a single point of failure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../grammar/src/analyze.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import { repoRoot } from './support/paths.js';

const folder = join(repoRoot, 'examples');

function findings(name: string): string[] {
  const path = join(folder, name);
  return diagnose(analyze([{ uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') }])).map((d) => `${d.severity} ${d.code}`);
}

test('the hyper-v.nu lab yields two NLB005 infos and the SAN single point of failure, nothing else', () => {
  assert.deepEqual(findings('hypervnu-lab.stamp').sort(), ['info NLB005', 'info NLB005', 'warning SPOF001']);
});

for (const name of readdirSync(folder).filter((entry) => entry.endsWith('.stamp') && entry !== 'hypervnu-lab.stamp')) {
  test(`example ${name} is a clean design`, () => {
    assert.deepEqual(findings(name), []);
  });
}
