// Protocol tests of validation: diagnostics published on open and while typing, their fields, and the stamp/didAnalyze notification.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, positionOf } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const examplePath = join(repoRoot, 'examples', 'hypervnu-lab.stamp');
const exampleUri = pathToFileURL(examplePath).toString();
const exampleText = readFileSync(examplePath, 'utf8');
let client: LspClient;

before(async () => {
  client = await LspClient.start({ workspaceFolder: repoRoot });
});
after(async () => {
  await client.stop();
});

test('opening the example publishes its diagnostics, with no syntax or schema problems', async () => {
  await client.open(exampleUri, exampleText);
  const diagnostics = await client.diagnostics(exampleUri, 1);
  const coreProblems = diagnostics.filter((diagnostic) => /^(SYN|SCH)/.test(String(diagnostic.code)));
  assert.deepEqual(coreProblems.map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`), []);
  for (const diagnostic of diagnostics) {
    assert.equal(diagnostic.source, 'stamp');
    assert.match(String(diagnostic.code), /^[A-Z]+[0-9]+$/);
  }
  // The preview hears about every analysis it could redraw from.
  await client.until(() => client.analyzed.some((entry) => entry.uri === exampleUri && entry.version === 1), 2000, 'stamp/didAnalyze');
});

test('an edit that breaks a statement is reported as a syntax error with its exact range, and fixing it clears it', async () => {
  // Replace `port 8090` in the spf block with `port 8090 }}`: the second `}` closes no block.
  const at = positionOf(exampleText, 'port 8090', 'port 8090'.length);
  const version = await client.edit(exampleUri, { start: at, end: at }, ' }}');
  const diagnostics = await client.diagnostics(exampleUri, version);
  const syntax = diagnostics.filter((diagnostic) => String(diagnostic.code).startsWith('SYN'));
  assert.ok(syntax.length > 0, 'a syntax diagnostic is published');
  const stray = syntax.find((diagnostic) => diagnostic.code === 'SYN005');
  assert.ok(stray, `SYN005 expected, got ${syntax.map((diagnostic) => diagnostic.code).join(', ')}`);
  assert.deepEqual(stray.range, { start: { line: at.line, character: at.character + 2 }, end: { line: at.line, character: at.character + 3 } });
  assert.equal(stray.severity, 1);

  const restored = await client.change(exampleUri, exampleText);
  const clean = await client.diagnostics(exampleUri, restored);
  assert.deepEqual(clean.filter((diagnostic) => String(diagnostic.code).startsWith('SYN')), []);
});

test('a schema problem carries related information pointing at the first declaration', async () => {
  const uri = 'file:///virtual/duplicate.stamp';
  const text = 'host HV01 {}\nhost HV01 {}\n';
  await client.open(uri, text);
  const diagnostics = await client.diagnostics(uri, 1);
  const duplicate = diagnostics.find((diagnostic) => diagnostic.code === 'SCH005');
  assert.ok(duplicate, 'SCH005 for the second HV01');
  assert.deepEqual(duplicate.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 9 } });
  assert.equal(duplicate.relatedInformation?.[0]?.location.uri, uri);
  assert.deepEqual(duplicate.relatedInformation?.[0]?.location.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 9 } });
  await client.close(uri);
});

test('rapid edits are debounced: only the last version is analyzed', async () => {
  const uri = 'file:///virtual/typing.stamp';
  await client.open(uri, 'host A {}\n');
  await client.diagnostics(uri, 1);
  const typed = ['host A {}\nh', 'host A {}\nho', 'host A {}\nhos', 'host A {}\nhost B {}\n'];
  // Sent in one write, as fast typing arrives in one read: the server must analyze only the last of them. (Sent one
  // message at a time, a loaded machine can hold the client back longer than the 5 ms debounce between two of them.)
  const frames = typed.map((text, index) => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: index + 2 }, contentChanges: [{ text }] } });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  });
  client.sendRaw(frames.join(''));
  const version = typed.length + 1;
  const diagnostics = await client.diagnostics(uri, version);
  assert.deepEqual(diagnostics, []);
  await client.until(() => client.analyzed.some((entry) => entry.uri === uri && entry.version === version), 2000, 'stamp/didAnalyze');
  // Of the typed versions only the last is analyzed (version 1 may be analyzed twice when the server is still taking
  // its settings: it validates the open documents again then).
  const analyzedVersions = client.analyzed.filter((entry) => entry.uri === uri && entry.version > 1).map((entry) => entry.version);
  assert.deepEqual(analyzedVersions, [version]);
  await client.close(uri);
});
