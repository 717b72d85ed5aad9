// UI test of the preview's views on the untouched examples in a real VS Code (code-server + Chromium): every view of every
// example drawn readable without zooming (screenshots test-results/screenshots/preview-view-<example>-<view>.png), and the
// topology's Network toggle (adapters, teams and switches on demand), and the export of a view too wide for a page, laid out
// again so that it prints readably on A4. Its own workbench, so nothing another test left
// behind (an edited example, a reloaded window, a webview holding the focus) decides what opens.
// Env: STAMP_VSIX (default dist/stamp.vsix).
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { clearNotifications, openFile, openWorkbench, recordFailures, repoRoot, resultsDir, runCommand, screenshot, selectors, sleep, waitUntil, type WorkbenchSession } from '../editor';
import { assertReadable, previewFrame, switchView } from './preview-support';

const root = repoRoot();
const vsix = process.env.STAMP_VSIX || join(root, 'dist', 'stamp.vsix');
const LAB = 'hypervnu-lab.stamp';
const ASR = 'asr-stamp.stamp';
const HOSTER = 'hoster-4-server.stamp';

type View = 'topology' | 'services' | 'replication';
/** A node each view of each example draws (none: the view has nothing to draw, and says so). */
const exampleNodes: Record<string, Partial<Record<View, string>>> = {
  [LAB]: { topology: 'vm:portal2', services: 'wap:portal' },
  [ASR]: { topology: 'vm:wap02', services: 'wap:portal', replication: 'recovery_group:managementstamp/3' },
  [HOSTER]: { topology: 'vm:router1', services: 'app:project', replication: 'vm:router1' },
};

/** The ids of the nodes a preview frame draws. */
async function drawnIds(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => Array.from(document.querySelectorAll('#viewport svg g.node')).map((element) => element.getAttribute('data-id')!));
}

/**
 * Closes every editor and checks that it happened before anything else is typed. Seen here: with the preview's group
 * active, "Close All Editor Groups" can leave the text editor of the other group open (a screenshot of an earlier round
 * showed the previous example still open, and here a tab of the previous example came back beside the next one), and
 * the tab strip is empty for a moment while groups are rebuilt. So the check must hold twice, half a second apart.
 */
async function closeAllEditors(page: Page): Promise<void> {
  const openTabs = async () => (await page.locator('.tabs-container .tab').allInnerTexts()).map((text) => text.trim().split('\n')[0]);
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, attempt === 1 ? 'View: Close All Editor Groups' : 'View: Close All Editors');
    const closed = await waitUntil(async () => (await openTabs()).length === 0, 10_000, 'every editor tab closed').then(() => true, () => false);
    await sleep(500);
    const left = await openTabs();
    if (closed && left.length === 0) return;
    console.log(`closing every editor, attempt ${attempt}: still open: ${left.join(', ')}`);
    assert.ok(attempt < 4, `editors still open after closing them all: ${left.join(', ')}`);
  }
}

/** Opens an example alone, then its preview beside it, and returns the preview's frame once it draws the node given. */
async function openExample(page: Page, file: string, nodeId: string): Promise<Frame> {
  await closeAllEditors(page);
  await openFile(page, file);
  assert.equal(await page.locator(`${selectors.activeTab}[data-resource-name]`).first().getAttribute('data-resource-name'), file, `${file} is the active editor`);
  await runCommand(page, 'Stamp: Open Preview to the Side');
  return previewFrame(page, nodeId);
}

