// Completion, outline, folding, go to definition, references, code actions, workspace symbols and semantic tokens as
// the user gets them, in-process (so that mutation testing sees which tests cover server/src/features).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStamp } from '../support/open-stamp.js';
import { StampWorkspace } from '../../server/src/analysis/workspace.js';
import { nodeFileSystem } from '../../server/src/node/node-file-system.js';
import { completionsAt, elementSnippet } from '../../server/src/features/completion.js';
import { foldingSpansOf, outlineOf, type OutlineSymbol } from '../../server/src/features/outline.js';
import { definitionAt, namedAt, referencesAt } from '../../server/src/features/navigation.js';
import { combineFixes, fixAllAction, missingLoginActions, quickFixesFor } from '../../server/src/features/code-actions.js';
import { matchesSubsequence, maximumWorkspaceSymbols, workspaceSymbols } from '../../server/src/features/workspace-symbols.js';
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
  // A VM is placed on a Hyper-V cluster or a host, never on a guest cluster (its nodes are VMs).
  const placement = completeAt(`${hosts}vm N1 on HVC\nvm N2 on HVC\ncluster GUEST { kind guest; nodes N1, N2 }\nvm WEB1 on $0\n`);
  assert.deepEqual(placement.labels.sort(), ['HV1', 'HV2', 'HVC', 'OTHER']);
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
availability_group AG2 on SQLC {
  replica S1 { primary }
  replica S2
  database Plain { recovery full; backup full }
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
  // A diagnostic the editor kept from an earlier version (another start, the same end) gets no fix.
  assert.deepEqual(quickFixesFor(diagnosed, 'AG001', ag001.start + 1, ag001.end), []);
  assert.deepEqual(quickFixesFor(diagnosed, 'AG002', ag001.start, ag001.end), []);
  const all = fixAllAction(diagnosed)!;
  assert.equal(all.title, 'Fix all auto-fixable Stamp problems');
  assert.equal(all.kind, 'source.fixAll.stamp');
  assert.ok(all.edits.some((edit) => edit.newText === 'full'), JSON.stringify(all.edits));
  const logins = missingLoginActions(diagnosed);
  assert.deepEqual(logins.map((action) => [action.title, action.kind]), [['Add all missing logins of availability group AG1', 'source']]);
  const inserted = logins[0].edits.map((edit) => edit.newText).join('');
  assert.ok(inserted.includes('CONTOSO\\svc') && inserted.includes('CONTOSO\\app'), inserted);
  // A fix that creates a file is offered as such, and never applied by fix all.
  const missingImport = openStamp({ 'file:///editing/importer.stamp': 'import "missing-part.stamp"\nhost H1\n' });
  const imp = missingImport.diagnosed.own.find((diagnostic) => diagnostic.code === 'IMP001')!;
  const create = quickFixesFor(missingImport.diagnosed, 'IMP001', imp.start, imp.end);
  assert.deepEqual(create.map((action) => [action.title, action.preferred, action.createFiles?.map((file) => file.uri)]), [['Create missing-part.stamp', undefined, ['file:///editing/missing-part.stamp']]]);
  assert.equal(fixAllAction(missingImport.diagnosed), undefined);
  const clean = openStamp({ 'file:///editing/clean.stamp': 'host H1\n' });
  assert.equal(fixAllAction(clean.diagnosed), undefined);
  assert.deepEqual(missingLoginActions(clean.diagnosed), []);
  // A diagnostic without a fix: no quick fix, nothing to fix all.
  const twice = openStamp({ 'file:///editing/twice.stamp': 'host H1\nhost H1\n' });
  const duplicate = twice.diagnosed.own.find((diagnostic) => diagnostic.code === 'SCH005')!;
  assert.equal(duplicate.fixes, undefined);
  assert.deepEqual(quickFixesFor(twice.diagnosed, 'SCH005', duplicate.start, duplicate.end), []);
  assert.equal(fixAllAction(twice.diagnosed), undefined);
});

