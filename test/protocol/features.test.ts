// Protocol tests of the editing features on the hyper-v.nu example: hover, completion, outline, navigation, rename, formatting, tokens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionList, DocumentSymbol, FoldingRange, Hover, Location, Range, SemanticTokens, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const examplePath = join(repoRoot, 'examples', 'hypervnu-lab.stamp');
const exampleUri = pathToFileURL(examplePath).toString();
const exampleText = readFileSync(examplePath, 'utf8');
let client: LspClient;

before(async () => {
  client = await LspClient.start({ workspaceFolder: repoRoot });
  await client.open(exampleUri, exampleText);
  await client.diagnostics(exampleUri, 1);
});
after(async () => {
  await client.stop();
});

async function hoverText(uri: string, text: string, needle: string, delta = 0, occurrence = 1): Promise<string> {
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, delta, occurrence) });
  assert.ok(hover, `a hover on ${needle}`);
  const contents = hover.contents as { kind: string; value: string };
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

/** Opens a variant of the example and returns the completion labels at a cursor marked `$0` in it. */
async function completionLabels(name: string, textWithCursor: string): Promise<string[]> {
  const offset = textWithCursor.indexOf('$0');
  const text = textWithCursor.replace('$0', '');
  const uri = pathToFileURL(join(repoRoot, 'examples', `${name}.stamp`)).toString();
  await client.open(uri, text);
  const before = text.slice(0, offset);
  const position = { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
  const result = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  await client.close(uri);
  return result.items.map((item) => item.label);
}

test('hover on an element keyword explains the kind and links the Microsoft documentation', async () => {
  const text = await hoverText(exampleUri, exampleText, 'availability_group SCAG', 3);
  assert.match(text, /availability group/);
  assert.match(text, /\[Microsoft documentation\]\(https:\/\/learn\.microsoft\.com\//);
});

test('hover on the spf port property gives its default 8090 and says WAP\'s URL must name it', async () => {
  const text = await hoverText(exampleUri, exampleText, '  port 8090', 3);
  assert.match(text, /\*\*port\*\* — property of SPF/);
  assert.match(text, /8090/);
  assert.match(text, /WAP/);
});

test('hover on an enum value explains that value (unicast needs MAC spoofing)', async () => {
  const text = await hoverText(exampleUri, exampleText, 'mode unicast', 'mode '.length + 2);
  assert.match(text, /\*\*unicast\*\* — value of `mode`/);
  assert.match(text, /MAC address spoofing/);
});

test('hover on a reference summarizes the element it resolves to', async () => {
  const text = await hoverText(exampleUri, exampleText, 'nodes SQL1, SQL2', 'nodes '.length + 1);
  assert.match(text, /\*\*VM\*\* `SQL1`/);
  assert.match(text, /memory 8GB/);
  const declarationLine = positionOf(exampleText, 'vm SQL1 on').line + 1;
  assert.match(text, new RegExp(`line ${declarationLine}\\b`));
});

test('hover on an element\'s own name summarizes it, with its children', async () => {
  const text = await hoverText(exampleUri, exampleText, 'availability_group SCAG', 'availability_group '.length + 1);
  assert.match(text, /\*\*Availability group\*\* `SCAG`/);
  assert.match(text, /2 replicas/);
  assert.match(text, /1 listener/);
});

test('completion in a sql block offers login and the properties not yet written', async () => {
  const labels = await completionLabels('completion-sql', exampleText.replace('sql on SQL2 {\n', 'sql on SQL2 {\n  $0\n'));
  assert.ok(labels.includes('login'), `login in ${labels.join(', ')}`);
  assert.ok(labels.includes('edition'), 'edition is not written yet');
  assert.ok(!labels.includes('version'), 'version is already written in this block');
  assert.ok(!labels.includes('vm'), 'no top-level kinds inside sql');
});

test('completion after `mode ` in an nlb offers the NLB modes', async () => {
  const labels = await completionLabels('completion-mode', exampleText.replace('  mode unicast\n  ip 172.21.5.140', '  mode $0\n  ip 172.21.5.140'));
  assert.deepEqual(labels.sort(), ['igmp_multicast', 'multicast', 'unicast']);
});

test('completion after `switch ` in a VM nic offers the virtual switches of the VM\'s hosts', async () => {
  const labels = await completionLabels('completion-switch', exampleText.replace('vm DC01 on HVCLUSTER { memory 2GB; storage csv Volume1; anti_affinity DC; nic nic0 { switch External } }', 'vm DC01 on HVCLUSTER { memory 2GB; storage csv Volume1; anti_affinity DC; nic nic0 { switch $0 } }'));
  assert.deepEqual(labels, ['External']);
});

test('completion after `database_server ` offers listeners and SQL instances, and after `replica ` the instances', async () => {
  const server = await completionLabels('completion-database-server', exampleText.replace('  database_server SQL\n  database VirtualManagerDB', '  database_server $0\n  database VirtualManagerDB'));
  assert.deepEqual(server.sort(), ['SQL', 'SQL1', 'SQL2']);
  const replica = await completionLabels('completion-replica', exampleText.replace('  replica SQL2 {', '  replica $0 {'));
  assert.deepEqual(replica.sort(), ['SQL1', 'SQL2']);
});

test('completion after a list comma offers the remaining machines of the right kind', async () => {
  const labels = await completionLabels('completion-nodes', exampleText.replace('  nodes SQL1, SQL2\n', '  nodes SQL1, $0\n'));
  assert.ok(labels.includes('SQL2') && labels.includes('HV01'), labels.join(', '));
  assert.ok(!labels.includes('SQL1'), 'a node already in the list is not offered again');
  assert.ok(!labels.includes('SCAG'), 'only hosts and VMs');
});

test('completion at the top level offers element kinds as snippets', async () => {
  const uri = 'file:///virtual/top.stamp';
  await client.open(uri, 'host HV01 {}\n\n');
  const result = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
  await client.close(uri);
  const vm = result.items.find((item) => item.label === 'vm');
  assert.ok(vm, 'vm is offered');
  assert.equal(vm.insertTextFormat, 2);
  assert.equal((vm.textEdit as TextEdit).newText, 'vm ${1:NAME} on ${2:CLUSTER} {\n\t$0\n}');
  assert.ok(!result.items.some((item) => item.label === 'memory'), 'no properties at the top level');
});

test('document symbols give a hierarchical outline with SCAG and its replicas, listener and databases', async () => {
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: exampleUri } });
  const scag = symbols.find((symbol) => symbol.name === 'SCAG');
  assert.ok(scag, 'SCAG is in the outline');
  assert.equal(scag.detail, 'availability group');
  assert.deepEqual(scag.children?.map((child) => `${child.detail} ${child.name}`).slice(0, 3), ['replica SQL1', 'replica SQL2', 'listener SQL']);
  assert.equal(scag.children?.length, 10);
  assert.deepEqual(scag.selectionRange.start, positionOf(exampleText, 'SCAG'));
});

