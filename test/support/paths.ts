// Paths the tests share: the repository root, found from this file's bundled location (out/test/…).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(start: string): string {
  let current = start;
  while (current !== dirname(current)) {
    if (existsSync(join(current, 'package.json')) && existsSync(join(current, 'grammar'))) return current;
    current = dirname(current);
  }
  return process.cwd();
}

export const repoRoot = findRoot(__dirname);
