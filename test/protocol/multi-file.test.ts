// Protocol tests of multi-file stamps: each file of a split workspace opened alone, workspace symbols, references, rename,
// completion and the preview across files, and diagnostics that follow changes of unopened files on disk.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction, CompletionList, CreateFile, Diagnostic as LspDiagnostic, Location, Range, TextDocumentEdit, WorkspaceEdit, WorkspaceSymbol,
} from 'vscode-languageserver-protocol';
import { analyze } from '../../grammar/src/analyze.js';
import type { GraphResult } from '../../protocol/src/protocol.js';
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
import { LineIndex } from '../../grammar/src/text.js';
import { compareWithExpectations } from '../support/expectations.js';
import { LspClient, positionOf } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const folder = join(repoRoot, 'test', 'fixtures', 'workspace-split');
let client: LspClient;

/** Turns published diagnostics back into core diagnostics, so the fixture's inline markers can judge them. */
function asCoreDiagnostics(uri: string, text: string, diagnostics: readonly LspDiagnostic[]): Diagnostic[] {
  const lines = new LineIndex(text);
  const severities = ['error', 'error', 'warning', 'info', 'hint'] as const;
  return diagnostics.map((diagnostic) => ({
    uri, code: String(diagnostic.code), message: String(diagnostic.message), severity: severities[diagnostic.severity ?? 1],
    start: lines.offsetAt(diagnostic.range.start), end: lines.offsetAt(diagnostic.range.end),
  }));
}

before(async () => {
  client = await LspClient.start({ workspaceFolder: folder });
});
after(async () => {
  await client.stop();
});

/**
 * Opens a document and returns the diagnostics published for it once the server has analyzed it. Waiting for the
 * analysis (not for any publication) matters: the file may already have had diagnostics published as an unopened file.
 */
async function openAndAnalyze(on: LspClient, uri: string, text: string): Promise<LspDiagnostic[]> {
  const analyzedBefore = on.analyzed.length;
  await on.open(uri, text);
  await on.until(() => on.analyzed.slice(analyzedBefore).some((entry) => entry.uri === uri), 10000, `analysis of ${uri}`);
  return on.latestDiagnostics(uri) ?? [];
}

for (const name of readdirSync(folder).filter((entry) => entry.endsWith('.stamp')).sort()) {
  test(`workspace-split/${name} opened alone is analyzed with the files it shares imports with`, async () => {
    const path = join(folder, name);
    const uri = pathToFileURL(path).toString();
    const text = readFileSync(path, 'utf8');
    const diagnostics = await openAndAnalyze(client, uri, text);
    await client.close(uri);
    const problems = compareWithExpectations(text, asCoreDiagnostics(uri, text, diagnostics));
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });
}

test('go to definition crosses files: a listener used in portal.stamp is declared in sql.stamp', async () => {
  const path = join(folder, 'portal.stamp');
  const uri = pathToFileURL(path).toString();
  const text = readFileSync(path, 'utf8');
  await client.open(uri, text);
  const location = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, 'database_server SQL', 'database_server '.length) });
  await client.close(uri);
  const sqlText = readFileSync(join(folder, 'sql.stamp'), 'utf8');
  assert.equal(location?.uri, pathToFileURL(join(folder, 'sql.stamp')).toString());
  assert.deepEqual(location?.range.start, positionOf(sqlText, 'listener SQL', 'listener '.length));
});

const uriOf = (name: string): string => pathToFileURL(join(folder, name)).toString();
const textOf = (name: string): string => readFileSync(join(folder, name), 'utf8');

/** The text a range covers. */
function textAt(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

/** Applies LSP text edits (all relative to the original text) to a text. */
function applyEdits(text: string, edits: ReadonlyArray<{ range: Range; newText: string }>): string {
  const lines = new LineIndex(text);
  const sorted = edits.map((edit) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText })).sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

