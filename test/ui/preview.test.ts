// UI test of the topology preview in a real VS Code (code-server + Chromium): open the example's preview, switch views,
// measure the labels' size on screen, find a node, click it, edit and break the text (nodes stay in place), hover, follow
// the cursor, check hostile names stay text, move the view from the minimap, and take screenshots of every view of every
// example and theme (test-results/screenshots/preview-*.png).
// Env: STAMP_VSIX (default dist/stamp.vsix).
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import {
  clearNotifications,
  goToLine,
  insertLine,
  openFile,
  openWorkbench,
  recordFailures,
  repoRoot,
  resultsDir,
  runCommand,
  screenshot,
  sleep,
  waitUntil,
  waitForWorkbench,
  type WorkbenchSession,
} from '../editor';
import { assertReadable, nodeAttribute, previewFrame, switchView } from './preview-support';

const root = repoRoot();
const vsix = process.env.STAMP_VSIX || join(root, 'dist', 'stamp.vsix');
const EXAMPLE = 'hypervnu-lab.stamp';
const DR_EXAMPLE = 'asr-stamp.stamp';
const HOSTILE = 'hostile-names.stamp';
const LARGE = 'large-overview.stamp';
const LARGE_CLUSTERS = 14;
/** A stamp of more than 100 elements: it opens on an overview with the minimap. */
const largeStamp = (): string => {
  const lines = ['san SAN1 { protocol iscsi }'];
  for (let cluster = 1; cluster <= LARGE_CLUSTERS; cluster++) {
    lines.push(`host C${cluster}H1 { os 2016 }`, `host C${cluster}H2 { os 2016 }`, `cluster C${cluster} { kind hyperv; nodes C${cluster}H1, C${cluster}H2; csv V${cluster} { san SAN1 } }`);
    for (let vm = 1; vm <= 5; vm++) lines.push(`vm C${cluster}VM${vm} on C${cluster} { memory 4GB; storage csv V${cluster} }`);
  }
  return `${lines.join('\n')}\n`;
};
const exampleLines = readFileSync(join(root, 'examples', EXAMPLE), 'utf8').split('\n');
/** 1-based line of the first line of the example matching. */
const lineOf = (pattern: RegExp): number => {
  const index = exampleLines.findIndex((line) => pattern.test(line));
  assert.ok(index >= 0, `${pattern} not in ${EXAMPLE}`);
  return index + 1;
};

/** The screen position of every node, by id. */
async function nodePositions(frame: Frame): Promise<Map<string, { x: number; y: number }>> {
  const entries = await frame.evaluate(() => Array.from(document.querySelectorAll('#viewport svg g.node')).map((node) => {
    const box = node.querySelector('.frame')!.getBoundingClientRect();
    return [node.getAttribute('data-id')!, { x: box.x, y: box.y }] as const;
  }));
  return new Map(entries);
}

/** Brings a node into the middle of the view the way a user would: its name in the search box, then Enter. */
async function findNode(frame: Frame, name: string): Promise<void> {
  await frame.locator('#search').fill(name);
  await frame.locator('#search').press('Enter');
  await sleep(200);
  await frame.locator('#search').press('Escape');
}

/** The cursor position the status bar shows: "Ln 44, Col 1 (99 selected)". */
async function statusSelection(page: Page): Promise<{ line: number; selected: number }> {
  const text = await page.locator('.statusbar-item[id="status.editor.selection"]').first().innerText();
  const match = /Ln (\d+), Col \d+(?: \((\d+) selected\))?/.exec(text);
  assert.ok(match, `status bar selection: ${text}`);
  return { line: Number(match[1]), selected: Number(match[2] ?? 0) };
}


