// Protocol tests of the preview after edits: the answer to stamp/graph after a space or a value typed equals what a fresh server draws for the same text, whatever the server re-used.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphResult } from '../../protocol/src/protocol.js';
import { LspClient } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const lab = readFileSync(join(repoRoot, 'examples', 'hypervnu-lab.stamp'), 'utf8');
const uri = 'file:///graph-edits/hypervnu-lab.stamp';

let editing: LspClient;
before(async () => {
  editing = await LspClient.start();
});
after(async () => {
  await editing.stop();
});

/** What a server that never saw an earlier version answers for `text`: a fresh analysis, a fresh layout. */
async function freshAnswer(text: string): Promise<GraphResult> {
  const fresh = await LspClient.start();
  try {
    await fresh.open(uri, text);
    await fresh.diagnostics(uri, 1, 30_000);
    return await fresh.request<GraphResult>('stamp/graph', { uri });
  } finally {
    await fresh.stop();
  }
}

/** The line (0-based) and character of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `no ${needle} in the text`);
  const line = text.slice(0, offset).split('\n').length - 1;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

const vmSql1 = (answer: GraphResult) => {
  const node = answer.graph.nodes.find((each) => each.kind === 'vm' && each.label === 'SQL1');
  assert.ok(node, 'the preview draws the VM SQL1');
  return node;
};

test('after a space typed inside a line, and then a digit of a VM\'s memory, the preview equals a fresh server\'s for the same text', async () => {
  await editing.open(uri, lab);
  await editing.diagnostics(uri, 1, 30_000);
  const first = await editing.request<GraphResult>('stamp/graph', { uri });
  assert.equal(vmSql1(first).sublabel, '8 GB');

  // A space between `SQL1` and `on`: nothing drawn changes, but every range after it on that line moves by one.
  const space = positionOf(lab, 'SQL1 on HVCLUSTER');
  space.character += 'SQL1'.length;
  const spaced = `${lab.slice(0, lab.indexOf('SQL1 on HVCLUSTER') + 4)} ${lab.slice(lab.indexOf('SQL1 on HVCLUSTER') + 4)}`;
  const spacedVersion = await editing.edit(uri, { start: space, end: space }, ' ');
  await editing.diagnostics(uri, spacedVersion, 30_000);
  const afterSpace = await editing.request<GraphResult>('stamp/graph', { uri });
  const freshSpaced = await freshAnswer(spaced);
  assert.deepEqual(afterSpace, freshSpaced);
  // The VM's statement ends one character later than before the space: a click on it selects the whole statement.
  assert.equal(vmSql1(afterSpace).range.end.character, vmSql1(first).range.end.character + 1);

  // SQL1's memory, 8GB → 9GB: the label under its name is new, and the rest is what a fresh server draws.
  const digit = positionOf(spaced, 'memory 8GB; storage csv Volume1; anti_affinity SQL; nic nic0 { switch External; ip 172.21.5.131/24 }');
  digit.character += 'memory '.length;
  const valued = spaced.replace('memory 8GB; storage csv Volume1; anti_affinity SQL; nic nic0 { switch External; ip 172.21.5.131/24 }', 'memory 9GB; storage csv Volume1; anti_affinity SQL; nic nic0 { switch External; ip 172.21.5.131/24 }');
  const valueVersion = await editing.edit(uri, { start: digit, end: { line: digit.line, character: digit.character + 1 } }, '9');
  await editing.diagnostics(uri, valueVersion, 30_000);
  const afterValue = await editing.request<GraphResult>('stamp/graph', { uri });
  assert.equal(vmSql1(afterValue).sublabel, '9 GB');
  assert.match(afterValue.svg, />9 GB</);
  assert.deepEqual(afterValue, await freshAnswer(valued));
  await editing.close(uri);
});
