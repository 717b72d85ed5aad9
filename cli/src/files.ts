// Finds the .stamp files named on the command line, walking folders, and prints paths the way users typed them.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from './errors.js';

export const stampExtension = '.stamp';

/** Every .stamp file under the given files and folders, as sorted absolute paths without duplicates. */
export function collectStampFiles(cwd: string, args: readonly string[]): string[] {
  const found = new Set<string>();
  for (const arg of args) {
    const path = resolve(cwd, arg);
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch (error) {
      throw new InputError(`${arg}: ${describeFileError(error)}`);
    }
    if (!isFolder) {
      // A file named explicitly is checked whatever its extension: the user asked for it.
      found.add(path);
      continue;
    }
    const inFolder = walkFolder(path);
    if (inFolder.length === 0) throw new InputError(`${arg}: no ${stampExtension} files in this folder.`);
    for (const file of inFolder) found.add(file);
  }
  return [...found].sort();
}

/** The .stamp files below a folder, skipping node_modules and folders whose names start with a dot. */
function walkFolder(folder: string): string[] {
  const result: string[] = [];
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`${folder}: ${describeFileError(error)}`);
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      result.push(...walkFolder(path));
    } else if (entry.name.endsWith(stampExtension) && (entry.isFile() || entry.isSymbolicLink())) {
      result.push(path);
    }
  }
  return result;
}

/** A path relative to the working folder with forward slashes, as printed in reports. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  // A file outside the working folder is clearer as an absolute path than as a climb of `../`.
  const shown = rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? path : rel;
  return shown.split(sep).join('/');
}

/** A short reason for a failed file operation, without a stack trace. */
export function describeFileError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder.';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied.';
    case 'EISDIR':
      return 'is a folder, not a file.';
    default:
      return `${(error as Error).message ?? String(error)}.`;
  }
}