test('combined fixes keep the first of overlapping fixes whole and drop repeats', () => {
  const edit = (start: number, end: number, newText: string) => ({ uri: 'file:///a.stamp', start, end, newText });
  const first: Fix = { title: 'first', edits: [edit(0, 4, 'a'), edit(10, 12, 'b')] };
  const overlapping: Fix = { title: 'overlapping', edits: [edit(20, 22, 'c'), edit(11, 13, 'd')] };
  const touching: Fix = { title: 'touching', edits: [edit(4, 6, 'e')] };
  const touchingBefore: Fix = { title: 'touching before', edits: [edit(8, 10, 'g')] };
  const otherFile: Fix = { title: 'other file', edits: [{ uri: 'file:///b.stamp', start: 0, end: 4, newText: 'f' }] };
  // The same insertion offered twice (by two diagnostics) is inserted once; another fix of the same title is kept.
  const insertion: Fix = { title: 'insert', edits: [edit(50, 50, 'h')] };
  const sameTitle: Fix = { title: 'insert', edits: [edit(60, 60, 'i')] };
  assert.deepEqual(combineFixes([first, overlapping, touching, touchingBefore, otherFile, first, insertion, { ...insertion }, sameTitle]).map((each) => each.newText), ['a', 'b', 'e', 'g', 'f', 'h', 'i']);
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
  const text = '// lab\nhost HV1 { os 2016; nic NIC1 { speed 10Gbps; mac_spoofing yes } }\nvm WEB on HV1 { memory 4GB; nic n { switch Missing } }\ndomain "contoso.com" { controllers WEB }\n' +
    'sql on WEB { login L1 { type sql } }\ndns_record "web.contoso.com" 10.0.0.9\nrecovery_plan Plan { group 1 { vms WEB } }\nspf S { server WEB { group Admins { members L1 } } }\n' +
    'host HV2 { os 2012R2 }\ncluster C { nodes HV1, HV2; witness share "\\\\FS\\W" }\n';
  const opened = openStamp({ 'file:///editing/tokens.stamp': text });
  const tokens = semanticTokensOf(opened.diagnosed.document).map((token) => `${text.slice(token.start, token.end)}:${token.type}${token.declaration ? '*' : ''}`);
  assert.deepEqual(tokens, [
    '// lab:comment',
    'host:keyword', 'HV1:class*', 'os:property', '2016:number', 'nic:keyword', 'NIC1:variable*', 'speed:property', '10Gbps:number', 'mac_spoofing:property', 'yes:enumMember',
    'vm:keyword', 'WEB:class*', 'on:keyword', 'HV1:class', 'memory:property', '4GB:number', 'nic:keyword', 'n:variable*', 'switch:property', 'Missing:variable',
    'domain:keyword', '"contoso.com":class*', 'controllers:property', 'WEB:class',
    'sql:keyword', 'on:keyword', 'WEB:class', 'login:keyword', 'L1:variable*', 'type:property', 'sql:enumMember',
    'dns_record:keyword', '"web.contoso.com":variable*', '10.0.0.9:number',
    'recovery_plan:keyword', 'Plan:variable*', 'group:keyword', '1:number', 'vms:property', 'WEB:class',
    'spf:keyword', 'S:class*', 'server:keyword', 'WEB:class', 'group:keyword', 'Admins:variable*', 'members:property', 'L1:variable',
    'host:keyword', 'HV2:class*', 'os:property', '2012R2:number',
    'cluster:keyword', 'C:class*', 'nodes:property', 'HV1:class', 'HV2:class', 'witness:property', 'share:keyword', '"\\\\FS\\W":string',
  ]);
});

test('renaming a machine rewrites every reference once, quoted, its instances by MACHINE\\INSTANCE as declared, the default instance by its name', () => {
  const text = `host HV1
cluster HC { nodes HV1; csv SQL1 { } }
vm SQL1 on HV1
vm SQL2 on HC { storage csv SQL1 }
cluster SQLC { kind guest; nodes SQL1, SQL2 }
sql INST on SQL1 { }
sql on SQL1 { }
sql on SQL2 { }
availability_group AG1 on SQLC {
  replica "SQL1\\INST"
  replica SQL2
}
availability_group AG2 on SQLC {
  replica SQL1
  replica SQL2
}
vmm VMM { servers SQL2; database_server "sql1\\inst" }
spf SPF { servers SQL2; database_server SQL1 }
`;
  const opened = openStamp({ 'file:///editing/rename.stamp': text });
  const renamed = opened.renamed('vm SQL1', 'SQL.10', 4).get('file:///editing/rename.stamp');
  assert.equal(renamed, text
    .replace('vm SQL1 on', 'vm "SQL.10" on')
    .replace('nodes SQL1,', 'nodes "SQL.10",')
    .replace('sql INST on SQL1', 'sql INST on "SQL.10"')
    .replace('sql on SQL1', 'sql on "SQL.10"')
    .replace('replica "SQL1\\INST"', 'replica "SQL.10\\INST"')
    .replace('replica SQL1', 'replica "SQL.10"')
    .replace('database_server "sql1\\inst"', 'database_server "SQL.10\\INST"')
    .replace('database_server SQL1', 'database_server "SQL.10"'));
  const named = (needle: string, delta: number) => {
    const at = namedAt(opened.diagnosed.document, opened.offsetOf(needle, delta));
    return at && `${at.element.kind.id} ${at.element.name} ${at.text} ${at.isDeclaration ? 'declaration' : 'reference'}`;
  };
  assert.equal(named('vm SQL1', 4), 'vm SQL1 SQL1 declaration');
  assert.equal(named('nodes SQL1', 7), 'vm SQL1 SQL1 reference');
  assert.equal(named('host HV1', 1), undefined, 'the keyword names nothing');
  assert.equal(definitionAt(opened.diagnosed.document, text.indexOf('{ }') + 1), undefined, 'the inside of an empty block names nothing');
});

