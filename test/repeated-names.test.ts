// SCH011, a name written twice in one list, as the user meets it: the warning's fix leaves a list that is still
// well formed (in one line or over several), the repeat stays a name that rename and hover follow, and every rule
// reads the list's elements once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../grammar/src/analyze.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import type { Diagnostic, TextEdit } from '../grammar/src/diagnostic.js';
import { openStamp } from './support/open-stamp.js';
import { StampWorkspace } from '../server/src/analysis/workspace.js';
import { emptyConfig } from '../server/src/analysis/config.js';
import type { StampFileSystem } from '../server/src/analysis/file-system.js';

const hosts = 'host N1 { memory 64GB }\nhost N2 { memory 64GB }\nhost N3 { memory 64GB }\n';
const uri = 'file:///repeats/main.stamp';

/** Applies one fix's edits (they do not overlap), last first. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((result, edit) => result.slice(0, edit.start) + edit.newText + result.slice(edit.end), text);
}

function repeats(text: string): Diagnostic[] {
  return analyze([{ uri, text }]).diagnostics.filter((diagnostic) => diagnostic.code === 'SCH011');
}

/** The text after the fix of the n-th SCH011, and the SCH011s left in it. */
function fixed(text: string, index = 0): { text: string; left: number } {
  const fix = repeats(text)[index].fixes![0];
  const after = applyEdits(text, fix.edits);
  return { text: after, left: repeats(after).length };
}

test('the fix removes a repeat in the middle of a list with the comma after it', () => {
  const result = fixed(`${hosts}cluster C { nodes N1, N2, n2, N3 }\n`);
  assert.equal(result.text, `${hosts}cluster C { nodes N1, N2, N3 }\n`);
  assert.equal(result.left, 0);
});

test('the fix removes a repeat at the end of a list with the comma before it', () => {
  const result = fixed(`${hosts}cluster C { nodes N1, N2, N3, N1 }\n`);
  assert.equal(result.text, `${hosts}cluster C { nodes N1, N2, N3 }\n`);
  assert.equal(result.left, 0);
});

test('a list written over several lines keeps its layout when a repeat goes', () => {
  const text = `${hosts}cluster C {\n  nodes N1,\n        N2,\n        N1,\n        N3\n}\n`;
  assert.equal(fixed(text).text, `${hosts}cluster C {\n  nodes N1,\n        N2,\n        N3\n}\n`);
  const last = `${hosts}cluster C {\n  nodes N1,\n        N3,\n        N1\n}\n`;
  assert.equal(fixed(last).text, `${hosts}cluster C {\n  nodes N1,\n        N3\n}\n`);
});

test('a comment beside a repeat is never removed with it: the fix takes the other comma, or is not offered', () => {
  const text = `${hosts}cluster C {\n  nodes N1, // the first node\n        N1,\n        N2\n}\n`;
  assert.equal(fixed(text).text, `${hosts}cluster C {\n  nodes N1, // the first node\n        N2\n}\n`);
  const after = `${hosts}cluster C {\n  nodes N1,\n        N1, /* again */ N2\n}\n`;
  assert.equal(fixed(after).text, `${hosts}cluster C {\n  nodes N1, /* again */ N2\n}\n`);
  // The last value, with a comment before it: no edit would keep both the comment and a well-formed list.
  const last = `${hosts}cluster C {\n  nodes N2, // the second node\n        N2\n}\n`;
  assert.deepEqual(repeats(last).map((diagnostic) => diagnostic.fixes), [[]]);
  assert.deepEqual(repeats(`${hosts}cluster C { nodes N1, N2/*kept*/, N2 }\n`).map((diagnostic) => diagnostic.fixes), [[]]);
});

test('a name written three times gets two warnings, both pointing at the first, and two fixes that each leave one repeat', () => {
  const text = `${hosts}cluster C { nodes N1, N2, N3 }\nvm V on C { memory 4GB; preferred_owners N3, n3, N3 }\n`;
  const found = repeats(text);
  assert.deepEqual(found.map((diagnostic) => text.slice(diagnostic.start, diagnostic.end)), ['n3', 'N3']);
  const first = text.indexOf('N3, n3');
  for (const diagnostic of found) assert.deepEqual(diagnostic.related?.map((place) => [place.start, place.end]), [[first, first + 2]]);
  // Editors fade a repeat as they fade unused code.
  for (const diagnostic of found) assert.deepEqual(diagnostic.tags, ['unnecessary']);
  assert.match(fixed(text, 0).text, /preferred_owners N3, N3 \}/);
  assert.match(fixed(text, 1).text, /preferred_owners N3, n3 \}/);
  assert.equal(fixed(text, 0).left, 1);
});

