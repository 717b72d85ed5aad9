// Helpers that drive the VS Code workbench the way a user does: keyboard, mouse, what is on screen.
// Selectors verified against VS Code 1.139 (code-server 4.139.1); see shared testing.md.
import { mkdirSync } from 'node:fs';
import { afterEach } from 'node:test';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { resultsDir } from './paths';
import { sleep, waitUntil } from './processes';

export const selectors = {
  workbench: '.monaco-workbench',
  statusbar: '.monaco-workbench .part.statusbar',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  editor: '.editor-instance .monaco-editor',
  viewLines: '.editor-instance .monaco-editor .view-lines',
  squigglyError: '.monaco-editor .squiggly-error',
  squigglyWarning: '.monaco-editor .squiggly-warning',
  markersPanel: '.markers-panel',
  markerRow: '.markers-panel .monaco-list-row',
  problemsStatus: '.statusbar-item[id="status.problems"]',
  /** The extension's status item (client/src/analysis-status.ts): "Stamp checked FILE version N" once the server answered. */
  analysisStatus: '.statusbar-item[id$="stamp.analysis"]',
  hover: '.monaco-hover:not(.hidden) .monaco-hover-content',
  activeTab: '.tabs-container .tab.active',
  notificationToast: '.notifications-toasts .notification-toast',
};

/** Waits for the workbench to be up: the workbench element, the status bar and a settled layout. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator(selectors.workbench).waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator(selectors.statusbar).waitFor({ state: 'visible', timeout: timeoutMs });
  // The explorer lists the workspace once the remote file system is connected.
  await page
    .locator('.explorer-folders-view .monaco-list-row')
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs })
    .catch(() => undefined);
}

/** Opens a workspace file by name with Quick Open (Ctrl+P) and waits for its editor. */
export async function openFile(page: Page, name: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await openQuickInput(page, 'Control+P');
      await page.locator(selectors.quickInputBox).fill(name);
      const row = page.locator(selectors.quickInputRow).filter({ hasText: name }).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      // Enter goes to whatever holds the keyboard. Seen in the preview tests: after a webview had the focus, the file did
      // not open on Enter, three times in a row. A retry clicks the row instead, which opens it wherever the focus is.
      if (attempt === 1) await page.keyboard.press('Enter');
      else await row.click();
      await page
        .locator(`${selectors.activeTab}[data-resource-name="${name}"]`)
        .waitFor({ state: 'visible', timeout: 10_000 });
      await page.locator(selectors.viewLines).first().waitFor({ state: 'visible', timeout: 10_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline || attempt >= 3) {
        // What the workbench showed instead, for whoever reads the failure.
        const shot = await screenshot(page, `open-failed-${name.replace(/[^A-Za-z0-9.-]/g, '_')}`).catch(() => 'no screenshot');
        throw new Error(`could not open ${name} (screenshot ${shot}): ${String(error)}`);
      }
      await page.keyboard.press('Escape').catch(() => undefined);
      await sleep(1000);
    }
  }
}

async function openQuickInput(page: Page, key: string): Promise<void> {
  // A key goes to the focused element. After a click in a webview (the preview) that is the webview's iframe, which
  // only relays keys to the workbench asynchronously: take the focus back first (the workbench element cannot hold it).
  await page.evaluate(() => (document.activeElement?.tagName === 'IFRAME' ? (document.activeElement as HTMLElement).blur() : undefined)).catch(() => undefined);
  await page.locator(selectors.workbench).focus().catch(() => undefined);
  await page.keyboard.press(key);
  await page.locator(selectors.quickInputBox).waitFor({ state: 'visible', timeout: 10_000 });
}

/** Runs a command by its title from the command palette (F1), like a user. */
export async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await openQuickInput(page, 'F1');
      await page.locator(selectors.quickInputBox).fill(`>${title}`);
      const row = page.locator(selectors.quickInputRow).filter({ hasText: title }).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      // As in openFile: a retry clicks the row rather than trusting Enter to reach the quick input.
      if (attempt === 1) await page.keyboard.press('Enter');
      else await row.click();
      await page.locator(selectors.quickInput).waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      return;
    } catch (error) {
      await page.keyboard.press('Escape').catch(() => undefined);
      if (attempt >= 2) throw new Error(`command "${title}" not found or did not run: ${String(error)}`);
    }
  }
}

