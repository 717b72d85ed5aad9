// Runs the extension-host suite (test/exthost/index.entry.ts) inside a real VS Code extension host:
// code-server 1.139 with the smoke-test driver, the extension loaded from the repo as a development
// extension, the suite as extensionTestsPath; each mocha test is reported here as a subtest.
// Env: STAMP_EXTENSION_DIR (default: the repo root), STAMP_EXTHOST_GREP (mocha grep).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runExtensionTests } from '../editor';

const root = repoRoot();
const extensionDir = process.env.STAMP_EXTENSION_DIR || root;
const entry = join(root, 'out', 'test', 'exthost', 'index.entry.js');

test('extension-host suite inside code-server', { timeout: 240_000 }, async (t) => {
  assert.ok(existsSync(entry), `${entry} missing: run npm run build`);
  assert.ok(existsSync(join(extensionDir, 'dist', 'extension.js')), `${extensionDir}/dist/extension.js missing: run npm run build`);

  const run = await runExtensionTests({
    extensionDevelopmentPath: extensionDir,
    extensionTestsPath: entry,
    workspace: join(root, 'examples'),
    env: process.env.STAMP_EXTHOST_GREP ? { STAMP_EXTHOST_GREP: process.env.STAMP_EXTHOST_GREP } : {},
    timeoutMs: 180_000,
  });

  t.diagnostic(`extension-host run took ${(run.ms / 1000).toFixed(1)} s, codeAutomationExit(${run.exitCode})`);
  // Mocha's results as the suite wrote them (its spec report also reaches the page console).
  for (const result of run.results?.tests ?? []) {
    const mark = result.state === 'passed' ? '✔' : result.state === 'failed' ? '✖' : '-';
    console.log(`  ${mark} ${result.title}${result.durationMs !== undefined ? ` (${result.durationMs} ms)` : ''}`);
    if (result.error) console.log(result.error.replace(/^/gm, '      '));
  }
  if (run.results) console.log(`  exthost mocha: ${run.results.passed} passing, ${run.results.failed} failing, ${run.results.pending} pending`);
  if (!run.results || run.results.failed > 0 || run.exitCode !== 0) {
    console.log('--- page console (last 80 lines) ---');
    console.log(run.console.slice(-80).map((line) => line.replace(/%c\s*\w+\s*color:\s*\S+\s*/g, '')).join('\n'));
  }

  for (const result of run.results?.tests ?? []) {
    await t.test(result.title, { skip: result.state === 'pending' }, () => {
      if (result.state === 'failed') assert.fail(result.error ?? 'failed');
    });
  }

  if (!run.results) assert.fail(`the suite wrote no results (exit code ${run.exitCode}); page console above`);
  assert.equal(run.results.failed, 0, `${run.results.failed} extension-host test(s) failed`);
  assert.ok(run.results.passed > 0, 'no extension-host test passed');
  assert.equal(run.exitCode, 0, `the workbench reported exit code ${run.exitCode}`);
});