test('a repeated node is one node: quorum, placement and the failure analysis read the cluster as written once', () => {
  // Without the repeat's removal from the model, SPOF001 said "1 of 3 votes" for N1 and "N2 runs V" for N2.
  const design = (nodes: string) => `host N1 { memory 64GB }\nhost N2 { memory 64GB }\ncluster C { nodes ${nodes} }\nvm V on C { memory 40GB; storage local }\nvm W on C { memory 40GB; storage local }\nvmm VMM { servers V }\n`;
  const findings = (text: string) => diagnose(analyze([{ uri, text }])).filter((diagnostic) => diagnostic.code !== 'SCH011').map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`);
  const once = findings(design('N1, N2'));
  assert.ok(once.includes('SPOF001 Losing N2 takes down VMM: C loses quorum (1 of 2 votes), stopping V.'), once.join('\n'));
  assert.deepEqual(findings(design('N1, N2, N1')), once);
  assert.deepEqual(findings(design('N1, n1, N2')), once);
});

test('the repeat is still a reference: rename rewrites it, and its hover names the host', () => {
  const stamp = openStamp({ [uri]: `${hosts}cluster C { nodes N1, N2, n2, N3 }\n` });
  const renamed = stamp.renamed('host N2', 'N9', 5).get(uri)!;
  assert.match(renamed, /nodes N1, N9, N9, N3 \}/);
  assert.match(stamp.hover('n2, N3', 0) ?? '', /N2/);
});

test('values that differ, a single value and free text are not repeats', () => {
  assert.deepEqual(repeats(`${hosts}cluster C { nodes N1, N2, N3 }\nvmm VMM { administrators "DOM\\a", "DOM\\a" }\n`), []);
  assert.deepEqual(repeats(`${hosts}cluster C { nodes N1 }\n`), []);
});

test('after edits on the line of a repeat (a value, a space) or on the lines before it, its warning and its fix are where a fresh analysis puts them', () => {
  const noFiles: StampFileSystem = { readText: () => undefined, readBytes: () => undefined, stat: () => undefined, readFolder: () => [], locate: () => undefined };
  const shown = (workspace: StampWorkspace) =>
    workspace.diagnosisOf(uri)!.all.map((diagnostic) => ({ code: diagnostic.code, start: diagnostic.start, end: diagnostic.end, related: diagnostic.related, fixes: diagnostic.fixes }));
  const cluster = `${hosts}cluster C { nodes N1, N2, N3 }\n`;
  const versions = [
    `${cluster}vm V on C { memory 4GB; preferred_owners N3, N3 }\n`,
    `${cluster}vm V on C { memory 16GB; preferred_owners N3, N3 }\n`,
    `${cluster}vm V on C { memory 16GB;  preferred_owners N3, N3 }\n`,
    `${cluster}vm V on C { memory 2GB;  preferred_owners N3,  N3 }\n`,
    // Edits on an earlier line: the repeat's line moves as a whole.
    `${cluster.replace('host N1 {', 'host N1  {')}vm V on C { memory 2GB;  preferred_owners N3,  N3 }\n`,
    `${cluster.replace('host N1 {', 'host N1  {').replace('64GB', '128GB')}vm V on C { memory 2GB;  preferred_owners N3,  N3 }\n`,
    `${cluster.replace('host N1 {', 'host N1  {').replace('64GB', '128GB')}\nvm V on C { memory 2GB;  preferred_owners N3,  N3 }\n`,
  ];
  const edited = new StampWorkspace(() => emptyConfig, noFiles);
  edited.open(uri, versions[0], 1);
  edited.diagnosisOf(uri);
  versions.forEach((text, index) => {
    edited.change(uri, text, index + 1);
    const fresh = new StampWorkspace(() => emptyConfig, noFiles);
    fresh.open(uri, text, 1);
    const expected = shown(fresh);
    assert.ok(expected.some((diagnostic) => diagnostic.code === 'SCH011'));
    assert.deepEqual(shown(edited), expected, `version ${index + 1}`);
  });
});
