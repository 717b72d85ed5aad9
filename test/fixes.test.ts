// Quick-fix tests: each fixture under test/fixtures/fixes names a rule and a fix; applying the fix must remove that
// diagnostic, add none, keep the text parseable, and produce the reviewed golden file next to the fixture.
//
// A fixture's first line is `// fix: RULE-ID title substring`. The golden output is `<name>.fixed.stamp`;
// `npm run golden:update` rewrites it, and the diff is reviewed like any code change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import type { Diagnostic, TextEdit } from '../grammar/src/diagnostic.js';
import { repoRoot } from './support/paths.js';
import { assertGolden } from './support/golden.js';

/** Applies non-overlapping edits to a text, last first. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

const signature = (diagnostic: Diagnostic): string => `${diagnostic.code} ${diagnostic.message}`;

const folder = join(repoRoot, 'test', 'fixtures', 'fixes');
const fixtures = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.stamp') && !name.endsWith('.fixed.stamp')).sort() : [];

for (const name of fixtures) {
  test(`quick fix ${name}`, () => {
    const path = join(folder, name);
    const text = readFileSync(path, 'utf8');
    const directive = /^\/\/ fix: ([A-Z]+[0-9]*) (.+)$/m.exec(text.split('\n')[0]);
    assert.ok(directive, `${name}: the first line must be "// fix: RULE-ID title substring"`);
    const [, code, titlePart] = directive;
    const uri = `file://${path}`;
    const before = diagnose(analyze([{ uri, text }]));
    const target = before.find((diagnostic) => diagnostic.code === code && diagnostic.fixes?.some((fix) => fix.title.includes(titlePart)));
    assert.ok(target, `${name}: no ${code} diagnostic offers a fix titled "…${titlePart}…"; got ${before.map((d) => `${d.code}[${(d.fixes ?? []).map((f) => f.title).join('|')}]`).join(', ')}`);
    const fix = target.fixes!.find((candidate) => candidate.title.includes(titlePart))!;
    assert.ok(fix.edits.every((edit) => edit.uri === uri), 'the fix edits only this file');
    const fixed = applyEdits(text, fix.edits);

    const goldenPath = path.replace(/\.stamp$/, '.fixed.stamp');
    assertGolden(goldenPath, fixed, `${name}: the fixed text`);

    const after = diagnose(analyze([{ uri, text: fixed }]));
    const syntaxErrors = after.filter((diagnostic) => diagnostic.code.startsWith('SYN') || diagnostic.code.startsWith('SCH'));
    assert.deepEqual(syntaxErrors.map(signature), before.filter((d) => d.code.startsWith('SYN') || d.code.startsWith('SCH')).map(signature), 'the fix keeps the text parseable and schema-valid');
    const remaining = after.filter((diagnostic) => diagnostic.code === code && diagnostic.message === target.message);
    assert.equal(remaining.length, 0, `${name}: the fixed diagnostic is still there: ${target.message}`);
    const beforeSet = new Set(before.map(signature));
    // Single-point-of-failure messages list the services a part takes down, which a fix may legitimately change.
    const added = after.filter((diagnostic) => !beforeSet.has(signature(diagnostic)) && !diagnostic.code.startsWith('SPOF'));
    assert.deepEqual(added.map(signature), [], `${name}: the fix introduced new diagnostics`);
  });
}

// The same fixes in a file with Windows (CRLF) or classic Mac (lone CR) line breaks: the result is the reviewed golden
// with that file's line breaks, never a mix of two kinds.
for (const eol of ['\r\n', '\r'] as const) {
  const label = eol === '\r\n' ? 'CRLF' : 'lone CR';
  for (const name of fixtures) {
    test(`quick fix ${name} keeps ${label} line breaks`, () => {
      const path = join(folder, name);
      const text = readFileSync(path, 'utf8').replace(/\r?\n/g, eol);
      const [, code, titlePart] = /^\/\/ fix: ([A-Z]+[0-9]*) (.+?)$/m.exec(text.split(eol)[0])!;
      const uri = `file://${path}`;
      const target = diagnose(analyze([{ uri, text }])).find((diagnostic) => diagnostic.code === code && diagnostic.fixes?.some((fix) => fix.title.includes(titlePart)));
      assert.ok(target, `${name} (${label}): no ${code} diagnostic offers a fix titled "…${titlePart}…"`);
      const fix = target.fixes!.find((candidate) => candidate.title.includes(titlePart))!;
      const golden = readFileSync(path.replace(/\.stamp$/, '.fixed.stamp'), 'utf8').replace(/\r?\n/g, eol);
      assert.equal(JSON.stringify(applyEdits(text, fix.edits)), JSON.stringify(golden));
    });
  }
}
