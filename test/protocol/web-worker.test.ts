// The browser build of the server (dist/web/server.js) in a worker thread, as VS Code for the Web runs it in a web worker:
// it reads no disk, only the files the client sends with `stamp/didChangeFiles`, and answers exactly as the Node server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic as LspDiagnostic, Hover } from 'vscode-languageserver-protocol';
import type { ClientFile, GraphResult, ImportInventoryResult } from '../../protocol/src/protocol.js';
import { generateStamp } from '../../bench/generate.js';
import { LspClient, positionOf } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const fixture = join(repoRoot, 'test', 'fixtures', 'workspace-split');
const names = readdirSync(fixture).filter((name) => name.endsWith('.stamp')).sort();
const texts = new Map(names.map((name) => [name, readFileSync(join(fixture, name), 'utf8')]));
/** A folder that does not exist on this machine: whatever the worker knows of it, it was sent. */
const virtualFolder = '/virtual/stamp-web-worker-test';
const diskUri = (name: string) => pathToFileURL(join(fixture, name)).toString();
const virtualUri = (name: string) => pathToFileURL(join(virtualFolder, name)).toString();

let node: LspClient;
let web: LspClient;

before(async () => {
  [node, web] = await Promise.all([LspClient.start({ workspaceFolder: fixture }), LspClient.start({ workspaceFolder: virtualFolder, webWorker: true })]);
});
after(async () => {
  await Promise.all([node?.stop(), web?.stop()]);
});

/** Opens a document and returns what was published for it once the server analyzed that version. */
async function openAndAnalyze(on: LspClient, uri: string, text: string): Promise<LspDiagnostic[]> {
  const before = on.analyzed.length;
  await on.open(uri, text);
  await on.until(() => on.analyzed.slice(before).some((entry) => entry.uri === uri), 15_000, `analysis of ${uri}`);
  return on.latestDiagnostics(uri) ?? [];
}

/** Diagnostics with the folder's URI written the same way, so the two servers' answers compare. */
function comparable(diagnostics: readonly LspDiagnostic[], folderUri: string): unknown {
  return JSON.parse(JSON.stringify(diagnostics).split(folderUri).join('<folder>'));
}

const sendFiles = (files: ClientFile[]) => web.notify('stamp/didChangeFiles', { files });

test('a document whose imports were not sent gets IMP001 for each: the worker reads nothing from the disk', async () => {
  const uri = virtualUri('main.stamp');
  const diagnostics = await openAndAnalyze(web, uri, texts.get('main.stamp')!);
  const missing = diagnostics.filter((diagnostic) => diagnostic.code === 'IMP001').map((diagnostic) => diagnostic.message);
  assert.equal(missing.length, 3, JSON.stringify(diagnostics));
  await web.close(uri);
});

test('with the files sent, every file of a split stamp gets the diagnostics the Node server gives it', async () => {
  await sendFiles(names.map((name) => ({ uri: virtualUri(name), text: texts.get(name)!, mtimeMs: 1, size: texts.get(name)!.length })));
  let compared = 0;
  for (const name of names) {
    const fromNode = await openAndAnalyze(node, diskUri(name), texts.get(name)!);
    const fromWeb = await openAndAnalyze(web, virtualUri(name), texts.get(name)!);
    compared += fromNode.length;
    assert.deepEqual(
      comparable(fromWeb, pathToFileURL(virtualFolder).toString()),
      comparable(fromNode, pathToFileURL(fixture).toString()),
      `${name}: the worker and the Node server disagree`,
    );
  }
  assert.ok(compared >= 3, `the split stamp has findings to compare (${compared})`);
});

test('hover and the preview graph answer from the worker as from Node', async () => {
  const name = 'sql.stamp';
  const at = positionOf(texts.get(name)!, 'availability_group', 2);
  const [nodeHover, webHover] = await Promise.all([
    node.request<Hover>('textDocument/hover', { textDocument: { uri: diskUri(name) }, position: at }),
    web.request<Hover>('textDocument/hover', { textDocument: { uri: virtualUri(name) }, position: at }),
  ]);
  assert.ok(nodeHover, 'the Node server answers the hover');
  assert.deepEqual(webHover, nodeHover);
  const [nodeGraph, webGraph] = await Promise.all([
    node.request<GraphResult>('stamp/graph', { uri: diskUri(name) }),
    web.request<GraphResult>('stamp/graph', { uri: virtualUri(name) }),
  ]);
  const ids = (graph: GraphResult) => graph.graph.nodes.map((graphNode) => graphNode.id).sort();
  assert.ok(ids(nodeGraph).length > 10);
  assert.deepEqual(ids(webGraph), ids(nodeGraph));
});

test('a file the client reports deleted is missing at once: its importer gets IMP001', async () => {
  const uri = virtualUri('main.stamp');
  await web.close(virtualUri('sql.stamp')); // an open document's text would win over the file's
  await sendFiles([{ uri: virtualUri('sql.stamp'), mtimeMs: 2, size: 0 }]);
  const imp001 = () => (web.latestDiagnostics(uri) ?? []).some((diagnostic) => diagnostic.code === 'IMP001');
  await web.until(imp001, 15_000, 'IMP001 on main.stamp');
  const missing = (web.latestDiagnostics(uri) ?? []).filter((diagnostic) => diagnostic.code === 'IMP001');
  assert.equal(missing.length, 1);
  assert.match(String(missing[0].message), /sql\.stamp/);
});

test('a large stamp gets its failure analysis from the worker too, after the fast rules', async () => {
  // Above the threshold the server runs the failure analysis in slices, yielding between them (as in
  // test/protocol/slow-rules.test.ts): the worker has no setImmediate, and the analysis must still arrive.
  const uri = virtualUri('large.stamp');
  await web.open(uri, generateStamp(7000).stampText);
  await web.until(() => (web.latestDiagnostics(uri) ?? []).some((diagnostic) => diagnostic.code === 'SPOF001'), 30_000, 'SPOF001 from the worker');
  await web.close(uri);
});

test('Import Inventory works in the worker: the inventory arrives as base64 and comes back as stamp text', async () => {
  const data = readFileSync(join(repoRoot, 'test', 'import', 'inventories', 'hoster-seed003.json')).toString('base64');
  const [fromNode, fromWeb] = await Promise.all([
    node.request<ImportInventoryResult>('stamp/importInventory', { data, mainName: 'hoster.stamp' }),
    web.request<ImportInventoryResult>('stamp/importInventory', { data, mainName: 'hoster.stamp' }),
  ]);
  assert.ok(fromWeb && 'files' in fromWeb, JSON.stringify(fromWeb));
  assert.match(fromWeb.files[0].text, /^vm SQL2 on NODE2 \{$/m);
  assert.deepEqual(fromWeb, fromNode);
});