test('an unnamed element is outlined and found by its keyword; nested and unclosed blocks fold; one-line comments do not', () => {
  const text = `/* one line */
host HV1
vm V on HV1 {
  dynamic_memory {
    startup 4GB
  }
}
wap W { tenant_site { port 443 } }
host H9 {
  nic X
`;
  const opened = openStamp({ 'file:///editing/unnamed.stamp': text });
  const document = opened.diagnosed.document;
  const outline = outlineOf(document);
  assert.deepEqual(outline.map((symbol) => [symbol.name, symbol.children.map((child) => child.name)]), [['HV1', []], ['V', ['dynamic_memory']], ['W', ['tenant_site']], ['H9', ['X']]]);
  assert.deepEqual(foldingSpansOf(document), [
    { startLine: 2, endLine: 5, comment: false },
    { startLine: 3, endLine: 4, comment: false },
    { startLine: 8, endLine: 9, comment: false },
  ]);
  const files = [document.file];
  assert.deepEqual(workspaceSymbols(files, 'tenant').map((entry) => [entry.name, entry.kindLabel, entry.containerName]), [['tenant_site', 'tenant site', 'W']]);
  assert.deepEqual(workspaceSymbols(files, 'startup'), [], 'properties are no symbols');
  const imports = openStamp({ 'file:///editing/imports.stamp': 'import "missing-part.stamp"\nhost IMPORTER\n' });
  assert.deepEqual(workspaceSymbols([imports.diagnosed.document.file], 'i').map((entry) => entry.name), ['IMPORTER'], 'an import is no symbol');
  // A container without a name is named by its keyword.
  const nested = openStamp({ 'file:///editing/nested.stamp': 'host HV1\nvm V on HV1 { dynamic_memory { startup 4GB } }\nspf S { registration_account REG }\nwap P { server P1 { group Ops { members X } } }\n' });
  assert.deepEqual(workspaceSymbols([nested.diagnosed.document.file], 'ops').map((entry) => [entry.name, entry.containerName]), [['Ops', 'P1']]);
});

test('workspace symbols stop at the most an editor is sent', () => {
  const text = Array.from({ length: 1005 }, (_, index) => `host H${index}`).join('\n');
  const opened = openStamp({ 'file:///editing/many.stamp': text });
  const found = workspaceSymbols([opened.diagnosed.document.file], 'h');
  assert.equal(maximumWorkspaceSymbols, 1000);
  assert.equal(found.length, 1000);
  assert.equal(found[999].name, 'H999');
});

test('completion knows which block the cursor is in: just inside a brace, after a closing brace, in an unclosed block', () => {
  const inside = completeAt('host H1 {$0 }\n');
  assert.ok(inside.labels.includes('nic') && !inside.labels.includes('host'), inside.labels.join(' '));
  const after = completeAt('host H1 { nic A }\n$0');
  assert.ok(after.labels.includes('host') && !after.labels.includes('nic'), after.labels.join(' '));
  const beforeBrace = completeAt('host H1 { nic A }$0\nhost H2\n');
  assert.ok(!beforeBrace.labels.includes('speed'), beforeBrace.labels.join(' '));
  const unclosed = completeAt('host H1 {\n  nic A\n$0');
  assert.ok(unclosed.labels.includes('vswitch') && !unclosed.labels.includes('host'), unclosed.labels.join(' '));
  const nested = completeAt('host H1 { nic A { speed 1Gbps; $0 } }\n');
  assert.ok(nested.labels.includes('vmq') && !nested.labels.includes('vswitch') && !nested.labels.includes('speed'), nested.labels.join(' '));
  // Inside a block whose keyword is unknown, nothing is offered.
  assert.deepEqual(completeAt('frobnicate X {\n  $0\n}\n').labels, []);
  assert.deepEqual(completeAt('frobnicate X {\n  speed $0\n}\n').labels, []);
});

