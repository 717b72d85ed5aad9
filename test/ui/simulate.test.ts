// UI test of the failure simulation in a real VS Code (code-server + Chromium): "Stamp: Simulate Failure…" from the command
// palette, pick SAN01, read the node states and the report inside the preview webview, follow an edit, show the resilience
// summary, clear; screenshots in test-results/screenshots/simulate-*.png.
// Env: STAMP_VSIX (default dist/stamp.vsix).
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { clearNotifications, insertLine, openFile, openWorkbench, recordFailures, repoRoot, runCommand, screenshot, selectors, sleep, waitUntil, type WorkbenchSession } from '../editor';

const root = repoRoot();
const vsix = process.env.STAMP_VSIX || join(root, 'dist', 'stamp.vsix');
const EXAMPLE = 'hypervnu-lab.stamp';
const exampleLines = readFileSync(join(root, 'examples', EXAMPLE), 'utf8').split('\n');

/** The preview's inner frame once it shows a diagram with a node state set by a simulation (webviews nest two iframes). */
async function simulatingFrame(page: Page, timeoutMs = 45_000): Promise<Frame> {
  return waitUntil(
    async () => {
      for (const frame of page.frames()) {
        const found = await frame.evaluate(() => document.querySelectorAll('#viewport svg g.node[data-state]').length > 0).catch(() => false);
        if (found) return frame;
      }
      return undefined;
    },
    timeoutMs,
    'a preview webview showing a failure simulation',
    250,
  );
}

/** The data-state of every node of the diagram, by data-id. */
async function nodeStates(frame: Frame): Promise<Record<string, string | null>> {
  return frame.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('#viewport svg g.node')).map((element) => [element.getAttribute('data-id'), element.getAttribute('data-state')])));
}

/** Clicks a view's button in the preview's toolbar and waits until that view is drawn with a node. */
async function switchView(frame: Frame, view: string, nodeId: string): Promise<void> {
  await frame.locator(`#views button[data-view="${view}"]`).click();
  await waitUntil(async () => (await frame.locator(`#views button[data-view="${view}"]`).getAttribute('aria-selected')) === 'true'
    && (await frame.evaluate((id) => Array.from(document.querySelectorAll('#viewport svg g.node')).some((node) => node.getAttribute('data-id') === id), nodeId)), 15_000, `the ${view} view`);
}

/** The report's lines as the user reads them: state, service and why. */
async function reportLines(frame: Frame): Promise<Array<{ state: string; label: string; why: string }>> {
  return frame.evaluate(() =>
    Array.from(document.querySelectorAll('#simulation-services li.service')).map((item) => ({
      state: item.querySelector('.state')?.textContent ?? '',
      label: item.querySelector('.service-label')?.textContent ?? '',
      why: item.querySelector('.why')?.textContent ?? '',
    })),
  );
}

