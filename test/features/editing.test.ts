// Completion, outline, folding, go to definition, references, code actions, workspace symbols and semantic tokens as
// the user gets them, in-process (so that mutation testing sees which tests cover server/src/features).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStamp } from '../support/open-stamp.js';
import { completionsAt, elementSnippet } from '../../server/src/features/completion.js';
import { foldingSpansOf, outlineOf, type OutlineSymbol } from '../../server/src/features/outline.js';
import { definitionAt, referencesAt } from '../../server/src/features/navigation.js';
import { combineFixes, fixAllAction, missingLoginActions, quickFixesFor } from '../../server/src/features/code-actions.js';
import { matchesSubsequence, workspaceSymbols } from '../../server/src/features/workspace-symbols.js';
import { semanticTokensOf } from '../../server/src/features/semantic-tokens.js';
import { elementKind } from '../../grammar/src/schema.js';
import type { Fix } from '../../grammar/src/diagnostic.js';

/** The candidates at the `$0` of a text (the marker is removed), with the span they replace. */
function completeAt(textWithCursor: string) {
  const offset = textWithCursor.indexOf('$0');
  assert.ok(offset >= 0, 'the text needs a $0 cursor');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 2);
  const opened = openStamp({ 'file:///editing/complete.stamp': text });
  const result = completionsAt(opened.diagnosed.document, offset);
  return { ...result, offset, labels: result.candidates.map((candidate) => candidate.label), byLabel: (label: string) => result.candidates.find((candidate) => candidate.label === label) };
}

const hosts = `host HV1 { nic NIC1 { speed 10Gbps }; vswitch External { type external; uplink NIC1 }; vswitch Backup { type internal } }
host HV2 { vswitch Other { type private } }
san SAN1
cluster HVC { nodes HV1; csv Volume1 { san SAN1 }; csv Volume2 { san SAN1 } }
cluster OTHER { nodes HV2; csv Far { san SAN1 } }
`;

test('completion offers the element keywords and the properties of the block, without singletons already written', () => {
  const inSql = completeAt(`${hosts}vm SQL1 on HV1\nsql on SQL1 {\n  version 2016\n  $0\n}\n`);
  assert.ok(inSql.labels.includes('login'), inSql.labels.join(' '));
  assert.ok(inSql.labels.includes('auth'));
  assert.ok(!inSql.labels.includes('version'), 'version is written already');
  assert.ok(!inSql.labels.includes('host'), 'a host cannot be declared inside sql');
  const auth = inSql.byLabel('auth')!;
  assert.equal(auth.kind, 'property');
  assert.equal(auth.detail, 'property of SQL instance');
  assert.equal(auth.insertText, 'auth ${1|windows,mixed|}');
  assert.equal(auth.snippet, true);
  const login = inSql.byLabel('login')!;
  assert.equal(login.kind, 'element');
  assert.equal(login.insertText, elementSnippet(elementKind('login')));
  assert.equal(login.snippet, true);
  assert.ok((login.sortText ?? '') > (auth.sortText ?? ''), 'properties sort before elements');
  // A flag inserts itself; a property with a free value inserts its keyword and asks for completion again.
  const hadr = inSql.byLabel('hadr')!;
  assert.equal(hadr.insertText, undefined);
  const edition = inSql.byLabel('edition')!;
  assert.equal(edition.insertText, 'edition ');
  assert.equal(edition.retrigger, true);
});

test('completion at the top of the file offers element keywords only, and nothing in a comment', () => {
  const top = completeAt('// a design\n$0');
  assert.ok(top.labels.includes('host') && top.labels.includes('availability_group'), top.labels.join(' '));
  assert.ok(top.candidates.every((candidate) => candidate.kind === 'element'));
  // A singleton child (one replica_server per host) is not offered again once written.
  const host = completeAt('host H1 { replica_server { auth kerberos }\n  $0\n}');
  assert.ok(host.labels.includes('nic') && !host.labels.includes('replica_server'), host.labels.join(' '));
  assert.ok(completeAt('host H1 {\n  $0\n}').labels.includes('replica_server'));
  assert.deepEqual(completeAt('// a comment $0\nhost H1').labels, []);
  assert.deepEqual(completeAt('/* a block $0 comment */\nhost H1').labels, []);
});

