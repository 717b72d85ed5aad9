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

test('an edit that moves every line during the failure analysis: the new version gets exactly its own findings, the cancelled run publishes nothing', async () => {
  // The cancelled run's findings are those of the old text: after three lines are added on top and the end is cut,
  // each of them would be three lines off or about an element that is gone. So a run that is not cancelled (or whose
  // result is not dropped) shows in the content of the new version's diagnostics, or as an old version published after
  // the new one, or as no complete publish of the new version at all.
  const uri = 'file:///large-moved.stamp';
  const text = generateStamp(8000).stampText;
  await client.open(uri, text);
  await client.diagnostics(uri, 1, 20000);
  await client.until(() => client.logs.some((line) => line.includes(`Slow rules for ${uri} v1 started`)), 20000, 'the start of the failure analysis');
  const sentAt = client.analyzed.length;
  // And the last tenth of the stamp goes: the cancelled run's findings on those pods would be findings on nothing.
  const from = Math.floor(text.length * 0.9);
  const cut = from + text.slice(from).search(/\n(?=[a-z])/) + 1;
  const moved = `// three lines added on top\n// while the failure analysis\n// of the old text runs\n${text.slice(0, cut)}`;
  const version = await client.change(uri, moved);
  await client.until(
    () => publishedVersions(uri).includes(version) && (client.latestDiagnostics(uri) ?? []).some((diagnostic) => diagnostic.code === 'SPOF001'),
    30000,
    'the complete diagnostics of the edited version',
  );
  const complete = client.latestDiagnostics(uri)!;
  // The edited stamp is still large: its failure analysis ran on its own, after the fast rules were published.
  assert.ok(client.logs.some((line) => line.includes(`Slow rules for ${uri} v${version} started`)), 'the edited version is large enough to get the failure analysis separately');
  // Once the new version is published, the old one never is again.
  const after = client.analyzed.slice(sentAt).filter((entry) => entry.uri === uri).map((entry) => entry.version);
  const firstNew = after.indexOf(version);
  assert.deepEqual(after.slice(firstNew).filter((each) => each !== version), [], `versions published after v${version}: ${after.join(', ')}`);
  assertNeverOlderAfterNewer(uri);

  const fresh = 'file:///large-moved-fresh.stamp';
  await client.open(fresh, moved);
  await client.diagnostics(fresh, 1, 20000);
  await client.until(() => (client.latestDiagnostics(fresh) ?? []).some((diagnostic) => diagnostic.code === 'SPOF001'), 30000, 'the failure analysis of a fresh open');
  const expected = client.latestDiagnostics(fresh)!;
  assert.deepEqual(summary(complete), summary(expected));
  // Wait long enough for a run that was not cancelled to end: nothing more may be published for the document.
  const publishedSoFar = publishedVersions(uri).length;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(publishedVersions(uri).length, publishedSoFar, `published again after the complete diagnostics: ${publishedVersions(uri).join(', ')}`);
  assert.deepEqual(summary(client.latestDiagnostics(uri)!), summary(expected));
});
