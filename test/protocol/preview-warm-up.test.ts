// Protocol tests of the preview's layout warm-up: a client that shows the preview asks for it in initializationOptions and the server lays every view of a made-up stamp out once; other clients (Neovim, the CLI's users) get none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphResult } from '../../protocol/src/protocol.js';
import { LspClient } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const warmUpLine = (client: LspClient) => client.logs.find((line) => /^Preview warm-up: \d/.test(line));

test('a client that shows the preview gets the layout warmed up once the server is initialised, and the preview still answers', async () => {
  const client = await LspClient.start({ initializationOptions: { warmUpPreview: true } });
  try {
    const deadline = Date.now() + 60_000;
    while (!warmUpLine(client) && Date.now() < deadline) await sleep(100);
    assert.match(warmUpLine(client) ?? 'no warm-up line in the log', /^Preview warm-up: 3 views laid out in \d+ ms\.$/);
    assert.ok(client.logs.includes('Preview warm-up: laying a made-up stamp out in the background.'));
    const uri = 'file:///warm/hypervnu-lab.stamp';
    await client.open(uri, readFileSync(join(repoRoot, 'examples', 'hypervnu-lab.stamp'), 'utf8'));
    const result = await client.request<GraphResult | null>('stamp/graph', { uri, view: 'services' });
    assert.ok(result?.graph.nodes.some((node) => node.id === 'spf:spf'), 'the services view of the lab');
  } finally {
    await client.stop();
  }
});

test('a client that does not ask for it gets no warm-up', async () => {
  const client = await LspClient.start({ initializationOptions: { stamp: { rules: {} } } });
  try {
    // The server logs its start-up line once initialised; a warm-up would have said so right after it.
    const deadline = Date.now() + 30_000;
    while (!client.logs.some((line) => line.startsWith('Stamp language server started')) && Date.now() < deadline) await sleep(50);
    await sleep(500);
    assert.deepEqual(client.logs.filter((line) => /^preview warm-up/i.test(line)), []);
  } finally {
    await client.stop();
  }
});