test('completion inside a block left unclosed at the end of the file offers that block\'s properties and children', () => {
  const clusterWords = ['nodes', 'witness', 'csv', 'kind'];
  const topWords = ['host', 'availability_group', 'import'];
  const offers = (text: string, words: string[]) => {
    const labels = completeAt(text).labels;
    assert.ok(words.every((word) => labels.includes(word)), `${JSON.stringify(text)} offered ${labels.join(' ')}`);
    return labels;
  };
  const lacks = (labels: string[], words: string[]) => assert.ok(words.every((word) => !labels.includes(word)), labels.join(' '));
  // Typing on the lines below `cluster X {`, with no `}` anywhere after it.
  lacks(offers('host H1\ncluster X {\n  $0', clusterWords), topWords);
  lacks(offers('host H1\ncluster X {\n  nodes H1\n  $0', ['witness', 'csv']), [...topWords, 'nodes']);
  lacks(offers('host H1\ncluster X {\n\n\n  $0\n\n', clusterWords), topWords);
  lacks(offers('host H1\ncluster X { nodes H1; $0', ['witness', 'csv']), topWords);
  // CR-only and CRLF line breaks end the statement before the cursor as LF does.
  lacks(offers('host H1\rcluster X {\r  nodes H1\r  $0', ['witness', 'csv']), topWords);
  lacks(offers('host H1\r\ncluster X {\r\n  nodes H1\r\n  $0', ['witness', 'csv']), topWords);
  // Nested unclosed blocks: indentation says which one the cursor is in.
  const nested = 'san S1\ncluster X {\n  csv V1 {\n    san S1\n';
  lacks(offers(`${nested}    $0`, ['free']), ['witness', ...topWords]);
  lacks(offers(`${nested}  $0`, ['witness', 'nodes']), ['free', ...topWords]);
  lacks(offers('host H1 { nic A {\n  $0', ['speed', 'vmq']), ['vswitch', ...topWords]);
  // A statement after the unclosed block, not indented past it, ends it (as the parser reads it): above that statement an
  // indented cursor is in the block, one at the margin is not, and one below it is at the top level.
  lacks(offers('cluster X {\n  nodes H1\n  $0\nhost H2\n', ['witness']), topWords);
  lacks(offers('cluster X {\n  nodes H1\n$0\nhost H2\n', topWords), clusterWords);
  lacks(offers('cluster X {\n  nodes H1\nhost H2\n  $0', topWords), clusterWords);
});

test('completion offers each word of a property with several forms once, then what follows the word written', () => {
  const cluster = 'host H1\nsan SAN1\ncluster C { nodes H1; csv V1 { san SAN1 }; witness ';
  assert.deepEqual(completeAt(`${cluster}$0 }\n`).labels, ['disk', 'share', 'cloud', 'none', 'disk_only']);
  assert.deepEqual(completeAt(`${cluster}disk $0 }\n`).labels.sort(), ['SAN1', 'V1']);
  assert.deepEqual(completeAt(`${cluster}share $0 }\n`).labels, []);
  const storage = completeAt('host H1\nvm V on H1 { storage $0 }\n');
  assert.deepEqual(storage.labels, ['csv', 'local']);
});

test('completion falls back to every switch or CSV when the VM\'s own hosts or cluster offer none, and ends with a line comment', () => {
  const onBareHost = completeAt(`${hosts}host HV3\nvm W on HV3 { nic n { switch $0 } }\n`);
  assert.deepEqual(onBareHost.labels.sort(), ['Backup', 'External', 'Other']);
  const unplaced = completeAt(`${hosts}vm W { nic n { switch $0 } }\n`);
  assert.deepEqual(unplaced.labels.sort(), ['Backup', 'External', 'Other']);
  const onGuest = completeAt(`${hosts}vm G1 on HV1\nvm G2 on HV2\ncluster GC { kind guest; nodes G1, G2 }\nvm W on GC { nic n { switch $0 } }\n`);
  assert.deepEqual(onGuest.labels.sort(), ['Backup', 'External', 'Other']);
  const noNodes = completeAt(`${hosts}cluster EMPTY { }\nvm W on EMPTY { nic n { switch $0 } }\n`);
  assert.deepEqual(noNodes.labels.sort(), ['Backup', 'External', 'Other']);
  const onHost = completeAt(`${hosts}vm W on HV1 { storage csv $0 }\n`);
  assert.deepEqual(onHost.labels.sort(), ['Far', 'Volume1', 'Volume2']);
  const otherCluster = completeAt(`${hosts}vm W on OTHER { storage csv $0 }\n`);
  assert.deepEqual(otherCluster.labels, ['Far']);
  assert.deepEqual(completeAt('host H1 // note$0\n').labels, []);
  // A quoted argument counts as one, without its quotes.
  const quoted = completeAt('host H1\nvm "WEB 1" on H1\nsql on "WEB 1" { auth $0 }\n');
  assert.deepEqual(quoted.labels, ['windows', 'mixed']);
});