test('completion offers the values of the argument being typed: enum, yes/no, versions and words', () => {
  const auth = completeAt(`${hosts}vm SQL1 on HV1\nsql on SQL1 { auth $0 }\n`);
  assert.deepEqual(auth.labels, ['windows', 'mixed']);
  assert.ok(auth.candidates[1].documentation?.includes('Windows Azure Pack'), auth.candidates[1].documentation);
  const spoofing = completeAt(`${hosts}vm SQL1 on HV1 { nic nic0 { mac_spoofing $0 } }\n`);
  assert.deepEqual(spoofing.labels, ['yes', 'no']);
  const sa = completeAt(`${hosts}vm SQL1 on HV1\nsql on SQL1 { sa $0 }\n`);
  assert.deepEqual(sa.labels, ['enabled', 'disabled']);
  const version = completeAt(`${hosts}vm SQL1 on HV1\nsql on SQL1 { version $0 }\n`);
  assert.equal(version.labels[0], '2008');
  assert.ok(version.labels.includes('2016'));
  assert.ok((version.byLabel('2025')!.sortText ?? '') < (version.byLabel('2008')!.sortText ?? ''), 'newest versions first');
  const on = completeAt(`${hosts}vm WEB1 $0`);
  assert.deepEqual(on.labels, ['on']);
  assert.equal(on.candidates[0].insertText, 'on ');
  assert.equal(on.candidates[0].retrigger, true);
  // The partly typed word is replaced.
  const typed = completeAt(`${hosts}vm SQL1 on HV1\nsql on SQL1 { auth mi$0 }\n`);
  assert.equal(typed.replaceStart, typed.offset - 2);
  assert.equal(typed.replaceEnd, typed.offset);
  assert.deepEqual(completeAt(`${hosts}nosuchkeyword $0`).labels, []);
});

test('completion offers references of the right kind, nearest first, without those already written', () => {
  const nodes = completeAt(`${hosts}host HV3\ncluster C2 { nodes HV3, $0 }\n`);
  assert.ok(nodes.labels.includes('HV1') && nodes.labels.includes('HV2'), nodes.labels.join(' '));
  assert.ok(!nodes.labels.includes('HV3'), 'HV3 is written already');
  assert.ok(!nodes.labels.includes('HVC'), 'a cluster is not a node');
  const hv1 = nodes.byLabel('HV1')!;
  assert.equal(hv1.kind, 'reference');
  assert.equal(hv1.detail, 'host');
  assert.equal(hv1.elementKindId, 'host');
  // A VM's switch: the switches of its host only.
  const vswitch = completeAt(`${hosts}vm WEB1 on HV1 { nic nic0 { switch $0 } }\n`);
  assert.deepEqual(vswitch.labels.sort(), ['Backup', 'External']);
  assert.equal(vswitch.byLabel('External')!.detail, 'virtual switch in host HV1');
  // On a cluster, the switches of its host nodes.
  const clustered = completeAt(`${hosts}vm WEB1 on HVC { nic nic0 { switch $0 } }\n`);
  assert.deepEqual(clustered.labels.sort(), ['Backup', 'External']);
  // A VM's CSV: the volumes of its cluster.
  const csv = completeAt(`${hosts}vm WEB1 on HVC { storage csv $0 }\n`);
  assert.deepEqual(csv.labels.sort(), ['Volume1', 'Volume2']);
  // A team's members: the adapters of its own machine.
  const members = completeAt('host H1 { nic A; nic B; team T { members A, $0 } }\nhost H2 { nic C }\n');
  assert.deepEqual(members.labels, ['B']);
  // A quoted name is inserted with its quotes.
  const quoted = completeAt('host "HV-1.contoso.com"\ncluster C { nodes $0 }\n');
  assert.equal(quoted.byLabel('HV-1.contoso.com')!.insertText, '"HV-1.contoso.com"');
});

