// Golden files: compared byte for byte; a missing golden fails; rewritten only under `npm run golden:update`.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { repoRoot } from './paths.js';

/**
 * True only under `npm run golden:update` (scripts/update-golden.sh sets UPDATE_GOLDEN=1). `npm test` and
 * `npm run test:unit` remove UPDATE_GOLDEN from the environment, so a stray variable never rewrites goldens there.
 */
export const updatingGoldens = process.env.UPDATE_GOLDEN === '1';

/** The command that rewrites goldens, for failure messages. */
export const updateCommand = 'npm run golden:update';

/** Writes a file through a temporary file in the same folder and a rename, so a reader never sees half of it. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/**
 * Asserts that `actual` equals the golden file at `path`. Under `npm run golden:update` the file is (re)written
 * instead; otherwise a missing golden is a failure, never created silently.
 */
export function assertGolden(path: string, actual: string, what = relative(repoRoot, path)): void {
  if (updatingGoldens) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== actual) writeFileAtomic(path, actual);
    return;
  }
  assert.ok(existsSync(path), `the golden file ${relative(repoRoot, path)} is missing: run \`${updateCommand}\` to create it, then review it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `${what} differs from ${relative(repoRoot, path)}; if the change is intended, run \`${updateCommand}\` and review the diff`);
}
