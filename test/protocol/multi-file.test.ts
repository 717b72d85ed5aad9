// Protocol tests of multi-file stamps: each file of a split workspace, opened alone, gets exactly its inline expectations.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic as LspDiagnostic, Location } from 'vscode-languageserver-protocol';
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

for (const name of readdirSync(folder).filter((entry) => entry.endsWith('.stamp')).sort()) {
  test(`workspace-split/${name} opened alone is analyzed with the files it shares imports with`, async () => {
    const path = join(folder, name);
    const uri = pathToFileURL(path).toString();
    const text = readFileSync(path, 'utf8');
    await client.open(uri, text);
    const diagnostics = await client.diagnostics(uri, 1);
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
