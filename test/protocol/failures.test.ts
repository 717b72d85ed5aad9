// How the server survives its own bugs: a rule that throws, an uncaught exception, an unhandled rejection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

let client: LspClient;
before(async () => {
  client = await LspClient.start({ serverModule: join(repoRoot, 'out', 'test', 'protocol', 'faulty-server.entry.js') });
});
after(async () => {
  await client.stop();
});

const text = [
  'vm WEB1 { nic nic0 { mac_spoofing } }',
  'vm WEB2 { nic nic0 { mac_spoofing } }',
  'nlb NAMED { ip 10.0.0.10; internet_name "named.contoso.com"; hosts WEB1; nics_per_host 2 }',
  'dns_record "named.contoso.com" 10.0.0.10',
  'nlb UNNAMED { ip 10.0.0.11; hosts WEB2; nics_per_host 2 }',
  '',
].join('\n');

test('a rule that throws is reported on the element it was checking, logged with its stack, and the other rules still report', async () => {
  const uri = 'file:///faulty/design.stamp';
  await client.open(uri, text);
  const diagnostics = await client.diagnostics(uri);
  const internal = diagnostics.filter((diagnostic) => diagnostic.code === 'INTERNAL');
  assert.equal(internal.length, 1, JSON.stringify(diagnostics, null, 1));
  // The head of `nlb UNNAMED` (line 5), not the start of the file nor the NLB it checked before.
  assert.deepEqual(internal[0].range, { start: positionOf(text, 'nlb UNNAMED'), end: positionOf(text, 'nlb UNNAMED', 'nlb UNNAMED'.length) });
  assert.match(String(internal[0].message), /rule NLB001 failed while checking nlb UNNAMED: Cannot read properties of undefined/);
  assert.equal(internal[0].severity, 1);
  // NLB002 (no internet name) is another rule of the same family: its finding stays.
  const nlb002 = diagnostics.find((diagnostic) => diagnostic.code === 'NLB002');
  assert.ok(nlb002, `NLB002 still reported; got ${diagnostics.map((d) => d.code).join(', ')}`);
  assert.equal(nlb002.range.start.line, 4);
  await client.until(() => client.logs.some((line) => line.includes('Rule NLB001 failed while checking nlb UNNAMED')), 5000, 'the rule failure in the log');
  const logged = client.logs.find((line) => line.includes('Rule NLB001 failed'))!;
  assert.match(logged, /TypeError: Cannot read properties of undefined/);
  assert.match(logged, /\n\s+at /, 'the stack is logged');
  assert.match(logged, /design\.stamp:5/, 'the log names the file and line');
});

test('an uncaught exception and an unhandled rejection are logged with their stacks, and the server keeps answering', async () => {
  const uri = 'file:///faulty/survivor.stamp';
  const source = 'host HV1 { os 2012R2 }\n';
  await client.open(uri, source);
  await client.diagnostics(uri);
  await client.notify('test/strayErrors', {});
  await client.until(() => client.logs.some((line) => line.includes('stray exception from a timer')) && client.logs.some((line) => line.includes('stray rejection nobody awaited')), 5000, 'both stray errors in the log');
  const exception = client.logs.find((line) => line.includes('stray exception from a timer'))!;
  const rejection = client.logs.find((line) => line.includes('stray rejection nobody awaited'))!;
  assert.match(exception, /^Uncaught exception \(the server keeps running\): Error: stray exception from a timer\n\s+at /);
  assert.match(rejection, /^Unhandled promise rejection \(the server keeps running\): Error: stray rejection nobody awaited\n\s+at /);
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(source, 'HV1') });
  assert.ok(hover, 'the server still answers hovers');
  const version = await client.change(uri, 'host HV1 { os 2012R2; frobnicate }\n');
  const after = await client.diagnostics(uri, version);
  assert.ok(after.some((diagnostic) => String(diagnostic.code).startsWith('SCH')), 'and still validates edits');
});
