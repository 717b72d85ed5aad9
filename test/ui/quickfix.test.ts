// UI test of the missing-login quick fix (AG003) in a real VS Code (code-server 1.139) driven through Chromium: the
// squiggle on SQL2, its Problems row, the hover explaining the rule, the lightbulb menu, and the fixed design.
// Screenshots of every step go to test-results/screenshots/quickfix-*.png.
// Env: STAMP_VSIX (default dist/stamp.vsix).
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  clearNotifications,
  editorText,
  goToLine,
  hoverAt,
  openFile,
  openWorkbench,
  recordFailures,
  problemCounts,
  readProblems,
  repoRoot,
  screenshot,
  selectors,
  waitForAnalysis,
  waitForProblem,
  waitUntil,
  type WorkbenchSession,
} from '../editor';

const root = repoRoot();
const vsix = process.env.STAMP_VSIX || join(root, 'dist', 'stamp.vsix');
const workspace = join(root, 'test', 'editor-workspaces', 'missing-login');
const DESIGN = 'missing-login.stamp';
const designText = readFileSync(join(workspace, DESIGN), 'utf8');
/** The login SQL1 has and SQL2 lacks, as written on SQL1: the fix must copy it with the same type, sid and password. */
const sql1Login = designText.split('\n').map((line) => line.trim()).find((line) => line.startsWith('login AppUser '));
/** The 1-based line of `sql on SQL2 {`, where the diagnostic is. */
const SQL2_LINE = designText.split('\n').findIndex((line) => line.startsWith('sql on SQL2 {')) + 1;
const FIX_TITLE = "Add login 'AppUser' (type sql) to instance SQL2";
/**
 * The lightbulb: drawn in the gutter when the line's start is free, else as a widget in the text above the line
 * (here, since `sql on SQL2` starts at column 1; with a preferred fix its icon is `codicon-lightbulb-autofix`).
 */
const lightbulb = '[class*="codicon-gutter-lightbulb"], .lightBulbWidget[class*="codicon-lightbulb"]';
const actionRow = '.action-widget .monaco-list-row';

/** The text of the editor line drawn at the vertical middle of a locator (the line a squiggle underlines). */
async function lineTextAt(page: Page, target: Locator): Promise<string> {
  const box = await target.boundingBox();
  assert.ok(box, 'the squiggle is on screen');
  const middle = box.y + box.height / 2;
  return page.evaluate(
    ({ selector, y }) => {
      for (const line of Array.from(document.querySelectorAll(`${selector} .view-line`)) as HTMLElement[]) {
        const rect = line.getBoundingClientRect();
        if (rect.top <= y && y < rect.bottom) return (line.textContent ?? '').replace(/\u00a0/g, ' ');
      }
      return '';
    },
    { selector: selectors.viewLines, y: middle },
  );
}

/** Moves the mouse onto the open hover and turns the wheel until `text` is inside the hover's visible box. */
async function scrollHoverTo(page: Page, text: string): Promise<void> {
  const hover = page.locator(selectors.hover).first();
  const hoverBox = await hover.boundingBox();
  assert.ok(hoverBox, 'the hover is open');
  await page.mouse.move(hoverBox.x + hoverBox.width / 2, hoverBox.y + hoverBox.height / 2, { steps: 3 });
  const target = hover.getByText(text).first();
  await waitUntil(
    async () => {
      const frame = await hover.boundingBox();
      const box = await target.boundingBox();
      if (frame && box && box.y >= frame.y && box.y + box.height <= frame.y + frame.height) return true;
      await page.mouse.wheel(0, 60);
      return false;
    },
    10_000,
    `"${text}" scrolled into the hover`,
    150,
  );
}

/** True for a Problems row that is a problem (not the row of its file or of a related place). */
const isProblemRow = (row: string): boolean => /^(error|warning|info)\b/i.test(row);

/** The lines of the `sql on NAME { … }` block in the editor's visible text. */
function sqlBlockLines(text: string, instance: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`sql on ${instance} {`));
  if (start < 0) return [];
  const end = lines.findIndex((line, index) => index > start && line.startsWith('}'));
  return lines.slice(start, end < 0 ? undefined : end + 1).map((line) => line.trim());
}

