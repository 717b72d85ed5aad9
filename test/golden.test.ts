// The golden-file helper every golden test uses: a missing golden fails and is not created; a different one fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertGolden, updatingGoldens, writeFileAtomic } from './support/golden.js';

test('the unit suite never runs in golden-update mode (npm test and test:unit clear UPDATE_GOLDEN)', () => {
  assert.equal(updatingGoldens, false, 'UPDATE_GOLDEN=1 reached a test run: only `npm run golden:update` may set it');
});

test('a missing golden file fails the test and is not created', () => {
  const folder = mkdtempSync(join(tmpdir(), 'stamp-golden-'));
  try {
    const path = join(folder, 'absent.golden.txt');
    assert.throws(() => assertGolden(path, 'output\n'), /golden file .*absent\.golden\.txt is missing: run `npm run golden:update`/);
    assert.equal(existsSync(path), false);
    assert.deepEqual(readdirSync(folder), []);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a golden file that differs fails with the update command in the message; an equal one passes', () => {
  const folder = mkdtempSync(join(tmpdir(), 'stamp-golden-'));
  try {
    const path = join(folder, 'x.golden.txt');
    writeFileAtomic(path, 'line 1\nline 2\n');
    assert.deepEqual(readdirSync(folder), ['x.golden.txt'], 'no temporary file is left behind');
    assertGolden(path, 'line 1\nline 2\n');
    assert.throws(() => assertGolden(path, 'line 1\nline 2 changed\n', 'the output'), /the output differs from .*x\.golden\.txt; if the change is intended, run `npm run golden:update`/);
    writeFileSync(path, 'line 1\nline 2'); // a missing final newline is a difference too
    assert.throws(() => assertGolden(path, 'line 1\nline 2\n'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