test('completion reads a comment before the cursor as a space, and offers nothing inside a comment', () => {
  const sql = 'host H1\nvm V on H1\nsql on V { ';
  // A block comment between the keyword and the cursor, or just before the cursor: the statement is still `auth`.
  assert.deepEqual(completeAt(`${sql}auth /* why */ $0 }\n`).labels, ['windows', 'mixed']);
  assert.deepEqual(completeAt(`${sql}auth /* a; b { */ $0 }\n`).labels, ['windows', 'mixed']);
  // Two comments in the statement, and one starting right at the cursor.
  assert.deepEqual(completeAt(`${sql}auth /* a */ /* b */ $0 }\n`).labels, ['windows', 'mixed']);
  assert.deepEqual(completeAt(`${sql}auth /* a */ $0/* b */ }\n`).labels, ['windows', 'mixed']);
  const afterComment = completeAt('host H1 {/* c */$0 }\n');
  assert.ok(afterComment.labels.includes('nic') && afterComment.labels.includes('os'), afterComment.labels.join(' '));
  assert.equal(afterComment.replaceStart, afterComment.offset);
  assert.ok(completeAt('host H1 {\n  /* note */ $0\n}\n').labels.includes('replica_server'));
  // Inside a comment: on an empty line of a block comment, at the end of a line comment (even after a keyword).
  assert.deepEqual(completeAt('host H1 {\n  /*\n  $0\n  */\n}\n').labels, []);
  assert.deepEqual(completeAt(`${sql}auth // note$0\n}\n`).labels, []);
  // Comments after the cursor change nothing.
  assert.ok(completeAt('host H1 {\n  $0\n}\n// after\n/* block */\n').labels.includes('replica_server'));
});

test('completion after a quoted argument offers what follows it, and an open quote is the word being typed', () => {
  const afterQuoted = completeAt('host H1\nhost "H 2"\nvm "WEB 1" on $0');
  assert.deepEqual(afterQuoted.labels, ['H1', 'H 2']);
  assert.equal(afterQuoted.replaceStart, afterQuoted.offset);
  assert.equal(afterQuoted.byLabel('H 2')?.insertText, '"H 2"');
  // A quoted name already written is not offered again.
  assert.deepEqual(completeAt('host "H 1"\nhost H2\ncluster C { nodes "H 1", $0 }\n').labels, ['H2']);
  const open = completeAt('host H1\nhost "H 2"\nvm W on "H $0');
  assert.deepEqual(open.labels, ['H1', 'H 2']);
  assert.equal(open.offset - open.replaceStart, '"H '.length);
});

test('completion leaves out a singleton written just before or just after the cursor', () => {
  assert.ok(!completeAt('host H1 { replica_server { }$0 }\n').labels.includes('replica_server'));
  assert.ok(!completeAt('host H1 {\n  $0replica_server { }\n}\n').labels.includes('replica_server'));
  assert.ok(completeAt('host H1 {\n  replica_server$0\n}\n').labels.includes('replica_server'), 'the statement being typed is not written yet');
});