test('workspace symbols list the elements of every .stamp file, opened or not, filtered by a case-insensitive subsequence', async () => {
  const scag = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'scag' });
  const group = scag.find((symbol) => symbol.name === 'SCAG');
  assert.ok(group, `SCAG expected among ${scag.map((symbol) => symbol.name).join(', ')}`);
  const location = group.location as Location;
  assert.equal(location.uri, uriOf('sql.stamp'));
  assert.equal(textAt(textOf('sql.stamp'), location.range), 'SCAG');
  assert.equal(group.kind, (await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'SCAG' })).find((symbol) => symbol.name === 'SCAG')?.kind);
  // A subsequence with the letters spread out, in another case.
  const spread = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'pRt2' });
  assert.ok(spread.some((symbol) => symbol.name === 'Portal2'), `Portal2 expected among ${spread.map((symbol) => symbol.name).join(', ')}`);
  assert.ok(spread.every((symbol) => /p.*r.*t.*2/i.test(symbol.name)));
  // A nested element names the element that holds it.
  const listener = (await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'SQL' })).find((symbol) => symbol.name === 'SQL' && (symbol.location as Location).uri === uriOf('sql.stamp'));
  assert.equal(listener?.containerName, 'SCAG');
  // The empty query lists every file's elements.
  const everything = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: '' });
  assert.deepEqual([...new Set(everything.map((symbol) => (symbol.location as Location).uri))].sort(), ['fabric.stamp', 'main.stamp', 'portal.stamp', 'sql.stamp'].map(uriOf));
  assert.deepEqual(await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'qqqzzz' }), []);
});

test('find references from an open file returns the references in unopened files of the stamp', async () => {
  const uri = uriOf('sql.stamp');
  const text = textOf('sql.stamp');
  await openAndAnalyze(client, uri, text);
  const locations = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: positionOf(text, 'listener SQL', 'listener '.length), context: { includeDeclaration: true } });
  await client.close(uri);
  // VMM and SPF in portal.stamp and WAP's database servers all use the listener; the declaration comes first.
  assert.deepEqual(locations[0], { uri, range: { start: positionOf(text, 'listener SQL', 'listener '.length), end: positionOf(text, 'listener SQL', 'listener SQL'.length) } });
  const portal = locations.filter((location) => location.uri === uriOf('portal.stamp'));
  assert.ok(portal.length >= 2, `references in portal.stamp expected, got ${JSON.stringify(locations)}`);
  for (const location of locations) assert.equal(textAt(readFileSync(new URL(location.uri), 'utf8'), location.range), 'SQL');
});

test('rename edits every file of the stamp: versioned edits for the open file, unversioned ones for the others', async () => {
  const uri = uriOf('portal.stamp');
  const text = textOf('portal.stamp');
  await openAndAnalyze(client, uri, text);
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: positionOf(text, 'database_server SQL', 'database_server '.length), newName: 'SQLLISTENER' });
  await client.close(uri);
  const changes = (edit.documentChanges ?? []) as TextDocumentEdit[];
  const byUri = new Map(changes.map((change) => [change.textDocument.uri, change]));
  assert.equal(byUri.get(uri)?.textDocument.version, 1);
  assert.equal(byUri.get(uriOf('sql.stamp'))?.textDocument.version, null);
  // Once applied, the whole stamp still resolves: no reference to the old name is left behind.
  const names = readdirSync(folder).filter((name) => name.endsWith('.stamp'));
  const renamed = names.map((name) => ({ uri: uriOf(name), text: applyEdits(textOf(name), (byUri.get(uriOf(name))?.edits ?? []) as Array<{ range: Range; newText: string }>) }));
  assert.match(renamed.find((file) => file.uri === uriOf('sql.stamp'))!.text, /listener SQLLISTENER \{/);
  const unresolved = analyze(renamed).diagnostics.filter((diagnostic) => diagnostic.code === 'SCH006');
  assert.deepEqual(unresolved.map((diagnostic) => diagnostic.message), []);
  assert.ok(renamed.every((file) => !/database_server SQL\s*$/m.test(file.text)));
});

