// UI test of capacity in the preview, in a real VS Code (code-server + Chromium): each host's memory bar, redrawn for
// the surviving hosts when a node fails, the VM that found no room marked, the resilience summary's capacity line, and
// everything put back when the simulation is cleared; screenshots in test-results/screenshots/preview-capacity-*.png.
// Env: STAMP_VSIX (default dist/stamp.vsix).
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { clearNotifications, openFile, openWorkbench, recordFailures, repoRoot, runCommand, screenshot, selectors, sleep, waitUntil, type WorkbenchSession } from '../editor';

const root = repoRoot();
const vsix = process.env.STAMP_VSIX || join(root, 'dist', 'stamp.vsix');
const FILE = 'capacity.stamp';
// Two 32 GB nodes (30 GB each for VMs after the 2 GB reserve). With nothing failed N1 holds BIG1 and MID (28 GB), N2
// holds BIG2 and SMALL (22 GB). Losing N1: BIG1 (high) preempts BIG2 (low) on N2, MID takes the last 4 GB, and BIG2
// finds no room anywhere.
const DESIGN = `host N1 { memory 32GB }
host N2 { memory 32GB }
cluster C { kind hyperv; nodes N1, N2; witness cloud; csv V }
vm BIG1 on C { memory 24GB; storage csv V; priority high; preferred_owners N1 }
vm MID on C { memory 4GB; storage csv V; preferred_owners N1 }
vm BIG2 on C { memory 20GB; storage csv V; priority low; preferred_owners N2 }
vm SMALL on C { memory 2GB; storage csv V; preferred_owners N2 }
`;

interface Bar { usedGB: string | null; className: string | null; usedWidth: number; trackWidth: number; title: string; fill: string }

/** The memory bar of a host node as drawn: its numbers, classes, the filled width against the track, the tooltip and the colour on screen. */
async function bar(frame: Frame, id: string): Promise<Bar | undefined> {
  return frame.evaluate((nodeId) => {
    const node = Array.from(document.querySelectorAll('#viewport svg g.node')).find((element) => element.getAttribute('data-id') === nodeId);
    const group = node?.querySelector(':scope > g.memory-bar');
    const used = group?.querySelector('rect.memory-used');
    const track = group?.querySelector('rect.memory-track');
    if (!group || !used || !track) return undefined;
    return {
      usedGB: group.getAttribute('data-used-gb'),
      className: group.getAttribute('class'),
      usedWidth: Number(used.getAttribute('width')),
      trackWidth: Number(track.getAttribute('width')),
      title: group.querySelector('title')?.textContent ?? '',
      fill: getComputedStyle(used).fill,
    };
  }, id);
}

/** The preview's inner frame once its diagram shows this host with a memory bar (webviews nest two iframes). */
async function previewFrame(page: Page): Promise<Frame> {
  return waitUntil(async () => {
    for (const frame of page.frames()) {
      const found = await frame.evaluate(() => document.querySelectorAll('#viewport svg g.node[data-id="host:n2"] > g.memory-bar').length > 0).catch(() => false);
      if (found) return frame;
    }
    return undefined;
  }, 60_000, 'a preview webview with the memory bar of N2', 250);
}