test('element snippets follow the first header form: fixed words, choices, strings, references and names', () => {
  const snippets = ['vm', 'sql', 'sa', 'import', 'dns_record', 'replica', 'port_rule', 'plan_group', 'replica_server', 'replication'].map((id) => elementSnippet(elementKind(id)));
  assert.deepEqual(snippets, [
    'vm ${1:NAME} on ${2:CLUSTER} {\n\t$0\n}',
    'sql on ${1:VM} {\n\t$0\n}',
    'sa ${1|enabled,disabled|} {\n\t$0\n}',
    'import "${1:path}"',
    'dns_record "${1:name}" ${2:ADDRESS}',
    'replica ${1:SQL} {\n\t$0\n}',
    'port_rule ${1:PORTS} {\n\t$0\n}',
    'group ${1:ORDER} {\n\t$0\n}',
    'replica_server {\n\t$0\n}',
    'replication ${1:VM} to ${2:HOST} {\n\t$0\n}',
  ]);
  const top = completeAt('$0');
  assert.equal(top.byLabel('vm')?.insertText, 'vm ${1:NAME} on ${2:CLUSTER} {\n\t$0\n}');
  // No element of the language has a choice before another argument or an enum in its header; a kind that had would
  // number its places in order, with the enum's words as the choice.
  const chosen = { ...elementKind('sa'), header: [[{ name: 'mode', value: { type: 'enum' as const, values: ['fast', 'safe'] } }, { name: 'state', value: { type: 'bool' as const, words: 'yes_no' as const } }, { name: 'name', value: { type: 'name' as const } }]] };
  assert.equal(elementSnippet(chosen), 'sa ${1|fast,safe|} ${2|yes,no|} ${3:NAME} {\n\t$0\n}');
});

test('reference completion: each name once, never an unnamed element, and a guest cluster is no place for a VM', () => {
  // A name declared twice (SCH005) is offered once; a host without a name is not offered.
  assert.deepEqual(completeAt('host H1\nhost H1\nhost { }\nvm V on $0').labels, ['H1']);
  // A host named like a guest cluster (SCH010) is still a host a VM can run on.
  const guest = completeAt('host H1\nvm G1 on H1\nvm G2 on H1\ncluster GC { kind guest; nodes G1, G2 }\nhost GC\nvm W on $0');
  assert.deepEqual(guest.candidates.map((candidate) => `${candidate.label} ${candidate.detail}`), ['H1 host', 'GC host']);
  // A fixed word with a note carries it as documentation.
  const witness = completeAt('host H1\nhost H2\ncluster C { nodes H1, H2; witness $0 }\n');
  assert.ok(witness.byLabel('disk')?.documentation?.startsWith('Node and Disk Majority'), witness.byLabel('disk')?.documentation);
});

test('switch completion in a VM written inside another block: the hosts of its own placement, else of the host around it', () => {
  // A VM misplaced in a cluster's block (no VM element): its `on HV2` still says where it runs.
  assert.deepEqual(completeAt(`${hosts}cluster X {\n  vm W on HV2 { nic n { switch $0 } }\n`).labels, ['Other']);
  // A VM misplaced in a host's block: that host's switches.
  assert.deepEqual(completeAt(`${hosts}host HV9 { vswitch S9 { type private }\n  vm W on HV2 { nic n { switch $0 } }\n`).labels, ['S9']);
});

test('code actions: adding every missing login writes what the group-wide quick fix writes, and nothing when AG003 is off', () => {
  const opened = openStamp({ 'file:///editing/actions.stamp': `${withProblems}frobnicate X\n` });
  const groupFix = opened.diagnosed.own.flatMap((diagnostic) => diagnostic.fixes ?? []).find((fix) => fix.title === 'Add all 2 missing logins of availability group AG1');
  assert.ok(groupFix, 'AG003 offers the group-wide fix');
  const [action] = missingLoginActions(opened.diagnosed);
  assert.deepEqual(action.edits, groupFix.edits);
  // A diagnostic without a fix (the unknown keyword) changes nothing.
  assert.ok(opened.diagnosed.own.some((diagnostic) => diagnostic.fixes === undefined));
  assert.deepEqual(missingLoginActions(opened.diagnosed).map((each) => each.title), ['Add all missing logins of availability group AG1']);
  const workspace = new StampWorkspace(() => ({ rules: { AG003: 'off' } }), nodeFileSystem);
  workspace.open('file:///editing/off.stamp', withProblems, 1);
  const off = workspace.diagnosisOf('file:///editing/off.stamp')!;
  assert.ok(!off.own.some((diagnostic) => diagnostic.code === 'AG003'));
  assert.deepEqual(missingLoginActions(off), []);
  // A plain quick fix creates no file.
  const ag001 = opened.diagnosed.own.find((diagnostic) => diagnostic.code === 'AG001')!;
  assert.equal('createFiles' in quickFixesFor(opened.diagnosed, 'AG001', ag001.start, ag001.end)[0], false);
});

