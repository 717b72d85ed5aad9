// What the editor shows straight from the language core, in the grammar's mutation run: the names completion offers for
// a reference to a stamp-wide kind (the symbol index's declarations, each name once) and the outline entry of a block
// without a header (named and selected by its keyword). The rest of completion and the outline are tested in
// test/features/editing.test.ts (the features run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStamp } from '../support/open-stamp.js';
import { completionsAt } from '../../server/src/features/completion.js';
import { outlineOf } from '../../server/src/features/outline.js';

function labelsAt(textWithCursor: string): string[] {
  const offset = textWithCursor.indexOf('$0');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 2);
  const opened = openStamp({ 'file:///completion/names.stamp': text });
  return completionsAt(opened.diagnosed.document, offset).candidates.map((candidate) => candidate.label);
}

test('a host or cluster name is offered once per name, even when the stamp declares it twice', () => {
  const labels = labelsAt('host HV1\nhost HV2\nhost HV1\ncluster C { nodes HV1, HV2 }\nvm V on $0\n');
  assert.deepEqual([...labels].sort(), ['C', 'HV1', 'HV2']);
});

test('a name of a kind the stamp does not declare offers nothing', () => {
  assert.deepEqual(labelsAt('host HV1\ncluster C { nodes HV1; witness disk $0 }\n'), []);
});

test('a block without a header is listed in the outline under its keyword, selected at the keyword', () => {
  const text = 'host HV2 { replica_server { auth kerberos } }\nvm V on HV2 { dynamic_memory { startup 1GB } }\n';
  const outline = outlineOf(openStamp({ 'file:///completion/outline.stamp': text }).diagnosed.document);
  const shown = outline.flatMap((entry) => entry.children.map((child) => `${child.name} ${JSON.stringify(text.slice(child.selectionStart, child.selectionEnd))}`));
  assert.deepEqual(shown, ['replica_server "replica_server"', 'dynamic_memory "dynamic_memory"']);
});