describe('The missing-login quick fix in the VS Code workbench (code-server + Chromium)', { timeout: 120_000 }, () => {
  let session: WorkbenchSession | undefined;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} missing: build and package first (bash scripts/package.sh)`);
    assert.ok(sql1Login, `${DESIGN} has the login AppUser on SQL1`);
    assert.ok(SQL2_LINE > 0, `${DESIGN} has the block "sql on SQL2 {"`);
    session = await openWorkbench({ vsix, workspace });
    await openFile(session.page, DESIGN);
  });

  recordFailures(() => session?.page);

  after(async () => {
    await session?.close();
  });

  it('underlines SQL2\'s sql block and lists AG003 in the Problems panel', async () => {
    const page = session!.page;
    await waitForAnalysis(page, { file: DESIGN, timeoutMs: 45_000 });
    const squiggle = page.locator(selectors.squigglyError).first();
    await squiggle.waitFor({ state: 'visible', timeout: 15_000 });
    await clearNotifications(page);
    assert.equal(await page.locator(selectors.squigglyError).count(), 1, 'one error squiggle');
    assert.match(await lineTextAt(page, squiggle), /^sql on SQL2 \{/, 'the squiggle is on the line "sql on SQL2 {"');
    await screenshot(page, 'quickfix-01-squiggle-on-sql2');

    const row = await waitForProblem(page, /AG003/, 20_000);
    console.log(`Problems row: ${row}`);
    assert.match(row, /^error\b/i, `the row is an error: ${row}`);
    assert.match(row, /Login 'AppUser' exists on SQL1 but not on replica SQL2/, row);
    // The panel also lists a row for the file and one for the related place (the login on SQL1): count problems only.
    const problems = (await readProblems(page)).filter(isProblemRow);
    assert.equal(problems.length, 1, `the design has only this problem: ${problems.join(' | ')}`);
    const counts = await problemCounts(page);
    assert.equal(counts.errors, 1, `status bar: ${counts.label}`);
    await screenshot(page, 'quickfix-02-problems-ag003');
    await page.keyboard.press('Control+Shift+M'); // hide the panel again
  });

  it('explains the rule when hovering the squiggle', async () => {
    const page = session!.page;
    const squiggle = page.locator(selectors.squigglyError).first();
    const text = await waitUntil(
      async () => {
        const hover = await hoverAt(page, squiggle, 15_000);
        // The marker part of the hover can paint before the server's part: wait for the rule explanation.
        return /sp_help_revlogin/.test(hover) ? hover : undefined;
      },
      30_000,
      'a hover with the AG003 explanation',
      250,
    );
    console.log(`hover: ${JSON.stringify(text.slice(0, 400))}`);
    await screenshot(page, 'quickfix-03-hover-problem');
    // The rule's explanation sits below the problem and the keyword's meaning: scroll the hover to it with the wheel.
    await scrollHoverTo(page, 'sp_help_revlogin');
    await screenshot(page, 'quickfix-04-hover-explanation');
    assert.match(text, /Login 'AppUser' exists on SQL1 but not on replica SQL2/, 'the hover shows the problem');
    assert.match(text, /AG003/, 'the hover names the rule');
    assert.match(text, /not server-level objects such as logins/, 'the hover says why logins must be copied');
    assert.match(text, /sp_help_revlogin/, 'the hover names the tool that copies logins with their SID');
  });

  it('adds the login to SQL2 from the lightbulb menu, and the problem goes away', async () => {
    const page = session!.page;
    await page.keyboard.press('Escape');
    // Scrolling the hover may have scrolled the editor too: bring SQL2's line back into view first.
    await goToLine(page, SQL2_LINE);
    const squiggle = page.locator(selectors.squigglyError).first();
    await squiggle.waitFor({ state: 'visible', timeout: 10_000 });
    const box = await squiggle.boundingBox();
    assert.ok(box, 'the squiggle is on screen');
    // Clicking the squiggle puts the cursor on the diagnostic (and the focus in the editor); the editor then shows a
    // lightbulb, and Ctrl+. opens the quick fix menu.
    const fixRow = page.locator(actionRow).filter({ hasText: FIX_TITLE }).first();
    for (let attempt = 1; ; attempt++) {
      await page.mouse.click(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2);
      await page.locator(lightbulb).first().waitFor({ state: 'visible', timeout: 20_000 });
      await page.keyboard.press('Control+.');
      try {
        await fixRow.waitFor({ state: 'visible', timeout: 5_000 });
        break;
      } catch (error) {
        // The first Ctrl+. can arrive before the editor has the code actions; ask once more.
        await page.keyboard.press('Escape');
        if (attempt >= 2) throw error;
      }
    }
    const menu = (await page.locator(actionRow).allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
    console.log(`quick fix menu: ${JSON.stringify(menu)}`);
    await screenshot(page, 'quickfix-05-lightbulb-menu');
    const beforeFix = await waitForAnalysis(page, { file: DESIGN });
    await fixRow.click();

    const fixed = await waitUntil(
      async () => {
        const text = await editorText(page);
        return sqlBlockLines(text, 'SQL2').includes(sql1Login!) ? text : undefined;
      },
      20_000,
      `"${sql1Login}" in SQL2's block`,
    );
    assert.ok(sqlBlockLines(fixed, 'SQL1').includes(sql1Login!), 'SQL1 keeps its login');
    // The server's answer for the fixed text: without it the squiggle could only be gone by accident.
    await waitForAnalysis(page, { file: DESIGN, after: beforeFix });
    await page.locator(selectors.squigglyError).first().waitFor({ state: 'detached', timeout: 30_000 });
    // With the problem gone there is nothing left to fix on the line: the lightbulb goes too.
    await page.locator(lightbulb).first().waitFor({ state: 'hidden', timeout: 15_000 });
    await screenshot(page, 'quickfix-06-login-added-to-sql2');

    const rows = await waitUntil(
      async () => {
        const now = await readProblems(page);
        return now.some((row) => /AG003/.test(row)) ? undefined : now;
      },
      30_000,
      'the AG003 row to leave the Problems panel',
      250,
    );
    assert.deepEqual(rows.filter(isProblemRow), [], 'no problem left in the Problems panel');
    const counts = await problemCounts(page);
    assert.equal(counts.errors, 0, `status bar: ${counts.label}`);
    await screenshot(page, 'quickfix-07-problems-empty');
  });
});