describe('Capacity in the preview (code-server + Chromium)', { timeout: 300_000 }, () => {
  let session: WorkbenchSession | undefined;
  let frame: Frame;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} missing: build and package first (bash scripts/package.sh)`);
    const workspace = mkdtempSync(join(tmpdir(), 'stamp-capacity-workspace-'));
    writeFileSync(join(workspace, FILE), DESIGN);
    session = await openWorkbench({ vsix, workspace, settings: { 'workbench.colorTheme': 'Default Light Modern' } });
    await openFile(session.page, FILE);
    await runCommand(session.page, 'View: Toggle Primary Side Bar Visibility');
    await runCommand(session.page, 'Stamp: Open Preview to the Side');
    frame = await previewFrame(session.page);
  });

  recordFailures(() => session?.page);

  after(async () => {
    await session?.close();
  });

  it('draws each host\'s memory use with nothing failed', async () => {
    const n1 = await bar(frame, 'host:n1');
    const n2 = await bar(frame, 'host:n2');
    assert.equal(n1?.usedGB, '28');
    assert.equal(n2?.usedGB, '22');
    assert.ok(n2 && Math.abs(n2.usedWidth - (n2.trackWidth * 22) / 30) < 0.05, `N2's bar is filled to 22 of 30: ${JSON.stringify(n2)}`);
    assert.equal(n2?.title, 'Memory: 22 of 30 GB for VMs used (32 GB minus a 2 GB reserve)');
    await clearNotifications(session!.page);
    await session!.page.mouse.move(5, 400);
    await sleep(300);
    console.log(`capacity normal screenshot: ${await screenshot(session!.page, 'preview-capacity-01-normal')}`);
  });

  it('shows the resilience summary\'s capacity line: N+1 fails, BIG2 would stay off', async () => {
    await runCommand(session!.page, 'Stamp: Show Resilience Summary');
    await frame.locator('#capacity-lines li').first().waitFor({ state: 'visible', timeout: 20_000 });
    const lines = await frame.evaluate(() => Array.from(document.querySelectorAll('#capacity-lines li')).map((item) => ({ state: item.getAttribute('data-state'), text: item.textContent })));
    assert.deepEqual(lines, [{ state: 'short', text: 'C: N+1 fails: after losing N1 (its nodes have the same memory), BIG2 would stay off (20 GB missing). In use, of the memory for VMs after the reserve: N1 28 of 30 GB, N2 22 of 30 GB.' }]);
    assert.equal(await frame.locator('#memory-coverage').innerText(), 'Every host declares memory.');
    await sleep(300);
    console.log(`capacity resilience screenshot: ${await screenshot(session!.page, 'preview-capacity-02-resilience')}`);
    await frame.locator('#toggle-resilience').click();
    await frame.locator('#resilience-report').waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('losing N1: N2\'s bar is redrawn full, N1\'s is empty, and BIG2 is marked as having found no room', async () => {
    const page = session!.page;
    await runCommand(page, 'Stamp: Simulate Failure…');
    await page.locator(selectors.quickInput).filter({ hasText: 'Simulate Failure' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator(selectors.quickInputBox).fill('N1');
    const row = page.locator(selectors.quickInputRow).filter({ hasText: 'N1' }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.locator('input[type="checkbox"], .quick-input-list-checkbox, .monaco-checkbox').first().click().catch(async () => row.click());
    await waitUntil(async () => (await row.getAttribute('aria-checked')) === 'true', 5_000, 'N1 checked');
    await page.locator(selectors.quickInputBox).fill('');
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await bar(frame, 'host:n2'))?.usedGB === '30', 30_000, 'N2\'s bar redrawn for the failure');
    const n2 = (await bar(frame, 'host:n2'))!;
    assert.equal(n2.usedWidth, n2.trackWidth, 'N2 is full: 30 of 30 GB');
    assert.equal(n2.title, 'Memory after the failure: 30 of 30 GB for VMs used (32 GB minus a 2 GB reserve)');
    assert.match(n2.className ?? '', /memory-fits/);
    const n1 = (await bar(frame, 'host:n1'))!;
    assert.equal(n1.usedGB, '0');
    assert.equal(n1.usedWidth, 0);
    assert.equal(n1.title, 'Memory: N1 is down and runs no VM');
    const marks = await frame.evaluate(() => Array.from(document.querySelectorAll('#viewport svg g.node[data-no-room="true"]')).map((node) => ({ id: node.getAttribute('data-id'), state: node.getAttribute('data-state'), tag: node.querySelector(':scope > text.no-room')?.textContent })));
    assert.deepEqual(marks, [{ id: 'vm:big2', state: 'down', tag: 'no room' }]);
    // The mark is drawn in the error colour, dashed.
    const frameStyle = await frame.evaluate(() => {
      const rect = document.querySelector('#viewport svg g.node[data-id="vm:big2"] > rect.frame')!;
      const probe = document.createElement('span');
      probe.style.color = 'var(--vscode-errorForeground)';
      document.body.appendChild(probe);
      const error = getComputedStyle(probe).color;
      probe.remove();
      return { dash: getComputedStyle(rect).strokeDasharray, stroke: getComputedStyle(rect).stroke, tag: getComputedStyle(document.querySelector('#viewport svg g.node[data-id="vm:big2"] > text.no-room')!).fill, error };
    });
    assert.notEqual(frameStyle.dash, 'none');
    assert.equal(frameStyle.tag, frameStyle.error, 'the tag is in the theme\'s error colour');
    assert.equal(frameStyle.stroke, frameStyle.error, 'the frame is in the theme\'s error colour');
    // The tag is readable: inside the box, and over no other visible text of it (it once covered "20 GB").
    const overlap = await frame.evaluate(() => {
      const node = document.querySelector('#viewport svg g.node[data-id="vm:big2"]')!;
      const box = (element: Element) => element.getBoundingClientRect();
      const tag = box(node.querySelector(':scope > text.no-room')!);
      const frameBox = box(node.querySelector(':scope > rect.frame')!);
      const texts = Array.from(node.querySelectorAll(':scope > text:not(.no-room)')).filter((text) => getComputedStyle(text).visibility !== 'hidden' && (text.textContent ?? '').trim() !== '');
      const hits = texts.filter((text) => { const b = box(text); return b.left < tag.right && tag.left < b.right && b.top < tag.bottom && tag.top < b.bottom; }).map((text) => text.textContent);
      return { hits, inside: tag.left >= frameBox.left && tag.right <= frameBox.right && tag.top >= frameBox.top && tag.bottom <= frameBox.bottom };
    });
    assert.deepEqual(overlap, { hits: [], inside: true });
    await page.mouse.move(5, 400);
    await sleep(300);
    console.log(`capacity N1 failed screenshot: ${await screenshot(page, 'preview-capacity-03-n1-failed')}`);
    // Its tooltip gives the reason in words.
    await frame.locator('#viewport svg g.node[data-id="vm:big2"] > text.label').hover();
    await waitUntil(async () => /no capacity: BIG2 was preempted by BIG1/.test(await frame.locator('#tooltip').innerText().catch(() => '')), 10_000, 'the no-room reason in the tooltip');
    await sleep(300);
    console.log(`capacity no-room tooltip screenshot: ${await screenshot(page, 'preview-capacity-04-no-room-tooltip')}`);
  });

  it('clearing the simulation puts the bars back and removes the mark', async () => {
    const page = session!.page;
    await runCommand(page, 'Stamp: Clear Failure Simulation');
    await waitUntil(async () => (await bar(frame, 'host:n2'))?.usedGB === '22', 15_000, 'N2\'s bar as with nothing failed');
    assert.equal((await bar(frame, 'host:n1'))?.usedGB, '28');
    assert.equal((await bar(frame, 'host:n2'))?.title, 'Memory: 22 of 30 GB for VMs used (32 GB minus a 2 GB reserve)');
    assert.equal(await frame.evaluate(() => document.querySelectorAll('#viewport svg g.node[data-no-room], #viewport svg text.no-room').length), 0);
    // The sublabel the tag took the place of is back.
    assert.equal(await frame.evaluate(() => getComputedStyle(document.querySelector('#viewport svg g.node[data-id="vm:big2"] > text.sublabel')!).visibility), 'visible');
  });
});