test('completion offers elements declared in imported and importing files', async () => {
  const uri = uriOf('portal.stamp');
  const text = textOf('portal.stamp');
  await openAndAnalyze(client, uri, text);
  const atDatabaseServer = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'database_server SQL', 'database_server '.length) });
  const atServers = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'servers VMM01', 'servers '.length) });
  await client.close(uri);
  // The listener is declared in sql.stamp, the VMs in fabric.stamp; portal.stamp declares neither.
  assert.ok(atDatabaseServer.items.some((item) => item.label === 'SQL'), atDatabaseServer.items.map((item) => item.label).join(', '));
  assert.ok(atServers.items.some((item) => item.label === 'VMM02'), atServers.items.map((item) => item.label).join(', '));
});

test('the preview of one file shows the whole stamp, nodes from other files tagged with their file', async () => {
  const uri = uriOf('portal.stamp');
  await openAndAnalyze(client, uri, textOf('portal.stamp'));
  // The services view draws the portal tier, the SQL tier and the fabric VMs under them.
  const result = await client.request<GraphResult | null>('stamp/graph', { uri, view: 'services' });
  await client.close(uri);
  assert.ok(result);
  assert.equal(result.view, 'services');
  const uris = new Set(result.graph.nodes.map((node) => node.uri));
  assert.ok(uris.has(uriOf('sql.stamp')) && uris.has(uriOf('fabric.stamp')) && uris.has(uri), [...uris].join(', '));
  const foreign = result.graph.nodes.filter((node) => node.uri !== uri);
  assert.equal((result.svg.match(/class="file-tag"/g) ?? []).length, foreign.length);
  const sqlNode = result.graph.nodes.find((node) => node.uri === uriOf('sql.stamp') && node.kind === 'availability_group');
  assert.ok(sqlNode);
  const nodeSvg = result.svg.slice(result.svg.indexOf(`data-id="${sqlNode.id}"`)).split('</g>\n')[0];
  assert.match(nodeSvg, /class="file-tag"><title>Declared in sql\.stamp<\/title><text[^>]*>sql<\/text>/);
  const ownNode = result.graph.nodes.find((node) => node.uri === uri)!;
  const ownSvg = result.svg.slice(result.svg.indexOf(`data-id="${ownNode.id}"`)).split('</g>\n')[0];
  assert.doesNotMatch(ownSvg, /file-tag/);
});

/** A copy of a fixture workspace in a temporary folder, to change files on disk. */
function copyWorkspace(name: string): string {
  const copy = mkdtempSync(join(tmpdir(), `stamp-${name}-`));
  cpSync(join(repoRoot, 'test', 'fixtures', name), copy, { recursive: true });
  return copy;
}