test('fix all applies the preferred fix of a diagnostic, else its first, and never one that creates a file', () => {
  const opened = openStamp({ 'file:///editing/actions.stamp': withProblems });
  const edit = (start: number, newText: string) => ({ uri: opened.uri, start, end: start, newText });
  const diagnostic = (fixes: Fix[]) => ({ uri: opened.uri, start: 0, end: 4, severity: 'error' as const, code: 'X', message: 'x', fixes });
  const own = [
    diagnostic([{ title: 'plain', edits: [edit(1, 'a')] }, { title: 'preferred', edits: [edit(2, 'b')], preferred: true }]),
    diagnostic([{ title: 'first', edits: [edit(3, 'c')] }, { title: 'second', edits: [edit(4, 'd')] }]),
    diagnostic([{ title: 'creates', edits: [edit(5, 'e')], createFiles: [{ uri: 'file:///editing/new.stamp', text: '' }] }]),
    diagnostic([]),
  ];
  const all = fixAllAction({ ...opened.diagnosed, own });
  assert.deepEqual(all?.edits.map((each) => each.newText), ['b', 'c']);
});

test('completion finds the block around the cursor at its edges: before a `{`, after a `}`, at the end of an unclosed block, by tabs and spaces', () => {
  // Just before a `{` (closed or not) the cursor is still in the statement's header.
  assert.deepEqual(completeAt('host H1\nvm W on $0{ }\n').labels, ['H1']);
  assert.deepEqual(completeAt('host H1\nvm W on $0{\n').labels, ['H1']);
  // Just after a `}` the cursor is outside the block.
  const after = completeAt('host H1 { nic A }$0');
  assert.ok(after.labels.includes('host') && !after.labels.includes('nic'), after.labels.join(' '));
  // Typing at the very end of an unclosed block's last statement stays in that block, whatever the indentation.
  assert.ok(completeAt('san S1\ncluster X {\n  csv V {\nfre$0').labels.includes('free'));
  // On the `{` line of a nested unclosed block, after its first statement: that block, not the one around it.
  const sameLine = completeAt('san S1\nhost H1\ncluster X {\n  csv V { san S1; $0\n  nodes H1\n');
  assert.ok(sameLine.labels.includes('free') && !sameLine.labels.includes('witness'), sameLine.labels.join(' '));
  // Indentation counts up to the cursor only (spaces after it do not), and tabs count like spaces.
  const nested = 'san S1\ncluster X {\n  csv V1 {\n    san S1\n';
  const outer = completeAt(`${nested}  $0  \n`);
  assert.ok(outer.labels.includes('witness') && !outer.labels.includes('free'), outer.labels.join(' '));
  const tabs = completeAt('san S1\ncluster X {\n\tcsv V1 {\n\t\tsan S1\n\t\t$0');
  assert.ok(tabs.labels.includes('free') && !tabs.labels.includes('witness'), tabs.labels.join(' '));
  // A property written with a block opens an unknown block: nothing is offered inside it.
  assert.deepEqual(completeAt('san S1\nhost H1\ncluster X { nodes H1; csv V { san S1 { $0 } } }\n').labels, []);
});

test('hover reads a statement by the form its words fit, and a reference only from this file', () => {
  // `onn` is no form's word: the form whose other words fit is chosen, so it stands where `on` does.
  const typo = openStamp({ 'file:///editing/forms.stamp': 'host H1\nvm V1 on H1\nsql X onn V1\n' });
  assert.equal(typo.hover('onn', 1)?.split('\n\n---\n\n')[0], '**onn** — in `sql`, introduces the VM or host.');
  // The other file has a reference to BB at the offsets of AA here: the hover of AA is still AA's.
  const opened = openStamp({ 'file:///editing/a.stamp': 'import "b.stamp"\nhost AA\n', 'file:///editing/b.stamp': 'host BB\nvm VVVVVVV on BB\n' });
  assert.equal(opened.texts.get('file:///editing/b.stamp')!.indexOf('BB', 10), opened.text.indexOf('AA'));
  assert.ok(opened.hover('AA', 1)?.startsWith('**Host** `AA`'), opened.hover('AA', 1));
});

test('semantic tokens of arguments no form has room for: past the form, and on an element without a header', () => {
  const text = 'host H1 extra\nhost H2 { replica_server stray { } }\n';
  const opened = openStamp({ 'file:///editing/extra.stamp': text });
  const tokens = semanticTokensOf(opened.diagnosed.document).map((token) => `${text.slice(token.start, token.end)}:${token.type}${token.declaration ? '*' : ''}`);
  assert.deepEqual(tokens, ['host:keyword', 'H1:class*', 'extra:variable', 'host:keyword', 'H2:class*', 'replica_server:keyword', 'stray:variable']);
});

