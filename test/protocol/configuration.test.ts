// Protocol tests of rule configuration: the stamp.rules setting under stamp.config.json, their problems, and live changes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const folder = mkdtempSync(join(tmpdir(), 'stamp-config-'));
const stampPath = join(folder, 'designs', 'lab.stamp');
const configPath = join(folder, 'stamp.config.json');
const stampUri = pathToFileURL(stampPath).toString();
const configUri = pathToFileURL(configPath).toString();
const configText = '{\n  "rules": {\n    "NLB005": "off",\n    "NOPE1": "error"\n  }\n}\n';
let client: LspClient;

const nlb005 = (diagnostics: readonly Diagnostic[] | undefined) => (diagnostics ?? []).filter((diagnostic) => diagnostic.code === 'NLB005');

before(async () => {
  writeFileSync(configPath, configText);
  mkdirSync(join(folder, 'designs'));
  copyFileSync(join(repoRoot, 'examples', 'hypervnu-lab.stamp'), stampPath);
  client = await LspClient.start({ workspaceFolder: folder, settings: { rules: { NLB005: 'error', BOGUS: 'warning' } } });
  await client.open(stampUri, readFileSync(stampPath, 'utf8'));
});
after(async () => {
  await client.stop();
  rmSync(folder, { recursive: true, force: true });
});

test('the workspace file, found in a parent folder, wins over the setting', async () => {
  const diagnostics = await client.diagnostics(stampUri, 1);
  assert.deepEqual(nlb005(diagnostics), []);
});

test('an unknown rule id in the workspace file is a CFG001 diagnostic on its key', async () => {
  await client.until(() => (client.latestDiagnostics(configUri)?.length ?? 0) > 0, 3000, 'configuration file diagnostics');
  const problems = client.latestDiagnostics(configUri)!;
  assert.equal(problems.length, 1);
  assert.equal(problems[0].code, 'CFG001');
  assert.match(String(problems[0].message), /NOPE1/);
  assert.deepEqual(problems[0].range, { start: { line: 3, character: 4 }, end: { line: 3, character: 11 } });
});

test('an unknown rule id in the setting is shown once as a warning', async () => {
  await client.until(() => client.shownMessages.some((message) => message.includes('BOGUS')), 3000, 'settings warning');
  await client.notify('workspace/didChangeConfiguration', { settings: null });
  await client.until(() => nlb005(client.latestDiagnostics(stampUri)).length === 0, 3000, 'revalidation');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(client.shownMessages.filter((message) => message.includes('BOGUS')).length, 1);
});

test('editing the workspace file re-validates open documents and clears its problems', async () => {
  writeFileSync(configPath, '{ "rules": {} }\n');
  await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
  await client.until(() => nlb005(client.latestDiagnostics(stampUri)).length > 0, 3000, 'NLB005 back as an error');
  assert.ok(nlb005(client.latestDiagnostics(stampUri)).every((diagnostic) => diagnostic.severity === 1), 'the setting makes NLB005 an error');
  await client.until(() => client.latestDiagnostics(configUri)?.length === 0, 3000, 'configuration problems cleared');
});

test('changing the setting re-validates with the new severities', async () => {
  client.settings = {};
  await client.notify('workspace/didChangeConfiguration', { settings: null });
  await client.until(() => nlb005(client.latestDiagnostics(stampUri)).some((diagnostic) => diagnostic.severity === 3), 3000, 'NLB005 back to info');
  assert.ok(nlb005(client.latestDiagnostics(stampUri)).every((diagnostic) => diagnostic.severity === 3));
});
