// Protocol tests of the analysis warm-up: after `initialized`, with no document open, the server analyses a made-up
// stamp in the background so that the first open runs compiled code. It publishes nothing, and a document opened
// while it runs gets the same diagnostics as one opened on a server that never warmed up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const labText = readFileSync(join(repoRoot, 'examples', 'hypervnu-lab.stamp'), 'utf8');
const uri = 'file:///warm-up/hypervnu-lab.stamp';
const finished = (client: LspClient) => client.logs.find((line) => /^Analysis warm-up: \d+ slices in \d+ ms/.test(line));
const started = (client: LspClient) => client.logs.includes('Analysis warm-up started.');

/** The lab's diagnostics from a server that had no time to warm up: the document is opened right after `initialized`. */
async function coldDiagnostics(): Promise<Diagnostic[]> {
  const client = await LspClient.start();
  try {
    await client.open(uri, labText);
    const diagnostics = await client.diagnostics(uri, 1, 30_000);
    assert.equal(finished(client), undefined, 'a document opened at once leaves no time for the warm-up');
    return diagnostics;
  } finally {
    await client.stop();
  }
}

test('with no document open the server warms up in the background, publishes nothing, and a later open gets the usual diagnostics', async () => {
  const cold = await coldDiagnostics();
  assert.ok(cold.some((diagnostic) => diagnostic.severity === 1 || diagnostic.severity === 2), 'the lab has findings to compare');
  const client = await LspClient.start();
  try {
    await client.until(() => finished(client) !== undefined, 30_000, 'the warm-up to finish');
    assert.deepEqual(client.publishedUris(), [], 'the warm-up publishes no diagnostics');
    assert.deepEqual(client.analyzed, [], 'and announces no analysis');
    await client.open(uri, labText);
    assert.deepEqual(await client.diagnostics(uri, 1, 30_000), cold);
    assert.deepEqual(client.publishedUris(), [uri]);
  } finally {
    await client.stop();
  }
});

test('a document opened while the warm-up runs gets its diagnostics, the same as without the warm-up, and the warm-up stops', async () => {
  const cold = await coldDiagnostics();
  const client = await LspClient.start();
  try {
    await client.until(() => started(client), 30_000, 'the warm-up to start');
    await client.open(uri, labText);
    assert.deepEqual(await client.diagnostics(uri, 1, 30_000), cold);
    // The warm-up either stopped at the open or had finished just before it; either way it published nothing.
    await client.until(() => finished(client) !== undefined || client.logs.some((line) => line.startsWith('Analysis warm-up stopped')), 30_000, 'the warm-up to end');
    assert.deepEqual(client.publishedUris(), [uri]);
    assert.deepEqual(client.analyzed.map((each) => each.uri), [uri]);
  } finally {
    await client.stop();
  }
});