/**
 * Picks a file in code-server's file dialog (the simple one: a quick input holding a path, its folder listed below)
 * by typing its full path and pressing Enter, as a user does once the dialog shows its listing.
 *
 * Why it waits: the dialog lists its start folder when it opens, and when that listing completes it writes the start
 * folder's path back into the box. A path typed before then is overwritten; Enter then asks for a folder, and the
 * dialog stays open with "Please select a file" (seen in CI: the compare never ran). So: wait for the first listing,
 * type, wait until the dialog lists the typed file's folder with the path still in the box, then Enter; if the dialog
 * is still open, say what it shows and type the path again.
 */
export async function pickFileInDialog(page: Page, title: string, path: string, timeoutMs = 60_000): Promise<void> {
  const dialog = page.locator(selectors.quickInput).filter({ hasText: title });
  await dialog.waitFor({ state: 'visible', timeout: 15_000 });
  const box = page.locator(selectors.quickInputBox);
  const rows = page.locator(selectors.quickInputRow);
  const name = path.split(/[\\/]/).pop() ?? path;
  const deadline = Date.now() + timeoutMs;
  await waitUntil(async () => (await rows.count()) > 0, 20_000, 'the file dialog to list its first folder');
  for (let attempt = 1; ; attempt++) {
    await box.fill(path);
    // The typed file's folder is listed (the file among its rows) and the box still holds the path.
    await waitUntil(
      async () => (await rows.filter({ hasText: name }).count()) > 0 && (await box.inputValue().catch(() => '')) === path,
      Math.max(1_000, Math.min(20_000, deadline - Date.now())),
      `the file dialog to list the folder of ${name} with the path typed`,
    ).catch(() => undefined);
    await page.keyboard.press('Enter');
    if (await dialog.waitFor({ state: 'hidden', timeout: 10_000 }).then(() => true, () => false)) return;
    const shown = await box.inputValue().catch(() => '?');
    const message = await page.locator(`${selectors.quickInput} .quick-input-message`).innerText().catch(() => '');
    if (attempt >= 3 || Date.now() > deadline) {
      const shot = await screenshot(page, 'file-dialog-stuck').catch(() => 'no screenshot');
      throw new Error(`the file dialog "${title}" did not accept ${path}: it shows ${JSON.stringify(shown)} ${JSON.stringify(message)} (screenshot ${shot})`);
    }
    console.log(`the file dialog is still open after Enter (attempt ${attempt}): it shows ${JSON.stringify(shown)} ${JSON.stringify(message)}; typing the path again`);
  }
}

/** Moves the cursor of the active editor to a 1-based line and column (Ctrl+G). */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await focusEditor(page);
  await openQuickInput(page, 'Control+G');
  await page.locator(selectors.quickInputBox).fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator(selectors.quickInput).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** Gives the active editor the keyboard focus. */
export async function focusEditor(page: Page): Promise<void> {
  await page.locator(`${selectors.editor} textarea`).first().focus();
}

/**
 * Inserts a new line with the given text before a 1-based line of the active editor, as typed text
 * (insertText: no auto-closing brackets, no auto-indent surprises).
 */
export async function insertLine(page: Page, line: number, text: string): Promise<void> {
  await goToLine(page, line, 1);
  await page.keyboard.press('Home');
  await page.keyboard.press('Home'); // twice: to column 1 even on an indented line
  await page.keyboard.insertText(`${text}\n`);
}