describe('Stamp topology preview in the VS Code workbench (code-server + Chromium)', { timeout: 300_000 }, () => {
  let session: WorkbenchSession | undefined;
  let frame: Frame;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} missing: build and package first (bash scripts/package.sh)`);
    const workspace = mkdtempSync(join(tmpdir(), 'stamp-preview-workspace-'));
    copyFileSync(join(root, 'examples', EXAMPLE), join(workspace, EXAMPLE));
    copyFileSync(join(root, 'examples', DR_EXAMPLE), join(workspace, DR_EXAMPLE));
    writeFileSync(join(workspace, LARGE), largeStamp());
    copyFileSync(join(root, 'test', 'fixtures', 'graph', HOSTILE), join(workspace, HOSTILE));
    session = await openWorkbench({ vsix, workspace, settings: { 'workbench.colorTheme': 'Default Light Modern' } });
    await openFile(session.page, EXAMPLE);
    // Room for the diagram, as a user reading it would make: hide the side bar.
    await runCommand(session.page, 'View: Toggle Primary Side Bar Visibility');
  });

  recordFailures(() => session?.page);

  after(async () => {
    await session?.close();
  });

  it('opens beside the editor on the topology view, with labels readable without zooming', async () => {
    const page = session!.page;
    await runCommand(page, 'Stamp: Open Preview to the Side');
    frame = await previewFrame(page, 'vm:sql1');
    const ids = await frame.evaluate(() => Array.from(document.querySelectorAll('#viewport svg [data-id]')).map((element) => element.getAttribute('data-id')));
    for (const id of ['cluster:hvcluster', 'host:hv01', 'host:hv02', 'vm:dc01', 'vm:dc02', 'vm:sql1', 'san:san01', 'csv:hvcluster/volume1', 'domain:hyper-v.nu']) {
      assert.ok(ids.includes(id), `the topology shows ${id}`);
    }
    assert.ok(!ids.includes('nlb:spfnlb') && !ids.includes('spf:spf'), 'services are in their own view');
    assert.equal(await frame.locator('#views button[data-view="topology"]').getAttribute('aria-selected'), 'true');
    assert.equal(await nodeAttribute(frame, 'vm:dc02', 'data-kind'), 'vm');
    await clearNotifications(page);
    await sleep(500);
    await assertReadable(frame, 'topology view');
    console.log(`preview topology screenshot: ${await screenshot(page, 'preview-view-topology')}`);
  });

  it('switches to the services view from the toolbar: entry points, balancers, components, listener, replicas and VMs, readable', async () => {
    const page = session!.page;
    const switched = await switchView(page, frame, 'services', 'nlb:spfnlb');
    frame = switched.frame;
    console.log(`switching to the services view took ${switched.ms} ms (click to drawn, in the browser)`);
    const ids = await frame.evaluate(() => Array.from(document.querySelectorAll('#viewport svg [data-id]')).map((element) => element.getAttribute('data-id')));
    for (const id of [
      'vm:sql1', 'sql:sql1', 'sql:sql2', 'guest_cluster:sqlcluster', 'availability_group:scag', 'replica:scag/sql1', 'listener:scag/sql', 'nlb:spfnlb',
      'nlb:portalnlb', 'spf:spf', 'wap:portal', 'vmm:vmm', 'certificate:spf.hyper-v.nu', 'dns_record:portal.hyper-v.nu',
      'replica_of:replica:scag/sql1->sql:sql1', 'fronts:nlb:spfnlb->spf:spf', 'database:spf:spf->listener:scag/sql', 'uses_vmm:spf:spf->vmm:vmm', 'uses_spf:wap:portal->nlb:spfnlb',
    ]) {
      assert.ok(ids.includes(id), `the services view shows ${id}`);
    }
    assert.ok(!ids.includes('san:san01'), 'storage is in the topology view');
    assert.equal(await frame.locator('g.node[data-severity="error"]').count(), 0);
    const primaryText = await frame.locator('g.node[data-id="replica:scag/sql1"]').textContent();
    assert.match(primaryText ?? '', /primary/);
    const edgeLabels = await frame.evaluate(() => Array.from(document.querySelectorAll('#viewport svg text.edge-label')).map((text) => text.textContent));
    assert.deepEqual([...new Set(edgeLabels)].sort(), ['0-65535 both', 'synchronous'], 'edge labels only where they carry meaning: port rules, commit mode');
    await page.mouse.move(5, 400);
    await sleep(300);
    await assertReadable(frame, 'services view');
    console.log(`preview services screenshot: ${await screenshot(page, 'preview-view-services')}`);
    // Zoom in with the wheel over the diagram.
    const box = await frame.locator('#viewport').boundingBox();
    assert.ok(box, 'the diagram is on screen');
    const viewBoxBefore = await frame.evaluate(() => document.querySelector('#viewport svg')!.getAttribute('viewBox'));
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let step = 0; step < 4; step++) {
      await page.mouse.wheel(0, -200);
      await sleep(80);
    }
    const viewBoxAfter = await frame.evaluate(() => document.querySelector('#viewport svg')!.getAttribute('viewBox'));
    assert.ok(Number(viewBoxAfter!.split(' ')[2]) < Number(viewBoxBefore!.split(' ')[2]) / 1.5, `zoomed in: ${viewBoxBefore} -> ${viewBoxAfter}`);
    await frame.locator('#fit').click();
  });

  it('shows a node\'s key properties on hover', async () => {
    await findNode(frame, 'SPFNLB');
    const node = frame.locator('g.node[data-id="nlb:spfnlb"]');
    await node.hover({ position: { x: 12, y: 12 } });
    const tooltip = frame.locator('#tooltip');
    await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
    const text = await tooltip.innerText();
    assert.match(text, /nlb SPFNLB/);
    assert.match(text, /Mode: unicast/);
    assert.match(text, /NLB005/, 'the info on the NLB is listed in the tooltip');
    console.log(`preview hover screenshot: ${await screenshot(session!.page, 'preview-02-hover')}`);
  });

  it('selects the statement in the editor when a node is clicked', async () => {
    const page = session!.page;
    await findNode(frame, 'SQL2');
    await frame.locator('g.node[data-id="vm:sql2"]').click({ position: { x: 12, y: 12 } });
    const expectedLine = lineOf(/^vm SQL2 on/);
    const selection = await waitUntil(async () => {
      const current = await statusSelection(page).catch(() => undefined);
      return current && current.line === expectedLine && current.selected > 0 ? current : undefined;
    }, 10_000, `the editor's selection on line ${expectedLine}`).catch(async () => statusSelection(page));
    assert.equal(selection.line, expectedLine);
    assert.equal(selection.selected, exampleLines[expectedLine - 1].trimEnd().length, 'the whole statement is selected');
    assert.equal(await nodeAttribute(frame, 'vm:sql2', 'class').then((value) => /highlighted/.test(value ?? '')), true);
  });

  it('highlights the node whose statement holds the cursor', async () => {
    const page = session!.page;
    await goToLine(page, lineOf(/^nlb PORTALNLB/) + 2, 3);
    await waitUntil(async () => /highlighted/.test((await nodeAttribute(frame, 'nlb:portalnlb', 'class')) ?? ''), 10_000, 'the PORTALNLB node highlighted');
    assert.doesNotMatch((await nodeAttribute(frame, 'vm:sql2', 'class')) ?? '', /highlighted/);
  });

  it('finds a node by name: the search box highlights it and brings it to the middle of the view', async () => {
    await frame.locator('#search').fill('sql2');
    await frame.locator('#search').press('Enter');
    await waitUntil(async () => /highlighted/.test((await nodeAttribute(frame, 'vm:sql2', 'class')) ?? ''), 5_000, 'vm:sql2 highlighted');
    assert.match(await frame.locator('#search-count').innerText(), /^1\/\d+$/);
    const centred = await frame.evaluate(() => {
      const viewport = document.getElementById('viewport')!.getBoundingClientRect();
      const node = Array.from(document.querySelectorAll('#viewport svg g.node')).find((element) => element.getAttribute('data-id') === 'vm:sql2')!.getBoundingClientRect();
      return { dx: node.x + node.width / 2 - (viewport.x + viewport.width / 2), dy: node.y + node.height / 2 - (viewport.y + viewport.height / 2) };
    });
    assert.ok(Math.abs(centred.dx) < 30 && Math.abs(centred.dy) < 30, `vm:sql2 centred: ${JSON.stringify(centred)}`);
    console.log(`preview search screenshot: ${await screenshot(session!.page, 'preview-search')}`);
    await frame.locator('#search').fill('');
    await frame.locator('#search').press('Escape');
  });

  it('follows edits in the topology view: a new VM appears and other nodes stay in place; a broken line marks its node as an error', async () => {
    const page = session!.page;
    frame = (await switchView(page, frame, 'topology', 'san:san01')).frame;
    // The cursor in a SQL instance highlights the VM that stands for it in this view.
    await goToLine(page, lineOf(/^sql on SQL1/) + 1, 3);
    await waitUntil(async () => /highlighted/.test((await nodeAttribute(frame, 'vm:sql1', 'class')) ?? ''), 10_000, 'vm:sql1 highlighted for its SQL instance');
    const before = await nodePositions(frame);
    const after = lineOf(/^vm Portal2 on/) + 1;
    await insertLine(page, after, 'vm EXTRA1 on HVCLUSTER { memory 2GB; storage csv Volume1 }');
    frame = await previewFrame(page, 'vm:extra1', 20_000);
    await sleep(300);
    const positions = await nodePositions(frame);
    const moved = [...before].filter(([id, point]) => {
      const now = positions.get(id);
      return now && Math.hypot(now.x - point.x, now.y - point.y) > 20;
    }).map(([id]) => id);
    console.log(`stability: adding a VM moved ${moved.length} of ${before.size} nodes on screen by more than 20 px ${moved.join(', ')}`);
    assert.ok(moved.length <= Math.floor(before.size * 0.1), `moved: ${moved.join(', ')}`);
    console.log(`preview after adding a VM screenshot: ${await screenshot(page, 'preview-view-topology-edited')}`);
    assert.equal(await nodeAttribute(frame, 'vm:extra1', 'data-severity'), 'none');
    await insertLine(page, after + 1, 'vm BROKEN1 on HVCLUSTER { memory 2GB; bogus_property 1 }');
    frame = await previewFrame(page, 'vm:broken1', 20_000);
    await waitUntil(async () => (await nodeAttribute(frame, 'vm:broken1', 'data-severity')) === 'error', 15_000, 'vm:broken1 marked as an error');
    const badge = await frame.evaluate(() => {
      const node = Array.from(document.querySelectorAll('#viewport svg g.node')).find((element) => element.getAttribute('data-id') === 'vm:broken1');
      return node?.querySelector('.problem-badge text')?.textContent;
    });
    assert.equal(badge, '1', 'the node shows its problem count');
    await findNode(frame, 'BROKEN1');
    await frame.locator('g.node[data-id="vm:broken1"]').hover({ position: { x: 12, y: 12 } });
    await sleep(300);
    console.log(`preview broken-line screenshot: ${await screenshot(page, 'preview-03-broken-line')}`);
  });

  it('exports the diagram as SVG (light) and PNG (current theme) through the save dialog', async () => {
    const page = session!.page;
    for (const [format, theme] of [['svg', 'Light'], ['png', 'Current theme']] as const) {
      await frame.locator(`#export-${format}`).click();
      const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: theme }).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      await row.click();
      // code-server's save dialog is the simple one: a quick input holding the proposed path; Enter accepts it.
      const pathBox = page.locator('.quick-input-widget input');
      await waitUntil(async () => /topology\.(svg|png)$/.test(await pathBox.inputValue().catch(() => '')), 10_000, 'the save dialog with the proposed file name');
      await page.keyboard.press('Enter');
      const file = join(session!.server.workspace, `hypervnu-lab.topology.${format}`);
      await waitUntil(() => existsSync(file), 10_000, `${file} written`);
      const bytes = readFileSync(file);
      mkdirSync(resultsDir('exports'), { recursive: true });
      copyFileSync(file, resultsDir('exports', `preview-export.${format}`));
      if (format === 'svg') {
        const text = bytes.toString('utf8');
        assert.match(text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="stamp-graph theme-light"/);
        assert.match(text, /<style>/, 'a standalone SVG carries its styles');
        assert.match(text, /data-id="vm:extra1"/);
        assert.match(text, /<text class="title"[^>]*>hypervnu-lab · Topology<\/text>/, 'the export names its view');
        assert.match(text, /<g class="legend"/, 'the export carries a legend');
      } else {
        assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
        assert.ok(bytes.length > 10_000, `a real image (${bytes.length} bytes)`);
      }
    }
    await clearNotifications(page);
  });

  it('takes the dark theme\'s colours', async () => {
    const page = session!.page;
    const lightBackground = await frame.evaluate(() => getComputedStyle(document.querySelector('#viewport svg .background')!).fill);
    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    frame = await previewFrame(page, 'vm:sql1');
    const darkBackground = await waitUntil(async () => {
      const fill = await frame.evaluate(() => getComputedStyle(document.querySelector('#viewport svg .background')!).fill);
      return fill !== lightBackground ? fill : undefined;
    }, 10_000, 'the diagram background to change with the theme');
    const channels = (darkBackground.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    assert.ok(channels.every((channel) => channel < 80), `a dark background: ${darkBackground}`);
    await page.mouse.move(5, 400);
    await sleep(500);
    console.log(`preview dark screenshot: ${await screenshot(page, 'preview-04-dark')}`);
  });

  it('draws the replication/DR view of the ASR example: pairs with their frequencies, brokers, recovery-plan groups', async () => {
    const page = session!.page;
    // One editor and its preview side by side, as after opening the file afresh (the edited lab copy is saved first).
    await runCommand(page, 'File: Save All Files');
    await runCommand(page, 'View: Close All Editor Groups');
    await openFile(page, DR_EXAMPLE);
    await runCommand(page, 'Stamp: Open Preview to the Side');
    let drFrame = await previewFrame(page, 'vm:wap01');
    drFrame = (await switchView(page, drFrame, 'replication', 'recovery_group:managementstamp/1')).frame;
    const ids = await drFrame.evaluate(() => Array.from(document.querySelectorAll('#viewport svg [data-id]')).map((element) => element.getAttribute('data-id')));
    for (const id of ['cluster:mgmtcluster', 'cluster:drcluster', 'replica_broker:drcluster/drbroker', 'recovery_plan:managementstamp', 'replication:vm:sql01->cluster:drcluster']) assert.ok(ids.includes(id), `the DR view shows ${id}`);
    await page.mouse.move(5, 400);
    await sleep(300);
    await assertReadable(drFrame, 'replication view');
    console.log(`preview replication screenshot: ${await screenshot(page, 'preview-view-replication')}`);
  });

  it('shows hostile names as text and never runs them', async () => {
    const page = session!.page;
    await openFile(page, HOSTILE);
    await runCommand(page, 'Stamp: Open Preview to the Side');
    const hostileFrame = await previewFrame(page, 'vm:tom & jerry\'s \'vm\'');
    const labels = await hostileFrame.evaluate(() => Array.from(document.querySelectorAll('#viewport svg text.label')).map((element) => element.textContent));
    assert.ok(labels.includes('<img src=x onerror=window.__xss=1>'), `labels: ${JSON.stringify(labels)}`);
    assert.ok(labels.some((label) => label?.startsWith('</script><script>')), `labels: ${JSON.stringify(labels)}`);
    assert.equal(await hostileFrame.evaluate(() => document.querySelectorAll('#viewport img, #viewport script, #viewport foreignObject').length), 0);
    await sleep(1000);
    for (const anyFrame of page.frames()) {
      const flag = await anyFrame.evaluate(() => (window as unknown as { __xss?: unknown }).__xss).catch(() => undefined);
      assert.equal(flag, undefined, `window.__xss was set in ${anyFrame.url()}`);
    }
    await hostileFrame.locator('g.node[data-id="vm:tom & jerry\'s \'vm\'"]').hover({ position: { x: 12, y: 12 } }).catch(() => undefined);
    await sleep(300);
    console.log(`preview hostile-names screenshot: ${await screenshot(page, 'preview-05-hostile-names')}`);
  });

  it('comes back after the window reloads (the serializer restores it from its saved state)', async () => {
    const page = session!.page;
    await runCommand(page, 'Developer: Reload Window');
    await sleep(2000);
    await waitForWorkbench(page);
    const restored = await previewFrame(page, 'host:<img src=x onerror=window.__xss=1>', 60_000);
    assert.ok(restored, 'the preview shows the diagram again');
    console.log(`preview after reload screenshot: ${await screenshot(page, 'preview-06-after-reload')}`);
  });
  it('moves the view to where the minimap is clicked, on a stamp of more than 100 elements', async () => {
    const page = session!.page;
    await runCommand(page, 'View: Close All Editor Groups');
    await openFile(page, LARGE);
    await runCommand(page, 'Stamp: Open Preview to the Side');
    const largeFrame = await previewFrame(page, 'cluster:c1');
    await waitUntil(async () => largeFrame.evaluate(() => !document.getElementById('minimap')!.hidden), 15_000, 'the minimap shows');
    const state = () => largeFrame.evaluate(() => {
      const frame = document.getElementById('minimap-view')!.getBoundingClientRect();
      const minimap = document.getElementById('minimap')!.getBoundingClientRect();
      return { viewBox: document.querySelector('#viewport svg')!.getAttribute('viewBox')!.split(' ').map(Number), frameCentre: frame.left + frame.width / 2 - minimap.left };
    });
    const before = await state();
    const box = (await largeFrame.locator('#minimap').boundingBox())!;
    // Press near the minimap's right end, at mid-height: the diagram's far right comes into view.
    const target = box.width - 8;
    await largeFrame.locator('#minimap').click({ position: { x: target, y: box.height / 2 } });
    await waitUntil(async () => (await state()).viewBox[0] > before.viewBox[0] + 50, 10_000, 'the view moved right');
    const after = await state();
    assert.ok(Math.abs(after.frameCentre - target) < Math.abs(before.frameCentre - target), `the minimap's frame moved toward the click: ${before.frameCentre.toFixed(0)} -> ${after.frameCentre.toFixed(0)} (clicked at ${target.toFixed(0)})`);
    console.log(`preview minimap screenshot: ${await screenshot(page, 'preview-minimap-moved')}`);
  });

});
