// Protocol tests of code actions: a diagnostic's quick fix, "fix all", the missing-logins source action, and rule hovers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Hover, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../support/lsp-client.js';

// SQL1 has the login the availability group's database is used through; SQL2 lacks it (AG003).
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
const uri = 'file:///virtual/missing-login.stamp';
let client: LspClient;
let missingLogin: Diagnostic;

/** Applies LSP text edits to a text (edits refer to the original text; equal starts keep their order). */
function applyEdits(original: string, edits: ReadonlyArray<TextEdit | TextDocumentEdit['edits'][number]>): string {
  const offsetOf = (position: { line: number; character: number }): number => {
    const lines = original.split('\n');
    return lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  };
  const sorted = edits.map((edit, order) => ({ start: offsetOf(edit.range.start), end: offsetOf(edit.range.end), text: 'newText' in edit ? edit.newText : edit.snippet.value, order })).sort((a, b) => b.start - a.start || b.order - a.order);
  let result = original;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

before(async () => {
  client = await LspClient.start();
  await client.open(uri, text);
  const diagnostics = await client.diagnostics(uri, 1);
  const found = diagnostics.find((diagnostic) => diagnostic.code === 'AG003');
  assert.ok(found, `AG003 expected among ${diagnostics.map((diagnostic) => diagnostic.code).join(', ')}`);
  missingLogin = found;
});
after(async () => {
  await client.stop();
});

test('the missing-login diagnostic sits on the instance that lacks it and links its rule documentation', () => {
  const head = positionOf(text, 'sql on SQL2');
  assert.deepEqual(missingLogin.range, { start: head, end: { line: head.line, character: head.character + 'sql on SQL2'.length } });
  assert.equal(missingLogin.source, 'stamp');
  assert.match(missingLogin.codeDescription?.href ?? '', /^https:\/\//);
  assert.deepEqual(missingLogin.relatedInformation?.[0]?.location.range.start, positionOf(text, 'login "CORP'));
});

test('a quick fix from the diagnostic adds the login to SQL2, and the problem goes away once applied', async () => {
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missingLogin.range, context: { diagnostics: [missingLogin], only: ['quickfix'] } });
  assert.ok(actions.length >= 1);
  const fix = actions[0];
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true);
  assert.deepEqual(fix.diagnostics, [missingLogin]);
  assert.match(fix.title, /SQL2/);
  const change = fix.edit?.documentChanges?.[0] as TextDocumentEdit;
  assert.deepEqual(change.textDocument, { uri, version: 1 });
  const fixed = applyEdits(text, change.edits);
  assert.match(fixed, /sql on SQL2 \{ version 2016; login "CORP\\svc" \{ type windows \} \}/);

  const fixedUri = 'file:///virtual/missing-login-fixed.stamp';
  await client.open(fixedUri, fixed);
  const after = await client.diagnostics(fixedUri, 1);
  assert.ok(!after.some((diagnostic) => diagnostic.code === 'AG003'), 'AG003 is gone');
  await client.close(fixedUri);
});

test('a diagnostic that does not match a published one gets no quick fix', async () => {
  const moved = { ...missingLogin, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } };
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: moved.range, context: { diagnostics: [moved], only: ['quickfix'] } });
  assert.deepEqual(actions, []);
});

test('fix all applies each diagnostic\'s preferred fix once, without overlapping edits', async () => {
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missingLogin.range, context: { diagnostics: [], only: ['source.fixAll.stamp'] } });
  assert.equal(actions.length, 1);
  assert.equal(actions[0].kind, 'source.fixAll.stamp');
  const edits = (actions[0].edit?.documentChanges?.[0] as TextDocumentEdit).edits;
  assert.ok(edits.some((edit) => 'newText' in edit && edit.newText.includes('login "CORP\\svc"')));
  const fixed = applyEdits(text, edits);
  assert.equal((fixed.match(/login "CORP\\svc"/g) ?? []).length, 2, 'the login is added once, to SQL2');
});

test('a source action adds all missing logins of the availability group', async () => {
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missingLogin.range, context: { diagnostics: [], only: ['source'] } });
  const addLogins = actions.find((action) => action.title === 'Add all missing logins of availability group AG1');
  assert.ok(addLogins, `found ${actions.map((action) => action.title).join('; ')}`);
  assert.equal(addLogins.kind, 'source');
  const fixed = applyEdits(text, (addLogins.edit?.documentChanges?.[0] as TextDocumentEdit).edits);
  assert.match(fixed, /sql on SQL2 \{[^\n]*login "CORP\\svc"/);
});

test('hovering a diagnostic shows its rule\'s explanation and sources', async () => {
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'sql on SQL2', 1) });
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /\*\*AG003\*\*/);
  assert.match(value, /Sources: .*\]\(https:\/\//);
});
