// Finds the .stamp files named on the command line, walking folders, and prints paths the way users typed them.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describeNonRegular, describeReadError } from '../../server/src/files/disk.js';
import { InputError } from './errors.js';

export const stampExtension = '.stamp';

/** Told about each file skipped while walking folders (a FIFO, a device, a dangling link, a loop of links). */
export type SkipReporter = (path: string, reason: string) => void;

/**
 * Every .stamp file under the given files and folders, as sorted absolute paths without duplicates. In folders, only
 * regular files (or links to them) are taken; anything else is skipped, reported, and never opened.
 */
export function collectStampFiles(cwd: string, args: readonly string[], onSkip: SkipReporter = () => {}): string[] {
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
    const inFolder = walkFolder(path, onSkip);
    if (inFolder.length === 0) throw new InputError(`${arg}: no ${stampExtension} files in this folder.`);
    for (const file of inFolder) found.add(file);
  }
  return [...found].sort();
}

/** The .stamp files below a folder, skipping node_modules and folders whose names start with a dot. */
function walkFolder(folder: string, onSkip: SkipReporter): string[] {
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
      result.push(...walkFolder(path, onSkip));
    } else if (!entry.name.endsWith(stampExtension)) {
      continue;
    } else if (entry.isFile()) {
      result.push(path);
    } else if (entry.isSymbolicLink()) {
      // A link counts when it leads to a regular file; a dangling link or a loop is skipped, not fatal.
      try {
        const target = statSync(path);
        if (target.isFile()) result.push(path);
        else onSkip(path, describeNonRegular(target));
      } catch (error) {
        onSkip(path, (error as { code?: string }).code === 'ENOENT' ? 'a symbolic link to nothing' : describeReadError(error));
      }
    } else {
      onSkip(path, entry.isFIFO() ? 'a FIFO (named pipe), not a regular file' : 'not a regular file');
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
    case 'EFBIG':
      return 'the file would exceed the size limit of this system or process (ulimit -f).';
    case 'ENOSPC':
      return 'the disk is full.';
    case 'EDQUOT':
      return 'the disk quota is exceeded.';
    case 'EROFS':
      return 'the file system is read-only.';
    default:
      return `${(error as Error).message ?? String(error)}.`;
  }
}
