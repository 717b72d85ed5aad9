// Rename as the user meets it: refusals with their reasons (a clash in the name's scope, a kind without a name, a
// name that cannot be written), and the edits, including `MACHINE\INSTANCE` references to a renamed machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../grammar/src/analyze.js';
import { openStamp } from '../support/open-stamp.js';

const main = `import "other.stamp"
host HV1 { os 2012R2; nic NIC1 { speed 10Gbps } }
vm SQL1 on HV1 { nic nic0 { }; nic nic1 { } }
vm SQL2 on HV1 { nic nic0 { }; nic lb { } }
cluster SQLC { kind guest; nodes SQL1, SQL2 }
sql INST on SQL1 { }
sql on SQL2 { }
sql on SQL1 { }
availability_group AG1 on SQLC {
  replica "SQL1\\INST" { commit synchronous }
  replica SQL2 { commit synchronous }
}
nlb N1 { ip 10.0.0.9; hosts SQL1; port_rule 80 { protocol tcp } }
recovery_plan RP { group 1 { vms SQL1 } }
`;
const other = `vm OTHER on HV1 { nic nic1 { } }
vmm VMM { servers OTHER; database_server "SQL1\\INST" }
spf SPF { servers OTHER; database_server SQL1 }
`;
const files = { 'file:///rename/main.stamp': main, 'file:///rename/other.stamp': other };
// Opened afresh at each use, inside the tests: an analysis run while the file loads would make every mutant it reaches
// "static" for Stryker's mocha runner, which then restarts its process for each of them (docs/testing.md).
const open = () => openStamp(files);

