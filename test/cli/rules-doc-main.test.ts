// `npm run docs:rules` (generateRulesDoc) in a scratch repository: writes a missing or stale docs/rules.md and says so,
// leaves a current one alone, and with --check only reports whether the page is current (exit 1 and a hint when not).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateRulesDoc } from '../../cli/src/rules-doc-main.js';
import { renderRulesReference } from '../../cli/src/rules-doc.js';
import { allRules } from '../../server/src/rules/registry.js';

function run(root: string, checkOnly: boolean): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = generateRulesDoc(root, checkOnly, { stdout: (text) => (out += text), stderr: (text) => (err += text) });
  return { code, out, err };
}

describe('generateRulesDoc (npm run docs:rules)', () => {
  it('writes a missing or stale page, says how many rules it holds, and leaves a current page untouched', () => {
    const root = mkdtempSync(join(tmpdir(), 'stamp-rules-doc-'));
    try {
      mkdirSync(join(root, 'docs'));
      const page = join(root, 'docs', 'rules.md');
      const expected = renderRulesReference(allRules);
      assert.deepEqual(run(root, false), { code: 0, out: `docs/rules.md: ${allRules.length} rules, written.\n`, err: '' });
      assert.equal(readFileSync(page, 'utf8'), expected);
      assert.deepEqual(readdirSync(join(root, 'docs')), ['rules.md'], 'no temporary file is left beside the page');

      const before = statSync(page).mtimeMs;
      assert.deepEqual(run(root, false), { code: 0, out: `docs/rules.md: ${allRules.length} rules, unchanged.\n`, err: '' });
      assert.equal(statSync(page).mtimeMs, before, 'a current page is not written again');

      writeFileSync(page, `${expected}stale\n`);
      assert.deepEqual(run(root, false), { code: 0, out: `docs/rules.md: ${allRules.length} rules, written.\n`, err: '' });
      assert.equal(readFileSync(page, 'utf8'), expected);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('with --check, exits 1 with a hint for a stale or missing page and writes nothing; 0 and silent for a current one', () => {
    const root = mkdtempSync(join(tmpdir(), 'stamp-rules-doc-check-'));
    try {
      mkdirSync(join(root, 'docs'));
      const page = join(root, 'docs', 'rules.md');
      const stale = { code: 1, out: '', err: 'docs/rules.md is out of date; run `npm run docs:rules`.\n' };
      assert.deepEqual(run(root, true), stale);
      assert.deepEqual(readdirSync(join(root, 'docs')), [], '--check writes no page');
      writeFileSync(page, 'old\n');
      assert.deepEqual(run(root, true), stale);
      assert.equal(readFileSync(page, 'utf8'), 'old\n');
      writeFileSync(page, renderRulesReference(allRules));
      assert.deepEqual(run(root, true), { code: 0, out: '', err: '' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
