// The web extension (package.json `browser`): in code-server, with the extension forced into the browser's web worker
// extension host, the language server runs in a web worker and the lab example gets diagnostics, a hover and the preview.
// Screenshots: test-results/screenshots/web-extension-*.png.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import {
  clearNotifications,
  hoverAt,
  openFile,
  openWorkbench,
  recordFailures,
  problemCounts,
  repoRoot,
  runCommand,
  screenshot,
  waitUntil,
  type WorkbenchSession,
} from '../editor';

const root = repoRoot();
const vsix = process.env.STAMP_VSIX || join(root, 'dist', 'stamp.vsix');

/** The frame of the preview webview once it shows the node `nodeId`. */
async function previewFrame(page: Page, nodeId: string): Promise<Frame> {
  return waitUntil(
    async () => {
      for (const frame of page.frames()) {
        const found = await frame.evaluate((id) => document.querySelector(`svg [data-id="${CSS.escape(id)}"]`) !== null, nodeId).catch(() => false);
        if (found) return frame;
      }
      return undefined;
    },
    45_000,
    `a preview webview showing ${nodeId}`,
    250,
  );
}

describe('Stamp as a web extension (web worker extension host of code-server + Chromium)', { timeout: 240_000 }, () => {
  let session: WorkbenchSession | undefined;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} missing: build and package first (bash scripts/package.sh)`);
    session = await openWorkbench({
      vsix,
      workspace: join(root, 'examples'),
      // Run the extension where VS Code for the Web runs it: the browser's web worker extension host, not Node.
      settings: { 'remote.extensionKind': { 'stamp-dev.stamp': ['web'] } },
    });
    await openFile(session.page, 'hypervnu-lab.stamp');
  });

  recordFailures(() => session?.page);

  after(async () => {
    await session?.close();
  });

  it('runs in the web worker extension host', async () => {
    const page = session!.page;
    await runCommand(page, 'Developer: Show Running Extensions');
    // The Running Extensions list names where each extension runs: "web worker" for a browser extension host.
    const row = page.locator('.monaco-list-row', { hasText: 'Stamp' }).filter({ hasText: /web worker/i });
    await row.first().waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, 'web-extension-running');
    await page.keyboard.press('Escape');
  });

  it('shows the example’s diagnostics and a hover from the worker', async () => {
    const page = session!.page;
    await openFile(page, 'hypervnu-lab.stamp');
    const counts = await waitUntil(
      async () => {
        const read = await problemCounts(page).catch(() => undefined);
        return read && read.infos > 0 ? read : undefined;
      },
      60_000,
      'diagnostics from the web worker server',
      500,
    );
    assert.equal(counts.errors, 0, counts.label);
    assert.ok(counts.infos >= 2, `the two NLB005 infos: ${counts.label}`);
    const hover = await hoverAt(page, 'domain');
    assert.match(hover, /Active Directory|DNS/i, hover);
    await clearNotifications(page);
    await screenshot(page, 'web-extension-hover');
  });

  it('draws the topology preview from the worker', async () => {
    const page = session!.page;
    await runCommand(page, 'Stamp: Open Preview to the Side');
    const frame = await previewFrame(page, 'vm:sql1');
    const ids = await frame.evaluate(() => Array.from(document.querySelectorAll('svg [data-id]')).map((element) => element.getAttribute('data-id')));
    for (const id of ['cluster:hvcluster', 'host:hv01', 'vm:sql2']) assert.ok(ids.includes(id), `the diagram shows ${id}`);
    await screenshot(page, 'web-extension-preview');
  });
});