/** Checks the parts with these names in the open multi-select quick pick, then accepts it with Enter. */
async function pickParts(page: Page, names: string[]): Promise<void> {
  await page.locator(selectors.quickInput).filter({ hasText: 'Simulate Failure' }).waitFor({ state: 'visible', timeout: 15_000 });
  for (const name of names) {
    await page.locator(selectors.quickInputBox).fill(name);
    const row = page.locator(selectors.quickInputRow).filter({ hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await row.innerText(), /SAN|host|virtual machine|volume/, 'the kind is the description');
    await row.locator('input[type="checkbox"], .quick-input-list-checkbox, .monaco-checkbox').first().click().catch(async () => row.click());
    await waitUntil(async () => (await row.getAttribute('aria-checked')) === 'true', 5_000, `${name} checked`);
  }
  await page.locator(selectors.quickInputBox).fill('');
  await page.keyboard.press('Enter');
  await page.locator(selectors.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
}

describe('Failure simulation in the VS Code workbench (code-server + Chromium)', { timeout: 300_000 }, () => {
  let session: WorkbenchSession | undefined;
  let frame: Frame;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} missing: build and package first (bash scripts/package.sh)`);
    const workspace = mkdtempSync(join(tmpdir(), 'stamp-simulate-workspace-'));
    copyFileSync(join(root, 'examples', EXAMPLE), join(workspace, EXAMPLE));
    session = await openWorkbench({ vsix, workspace, settings: { 'workbench.colorTheme': 'Default Light Modern' } });
    await openFile(session.page, EXAMPLE);
    await runCommand(session.page, 'View: Toggle Primary Side Bar Visibility');
  });

  recordFailures(() => session?.page);

  after(async () => {
    await session?.close();
  });

  it('fails SAN01 from the command palette: the VMs on it are down, DC02 is up, and the report lists every service', async () => {
    const page = session!.page;
    await runCommand(page, 'Stamp: Simulate Failure…');
    await pickParts(page, ['SAN01']);
    frame = await simulatingFrame(page);
    // The topology view shows the parts: the VMs on the SAN are down, the VM on local storage and the hosts are up.
    const states = await nodeStates(frame);
    for (const id of ['vm:sql1', 'vm:sql2', 'vm:dc01', 'vm:vmm01', 'vm:spf1', 'vm:portal1', 'csv:hvcluster/volume1']) {
      assert.equal(states[id], 'down', `${id} is shown down`);
    }
    for (const id of ['vm:dc02', 'host:hv01', 'host:hv02']) assert.equal(states[id], 'up', `${id} is shown up`);
    // The services view shows the same simulation on the services.
    await switchView(frame, 'services', 'spf:spf');
    await waitUntil(async () => (await nodeStates(frame))['spf:spf'] === 'down', 10_000, 'spf:spf shown down');
    const serviceStates = await nodeStates(frame);
    for (const id of ['sql:sql1', 'sql:sql2', 'listener:scag/sql', 'spf:spf', 'wap:portal', 'vmm:vmm', 'vm:sql1']) assert.equal(serviceStates[id], 'down', `${id} is shown down`);
    assert.equal(serviceStates['dns_record:portal.hyper-v.nu'], null, 'a DNS record has no state of its own');
    await page.mouse.move(5, 400);
    await sleep(300);
    console.log(`simulate SAN01 services screenshot: ${await screenshot(page, 'simulate-01b-san01-services')}`);
    await switchView(frame, 'topology', 'san:san01');
    await waitUntil(async () => (await nodeStates(frame))['vm:sql1'] === 'down', 10_000, 'vm:sql1 shown down again');
    const failed = await frame.evaluate(() => Array.from(document.querySelectorAll('#viewport svg g.node[data-failed="true"]')).map((element) => element.getAttribute('data-id')));
    assert.deepEqual(failed, ['san:san01'], 'only the SAN is marked as the failed part');
    // A down node is greyed out; the failed part stays fully visible.
    assert.ok(Number(await frame.evaluate(() => getComputedStyle(document.querySelector('#viewport svg g.node[data-id="vm:sql1"]')!).opacity)) < 0.5);
    assert.equal(await frame.evaluate(() => getComputedStyle(document.querySelector('#viewport svg g.node[data-id="san:san01"]')!).opacity), '1');

    assert.equal(await frame.locator('#simulation-report').isVisible(), true);
    assert.match(await frame.locator('#simulation-summary').innerText(), /SAN01 failed: 4 services down, 1 up/);
    const lines = await reportLines(frame);
    const byLabel = new Map(lines.map((line) => [line.label, line]));
    for (const label of ['VMM', 'SPF', 'WAP Portal', 'listener SQL']) assert.equal(byLabel.get(label)?.state, 'down', `the report shows ${label} down`);
    assert.equal(byLabel.get('Active Directory')?.state, 'up');
    assert.match(byLabel.get('listener SQL')?.why ?? '', /SQLCLUSTER loses quorum/);
    // The report sits beside the diagram, never over it, and folds to its title.
    const boxes = await frame.evaluate(() => [document.getElementById('viewport')!, document.getElementById('side-panels')!].map((element) => {
      const box = element.getBoundingClientRect();
      return { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
    }));
    const [diagram, panels] = boxes;
    assert.ok(panels.left >= diagram.right - 0.5 || panels.top >= diagram.bottom - 0.5, `the panels (${JSON.stringify(panels)}) do not cover the diagram (${JSON.stringify(diagram)})`);
    await frame.locator('#simulation-report .panel-title').click();
    assert.equal(await frame.locator('#simulation-services').isVisible(), false, 'folded to its title');
    await frame.locator('#simulation-report .panel-title').click();
    assert.equal(await frame.locator('#simulation-services').isVisible(), true, 'unfolded');
    await clearNotifications(page);
    await page.mouse.move(5, 400);
    await sleep(500);
    console.log(`simulate SAN01 screenshot: ${await screenshot(page, 'simulate-01-san01')}`);
  });

  it('reveals a service\'s statement when its report line is clicked', async () => {
    const page = session!.page;
    await frame.locator('#simulation-services li.service').filter({ hasText: 'SPF' }).first().click();
    // The whole statement is selected: the cursor ends on its closing brace, with the statement's characters selected.
    const startLine = exampleLines.findIndex((line) => line.startsWith('spf SPF {'));
    const endLine = exampleLines.findIndex((line, index) => index > startLine && line === '}') + 1;
    const statementLength = exampleLines.slice(startLine, endLine).join('\n').length;
    const status = await waitUntil(async () => {
      const text = await page.locator('.statusbar-item[id="status.editor.selection"]').first().innerText().catch(() => '');
      return new RegExp(`Ln ${endLine}, Col \\d+ \\(${statementLength} selected\\)`).test(text) ? text : undefined;
    }, 10_000, `the spf statement selected, ending on line ${endLine}`);
    assert.ok(status);
  });

  it('follows edits: a VM added on Volume1 shows up down too', async () => {
    const page = session!.page;
    const after = exampleLines.findIndex((line) => line.startsWith('vm Portal2 on')) + 1;
    await insertLine(page, after, 'vm EXTRA1 on HVCLUSTER { memory 2GB; storage csv Volume1 }');
    await waitUntil(async () => (await nodeStates(frame))['vm:extra1'] === 'down', 20_000, 'vm:extra1 shown down');
    assert.equal((await nodeStates(frame))['vm:dc02'], 'up');
  });

  it('shows the resilience summary: SAN01 is the single point of failure of four services', async () => {
    const page = session!.page;
    await runCommand(page, 'Stamp: Show Resilience Summary');
    await frame.locator('#resilience-report').waitFor({ state: 'visible', timeout: 15_000 });
    await frame.locator('#resilience-table tbody tr').first().waitFor({ state: 'visible', timeout: 15_000 });
    const rows = await frame.evaluate(() => Array.from(document.querySelectorAll('#resilience-table tbody tr')).map((row) => Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent ?? '')));
    const byService = new Map(rows.map(([service, failures, example]) => [service, { failures, example }]));
    for (const service of ['VMM', 'SPF', 'WAP Portal', 'listener SQL']) {
      assert.deepEqual(byService.get(service), { failures: '1: single point of failure', example: 'SAN01' }, service);
    }
    assert.equal(byService.get('Active Directory')?.failures, '2');
    await sleep(300);
    console.log(`simulate resilience screenshot: ${await screenshot(page, 'simulate-02-resilience')}`);
    // The toolbar button hides it again.
    await frame.locator('#toggle-resilience').click();
    await frame.locator('#resilience-report').waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('fails HV01 instead: the clustered VMs fail over and nothing is down', async () => {
    const page = session!.page;
    await runCommand(page, 'Stamp: Simulate Failure…');
    // SAN01 is still checked from the last run: uncheck it, check HV01.
    await page.locator(selectors.quickInput).filter({ hasText: 'Simulate Failure' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator(selectors.quickInputBox).fill('SAN01');
    const sanRow = page.locator(selectors.quickInputRow).filter({ hasText: 'SAN01' }).first();
    await sanRow.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await sanRow.getAttribute('aria-checked'), 'true', 'the running simulation is pre-checked');
    await sanRow.locator('input[type="checkbox"], .quick-input-list-checkbox, .monaco-checkbox').first().click().catch(async () => sanRow.click());
    await waitUntil(async () => (await sanRow.getAttribute('aria-checked')) === 'false', 5_000, 'SAN01 unchecked');
    await pickParts(page, ['HV01']);
    await waitUntil(async () => (await nodeStates(frame))['vm:sql1'] === 'failover', 20_000, 'vm:sql1 failing over');
    const states = await nodeStates(frame);
    assert.equal(states['host:hv01'], 'down');
    assert.equal(states['vm:extra1'], 'failover');
    assert.equal(states['vm:dc02'], 'up');
    const lines = await reportLines(frame);
    assert.ok(lines.length >= 5);
    assert.ok(lines.every((line) => line.state !== 'down'), JSON.stringify(lines));
    assert.equal(lines.find((line) => line.label === 'listener SQL')?.state, 'failover');
    await page.mouse.move(5, 400);
    await sleep(300);
    console.log(`simulate HV01 screenshot: ${await screenshot(page, 'simulate-03-hv01')}`);
  });

  it('clears the simulation: no node keeps a state and the report closes', async () => {
    const page = session!.page;
    await runCommand(page, 'Stamp: Clear Failure Simulation');
    await waitUntil(async () => frame.evaluate(() => document.querySelectorAll('#viewport svg g.node[data-state]').length === 0), 10_000, 'the node states removed');
    assert.equal(await frame.locator('#simulation-report').isVisible(), false);
    await sleep(300);
    console.log(`simulate cleared screenshot: ${await screenshot(page, 'simulate-04-cleared')}`);
  });
});