test('the outline lists the elements with their kinds, children and name spans; multi-line blocks fold', () => {
  const text = `/* a design
   over lines */
host HV1 {
  nic NIC1
  vswitch External { type external; uplink NIC1 }
}
cluster HVC { nodes HV1; csv Volume1 { } }
`;
  const opened = openStamp({ 'file:///editing/outline.stamp': text });
  const outline = outlineOf(opened.diagnosed.document);
  const summary = (symbols: OutlineSymbol[]): unknown => symbols.map((symbol) => [symbol.name, symbol.detail, summary(symbol.children)]);
  assert.deepEqual(summary(outline), [
    ['HV1', 'host', [['NIC1', 'network adapter', []], ['External', 'virtual switch', []]]],
    ['HVC', 'cluster', [['Volume1', 'Cluster Shared Volume', []]]],
  ]);
  const host = outline[0];
  assert.equal(text.slice(host.start, host.end), text.slice(text.indexOf('host HV1'), text.indexOf('}\ncluster') + 1));
  assert.equal(text.slice(host.selectionStart, host.selectionEnd), 'HV1');
  assert.equal(host.symbol, elementKind('host').symbol);
  const folds = foldingSpansOf(opened.diagnosed.document);
  assert.deepEqual(folds, [{ startLine: 0, endLine: 1, comment: true }, { startLine: 2, endLine: 4, comment: false }]);
});

test('go to definition and find references follow the names, declarations included on request', () => {
  const text = 'host HV1\nhost HV2\ncluster C1 { nodes HV1, HV2 }\nvm WEB on HV1\n';
  const opened = openStamp({ 'file:///editing/nav.stamp': text });
  const document = opened.diagnosed.document;
  const definition = definitionAt(document, opened.offsetOf('HV1', 1, 2));
  assert.deepEqual(definition && text.slice(definition.start, definition.end), 'HV1');
  assert.equal(definition?.start, text.indexOf('HV1'));
  assert.equal(definitionAt(document, opened.offsetOf('nodes', 1)), undefined);
  const slices = (places: Array<{ start: number; end: number }>) => places.map((place) => `${place.start}:${text.slice(place.start, place.end)}`);
  const withDeclaration = referencesAt(document, opened.offsetOf('HV1', 1), true);
  assert.deepEqual(slices(withDeclaration), [`5:HV1`, `${opened.offsetOf('HV1', 0, 2)}:HV1`, `${opened.offsetOf('HV1', 0, 3)}:HV1`]);
  const without = referencesAt(document, opened.offsetOf('HV1', 1, 2), false);
  assert.deepEqual(slices(without), [`${opened.offsetOf('HV1', 0, 2)}:HV1`, `${opened.offsetOf('HV1', 0, 3)}:HV1`]);
  assert.deepEqual(referencesAt(document, opened.offsetOf('cluster', 1), true), []);
});

const withProblems = `host S1
host S2
cluster SQLC { nodes S1, S2; witness share "\\\\FS\\W" }
sql on S1 { version 2016; login "CONTOSO\\svc" { type windows }; login "CONTOSO\\app" { type windows } }
sql on S2 { version 2016 }
availability_group AG1 on SQLC {
  replica S1 { primary }
  replica S2
  database Simple { recovery simple; backup full; logins "CONTOSO\\svc", "CONTOSO\\app" }
}
`;

test('code actions: the quick fixes of one diagnostic, fix all, and adding every missing login of a group', () => {
  const opened = openStamp({ 'file:///editing/actions.stamp': withProblems });
  const diagnosed = opened.diagnosed;
  const ag001 = diagnosed.own.find((diagnostic) => diagnostic.code === 'AG001')!;
  const fixes = quickFixesFor(diagnosed, 'AG001', ag001.start, ag001.end);
  assert.deepEqual(fixes.map((action) => [action.title, action.kind, action.preferred]), [["Set recovery full on 'Simple'", 'quickfix', true]]);
  assert.equal(fixes[0].diagnostic, ag001);
  assert.deepEqual(quickFixesFor(diagnosed, 'AG001', ag001.start, ag001.end + 1), []);
  assert.deepEqual(quickFixesFor(diagnosed, 'AG002', ag001.start, ag001.end), []);
  const all = fixAllAction(diagnosed)!;
  assert.equal(all.title, 'Fix all auto-fixable Stamp problems');
  assert.equal(all.kind, 'source.fixAll.stamp');
  assert.ok(all.edits.some((edit) => edit.newText === 'full'), JSON.stringify(all.edits));
  const logins = missingLoginActions(diagnosed);
  assert.deepEqual(logins.map((action) => [action.title, action.kind]), [['Add all missing logins of availability group AG1', 'source']]);
  const inserted = logins[0].edits.map((edit) => edit.newText).join('');
  assert.ok(inserted.includes('CONTOSO\\svc') && inserted.includes('CONTOSO\\app'), inserted);
  const clean = openStamp({ 'file:///editing/clean.stamp': 'host H1\n' });
  assert.equal(fixAllAction(clean.diagnosed), undefined);
  assert.deepEqual(missingLoginActions(clean.diagnosed), []);
});