test('folding ranges cover multi-line blocks and keep the closing brace visible', async () => {
  const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: exampleUri } });
  const scagLine = positionOf(exampleText, 'availability_group SCAG').line;
  const scag = ranges.find((range) => range.startLine === scagLine);
  assert.ok(scag, 'the SCAG block folds');
  assert.equal(scag.endLine, positionOf(exampleText, '}', 0, exampleText.slice(0, exampleText.indexOf('vmm VMM {')).split('}').length - 1).line - 1);
  assert.ok(!ranges.some((range) => range.startLine === positionOf(exampleText, 'vm DC01').line), 'one-line blocks do not fold');
});

test('go to definition jumps from a reference to the declaration', async () => {
  const location = await client.request<Location | null>('textDocument/definition', { textDocument: { uri: exampleUri }, position: positionOf(exampleText, 'database_server SQL', 'database_server '.length + 1) });
  assert.ok(location);
  assert.equal(location.uri, exampleUri);
  const declaration = positionOf(exampleText, 'listener SQL', 'listener '.length);
  assert.deepEqual(location.range, { start: declaration, end: { line: declaration.line, character: declaration.character + 3 } });
});

test('find references lists every reference, with the declaration on request', async () => {
  const position = positionOf(exampleText, 'listener SQL', 'listener '.length + 1);
  const withDeclaration = await client.request<Location[]>('textDocument/references', { textDocument: { uri: exampleUri }, position, context: { includeDeclaration: true } });
  const lines = (locations: Location[]) => locations.map((location) => location.range.start.line);
  const usages = [1, 2, 3].map((occurrence) => positionOf(exampleText, 'database_server SQL', 'database_server '.length, occurrence).line);
  assert.deepEqual(lines(withDeclaration), [position.line, ...usages]);
  const withoutDeclaration = await client.request<Location[]>('textDocument/references', { textDocument: { uri: exampleUri }, position, context: { includeDeclaration: false } });
  assert.deepEqual(lines(withoutDeclaration), usages);
});

