// UI tests: the packaged extension (dist/stamp.vsix) installed into a real VS Code (code-server
// 1.139), driven through Debian's Chromium with playwright-core the way a user works: open the
// example, read the status bar and the Problems panel, hover, type a broken line, look at squiggles.
// Screenshots of every step go to test-results/screenshots/ui-*.png.
// Env: STAMP_VSIX (default dist/stamp.vsix).
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clearNotifications,
  goToLine,
  hoverAt,
  insertLine,
  openFile,
  openWorkbench,
  recordFailures,
  problemCounts,
  readProblems,
  repoRoot,
  screenshot,
  selectors,
  sleep,
  waitForAnalysis,
  waitForProblem,
  waitUntil,
  type WorkbenchSession,
} from '../editor';

const root = repoRoot();
const vsix = process.env.STAMP_VSIX || join(root, 'dist', 'stamp.vsix');
const EXAMPLE = 'hypervnu-lab.stamp';
/**
 * The only warnings the clean example may have: language.md section 4 says the design is valid (its
 * rule findings are two NLB005 infos) but the failure analysis reports its one SAN (SPOF001).
 */
const CLEAN_EXAMPLE_WARNINGS = ['SPOF001'];
const exampleLines = readFileSync(join(root, 'examples', EXAMPLE), 'utf8').split('\n');
/** 1-based line of the first line matching. */
const lineOf = (pattern: RegExp): number => {
  const index = exampleLines.findIndex((line) => pattern.test(line));
  assert.ok(index >= 0, `${pattern} not in ${EXAMPLE}`);
  return index + 1;
};

describe('Stamp in the VS Code workbench (code-server + Chromium)', { timeout: 180_000 }, () => {
  let session: WorkbenchSession | undefined;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} missing: build and package first (bash scripts/package.sh)`);
    session = await openWorkbench({ vsix, workspace: join(root, 'examples') });
    await openFile(session.page, EXAMPLE);
  });

  recordFailures(() => session?.page);

  after(async () => {
    await session?.close();
  });

  it('opens the clean example with no errors, and no warnings but the failure analysis', async () => {
    const page = session!.page;
    // First the server's answer for the version on screen (the Stamp status item says so; no answer fails the test),
    // then its two NLB005 infos for this file (language.md section 4) in the status bar's counts.
    const analyzed = await waitForAnalysis(page, { file: EXAMPLE, timeoutMs: 45_000 });
    console.log(`analysis: ${analyzed.label}`);
    const counts = await waitUntil(async () => {
      const c = await problemCounts(page);
      return c.infos > 0 ? c : undefined;
    }, 15_000, 'the language server\'s diagnostics (the NLB005 infos) in the status bar');
    await clearNotifications(page);
    await screenshot(page, 'ui-01-clean-example');
    console.log(`status bar problems: ${JSON.stringify(counts)}`);
    assert.equal(counts.errors, 0, `errors on the clean example (${counts.label})`);
    assert.equal(await page.locator(selectors.squigglyError).count(), 0, 'no error squiggles');
    const rows = await readProblems(page, { waitForRows: counts.errors + counts.warnings + counts.infos > 0 ? 2 : 0 });
    console.log(`Problems panel rows: ${JSON.stringify(rows)}`);
    await screenshot(page, 'ui-02-clean-problems-panel');
    const warnings = rows.filter((row) => /^warning\b/i.test(row));
    const unexpected = warnings.filter((row) => !CLEAN_EXAMPLE_WARNINGS.some((code) => row.includes(code)));
    assert.deepEqual(unexpected, [], 'warnings other than the failure analysis on the clean example');
    assert.equal(counts.warnings, warnings.length, 'the status bar counts the warnings the Problems panel lists');
    assert.ok(!rows.some((row) => /^error\b/i.test(row)), `Problems rows: ${rows.join(' | ')}`);
    await page.keyboard.press('Control+Shift+M'); // hide the panel again
  });

  it('shows hover text for the keywords nlb and availability_group', async () => {
    const page = session!.page;
    await goToLine(page, lineOf(/^nlb SPFNLB/));
    const nlbHover = await hoverAt(page, 'nlb', 30_000);
    await screenshot(page, 'ui-03-hover-nlb');
    console.log(`hover on nlb: ${JSON.stringify(nlbHover.slice(0, 300))}`);
    assert.ok(nlbHover.length > 0, 'hover text on nlb');
    assert.match(nlbHover, /nlb|load.?balanc/i);

    await page.keyboard.press('Escape');
    await goToLine(page, lineOf(/^availability_group SCAG/));
    const agHover = await hoverAt(page, 'availability_group', 20_000);
    await screenshot(page, 'ui-04-hover-availability-group');
    console.log(`hover on availability_group: ${JSON.stringify(agHover.slice(0, 300))}`);
    assert.match(agHover, /availability|alwayson/i);
  });

  it('marks a broken line with an error squiggle and a Problems entry with its stamp code', async () => {
    const page = session!.page;
    await page.keyboard.press('Escape');
    const broken = 'cluster "broken { kind hyperv';
    const before = await waitForAnalysis(page, { file: EXAMPLE });
    await insertLine(page, 2, broken);
    // The answer for the edited version, not the one before the edit.
    const edited = await waitForAnalysis(page, { file: EXAMPLE, after: before });
    console.log(`analysis after the edit: ${edited.label}`);
    const squiggle = page.locator(selectors.squigglyError).first();
    await squiggle.waitFor({ state: 'attached', timeout: 30_000 });
    await sleep(300); // let the decoration paint before the screenshot
    await screenshot(page, 'ui-05-broken-line-squiggle');

    const message = await hoverAt(page, squiggle, 15_000);
    await screenshot(page, 'ui-06-broken-line-hover');
    console.log(`hover on the squiggle: ${JSON.stringify(message.slice(0, 300))}`);
    assert.match(message, /stamp/i, 'the diagnostic hover names its source');

    const counts = await waitUntil(async () => {
      const c = await problemCounts(page);
      return c.errors > 0 ? c : undefined;
    }, 15_000, 'an error count in the status bar');
    console.log(`status bar problems: ${JSON.stringify(counts)}`);

    await page.keyboard.press('Escape');
    const row = await waitForProblem(page, /\b(SYN|SCH)\d{3}\b/, 20_000);
    await screenshot(page, 'ui-07-problems-panel-error');
    const rows = await readProblems(page);
    console.log(`Problems panel rows: ${JSON.stringify(rows)}`);
    assert.match(row, /^error\b/i, `the row is an error: ${row}`);
    assert.match(row, /stamp/i, `the row names the stamp source: ${row}`);
  });
});
