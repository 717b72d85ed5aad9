// Finds the .stamp files named on the command line, walking folders, and prints paths the way users typed them.
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stampExtension, walkStampFiles } from '../../server/src/analysis/file-system.js';
import { nodeFileSystem } from '../../server/src/node/node-file-system.js';
import { InputError } from './errors.js';

/** Told about each `.stamp` entry skipped while walking folders (a FIFO, a socket, a device): it is never opened. */
export type SkipReporter = (path: string, reason: string) => void;

/**
 * Every .stamp file under the given files and folders, as sorted absolute paths without duplicates. Links are taken
 * (a dangling link or a loop is skipped when read); a FIFO, socket or device is reported and never opened.
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

/**
 * The .stamp files below a folder, skipping node_modules and folders whose names start with a dot: the server's
 * workspace walk, without its limits, taking links too; an unreadable folder is an input error.
 */
function walkFolder(folder: string, onSkip: SkipReporter): string[] {
  const uris = walkStampFiles(nodeFileSystem, pathToFileURL(folder).href, {
    maxDepth: Infinity, maxFiles: Infinity, includeLinks: true, skipDotFiles: false,
    onSkipped: (uri) => onSkip(fileURLToPath(uri), skipReason(uri)),
    onUnreadable: (uri, error) => {
      throw new InputError(`${fileURLToPath(uri)}: ${describeFileError(error)}`);
    },
  });
  return uris.map((uri) => fileURLToPath(uri));
}

/** Why a `.stamp` entry of a folder is skipped: what it is (a FIFO, a socket, a device), which is not a regular file. */
function skipReason(uri: string): string {
  // Stryker disable next-line OptionalChaining: the entry was listed a moment before; only one removed meanwhile has no stat
  const what = nodeFileSystem.stat(uri)?.what;
  // Stryker disable next-line all: only an entry removed while the folder is walked, or a kind node:fs names none of, has no description (no test can make one)
  if (what === undefined) return 'not a regular file';
  return `${what}, not a regular file`;
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
