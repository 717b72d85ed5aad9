// The server's file system on Node (node:fs): the one place outside the CLI where the server reads the disk.
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
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

  stat(uri: string): FileStat | undefined {
    const path = pathOf(uri);
    if (path === undefined) return undefined;
    try {
      const stat = statSync(path);
      return { kind: stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'other', size: stat.size, mtimeMs: stat.mtimeMs };
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
