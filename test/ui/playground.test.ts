// The playground (npm run playground) in Debian's Chromium: the page loads from a cold cache, shows the example's
// diagnostics and diagram, exports the services view as an SVG laid out for A4, marks a typed mistake, applies the
// AG003 quick fix, redraws the diagram, round-trips a share link exactly, and keeps a design with hostile names inert.
// Screenshots: test-results/screenshots/web-playground-*.png.
// The times it measures (ready to type, keystroke to marker) are printed for docs/performance.md, not asserted tightly.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { a4LabelPoints, readablePrintPoints } from '../../server/src/graph/export';
import { launchChromium, repoRoot, screenshot, sleep, waitUntil, type Chromium } from '../editor';
// @ts-expect-error: a plain ES module of the build scripts, without type declarations.
import { servePlayground } from '../../scripts/playground-server.mjs';

const root = repoRoot();
const missingLogin = readFileSync(join(root, 'test', 'editor-workspaces', 'missing-login', 'missing-login.stamp'), 'utf8');
const hostile = readFileSync(join(root, 'test', 'fixtures', 'graph', 'hostile-names.stamp'), 'utf8');

interface PageProblem {
  text: string;
  severity: string;
}

/** The problems list as the page shows it. */
const problemsOf = (page: Page): Promise<PageProblem[]> =>
  page.$$eval('#problems li', (items) => items.map((item) => ({ text: item.textContent ?? '', severity: item.className.replace('problem ', '') })));

/** Replaces the editor's text, as a paste over everything would. */
const setText = (page: Page, text: string): Promise<void> =>
  page.evaluate((value) => {
    const editor = (window as unknown as { stampEditor: { getModel(): { setValue(text: string): void } } }).stampEditor;
    editor.getModel().setValue(value);
  }, text);

const editorText = (page: Page): Promise<string> =>
  page.evaluate(() => (window as unknown as { stampEditor: { getValue(): string } }).stampEditor.getValue());

