// Protocol tests of the editor's inventory requests: stamp/importInventory answers with the files to write (or the
// inventory's problems), stamp/compareInventory with drift diagnostics on the open design's statements.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompareInventoryResult, ImportInventoryResult } from '../../protocol/src/protocol.js';
import { LspClient, positionOf } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const designPath = join(repoRoot, 'examples', 'hoster-4-server.stamp');
const designUri = pathToFileURL(designPath).toString();
const designText = readFileSync(designPath, 'utf8');
const inventory = (path: string): string => readFileSync(join(repoRoot, path)).toString('base64');
let client: LspClient;

before(async () => {
  client = await LspClient.start({ workspaceFolder: repoRoot });
  await client.open(designUri, designText);
  await client.diagnostics(designUri, 1);
});
after(async () => {
  await client.stop();
});

test('stamp/importInventory answers with the formatted files of a seed-shaped inventory', async () => {
  const result = await client.request<ImportInventoryResult>('stamp/importInventory', { data: inventory('test/import/inventories/hoster-seed003.json'), mainName: 'hoster.stamp' });
  assert.ok(result && 'files' in result, JSON.stringify(result));
  assert.deepEqual(result.files.map((file) => file.name), ['hoster.stamp']);
  assert.match(result.files[0].text, /^stamp hoster \{$/m);
  assert.match(result.files[0].text, /^vm SQL2 on NODE2 \{$/m);
  assert.equal(result.warnings.length, 2);
});

test('stamp/importInventory answers a broken inventory with its problems, not files', async () => {
  const truncated = Buffer.from(readFileSync(join(repoRoot, 'test', 'import', 'inventories', 'hoster-seed003.json'), 'utf8').slice(0, 3000)).toString('base64');
  const result = await client.request<ImportInventoryResult>('stamp/importInventory', { data: truncated, mainName: 'x.stamp' });
  assert.ok(result && 'problems' in result, JSON.stringify(result));
  assert.match(result.problems[0].message, /the JSON ends early/);
});

test('stamp/importInventory answers data that is not base64 with a problem, not an error', async () => {
  const result = await client.request<ImportInventoryResult>('stamp/importInventory', { data: 'not base64: {"hosts": []}', mainName: 'x.stamp' });
  assert.ok(result && 'problems' in result, JSON.stringify(result));
  assert.match(result.problems[0].message, /did not arrive as base64/);
});

test('stamp/compareInventory puts the planted drift on the design\'s statements', async () => {
  const result = await client.request<CompareInventoryResult>('stamp/compareInventory', { uri: designUri, data: inventory('examples/inventories/hoster-4-server-drift.json') });
  assert.ok(result && 'files' in result, JSON.stringify(result));
  assert.deepEqual(result.files.map((file) => file.uri), [designUri]);
  const memory = result.files[0].diagnostics.find((diagnostic) => /memory is 12GB in the design and 16GB in the estate/.test(String(diagnostic.message)));
  assert.ok(memory, JSON.stringify(result.files[0].diagnostics.map((diagnostic) => diagnostic.message)));
  assert.equal(memory.code, 'DRIFT003');
  assert.equal(memory.severity, 2);
  const at = positionOf(designText, 'vm SQL2 on NODE2 { memory 12GB', 'vm SQL2 on NODE2 { '.length);
  assert.deepEqual(memory.range, { start: at, end: { line: at.line, character: at.character + 'memory 12GB'.length } });
  assert.deepEqual(result.files[0].diagnostics.map((diagnostic) => diagnostic.code).sort(), ['DRIFT001', 'DRIFT001', 'DRIFT002', 'DRIFT003', 'DRIFT003', 'DRIFT003', 'DRIFT003']);
});
