// Ordering of published diagnostics under rapid edits: a burst of changes ends with the diagnostics of the last text,
// and no version is ever published after a newer one, also while the slow failure analysis of a large stamp runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateStamp } from '../../bench/generate.js';
import { LspClient } from '../support/lsp-client.js';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

/** The versions announced by `stamp/didAnalyze` for one document, in the order they arrived. */
function publishedVersions(uri: string): number[] {
  return client.analyzed.filter((entry) => entry.uri === uri).map((entry) => entry.version);
}

function assertNeverOlderAfterNewer(uri: string): void {
  const versions = publishedVersions(uri);
  for (let index = 1; index < versions.length; index++) {
    assert.ok(versions[index] >= versions[index - 1], `version ${versions[index]} published after version ${versions[index - 1]}: ${versions.join(', ')}`);
  }
}

const summary = (diagnostics: ReadonlyArray<{ code?: string | number; range: { start: { line: number; character: number } }; message: string | { value: string } }>) =>
  diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.range.start.line}:${diagnostic.range.start.character} ${typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value}`).sort();

test('a burst of edits ends with exactly the diagnostics of the last text, versions in order', async () => {
  const uri = 'file:///burst.stamp';
  const good = 'host H1 { os 2012 }\nhost H2 { os 2012 }\ncluster C { kind hyperv; nodes H1, H2; witness cloud }\n';
  const texts = [
    good.replace('nodes H1, H2', 'nodes H1, H3'),
    good,
    good.replace('os 2012 }', 'os 2099 }'),
    `${good}vm V on C {\n`,
    `${good}vm V on C { memory 4GB }\n`,
    good.replace('nodes H1, H2', 'nodes H1, HX'),
  ];
  await client.open(uri, good);
  await client.diagnostics(uri, 1);
  let last = 1;
  // Sent back to back, without waiting: the server may skip intermediate versions, never reorder them.
  for (const text of texts) last = await client.change(uri, text);
  await client.until(() => publishedVersions(uri).includes(last), 20000, `diagnostics of version ${last}`);
  assertNeverOlderAfterNewer(uri);
  const final = client.latestDiagnostics(uri)!;

  const fresh = 'file:///burst-fresh.stamp';
  await client.open(fresh, texts[texts.length - 1]);
  const expected = await client.diagnostics(fresh, 1);
  assert.deepEqual(summary(final), summary(expected));
  assert.ok(final.some((diagnostic) => diagnostic.code === 'SCH006' && /HX/.test(JSON.stringify(diagnostic.message))), JSON.stringify(summary(final)));
});

test('an edit during the slow failure analysis of a large stamp: the old version is never published after the new one', async () => {
  const uri = 'file:///large-ordering.stamp';
  const text = generateStamp(7000).stampText;
  await client.open(uri, text);
  await client.diagnostics(uri, 1, 20000);
  // The slow rules start once typing has paused for 600 ms (the server logs it); edit while they run, twice.
  await client.until(() => client.logs.some((line) => line.includes(`Slow rules for ${uri} v1 started`)), 20000, 'the start of the failure analysis');
  const firstLineEnd = text.indexOf('\n');
  await client.change(uri, `${text.slice(0, firstLineEnd)} ${text.slice(firstLineEnd)}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const lastVersion = await client.change(uri, text);
  // The newest version gets its complete diagnostics, the failure analysis included.
  await client.until(
    () => publishedVersions(uri).includes(lastVersion) && (client.latestDiagnostics(uri) ?? []).some((diagnostic) => diagnostic.code === 'SPOF001'),
    40000,
    'the failure analysis of the last version',
  );
  assertNeverOlderAfterNewer(uri);
  assert.equal(publishedVersions(uri).at(-1), lastVersion);
});