test('combined fixes keep the first of overlapping fixes whole and drop repeats', () => {
  const edit = (start: number, end: number, newText: string) => ({ uri: 'file:///a.stamp', start, end, newText });
  const first: Fix = { title: 'first', edits: [edit(0, 4, 'a'), edit(10, 12, 'b')] };
  const overlapping: Fix = { title: 'overlapping', edits: [edit(20, 22, 'c'), edit(11, 13, 'd')] };
  const touching: Fix = { title: 'touching', edits: [edit(4, 6, 'e')] };
  const otherFile: Fix = { title: 'other file', edits: [{ uri: 'file:///b.stamp', start: 0, end: 4, newText: 'f' }] };
  assert.deepEqual(combineFixes([first, overlapping, touching, otherFile, first]).map((each) => each.newText), ['a', 'b', 'e', 'f']);
});

test('workspace symbols match a query as a subsequence of the name, in any case, with their container', () => {
  assert.equal(matchesSubsequence('SQLCLUSTER-AG', 'sqag'), true);
  assert.equal(matchesSubsequence('SQLCLUSTER-AG', 'SQL AG'), true);
  assert.equal(matchesSubsequence('SQLCLUSTER-AG', 'gas'), false);
  assert.equal(matchesSubsequence('abc', 'aa'), false);
  const opened = openStamp({ 'file:///editing/symbols.stamp': 'host HV1 { nic NIC1; vswitch External { uplink NIC1 } }\nhost WEB\nnlb N { ip 10.0.0.9; hosts WEB; port_rule 80 { } }\n' });
  const files = [opened.diagnosed.document.file];
  const found = workspaceSymbols(files, 'ext');
  assert.deepEqual(found.map((entry) => [entry.name, entry.kindLabel, entry.containerName, opened.text.slice(entry.start, entry.end)]), [['External', 'virtual switch', 'HV1', 'External']]);
  assert.deepEqual(workspaceSymbols(files, 'hv').map((entry) => [entry.name, entry.containerName]), [['HV1', undefined]]);
  // A port rule is named by its ports, inside its NLB.
  assert.deepEqual(workspaceSymbols(files, '80').map((entry) => [entry.name, entry.kindLabel, entry.containerName]), [['80', 'port rule', 'N']]);
  assert.equal(workspaceSymbols(files, '').length, 6);
});

test('semantic tokens colour keywords, properties, values, names, strings, numbers and comments', () => {
  const text = '// lab\nhost HV1 { os 2016; nic NIC1 { speed 10Gbps; mac_spoofing yes } }\nvm WEB on HV1 { memory 4GB; nic n { switch Missing } }\ndomain "contoso.com" { controllers WEB }\n';
  const opened = openStamp({ 'file:///editing/tokens.stamp': text });
  const tokens = semanticTokensOf(opened.diagnosed.document).map((token) => `${text.slice(token.start, token.end)}:${token.type}${token.declaration ? '*' : ''}`);
  assert.deepEqual(tokens, [
    '// lab:comment',
    'host:keyword', 'HV1:class*', 'os:property', '2016:number', 'nic:keyword', 'NIC1:variable*', 'speed:property', '10Gbps:number', 'mac_spoofing:property', 'yes:enumMember',
    'vm:keyword', 'WEB:class*', 'on:keyword', 'HV1:class', 'memory:property', '4GB:number', 'nic:keyword', 'n:variable*', 'switch:property', 'Missing:variable',
    'domain:keyword', '"contoso.com":class*', 'controllers:property', 'WEB:class',
  ]);
});
