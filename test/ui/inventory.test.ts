// UI test of "Stamp: Compare with Inventory…" in a real VS Code (code-server + Chromium), as a user runs it: the design
// open, the command from the palette, the inventory typed into the file dialog; the drift appears as squiggles and in
// the Problems view. Screenshot: test-results/screenshots/inventory-compare.png.
// Env: STAMP_VSIX (default dist/stamp.vsix).
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearNotifications, openFile, openWorkbench, pickFileInDialog, recordFailures, repoRoot, runCommand, screenshot, selectors, sleep, waitUntil, type WorkbenchSession } from '../editor';

const root = repoRoot();
const vsix = process.env.STAMP_VSIX || join(root, 'dist', 'stamp.vsix');
const DESIGN = 'hoster-4-server.stamp';

describe('Compare with Inventory in the VS Code workbench (code-server + Chromium)', { timeout: 300_000 }, () => {
  let session: WorkbenchSession | undefined;
  let workspace: string;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} missing: build and package first (bash scripts/package.sh)`);
    workspace = mkdtempSync(join(tmpdir(), 'stamp-inventory-workspace-'));
    cpSync(join(root, 'examples'), workspace, { recursive: true });
    session = await openWorkbench({ vsix, workspace, settings: { 'workbench.colorTheme': 'Default Light Modern' } });
    await openFile(session.page, DESIGN);
  });

  recordFailures(() => session?.page);

  after(async () => {
    await session?.close();
  });

  it('shows the planted drift on the design\'s statements and in the Problems view', async () => {
    const page = session!.page;
    await runCommand(page, 'Stamp: Compare with Inventory…');
    // The file dialog (a quick input in the browser): type the inventory's path and accept it.
    await pickFileInDialog(page, 'Compare with Inventory', join(workspace, 'inventories', 'hoster-4-server-drift.json'));
    await page.locator(selectors.notificationToast).filter({ hasText: '7 differences between the design and the estate' }).waitFor({ state: 'visible', timeout: 45_000 });
    await runCommand(page, 'View: Focus Problems');
    const rows = page.locator(selectors.markerRow).filter({ hasText: 'DRIFT' });
    await waitUntil(async () => (await rows.count()) >= 7, 20_000, 'seven DRIFT rows in the Problems view');
    const texts = await rows.allInnerTexts();
    assert.ok(texts.some((text) => /VM SQL2: memory is 12GB in the design and 16GB in the estate\./.test(text)), texts.join('\n'));
    assert.ok(texts.some((text) => /The estate has VM TEST01; the design does not\./.test(text)), texts.join('\n'));
    assert.ok(texts.some((text) => /The design has VM DC2; the estate does not\./.test(text)), texts.join('\n'));
    await page.locator(selectors.squigglyWarning).first().waitFor({ state: 'attached', timeout: 10_000 });
    await clearNotifications(page);
    await page.mouse.move(5, 400);
    await sleep(500);
    console.log(`inventory compare screenshot: ${await screenshot(page, 'inventory-compare')}`);
  });
});
