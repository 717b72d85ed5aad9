// Multi-file stamps: every folder test/fixtures/workspace-*/ is one workspace whose files carry their expectations inline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../grammar/src/analyze.js';
import { analyzeProgram, groupIntoStamps, loadProgram, type SourceHost } from '../grammar/src/program.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import { compareWithExpectations } from './support/expectations.js';
import { repoRoot } from './support/paths.js';

const fileHost: SourceHost = {
  read(uri) {
    try {
      return readFileSync(new URL(uri), 'utf8');
    } catch {
      return undefined;
    }
  },
};

function workspaceDiagnostics(folder: string) {
  const uris = readdirSync(folder).filter((name) => name.endsWith('.stamp')).sort().map((name) => pathToFileURL(join(folder, name)).toString());
  const everything = loadProgram(uris, fileHost);
  const results = [];
  for (const group of groupIntoStamps(everything.files.map((file) => file.uri), everything.links)) {
    const program = loadProgram(group, fileHost);
    results.push(...diagnose(analyzeProgram(program)));
  }
  return { uris, diagnostics: results };
}

const fixtureRoot = join(repoRoot, 'test', 'fixtures');
for (const name of readdirSync(fixtureRoot).filter((entry) => entry.startsWith('workspace-')).sort()) {
  test(`workspace ${name}`, () => {
    const folder = join(fixtureRoot, name);
    const { uris, diagnostics } = workspaceDiagnostics(folder);
    const problems: string[] = [];
    for (const uri of uris) {
      const text = readFileSync(new URL(uri), 'utf8');
      const checksResilience = uris.some((other) => readFileSync(new URL(other), 'utf8').includes('SPOF'));
      const mine = diagnostics.filter((diagnostic) => diagnostic.uri === uri && (checksResilience || !diagnostic.code.startsWith('SPOF')));
      problems.push(...compareWithExpectations(text, mine).map((problem) => `${uri.slice(uri.lastIndexOf('/') + 1)}: ${problem}`));
    }
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });
}

test('the split hyper-v.nu lab yields exactly what the single file yields', () => {
  const singlePath = join(repoRoot, 'examples', 'hypervnu-lab.stamp');
  assert.ok(existsSync(singlePath));
  const single = diagnose(analyze([{ uri: pathToFileURL(singlePath).toString(), text: readFileSync(singlePath, 'utf8') }]));
  const split = workspaceDiagnostics(join(fixtureRoot, 'workspace-split')).diagnostics;
  const shape = (list: typeof single) => list.map((d) => `${d.severity} ${d.code} ${d.message}`).sort();
  assert.deepEqual(shape(split), shape(single));
});

test('files connected by imports in either direction form one stamp', () => {
  const links = [
    { from: 'file:///a.stamp', to: 'file:///b.stamp', start: 0, end: 0, path: 'b.stamp' },
    { from: 'file:///c.stamp', to: 'file:///b.stamp', start: 0, end: 0, path: 'b.stamp' },
  ];
  const groups = groupIntoStamps(['file:///a.stamp', 'file:///b.stamp', 'file:///c.stamp', 'file:///d.stamp'], links);
  assert.deepEqual(groups.map((group) => group.sort()), [['file:///a.stamp', 'file:///b.stamp', 'file:///c.stamp'], ['file:///d.stamp']]);
});