/** The problems a text has that a rename could cause: unresolved references, syntax and schema errors. */
function brokenReferences(texts: Map<string, string>): string[] {
  const analysis = analyze([...texts].map(([uri, text]) => ({ uri, text })));
  return analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`);
}

test('the stamp under test resolves: every reference finds its element', () => {
  assert.deepEqual(brokenReferences(open().texts), []);
});

test('renaming a VM to the name of another VM is refused, whatever the case and even in another file', () => {
  assert.deepEqual(open().rename('vm SQL2', 'sql1', 4), { error: 'A VM named `SQL1` already exists (line 3).' });
  assert.deepEqual(open().rename('vm SQL2', 'Other', 4), { error: 'A VM named `OTHER` already exists (line 1).' });
});

test('a host, a VM or a cluster cannot take the name of another kind of computer: one domain holds them all', () => {
  assert.deepEqual(open().rename('host HV1', 'sql2', 5), { error: 'A VM named `SQL2` already exists (line 4); hosts, VMs, clusters, listeners and Replica Brokers need different names.' });
  assert.deepEqual(open().rename('vm SQL2', 'hv1', 4), { error: 'A host named `HV1` already exists (line 2); hosts, VMs, clusters, listeners and Replica Brokers need different names.' });
  assert.deepEqual(open().rename('cluster SQLC', 'Other', 8), { error: 'A VM named `OTHER` already exists (line 1); hosts, VMs, clusters, listeners and Replica Brokers need different names.' });
  // A label that is not a computer (an NLB cluster) may share a computer's name.
  assert.ok('edits' in open().rename('nlb N1', 'SQL1', 4)!);
});

test('renaming an element to its own name in another case is allowed', () => {
  const renamed = open().renamed('vm SQL2', 'sql2', 4);
  assert.match(renamed.get('file:///rename/main.stamp')!, /^vm sql2 on HV1 /m);
  assert.match(renamed.get('file:///rename/main.stamp')!, /^sql on sql2 \{ \}$/m);
});

test('a network adapter clashes only with adapters of the same machine, not with those of other machines', () => {
  assert.deepEqual(open().rename('nic nic0', 'NIC1', 5), { error: 'A network adapter named `nic1` already exists (line 3).' });
  // `lb` is an adapter of SQL2 and `nic1` of OTHER; neither is on SQL1.
  const renamed = open().renamed('nic nic0', 'lb', 5).get('file:///rename/main.stamp')!;
  assert.match(renamed, /^vm SQL1 on HV1 \{ nic lb \{ \}; nic nic1 \{ \} \}$/m);
  assert.match(renamed, /^vm SQL2 on HV1 \{ nic nic0 \{ \}; nic lb \{ \} \}$/m, 'SQL2 keeps its adapters');
});

test('a VM may take the name of an adapter: they are different kinds in different scopes', () => {
  const result = open().rename('vm SQL2', 'nic1', 4);
  assert.ok(result && 'edits' in result, JSON.stringify(result));
});

test('renaming a machine rewrites MACHINE\\INSTANCE references of its named instances, in every file', () => {
  const renamed = open().renamed('vm SQL1', 'SQL9', 4);
  const mainAfter = renamed.get('file:///rename/main.stamp')!;
  const otherAfter = renamed.get('file:///rename/other.stamp')!;
  assert.match(mainAfter, /^vm SQL9 on HV1 /m);
  assert.match(mainAfter, /^sql INST on SQL9 \{ \}$/m);
  assert.match(mainAfter, /^ {2}replica "SQL9\\INST" \{ commit synchronous \}$/m);
  assert.match(mainAfter, /^cluster SQLC \{ kind guest; nodes SQL9, SQL2 \}$/m);
  assert.match(mainAfter, /hosts SQL9;/);
  assert.match(mainAfter, /vms SQL9 \}/);
  assert.match(otherAfter, /database_server "SQL9\\INST" \}/);
  assert.match(otherAfter, /^spf SPF \{ servers OTHER; database_server SQL9 \}$/m, 'the default instance, named like its machine');
  assert.deepEqual(brokenReferences(renamed), [], 'the renamed stamp still resolves');
});

test('a new machine name that is not an identifier is quoted, with the instance inside the quotes', () => {
  const renamed = open().renamed('vm SQL1', 'SQL 9', 4);
  const mainAfter = renamed.get('file:///rename/main.stamp')!;
  assert.match(mainAfter, /^vm "SQL 9" on HV1 /m);
  assert.match(mainAfter, /^ {2}replica "SQL 9\\INST" \{/m);
  assert.match(renamed.get('file:///rename/other.stamp')!, /database_server "SQL 9\\INST" \}/);
  assert.deepEqual(brokenReferences(renamed), []);
});

test('renaming from a reference renames the declaration and every other reference', () => {
  const fromReference = open().rename('nodes SQL1', 'SQL9', 'nodes '.length + 1);
  const fromDeclaration = open().rename('vm SQL1', 'SQL9', 4);
  assert.ok(fromReference && 'edits' in fromReference && fromDeclaration && 'edits' in fromDeclaration);
  const key = (edit: { uri: string; start: number; end: number; newText: string }) => `${edit.uri}:${edit.start}-${edit.end}=${edit.newText}`;
  assert.deepEqual(fromReference.edits.map(key).sort(), fromDeclaration.edits.map(key).sort());
  assert.equal(new Set(fromReference.edits.map(key)).size, fromReference.edits.length, 'no place is edited twice');
});

test('an element kind without a name (import, port rule, recovery group) cannot be renamed', () => {
  assert.deepEqual(open().prepareRename('import "other', 9), { error: 'A import has no name to rename.' });
  assert.deepEqual(open().rename('import "other', 'x.stamp', 9), { error: 'A import has no name to rename.' });
  assert.deepEqual(open().prepareRename('port_rule 80', 11), { error: 'A port rule has no name to rename.' });
  assert.deepEqual(open().rename('port_rule 80', '81', 11), { error: 'A port rule has no name to rename.' });
  assert.deepEqual(open().prepareRename('group 1', 6), { error: 'A recovery group has no name to rename.' });
});

test('prepare rename selects the name and offers it as written', () => {
  const at = open().offsetOf('vm SQL2', 3);
  assert.deepEqual(open().prepareRename('vm SQL2', 4), { start: at, end: at + 4, placeholder: 'SQL2' });
  const reference = open().offsetOf('replica "SQL1', 8);
  assert.deepEqual(open().prepareRename('replica "SQL1', 10), { start: reference, end: reference + '"SQL1\\INST"'.length, placeholder: 'SQL1\\INST' });
  assert.equal(open().prepareRename('commit synchronous', 10), undefined, 'nothing to rename on a value');
});

test('names that cannot be written are refused with the reason: empty, a double quote, a line break', () => {
  assert.deepEqual(open().rename('vm SQL2', '   ', 4), { error: 'A name cannot be empty.' });
  assert.deepEqual(open().rename('vm SQL2', 'SQL"2', 4), { error: 'A name cannot contain `"`: strings in `.stamp` files have no escape sequences.' });
  assert.deepEqual(open().rename('vm SQL2', 'SQL\n2', 4), { error: 'A name must fit on one line.' });
  assert.deepEqual(open().rename('vm SQL2', 'SQL\r2', 4), { error: 'A name must fit on one line.' });
  assert.deepEqual(open().rename('vm SQL2', 'SQL2\n', 4), { error: 'A name must fit on one line.' });
});

test('rename and navigation where nothing is named, or names are shared by mistake', () => {
  const opened = open();
  // A keyword, or the blank line after a statement, names nothing.
  assert.equal(opened.rename('host HV1', 'X', 1), undefined);
  const blank = openStamp({ 'file:///rename/blank.stamp': 'host H1\n\nhost H2\n' });
  assert.equal(blank.rename('\n\n', 'X', 1), undefined);
  assert.equal(blank.prepareRename('\n\n', 1), undefined);
  // An adapter may take the name of a switch of its host: they are different kinds.
  const host = openStamp({ 'file:///rename/host.stamp': 'host H1 { nic NIC1; vswitch External { uplink NIC1 } }\n' });
  assert.equal(host.renamed('nic NIC1', 'External', 4).get('file:///rename/host.stamp'), 'host H1 { nic External; vswitch External { uplink External } }\n');
  // A cluster named like a VM (SCH010): renaming the cluster leaves the VM's SQL instance, found by the VM's name, alone;
  // an unresolved reference is skipped.
  const text = 'host H1\nvm X on H1\ncluster X { nodes H1 }\nsql on X { }\navailability_group AG on X { replica X }\nvm Y on NOWHERE\n';
  const shared = openStamp({ 'file:///rename/shared.stamp': text });
  assert.equal(shared.renamed('cluster X', 'C2', 8).get('file:///rename/shared.stamp'), text.replace('cluster X', 'cluster C2').replace('AG on X', 'AG on C2'));
});
