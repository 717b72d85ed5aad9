// The server's file system on Node (node:fs): the one place outside the CLI where the server reads the disk.
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EntryKind, FileLocation, FileStat, FolderEntry, StampFileSystem } from '../analysis/file-system.js';

/** The local path of a file URI, or undefined for a URI that is not a local file. */
function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function kindOf(entry: Dirent): EntryKind {
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return 'file';
  if (entry.isSymbolicLink()) return 'link';
  return 'other';
}

function describeOther(stat: Stats): string | undefined {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return undefined;
}

/** Paths compare case-insensitively on Windows. */
const keyOf = (path: string): string => (process.platform === 'win32' ? path.toLowerCase() : path);

/** Local files through node:fs; URIs that are not `file:` URIs name nothing. */
export const nodeFileSystem: StampFileSystem = {
  readText(uri: string): string | undefined {
    const path = pathOf(uri);
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },

  readBytes(uri: string, maxBytes: number): Uint8Array | undefined {
    const path = pathOf(uri);
    if (path === undefined) return undefined;
    let descriptor: number | undefined;
    try {
      // Non-blocking, so that a file swapped for a FIFO after the caller's stat cannot hang the server.
      descriptor = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      const opened = fstatSync(descriptor);
      if (!opened.isFile()) return undefined;
      const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(maxBytes, opened.size + 1)));
      let length = 0;
      while (length < buffer.length) {
        const count = readSync(descriptor, buffer, length, buffer.length - length, null);
        if (count === 0) break;
        length += count;
      }
      return buffer.subarray(0, length);
    } catch {
      return undefined;
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
  },

  stat(uri: string): FileStat | undefined {
    const path = pathOf(uri);
    if (path === undefined) return undefined;
    try {
      const stat = statSync(path);
      const kind = stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'other';
      return { kind, size: stat.size, mtimeMs: stat.mtimeMs, ...(kind === 'other' && describeOther(stat) ? { what: describeOther(stat) } : {}) };
    } catch {
      return undefined;
    }
  },

  readFolder(uri: string): FolderEntry[] {
    const path = fileURLToPath(uri);
    return readdirSync(path, { withFileTypes: true }).map((entry) => {
      const child = join(path, entry.name);
      return { name: entry.name, uri: pathToFileURL(child).toString(), kind: kindOf(entry) };
    });
  },

  locate(uri: string): FileLocation | undefined {
    const path = pathOf(uri);
    if (path === undefined) return undefined;
    const folder = dirname(path);
    return { folderUri: pathToFileURL(folder).toString(), key: keyOf(path), folderKey: keyOf(folder) };
  },
};
