// Paths the tests share: the repository root, found from this file's bundled location (out/test/…).
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/**
 * A file of an installed package (`@scope/name/path/in/package`), found as Node finds the package: from the bundled test
 * up, not under the repository's folder, so a copy of the repository without node_modules (Stryker's sandbox when
 * node_modules is a link) still finds the installed one. (The specifier is a parameter so the bundler leaves it alone.)
 */
export function installedFile(specifier: string): string {
  return require.resolve(specifier);
}

function stampFilesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) found.push(...stampFilesUnder(path));
    else if (entry.endsWith('.stamp')) found.push(path);
  }
  return found;
}

/** Every `.stamp` file of the repository's examples and tests (fixtures, goldens, expected fixes), at any depth. */
export function everyStampFile(): string[] {
  return [...stampFilesUnder(join(repoRoot, 'examples')), ...stampFilesUnder(join(repoRoot, 'test'))];
}
