// Runs every fixture under test/fixtures: the diagnostics must be exactly the ones written inline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import { compareWithExpectations } from './support/expectations.js';
import { repoRoot } from './support/paths.js';

function stampFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) {
      // Folders holding a stamp.workspace marker are multi-file workspaces, run by their own test; the formatter's
      // inputs and outputs (test/fixtures/format) carry no expectations and are run by test/format.test.ts.
      if (!entry.startsWith('workspace-') && entry !== 'format') found.push(...stampFiles(path));
    } else if (entry.endsWith('.stamp') && !entry.endsWith('.fixed.stamp')) {
      found.push(path);
    }
  }
  return found.sort();
}

const fixtureRoot = join(repoRoot, 'test', 'fixtures');
for (const file of stampFiles(fixtureRoot)) {
  test(`fixture ${relative(fixtureRoot, file)}`, () => {
    const text = readFileSync(file, 'utf8');
    const analysis = analyze([{ uri: `file://${file}`, text }]);
    // The failure analysis reports a single point of failure on nearly every small design; a fixture checks SPOF
    // findings only when it is about them (it mentions SPOF), so rule fixtures stay focused on their rule.
    const checksResilience = text.includes('SPOF');
    const diagnostics = diagnose(analysis).filter((diagnostic) => checksResilience || !diagnostic.code.startsWith('SPOF'));
    const problems = compareWithExpectations(text, diagnostics);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });
}