test('an element written without its name is outlined and found by its keyword, in its container too; a block closed on the next line does not fold', () => {
  const text = 'host { nic N1 }\nhost H2 {\n}\n';
  const opened = openStamp({ 'file:///editing/nameless.stamp': text });
  const document = opened.diagnosed.document;
  assert.deepEqual(outlineOf(document).map((symbol) => [symbol.name, symbol.children.map((child) => child.name)]), [['host', ['N1']], ['H2', []]]);
  assert.deepEqual(workspaceSymbols([document.file], 'n1').map((entry) => [entry.name, entry.containerName]), [['N1', 'host']]);
  assert.deepEqual(workspaceSymbols([document.file], 'host').map((entry) => entry.name), ['host']);
  assert.deepEqual(foldingSpansOf(document), []);
});

test('semantic tokens: names of dynamic memory, port ranges, versions written as words, misspelled form words, blocks of unknown keywords, another file', () => {
  const text = 'host H1 { os vNext }\nvm V on H1 { dynamic_memory { startup 4GB } }\nnlb N { port_rule 80-90 { } }\nsql X onn V\nfrobnicate F { host H9 }\n';
  const opened = openStamp({ 'file:///editing/more-tokens.stamp': text });
  const tokens = semanticTokensOf(opened.diagnosed.document).map((token) => `${text.slice(token.start, token.end)}:${token.type}${token.declaration ? '*' : ''}`);
  assert.deepEqual(tokens, [
    'host:keyword', 'H1:class*', 'os:property', 'vNext:number',
    'vm:keyword', 'V:class*', 'on:keyword', 'H1:class', 'dynamic_memory:keyword', 'startup:property', '4GB:number',
    'nlb:keyword', 'N:class*', 'port_rule:keyword', '80-90:number',
    'sql:keyword', 'X:class*', 'onn:variable', 'V:class',
    'F:variable', 'host:keyword', 'H9:variable',
  ]);
  // Another file has a reference at the offsets of AA: AA is still a declaration here.
  const two = openStamp({ 'file:///editing/a.stamp': 'import "b.stamp"\nhost AA\n', 'file:///editing/b.stamp': 'host BB\nvm VVVVVVV on BB\n' });
  const aa = semanticTokensOf(two.diagnosed.document).find((token) => token.start === two.text.indexOf('AA'));
  assert.deepEqual(aa && [aa.type, aa.declaration], ['class', true]);
});

test('switch completion follows the `on` of a VM as written: no name, no `on`, nothing after it, an undeclared node', () => {
  // A VM written without a name still runs on HV2.
  assert.deepEqual(completeAt(`${hosts}vm on HV2 { nic n { switch $0 } }\n`).labels, ['Other']);
  // Without `on`, or with nothing after it, the VM runs nowhere known: every switch.
  assert.deepEqual(completeAt(`${hosts}host HV3 { vswitch S3 { type private } }\nvm HV3 { nic n { switch $0 } }\n`).labels.sort(), ['Backup', 'External', 'Other', 'S3']);
  assert.deepEqual(completeAt(`${hosts}vm W on { nic n { switch $0 } }\n`).labels.sort(), ['Backup', 'External', 'Other']);
  // A node the cluster names but nobody declares is skipped.
  assert.deepEqual(completeAt(`${hosts}cluster C2 { nodes HV2, GHOST }\nvm W on C2 { nic n { switch $0 } }\n`).labels, ['Other']);
});

test('an unclosed block whose `{` opens its line holds the rest of that line, even with a statement below', () => {
  const inside = completeAt('host H\n{ $0\nvm V on H\n');
  assert.ok(inside.labels.includes('os'), inside.labels.join(' '));
  assert.ok(!inside.labels.includes('vm'), inside.labels.join(' '));
  // Past the block's last statement, with a statement of the top level below (the block ends before it).
  const after = completeAt('host H\n{ memory 4GB; $0\nvm V on H {}\n');
  assert.ok(after.labels.includes('os'), after.labels.join(' '));
  assert.ok(!after.labels.includes('vm'), after.labels.join(' '));
});

test('an unfinished statement is read by the form its written words fit: `sql INST` names an instance', () => {
  const text = 'host H1\nsql INST\n';
  const opened = openStamp({ 'file:///editing/unfinished.stamp': text });
  assert.deepEqual(semanticTokensOf(opened.diagnosed.document).map((token) => `${text.slice(token.start, token.end)}:${token.type}`), ['host:keyword', 'H1:class', 'sql:keyword', 'INST:variable']);
  // Its hover does not take the instance for the `on` of the form without an instance ("introduces the VM or host").
  assert.equal(opened.hover('INST', 1), undefined);
});