describe('Stamp preview views of the examples in the VS Code workbench (code-server + Chromium)', { timeout: 420_000 }, () => {
  let session: WorkbenchSession | undefined;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} missing: build and package first (bash scripts/package.sh)`);
    const workspace = mkdtempSync(join(tmpdir(), 'stamp-preview-views-'));
    for (const file of Object.keys(exampleNodes)) copyFileSync(join(root, 'examples', file), join(workspace, file));
    session = await openWorkbench({ vsix, workspace, settings: { 'workbench.colorTheme': 'Default Light Modern' } });
    await openFile(session.page, LAB);
    // Room for the diagram, as a user reading it would make: hide the side bar.
    await runCommand(session.page, 'View: Toggle Primary Side Bar Visibility');
  });

  recordFailures(() => session?.page);

  after(async () => {
    await session?.close();
  });

  it('draws every view of every example readable without zooming (screenshots preview-view-<example>-<view>)', async () => {
    const page = session!.page;
    for (const [file, nodeOfView] of Object.entries(exampleNodes)) {
      let current = await openExample(page, file, nodeOfView.topology!);
      for (const view of ['topology', 'services', 'replication'] as const) {
        const nodeId = nodeOfView[view];
        if (view !== 'topology' && nodeId) current = (await switchView(page, current, view, nodeId)).frame;
        else if (view !== 'topology') {
          // A view with nothing to draw (no replication in the lab): it says so.
          await current.locator(`#views button[data-view="${view}"]`).click();
          await waitUntil(async () => current.evaluate(() => getComputedStyle(document.getElementById('empty')!).display !== 'none'), 15_000, `${file}: the empty ${view} view says so`);
        }
        await page.mouse.move(5, 400);
        await sleep(300);
        if (nodeId) await assertReadable(current, `${file} ${view} view`);
        console.log(`preview ${file} ${view} screenshot: ${await screenshot(page, `preview-view-${file.replace(/\.stamp$/, '')}-${view}`)}`);
      }
    }
  });

  it('draws the network layer of the topology view on demand: the Network button adds adapters and virtual switches inside their hosts, and takes them away', async () => {
    const page = session!.page;
    let frame = await openExample(page, LAB, 'vm:portal2');
    const network = frame.locator('#toggle-network');
    assert.equal(await network.isVisible(), true, 'the topology view offers the Network button');
    assert.equal(await network.getAttribute('aria-pressed'), 'false', 'off at first');
    const layer = ['nic:hv01/nic1', 'vswitch:hv01/external', 'nic:hv02/nic1', 'vswitch:hv02/external'];
    assert.deepEqual((await drawnIds(frame)).filter((id) => layer.includes(id)), [], 'no adapters or switches drawn before the button is pressed');

    await network.click();
    frame = await previewFrame(page, 'vswitch:hv01/external', 20_000);
    await waitUntil(async () => (await frame.locator('#toggle-network').getAttribute('aria-pressed')) === 'true', 10_000, 'the Network button pressed');
    const ids = await drawnIds(frame);
    for (const id of layer) assert.ok(ids.includes(id), `the network layer draws ${id}`);
    // Each adapter and virtual switch sits inside its host's box, and the switch's uplink to the adapter is drawn.
    const inside = await frame.evaluate(() => {
      const box = (id: string) => Array.from(document.querySelectorAll('#viewport svg g.node')).find((node) => node.getAttribute('data-id') === id)!.querySelector('.frame')!.getBoundingClientRect();
      const within = (inner: DOMRect, outer: DOMRect) => inner.left >= outer.left && inner.top >= outer.top && inner.right <= outer.right && inner.bottom <= outer.bottom;
      return within(box('nic:hv01/nic1'), box('host:hv01')) && within(box('vswitch:hv01/external'), box('host:hv01')) && within(box('vswitch:hv02/external'), box('host:hv02'));
    });
    assert.equal(inside, true, 'adapters and virtual switches are drawn inside their hosts');
    const edges = await frame.evaluate(() => Array.from(document.querySelectorAll('#viewport svg g.edge')).map((edge) => `${edge.getAttribute('data-source')} ${edge.getAttribute('data-target')}`));
    assert.ok(edges.includes('vswitch:hv01/external nic:hv01/nic1'), `the uplink of HV01's virtual switch: ${edges.join('; ')}`);
    // The screenshot shows the layer: HV01's virtual switch found by name and brought to the middle of the view.
    await frame.locator('#search').fill('External');
    await frame.locator('#search').press('Enter');
    await sleep(200);
    await frame.locator('#search').press('Escape');
    await page.mouse.move(5, 400);
    await sleep(300);
    console.log(`preview network layer screenshot: ${await screenshot(page, 'preview-network-on')}`);

    // Another view does not draw the layer; back in the topology it is still on until the button is pressed again.
    frame = (await switchView(page, frame, 'services', 'wap:portal')).frame;
    assert.equal(await frame.locator('#toggle-network').isVisible(), false, 'the Network button belongs to the topology view');
    assert.deepEqual((await drawnIds(frame)).filter((id) => layer.includes(id)), [], 'the services view draws no adapters');
    frame = (await switchView(page, frame, 'topology', 'vswitch:hv01/external')).frame;
    await frame.locator('#toggle-network').click();
    await waitUntil(async () => {
      const current = await previewFrame(page, 'vm:portal2', 20_000);
      return (await drawnIds(current)).some((id) => layer.includes(id)) ? undefined : current;
    }, 20_000, 'the network layer gone after the second press');
    frame = await previewFrame(page, 'vm:portal2');
    assert.equal(await frame.locator('#toggle-network').getAttribute('aria-pressed'), 'false');
  });

  it('exports a view too wide for a page laid out again for A4: the ASR replication view, its VMs in rows, labels at 7 pt or more', async () => {
    const page = session!.page;
    let frame = await openExample(page, ASR, 'vm:wap02');
    frame = (await switchView(page, frame, 'replication', 'recovery_group:managementstamp/3')).frame;
    const onScreen = await frame.evaluate(() => document.querySelectorAll('#viewport svg g.node[data-id]').length);
    await frame.locator('#export-svg').click();
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: 'Light' }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
    const pathBox = page.locator('.quick-input-widget input');
    await waitUntil(async () => /asr-stamp\.replication\.svg$/.test(await pathBox.inputValue().catch(() => '')), 20_000, 'the save dialog proposing asr-stamp.replication.svg');
    await page.keyboard.press('Enter');
    const file = join(session!.server.workspace, 'asr-stamp.replication.svg');
    // The file shows up before its last bytes are written (seen once in CI: no width yet): wait for the closing tag.
    await waitUntil(() => existsSync(file) && readFileSync(file, 'utf8').includes('</svg>'), 15_000, `${file} written`);
    const svg = readFileSync(file, 'utf8');
    mkdirSync(resultsDir('exports'), { recursive: true });
    copyFileSync(file, resultsDir('exports', 'preview-export-asr-replication.svg'));
    const [width, height] = [Number(/ width="([\d.]+)"/.exec(svg)![1]), Number(/ height="([\d.]+)"/.exec(svg)![1])];
    // 13 px labels printed on A4 less 10 mm margins (277 × 190 mm), in the better orientation, at most at natural size.
    const scale = Math.min(25.4 / 96, Math.max(Math.min(277 / width, 190 / height), Math.min(190 / width, 277 / height)));
    const points = 13 * scale * 72 / 25.4;
    console.log(`ASR replication export: ${Math.round(width)}×${Math.round(height)} px, labels ${points.toFixed(1)} pt on A4`);
    assert.ok(points >= 7, `labels print at ${points.toFixed(1)} pt on A4`);
    assert.match(svg, /<text class="title"[^>]*>asr-stamp · Replication \/ DR<\/text>/);
    assert.equal((svg.match(/<g class="node [^"]*" data-id=/g) ?? []).length, onScreen, 'the export draws every node the view shows');
    await clearNotifications(page);
  });
});
