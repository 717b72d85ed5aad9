// What the checker makes of an element's block as a user sees it: the facts a hover lists (properties grouped by
// keyword, a repeated keyword's statements together in written order), which second statement SCH007 reports, and
// the elements a block holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStamp } from './support/open-stamp.js';

const hosts = 'host N1 { memory 64GB }\nhost N2 { memory 64GB }\nhost N3 { memory 64GB }\n';

/** The facts a hover on an element's name lists (`- \`…\`` lines), in order. */
function facts(hover: string | undefined): string[] {
  assert.ok(hover !== undefined, 'a hover');
  return hover.split('\n').filter((line) => line.startsWith('- `')).map((line) => line.slice(2));
}

test('a hover lists the statements of a repeated keyword together, where the keyword first appears', () => {
  const text = `${hosts}cluster C {\n  vote N1 1\n  kind hyperv\n  nodes N1, N2, N3\n  vote N2 0\n  vote N3 1\n  csv V1 { free 500GB }\n}\n`;
  const hover = openStamp({ 'file:///lists/votes.stamp': text }).hover('cluster C', 'cluster '.length);
  assert.deepEqual(facts(hover).slice(0, 5), ['`vote N1 1`', '`vote N2 0`', '`vote N3 1`', '`kind hyperv`', '`nodes N1, N2, N3`']);
});

test('a hover lists the properties in written order when no keyword repeats', () => {
  const text = `${hosts}vm V on N1 {\n  storage local\n  memory 8GB\n  os 2016\n  critical\n}\n`;
  const hover = openStamp({ 'file:///lists/order.stamp': text }).hover('vm V', 'vm '.length);
  assert.deepEqual(facts(hover).slice(0, 4), ['`storage local`', '`memory 8GB`', '`os 2016`', '`critical`']);
});

test('SCH007 reports the second statement of a keyword in its own block only, also after a child block', () => {
  const text = 'host H {\n  memory 8GB\n  nic A { speed 10Gbps; vmq yes }\n  nic B { speed 1Gbps; speed 10Gbps }\n  memory 16GB\n}\n' +
    `${hosts}vm V on N1 { memory 8GB; storage local }\nreplication V to N2 {\n  frequency 30s\n  extended { to N3; frequency 15m }\n}\n`;
  const opened = openStamp({ 'file:///lists/twice.stamp': text });
  const found = opened.diagnosed.all.filter((diagnostic) => diagnostic.code === 'SCH007');
  assert.deepEqual(found.map((diagnostic) => [text.slice(diagnostic.start, diagnostic.end), diagnostic.message, text.slice(diagnostic.related![0].start, diagnostic.related![0].end)]), [
    ['speed', '`speed` is already set in `nic B`; this second one is ignored.', 'speed 1Gbps'],
    ['memory', '`memory` is already set in `host H`; this second one is ignored.', 'memory 8GB'],
  ]);
});

test('a host lists its adapters in written order around its properties', () => {
  const text = 'host H {\n  nic A { speed 10Gbps }\n  memory 8GB\n  nic B { speed 1Gbps }\n  team T { members A, B }\n}\n';
  const hover = openStamp({ 'file:///lists/children.stamp': text }).hover('host H', 'host '.length);
  assert.match(hover ?? '', /Contains 2 network adapters, 1 NIC team\./);
  assert.deepEqual(facts(hover).slice(0, 1), ['`memory 8GB`']);
  // The team's members resolve to the host's adapters: no unresolved name.
  assert.deepEqual(openStamp({ 'file:///lists/children.stamp': text }).diagnosed.all.filter((diagnostic) => diagnostic.code === 'SCH006'), []);
});

test('a block lists its own children only, not those of the blocks inside it', () => {
  const text = 'host H1\nvm S1 on H1\nvm S2 on H1\nspf SPF {\n  servers S1, S2\n  server S1 {\n    local_account REG { password pw }\n    group Admins { members REG }\n  }\n  server S2 { vmm_console }\n}\n';
  const opened = openStamp({ 'file:///lists/nested.stamp': text });
  const hover = opened.hover('spf SPF', 'spf '.length);
  assert.match(hover ?? '', /Contains 2 servers\./);
  assert.deepEqual(facts(hover).slice(0, 1), ['`servers S1, S2`']);
});
