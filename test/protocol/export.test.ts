// Protocol test of stamp/export: the preview's export of a view, laid out to print readably on A4, over a real connection; null for a document that is not open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportResult } from '../../protocol/src/protocol.js';
import { LspClient } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

test('stamp/export answers with the view laid out for an A4 page, in both export themes, and with null for an unknown document', async () => {
  const client = await LspClient.start();
  try {
    const uri = 'file:///export/asr-stamp.stamp';
    await client.open(uri, readFileSync(join(repoRoot, 'examples', 'asr-stamp.stamp'), 'utf8'));
    const page = await client.request<ExportResult | null>('stamp/export', { uri, view: 'replication' });
    assert.ok(page && page.points >= 7, `label size on A4: ${page?.points} pt`);
    assert.equal(page.orientation, 'landscape');
    assert.match(page.lightSvg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="stamp-graph theme-light"[\s\S]*<g class="legend"/);
    assert.match(page.exportSvg, /class="stamp-graph theme-vscode"/);
    for (const id of ['cluster:mgmtcluster', 'cluster:drcluster', 'recovery_plan:managementstamp']) assert.match(page.lightSvg, new RegExp(`data-id="${id}"`));
    assert.equal(await client.request('stamp/export', { uri: 'file:///export/nowhere.stamp', view: 'topology' }), null);
  } finally {
    await client.stop();
  }
});
