// Protocol tests with hostile input: reordered versions, malformed code-action diagnostics, nesting past the limit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../support/lsp-client.js';

let client: LspClient;

before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

test('a change older than the applied version is ignored: the text and the diagnostics stay those of the newest', async () => {
  const uri = 'file:///virtual/versions.stamp';
  await client.open(uri, 'host ONE { os 2012 }\n');
  await client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'host THREE { os 2012 }\nhost THREE { os 2012 }\n' }] });
  await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'host TWO { os 2012 }\n' }] });
  // An incremental change replayed with an old version would patch the wrong text.
  await client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, text: 'XXXX' }] });
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(symbols.map((symbol) => symbol.name), ['THREE', 'THREE']);
  await client.until(() => client.analyzed.some((entry) => entry.uri === uri && entry.version === 3), 5000, 'version 3 analysed');
  const diagnostics = client.latestDiagnostics(uri) ?? [];
  assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), ['SCH005'], 'the duplicate of version 3, nothing of version 2');
  assert.ok(client.logs.some((line) => /Ignored a change of .*versions\.stamp to version 2: version 3 is already applied/.test(line)));
  await client.close(uri);
});

test('one malformed diagnostic in a code-action request costs only itself', async () => {
  const uri = 'file:///virtual/actions.stamp';
  // SQL2 lacks the login the availability group's database is used through (AG003, which has a quick fix).
  const text = `host HV01 { nic NIC1; vswitch External { type external; uplink NIC1 } }
host HV02 { nic NIC1; vswitch External { type external; uplink NIC1 } }
cluster HVC { kind hyperv; nodes HV01, HV02 }
vm SQL1 on HVC { nic nic0 { switch External } }
vm SQL2 on HVC { nic nic0 { switch External } }
cluster SQLC { kind guest; nodes SQL1, SQL2 }
sql on SQL1 { version 2016; login "CORP\\svc" { type windows } }
sql on SQL2 { version 2016 }
availability_group AG1 on SQLC {
  replica SQL1 { commit synchronous; failover automatic; primary }
  replica SQL2 { commit synchronous; failover automatic }
  database App { recovery full; backup full; logins "CORP\\svc" }
}
`;
  await client.open(uri, text);
  const diagnostics = await client.diagnostics(uri, 1);
  const fixable: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    if (actions.some((action) => action.diagnostics?.length)) fixable.push(diagnostic);
  }
  assert.ok(fixable.length > 0, `some diagnostic has a quick fix among ${diagnostics.map((diagnostic) => diagnostic.code).join(', ')}`);
  const good = fixable[0];
  const alone = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: good.range, context: { diagnostics: [good], only: ['quickfix'] } });
  const malformed = [
    { message: 'no range', code: good.code, source: 'stamp' },
    { message: 'bad positions', code: good.code, source: 'stamp', range: { start: { line: 'x', character: null }, end: {} } },
    null,
  ];
  const mixed = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: good.range, context: { diagnostics: [malformed[0], good, malformed[1], malformed[2]], only: ['quickfix'] } });
  assert.ok(alone.length > 0);
  assert.deepEqual(mixed.map((action) => action.title), alone.map((action) => action.title));
  await client.close(uri);
});

test('a document nested thousands of levels deep gets its SYN010, and the other documents keep working', async () => {
  const deepUri = 'file:///virtual/deep.stamp';
  const goodUri = 'file:///virtual/good-beside-deep.stamp';
  const goodText = 'host HV01 { os 2012 }\nhost HV01 { os 2012 }\n';
  await client.open(goodUri, goodText);
  await client.diagnostics(goodUri, 1);
  const deepText = `host DEEP {\n${'group {\n'.repeat(3000)}${'}\n'.repeat(3000)}}\n`;
  await client.open(deepUri, deepText);
  const deepDiagnostics = await client.diagnostics(deepUri, 1);
  const syn010 = deepDiagnostics.filter((diagnostic) => diagnostic.code === 'SYN010');
  assert.equal(syn010.length, 1);
  assert.deepEqual(syn010[0].range.start, { line: 64, character: 6 });
  const version = await client.change(goodUri, `${goodText}host HV02 { os 2012 }\nhost HV02 { os 2012 }\n`);
  const goodDiagnostics = await client.diagnostics(goodUri, version);
  assert.deepEqual(goodDiagnostics.map((diagnostic) => diagnostic.code), ['SCH005', 'SCH005']);
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: goodUri }, position: positionOf(goodText, 'host', 1) });
  assert.match((hover?.contents as { value: string }).value, /\*\*host\*\*/);
  await client.close(deepUri);
  await client.close(goodUri);
});