test('a cross-file problem is published on the unopened file that must change, and follows changes of either file', async () => {
  const copy = copyWorkspace('workspace-cross');
  const cross = await LspClient.start({ workspaceFolder: copy });
  try {
    const agUri = pathToFileURL(join(copy, 'ag.stamp')).toString();
    const sqlUri = pathToFileURL(join(copy, 'sql.stamp')).toString();
    const agText = readFileSync(join(copy, 'ag.stamp'), 'utf8');
    const sqlText = readFileSync(join(copy, 'sql.stamp'), 'utf8');
    assert.deepEqual(await openAndAnalyze(cross, agUri, agText), []);
    // sql.stamp is not open, yet its AG003 is published, exactly as its inline marker says.
    await cross.until(() => (cross.latestDiagnostics(sqlUri) ?? []).length > 0, 5000, 'AG003 on sql.stamp');
    const problems = compareWithExpectations(sqlText, asCoreDiagnostics(sqlUri, sqlText, cross.latestDiagnostics(sqlUri)!));
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);

    // Adding the login on disk clears the problem once the editor reports the change.
    writeFileSync(join(copy, 'sql.stamp'), sqlText.replace('sql on S2 {\n', 'sql on S2 {\n  login "CORP\\svc_app" { type windows }\n'));
    await cross.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: sqlUri, type: 2 }] });
    await cross.until(() => cross.latestDiagnostics(sqlUri)?.length === 0, 5000, 'sql.stamp diagnostics cleared');

    // Removing it again brings the problem back.
    writeFileSync(join(copy, 'sql.stamp'), sqlText);
    await cross.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: sqlUri, type: 2 }] });
    await cross.until(() => cross.latestDiagnostics(sqlUri)?.some((diagnostic) => diagnostic.code === 'AG003') === true, 5000, 'AG003 back on sql.stamp');

    // Editing the open file so the group no longer needs the login clears it too.
    await cross.change(agUri, agText.replace('; logins "CORP\\svc_app"', ''));
    await cross.until(() => cross.latestDiagnostics(sqlUri)?.length === 0, 5000, 'sql.stamp cleared after editing ag.stamp');
    await cross.change(agUri, agText);
    await cross.until(() => cross.latestDiagnostics(sqlUri)?.some((diagnostic) => diagnostic.code === 'AG003') === true, 5000, 'AG003 back after undoing the edit');

    // Closing the only open file of the stamp withdraws what was published for the unopened one.
    await cross.close(agUri);
    await cross.until(() => cross.latestDiagnostics(sqlUri)?.length === 0, 5000, 'sql.stamp cleared on close');
  } finally {
    await cross.stop();
    rmSync(copy, { recursive: true, force: true });
  }
});

test('deleting an imported file reports it missing; the quick fix creates it and the problem goes away', async () => {
  const copy = copyWorkspace('workspace-cross');
  const cross = await LspClient.start({ workspaceFolder: copy });
  try {
    const agUri = pathToFileURL(join(copy, 'ag.stamp')).toString();
    const sqlUri = pathToFileURL(join(copy, 'sql.stamp')).toString();
    const agText = readFileSync(join(copy, 'ag.stamp'), 'utf8');
    await openAndAnalyze(cross, agUri, agText);
    unlinkSync(join(copy, 'sql.stamp'));
    await cross.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: sqlUri, type: 3 }] });
    await cross.until(() => cross.latestDiagnostics(agUri)?.some((diagnostic) => diagnostic.code === 'IMP001') === true, 5000, 'IMP001 on ag.stamp');
    // The deleted file's problems are withdrawn with it.
    await cross.until(() => cross.latestDiagnostics(sqlUri)?.length === 0, 5000, 'sql.stamp diagnostics withdrawn');
    const missing = cross.latestDiagnostics(agUri)!.find((diagnostic) => diagnostic.code === 'IMP001')!;
    assert.equal(textAt(agText, missing.range), '"sql.stamp"');

    const actions = await cross.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: agUri }, range: missing.range, context: { diagnostics: [missing], only: ['quickfix'] } });
    const create = actions.find((action) => action.edit?.documentChanges?.some((change) => 'kind' in change && change.kind === 'create'));
    assert.ok(create, `a create-file action expected among ${actions.map((action) => action.title).join(', ')}`);
    const operations = create.edit!.documentChanges!;
    const createFile = operations.find((change): change is CreateFile => 'kind' in change && change.kind === 'create')!;
    assert.equal(createFile.uri, sqlUri);
    // Apply the edit as an editor would: create the file, insert its text, then report the creation.
    const inserted = operations.filter((change): change is TextDocumentEdit => 'textDocument' in change && change.textDocument.uri === sqlUri).flatMap((change) => change.edits);
    writeFileSync(join(copy, 'sql.stamp'), applyEdits('', inserted as Array<{ range: Range; newText: string }>));
    await cross.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: sqlUri, type: 1 }] });
    await cross.until(() => cross.latestDiagnostics(agUri)?.every((diagnostic) => diagnostic.code !== 'IMP001') === true, 5000, 'IMP001 gone after creating the file');
  } finally {
    await cross.stop();
    rmSync(copy, { recursive: true, force: true });
  }
});