/** The text of the active editor's visible lines (view-lines use non-breaking spaces). */
export async function editorText(page: Page): Promise<string> {
  const text = await page.locator(selectors.viewLines).first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** What the Stamp status item says: the file, its version, and whether the server has answered for that version. */
export interface AnalysisState {
  checked: boolean;
  file: string;
  version: number;
  label: string;
}

/** Reads the Stamp status item (undefined while it is not shown). */
export async function analysisState(page: Page): Promise<AnalysisState | undefined> {
  const item = page.locator(selectors.analysisStatus).first();
  if ((await item.count()) === 0) return undefined;
  const label = (await item.getAttribute('aria-label').catch(() => null)) ?? (await item.locator('a').first().getAttribute('aria-label').catch(() => null)) ?? '';
  const match = /^Stamp (checked|is checking) (.+) version (\d+)$/.exec(label.trim());
  return match ? { checked: match[1] === 'checked', file: match[2], version: Number(match[3]), label } : undefined;
}

/**
 * Waits until the language server has answered (published its diagnostics) for the version of the active .stamp file
 * the editor holds now, as the Stamp status item reports it; with `after`, for a version newer than that one (the
 * state read before an edit). Throws when the answer does not come in time: a test never goes on with what the
 * Problems panel showed before the server answered.
 */
export async function waitForAnalysis(page: Page, options: { file?: string; after?: AnalysisState; timeoutMs?: number } = {}): Promise<AnalysisState> {
  let last: AnalysisState | undefined;
  try {
    return await waitUntil(async () => {
      last = await analysisState(page);
      if (!last || !last.checked) return undefined;
      if (options.file && last.file !== options.file) return undefined;
      if (options.after && last.version <= options.after.version) return undefined;
      return last;
    }, options.timeoutMs ?? 30_000, 'the language server to answer for the current version', 100);
  } catch (error) {
    throw new Error(`The language server did not answer for the document's version: the Stamp status item says ${last ? JSON.stringify(last.label) : 'nothing'} (${(error as Error).message})`);
  }
}

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
  /** The status bar item's accessible label, as read. */
  label: string;
}

