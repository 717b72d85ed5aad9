// Protocol tests of robustness: broken text, documents closed mid-request, bad requests, and the stamp/graph request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionList, DocumentSymbol, FoldingRange, Hover, SemanticTokens } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

let client: LspClient;

before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
  assert.equal(client.killedAfterTimeout, false, 'after all that, the server still exits on shutdown and exit');
});

const broken = `host HV01 {
  nic NIC1 { speed 10Gbps
  vswitch External { type externl; uplink NIC1 }
cluster "unterminated
  ,,, }}} @@@
vm X on {
`;

test('a broken document still gets diagnostics, hovers, symbols, completion, folding and tokens', async () => {
  const uri = 'file:///virtual/broken.stamp';
  await client.open(uri, broken);
  const diagnostics = await client.diagnostics(uri, 1);
  assert.ok(diagnostics.some((diagnostic) => String(diagnostic.code).startsWith('SYN')));
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(broken, 'host', 1) });
  assert.match((hover?.contents as { value: string }).value, /\*\*host\*\*/);
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(symbols[0]?.name, 'HV01');
  const completion = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionOf(broken, 'type externl', 'type '.length) });
  assert.ok(completion.items.some((item) => item.label === 'external'));
  const folding = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
  assert.ok(Array.isArray(folding));
  const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
  assert.ok(tokens.data.length > 0);
  await client.close(uri);
});

test('every prefix of the example is answered without an error', async () => {
  const text = readFileSync(join(repoRoot, 'examples', 'hypervnu-lab.stamp'), 'utf8');
  const uri = 'file:///virtual/prefixes.stamp';
  await client.open(uri, '');
  for (let length = 0; length <= text.length; length += 97) {
    const prefix = text.slice(0, length);
    await client.change(uri, prefix);
    const end = positionOf(`${prefix}\u0000`, '\u0000');
    const answers = await Promise.all([
      client.request('textDocument/hover', { textDocument: { uri }, position: end }),
      client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: end }),
      client.request('textDocument/documentSymbol', { textDocument: { uri } }),
      client.request('textDocument/semanticTokens/full', { textDocument: { uri } }),
    ]);
    assert.ok(Array.isArray(answers[1].items));
  }
  await client.close(uri);
  assert.deepEqual(client.logs.filter((line) => / failed: /.test(line)), []);
});

test('a document closed while its request is in flight is answered without crashing', async () => {
  const uri = 'file:///virtual/closing.stamp';
  await client.open(uri, 'host HV01 {}\n');
  const pending = client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
  const symbols = client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  await client.close(uri);
  await Promise.all([pending, symbols]);
  const afterClose = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(afterClose, []);
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
  assert.equal(hover, null);
});

test('the server survives garbage: malformed params, unknown methods and an undecodable message', async () => {
  assert.equal(await client.request('textDocument/hover', {}), null);
  assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: 42 }), []);
  await assert.rejects(client.request('stamp/noSuchRequest', { anything: true }), /Unhandled method|not found/i);
  await client.notify('textDocument/didChange', { textDocument: { uri: 'file:///virtual/never-opened.stamp', version: 3 }, contentChanges: [{ text: 'x' }] });
  // A well-framed message whose body is not JSON.
  const body = '{"jsonrpc":"2.0","id":';
  client.sendRaw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  const uri = 'file:///virtual/still-alive.stamp';
  await client.open(uri, 'san SAN01 { protocol iscsi }\n');
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(symbols[0]?.name, 'SAN01');
  await client.close(uri);
});

test('stamp/graph answers for an open document and with null for an unknown one', async () => {
  const uri = 'file:///virtual/graph.stamp';
  await client.open(uri, 'host HV01 { nic NIC1 }\nhost HV02 { nic NIC1 }\ncluster HVC { kind hyperv; nodes HV01, HV02; witness cloud }\n');
  const answer = await client.request<{ graph: { uri: string; nodes: unknown[]; edges: unknown[] } }>('stamp/graph', { uri });
  assert.equal(answer.graph.uri, uri);
  assert.ok(Array.isArray(answer.graph.nodes) && Array.isArray(answer.graph.edges));
  assert.equal(await client.request('stamp/graph', { uri: 'file:///virtual/not-open.stamp' }), null);
  await client.close(uri);
});

test('semantic tokens of a multi-line comment stay within their lines with CRLF and lone CR line breaks', async () => {
  for (const lineBreak of ['\r\n', '\r']) {
    const text = ['/* first line', '   second line */', 'host HV01 { os 2012R2 }', ''].join(lineBreak);
    const uri = `file:///virtual/tokens-${lineBreak.length}.stamp`;
    await client.open(uri, text);
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const lines = text.split(/\r\n|\r|\n/);
    const found: string[] = [];
    let line = 0;
    let character = 0;
    for (let index = 0; index < tokens.data.length; index += 5) {
      const [deltaLine, deltaStart, length] = tokens.data.slice(index, index + 3);
      line += deltaLine;
      character = deltaLine === 0 ? character + deltaStart : deltaStart;
      assert.ok(character + length <= lines[line].length, `a token runs past the end of line ${line} (${JSON.stringify(lineBreak)})`);
      found.push(lines[line].slice(character, character + length));
    }
    assert.deepEqual(found.slice(0, 3), ['/* first line', '   second line */', 'host'], JSON.stringify(lineBreak));
    await client.close(uri);
  }
});