describe('the Stamp playground in Chromium', { timeout: 240_000 }, () => {
  let server: Server;
  let browser: Chromium;
  let url = '';

  before(async () => {
    server = await servePlayground(join(root, 'dist', 'playground'), 0);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium({ width: 1400, height: 900 });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('loads from a cold cache and shows the lab example’s diagnostics and diagram', async () => {
    const page = browser.page;
    const started = Date.now();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const ready = Date.now() - started;
    const problems = await waitUntil(async () => {
      const list = await problemsOf(page);
      return list.some((problem) => /NLB005/.test(problem.text)) ? list : undefined;
    }, 30_000, 'the example’s diagnostics in the problems list');
    console.log(`playground: ready to type ${ready} ms after navigation; diagnostics ${Date.now() - started} ms`);
    assert.equal(problems.filter((problem) => problem.severity === 'error').length, 0, JSON.stringify(problems));
    assert.ok(problems.filter((problem) => /NLB005/.test(problem.text)).length >= 2);
    await page.waitForSelector('#diagram svg [data-id="availability_group:scag"]', { timeout: 30_000 });
    const errors = browser.console.filter((line) => /\[pageerror\]|Refused|Content Security Policy/.test(line));
    assert.deepEqual(errors, [], 'the page runs without errors or CSP refusals');
    await screenshot(page, 'web-playground-lab');
  });

  it('exports the lab example’s services view as an SVG file laid out by the server for an A4 page', async () => {
    const page = browser.page;
    assert.equal(await page.inputValue('#view'), 'services');
    const shown = await page.$eval('#diagram svg', (svg) => ({ width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) }));
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('#export-svg')]);
    assert.equal(download.suggestedFilename(), 'hypervnu-lab.services.svg');
    const folder = mkdtempSync(join(tmpdir(), 'stamp-playground-export-'));
    await download.saveAs(join(folder, 'export.svg'));
    const text = readFileSync(join(folder, 'export.svg'), 'utf8');
    rmSync(folder, { recursive: true, force: true });
    const size = { width: Number(/ width="([\d.]+)"/.exec(text)![1]), height: Number(/ height="([\d.]+)"/.exec(text)![1]) };
    // The diagram on the page prints below 7 pt on A4; the file is the server's page layout, which does not.
    assert.ok(a4LabelPoints(shown).points < readablePrintPoints, `the diagram as shown, ${shown.width}×${shown.height} px`);
    const printed = a4LabelPoints(size);
    assert.ok(printed.points >= readablePrintPoints, `${printed.points.toFixed(2)} pt, ${size.width}×${size.height} px`);
    assert.ok(size.width < shown.width, `${size.width} px wide, ${shown.width} px as shown`);
    assert.match(text, /<text class="title"[^>]*>hypervnu-lab · Services<\/text>/);
    assert.match(text, /<g class="legend"/);
    assert.match(text, /<style>/, 'a standalone document with its colours');
    assert.equal(await page.textContent('#status'), `hypervnu-lab.services.svg: labels at ${printed.points.toFixed(1)} pt on an A4 page (${printed.orientation})`);
  });

  it('marks a typed mistake and redraws the diagram with a typed element', async () => {
    const page = browser.page;
    await page.click('#editor .view-lines');
    await page.keyboard.press('Control+End');
    const before = (await problemsOf(page)).length;
    const typed = Date.now();
    await page.keyboard.type('\nvm NEWVM on HV01 { memory lots }');
    await waitUntil(async () => (await problemsOf(page)).some((problem) => problem.severity === 'error' && /^\d+:\d+ SCH/.test(problem.text)), 10_000, 'an error marker for the typed value');
    console.log(`playground: keystroke to error marker ${Date.now() - typed} ms (the typing itself included)`);
    assert.ok((await problemsOf(page)).length > before);
    const squiggle = page.locator('#editor .squiggly-error');
    assert.ok((await squiggle.count()) > 0, 'the editor underlines the mistake');
    // The services view draws only what serves; the topology view draws every VM, the typed one included.
    await page.selectOption('#view', 'topology');
    await page.waitForSelector('#diagram svg [data-id="vm:newvm"]', { timeout: 10_000 });
    await screenshot(page, 'web-playground-typed');
    await page.selectOption('#view', 'services');
  });

  it('applies the AG003 quick fix: the missing login is added to SQL2 and the problem goes away', async () => {
    const page = browser.page;
    await setText(page, missingLogin);
    const problem = await waitUntil(async () => (await problemsOf(page)).find((entry) => /AG003/.test(entry.text)), 15_000, 'AG003');
    const [line, column] = problem.text.split(' ')[0].split(':').map(Number);
    await page.evaluate(({ line, column }) => {
      const editor = (window as unknown as { stampEditor: { setPosition(p: object): void; focus(): void; trigger(s: string, id: string, a: unknown): void } }).stampEditor;
      editor.setPosition({ lineNumber: line, column: column + 1 });
      editor.focus();
      editor.trigger('test', 'editor.action.quickFix', null);
    }, { line, column });
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Add login 'AppUser' (type sql) to instance SQL2" });
    await fix.first().waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, 'web-playground-quickfix');
    await fix.first().click();
    await waitUntil(async () => !(await problemsOf(page)).some((entry) => /AG003/.test(entry.text)), 10_000, 'AG003 to go away');
    const text = await editorText(page);
    const sql2 = text.slice(text.indexOf('sql on SQL2'), text.indexOf('availability_group'));
    assert.match(sql2, /login AppUser \{ type sql; sid s-appuser; password pw-appuser \}/);
  });

  it('round-trips a design exactly through a share link', async () => {
    const page = browser.page;
    const design = `${missingLogin}\n// Ünïcode ✓ "quotes" & <angles>, tabs\tand trailing spaces   \n`;
    await setText(page, design);
    const expected = await editorText(page);
    await page.click('#share');
    // The link is written once the design is compressed (asynchronously, after the click returns).
    await page.waitForFunction(() => (document.getElementById('share-link') as HTMLInputElement).value !== '', undefined, { timeout: 10_000 });
    const link = await page.inputValue('#share-link');
    assert.match(link, /#design=[A-Za-z0-9_-]+$/);
    const other = await browser.context.newPage();
    await other.goto(link);
    await other.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    assert.equal(await editorText(other), expected);
    assert.equal(await other.inputValue('#example'), 'shared');
    await other.close();
  });

  it('keeps a design with hostile names inert', async () => {
    const page = browser.page;
    await setText(page, hostile);
    await page.waitForSelector('#diagram svg [data-kind="nlb"]', { timeout: 15_000 });
    await sleep(500);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined, 'no injected script ran');
    assert.equal(await page.locator('#diagram script, #diagram img, #diagram [onerror], #diagram [onload]').count(), 0);
    const labels = await page.locator('#diagram svg').innerHTML();
    assert.match(labels, /&lt;img src=x onerror=window.__xss=1&gt;/);
    await screenshot(page, 'web-playground-hostile');
  });
});