/** Reads the error/warning/info counts from the status bar's problems item. */
export async function problemCounts(page: Page): Promise<ProblemCounts> {
  const item = page.locator(selectors.problemsStatus).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  const label =
    (await item.getAttribute('aria-label')) ?? (await item.locator('a').first().getAttribute('aria-label')) ?? '';
  const text = `${label} ${await item.innerText()}`;
  // The label reads like "Errors: 1, Warnings: 0, Infos: 2" (zero kinds may be left out).
  const count = (word: string): number => {
    const m = new RegExp(`${word}s?:\\s*(\\d+)|(\\d+)\\s+${word}s?\\b`, 'i').exec(label);
    return m ? Number(m[1] ?? m[2]) : 0;
  };
  if (/no problems/i.test(label)) return { errors: 0, warnings: 0, infos: 0, label };
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  if (!/\d/.test(label)) {
    // Fall back on the visible numbers: "E W [I]".
    const numbers = (await item.innerText()).match(/\d+/g)?.map(Number) ?? [];
    return { errors: numbers[0] ?? 0, warnings: numbers[1] ?? 0, infos: numbers[2] ?? 0, label: text };
  }
  return { errors, warnings, infos, label };
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns its rows: aria-label plus [visible text]. */
export async function readProblems(page: Page, options: { waitForRows?: number; timeoutMs?: number } = {}): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (!(await page.locator(selectors.markersPanel).isVisible().catch(() => false))) {
    await focusEditor(page).catch(() => undefined);
    await page.keyboard.press('Control+Shift+M');
    await page.locator(selectors.markersPanel).waitFor({ state: 'visible', timeout: 10_000 });
  }
  const want = options.waitForRows ?? 0;
  const rows = page.locator(selectors.markerRow);
  if (want > 0) await waitUntil(async () => (await rows.count()) >= want, timeoutMs, `${want} Problems row(s)`);
  const labels: string[] = [];
  for (const row of await rows.all()) {
    // The aria-label says severity, message, position and source; the visible text adds the code.
    const aria = (await row.getAttribute('aria-label')) ?? '';
    const text = (await row.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
    labels.push(text && !aria.includes(text) ? `${aria} [${text}]` : aria || text);
  }
  return labels;
}

/** Waits for a Problems row whose label matches, and returns it. */
export async function waitForProblem(page: Page, match: RegExp, timeoutMs = 20_000): Promise<string> {
  return waitUntil(async () => (await readProblems(page)).find((label) => match.test(label)), timeoutMs, `a Problems row matching ${match}`, 250);
}

/** The first rendered token of the active editor whose text is exactly `word`. */
export function token(page: Page, word: string): Locator {
  return page
    .locator(`${selectors.viewLines} .view-line span span`)
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(word)}\\s*$`) })
    .first();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where the first whole-word occurrence of `word` is drawn in the active editor's visible lines
 * (whatever the tokenization: it measures the text itself with a DOM Range).
 */
export async function wordBox(page: Page, word: string): Promise<Box | undefined> {
  return page.evaluate(
    ({ selector, source }) => {
      const pattern = new RegExp(source);
      const lines = Array.from(document.querySelectorAll(`${selector} .view-line`)) as HTMLElement[];
      lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      for (const line of lines) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = (node.nodeValue ?? '').replace(/\u00a0/g, ' ');
          const m = pattern.exec(text);
          if (!m) continue;
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const r = range.getBoundingClientRect();
          if (r.width > 0) return { x: r.x, y: r.y, width: r.width, height: r.height };
        }
      }
      return undefined;
    },
    { selector: selectors.viewLines, source: `(?<![\\w-])${escapeRegExp(word)}(?![\\w-])` },
  );
}

/**
 * Hovers with the mouse over a locator (a squiggle) or the first visible occurrence of a word, and
 * returns the hover's text once it is non-empty.
 */
export async function hoverAt(page: Page, target: Locator | string, timeoutMs = 15_000): Promise<string> {
  const locate = async (): Promise<Box | undefined> =>
    typeof target === 'string' ? wordBox(page, target) : (await target.boundingBox()) ?? undefined;
  await waitUntil(locate, 10_000, `${typeof target === 'string' ? `the word "${target}"` : 'the hover target'} on screen`);
  return waitUntil(
    async () => {
      const box = await locate();
      if (!box) return undefined;
      // Leave and come back, so that each attempt is a fresh hover.
      await page.mouse.move(box.x + box.width / 2, box.y > 250 ? box.y - 200 : box.y + 300);
      await sleep(100);
      await page.mouse.move(box.x + Math.min(box.width / 2, 12), box.y + box.height / 2, { steps: 3 });
      const hover = page.locator(selectors.hover).first();
      await hover.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
      const text = (await hover.innerText().catch(() => '')).trim();
      return text && !/^loading/i.test(text) ? text : undefined;
    },
    timeoutMs,
    'a non-empty hover',
    200,
  );
}

/** Saves a screenshot of what the user sees to test-results/screenshots/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = resultsDir('screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, timeout: 15_000 });
  return path;
}

/** Closes the notification toasts that would cover the editor in screenshots. */
export async function clearNotifications(page: Page): Promise<void> {
  if ((await page.locator(selectors.notificationToast).count()) === 0) return;
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
}

/**
 * What a failed UI test leaves behind for whoever reads the log: a screenshot of the workbench as it was
 * (test-results/screenshots/FAILED-<test>.png), and what was on screen that a wait may have missed: the status bar's
 * Stamp item, the notification toasts, whether a quick input and a hover were showing, and what they said. Never
 * throws: a page that is gone or stuck is reported as such. Call it from an `afterEach` with the test context, when
 * the test did not pass, or register it for a whole suite with `recordFailures`.
 */
export async function recordFailure(page: Page | undefined, testName: string): Promise<void> {
  if (!page) {
    console.log(`failure record for "${testName}": no page`);
    return;
  }
  const text = async (selector: string): Promise<string[]> =>
    page
      .locator(selector)
      .allInnerTexts()
      .then((texts) => texts.map((entry) => entry.replace(/\s+/g, ' ').trim().slice(0, 300)).filter((entry) => entry.length > 0))
      .catch((error: unknown) => [`(unreadable: ${String(error).split('\n')[0]})`]);
  const shot = await screenshot(page, `FAILED-${testName}`).catch((error: unknown) => `(no screenshot: ${String(error).split('\n')[0]})`);
  const record = {
    screenshot: shot,
    stampStatus: await text(selectors.analysisStatus),
    problems: await text(selectors.problemsStatus),
    notifications: await text(selectors.notificationToast),
    quickInput: await page
      .locator(selectors.quickInput)
      .first()
      .isVisible()
      .then(async (visible) => (visible ? await text(selectors.quickInput) : 'hidden'))
      .catch(() => 'absent'),
    hover: await text(selectors.hover),
    activeTab: await text(selectors.activeTab),
  };
  console.log(`failure record for "${testName}": ${JSON.stringify(record)}`);
}

/** Inside a `describe`: after each of its tests that fails, `recordFailure` of the page `page()` gives then. */
export function recordFailures(page: () => Page | undefined): void {
  afterEach(async (context) => {
    // Node's test context says whether the test passed from Node 20.12 on; the installed @types/node does not declare it.
    if ((context as { passed?: boolean }).passed === false) await recordFailure(page(), context.name);
  });
}