test('rename changes the declaration and every reference, quoting a name that is not an identifier', async () => {
  const position = positionOf(exampleText, 'vm SPF1 on', 'vm '.length);
  const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: exampleUri }, position });
  assert.equal(prepared.placeholder, 'SPF1');
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: exampleUri }, position, newName: 'SPF one' });
  const change = edit.documentChanges?.[0] as { textDocument: { uri: string; version: number }; edits: TextEdit[] };
  assert.equal(change.textDocument.uri, exampleUri);
  assert.equal(change.textDocument.version, 1);
  const written = (exampleText.match(/\bSPF1\b/g) ?? []).length;
  assert.equal(change.edits.length, written);
  assert.ok(change.edits.every((each) => each.newText === '"SPF one"'));
});

test('renaming a SQL VM also renames the default instance\'s references, so the renamed design still resolves', async () => {
  const position = positionOf(exampleText, 'vm SQL1 on', 'vm '.length);
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: exampleUri }, position, newName: 'SQL9' });
  const change = edit.documentChanges?.[0] as { edits: TextEdit[] };
  const lines = exampleText.split('\n');
  const offsetOf = (at: { line: number; character: number }) => lines.slice(0, at.line).reduce((sum, line) => sum + line.length + 1, 0) + at.character;
  let renamed = exampleText;
  for (const each of [...change.edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))) {
    renamed = renamed.slice(0, offsetOf(each.range.start)) + each.newText + renamed.slice(offsetOf(each.range.end));
  }
  assert.match(renamed, /replica SQL9 \{/);
  assert.match(renamed, /sql on SQL9 \{/);
  const uri = 'file:///virtual/renamed.stamp';
  await client.open(uri, renamed);
  const diagnostics = await client.diagnostics(uri, 1);
  assert.deepEqual(diagnostics.filter((diagnostic) => /^(SYN|SCH)/.test(String(diagnostic.code))).map((diagnostic) => diagnostic.message), []);
  await client.close(uri);
});

test('rename refuses a name with a double quote, with a clear error', async () => {
  const position = positionOf(exampleText, 'vm SPF1 on', 'vm '.length);
  await assert.rejects(
    client.request('textDocument/rename', { textDocument: { uri: exampleUri }, position, newName: 'SPF"1' }),
    (error: Error) => /cannot contain `"`/.test(error.message),
  );
});

test('formatting returns no edit or one whole-document edit, and formatting the result changes nothing', async () => {
  const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: exampleUri }, options: { tabSize: 2, insertSpaces: true } });
  assert.ok(edits.length <= 1);
  if (edits.length === 1) {
    const uri = 'file:///virtual/formatted.stamp';
    await client.open(uri, edits[0].newText);
    const again = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.deepEqual(again, []);
    await client.close(uri);
  }
});

test('semantic tokens use the announced legend and mark declared names, not references', async () => {
  const legend = client.initializeResult.capabilities.semanticTokensProvider?.legend;
  assert.ok(legend);
  assert.ok(legend.tokenTypes.includes('keyword') && legend.tokenTypes.includes('property') && legend.tokenTypes.includes('enumMember'));
  assert.deepEqual(legend.tokenModifiers, ['declaration']);
  const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: exampleUri } });
  assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
  const decoded: Array<{ line: number; character: number; length: number; type: string; declaration: boolean }> = [];
  let line = 0;
  let character = 0;
  for (let index = 0; index < tokens.data.length; index += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = tokens.data.slice(index, index + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    decoded.push({ line, character, length, type: legend.tokenTypes[type], declaration: (modifiers & 1) === 1 });
  }
  const at = (position: { line: number; character: number }) => decoded.find((token) => token.line === position.line && token.character === position.character);
  assert.deepEqual(at(positionOf(exampleText, 'host HV01')), { ...positionOf(exampleText, 'host HV01'), length: 4, type: 'keyword', declaration: false });
  assert.equal(at(positionOf(exampleText, 'HV01'))?.declaration, true);
  const reference = at(positionOf(exampleText, 'nodes HV01', 'nodes '.length));
  assert.equal(reference?.declaration, false);
  assert.equal(reference?.type, at(positionOf(exampleText, 'HV01'))?.type, 'a reference is coloured like the kind it resolves to');
  assert.equal(at(positionOf(exampleText, 'mode unicast', 'mode '.length))?.type, 'enumMember');
  assert.equal(at(positionOf(exampleText, '  port 8090', 2))?.type, 'property');
});
