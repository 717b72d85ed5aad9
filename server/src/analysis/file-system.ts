// The one interface through which the server touches files (read a text, stat, list a folder), and the shared folder walk.
//
// Every member is synchronous: the analysis runs synchronously inside a request, as the multi-file loader's
// `SourceHost.read` does. A file system whose native calls are asynchronous (VS Code's `workspace.fs` in a browser
// build) implements this over a cache it fills ahead of time (on open, on file events) and answers from that cache;
// a file it has not seen yet reads as absent, exactly like a file that does not exist.
// Implementations: `server/src/node/node-file-system.ts` (node:fs). Nothing else in the server imports node:fs.

/** What a folder entry or a stat names. A link is reported as a link by `readFolder` and followed by `stat`. */
export type EntryKind = 'file' | 'folder' | 'link' | 'other';

/** One entry of a folder. */
export interface FolderEntry {
  name: string;
  /** The entry's URI, spelled as the file system spells it (a `.stamp` file listed twice gets the same URI). */
  uri: string;
  kind: EntryKind;
}

/** The facts of a file the caches key on. */
export interface FileStat {
  kind: Exclude<EntryKind, 'link'>;
  size: number;
  mtimeMs: number;
  /** What an `other` entry is, for messages: `a FIFO (named pipe)`, `a socket`, `a device`. */
  what?: string;
}

/** Where a file lies: its folder, and keys that are equal for two spellings of the same file or folder. */
export interface FileLocation {
  folderUri: string;
  /** Equal for two URIs that name the same file (drive-letter case and escapes on Windows). */
  key: string;
  folderKey: string;
}

/** The file-system access of the server; URIs in, never an exception out except where stated. */
export interface StampFileSystem {
  /** The text of a file (UTF-8), or undefined when it does not exist or cannot be read. */
  readText(uri: string): string | undefined;
  /**
   * At most `maxBytes` bytes of a regular file, or undefined when it does not exist, is not a regular file or cannot be
   * read; never blocks on a FIFO or a device. `.stamp` sources are read through `readStampSource`, which uses this.
   */
  readBytes(uri: string, maxBytes: number): Uint8Array | undefined;
  /** The kind, size and modification time of a file (links followed), or undefined when it does not exist. */
  stat(uri: string): FileStat | undefined;
  /** The entries of a folder; throws the platform's error when the folder cannot be read (callers decide what it means). */
  readFolder(uri: string): FolderEntry[];
  /** The folder of a file and the keys that identify it, or undefined for a URI this file system does not serve. */
  locate(uri: string): FileLocation | undefined;
}

/** The file extension of stamp sources. */
export const stampExtension = '.stamp';

/** Limits and policies of a folder walk. */
export interface WalkOptions {
  /** How deep below the starting folder the walk descends (0: the folder itself only). */
  maxDepth: number;
  /** No further folder is entered once this many files are found (the folder being listed is listed to its end). */
  maxFiles: number;
  /** Whether a link whose name ends in `.stamp` counts as a file (the CLI takes it; the server lists regular files only). */
  includeLinks: boolean;
  /** Whether files whose names start with a dot are skipped too (the server skips them; the CLI skips dot-folders only). */
  skipDotFiles: boolean;
  /** Called when a folder cannot be read; without it, an unreadable folder holds no files. May throw to stop the walk. */
  onUnreadable?: (folderUri: string, error: unknown) => void;
  /** Called for a `.stamp` entry that is neither a file, a folder nor a link (a FIFO, a socket, a device): never opened. */
  onSkipped?: (uri: string) => void;
}

/**
 * The `.stamp` files below a folder, in the order the folder listings give them, skipping `node_modules` and folders
 * whose names start with a dot. Only names are read. Shared by the CLI (`stamp check FOLDER`) and the server's
 * workspace listing, so both see the same files.
 */
export function walkStampFiles(fileSystem: StampFileSystem, folderUri: string, options: WalkOptions): string[] {
  const found: string[] = [];
  const visit = (uri: string, depth: number): void => {
    if (depth > options.maxDepth || found.length >= options.maxFiles) return;
    let entries: FolderEntry[];
    try {
      entries = fileSystem.readFolder(uri);
    } catch (error) {
      options.onUnreadable?.(uri, error);
      return;
    }
    for (const entry of entries) {
      if (options.skipDotFiles && entry.name.startsWith('.')) continue;
      if (entry.kind === 'folder') {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) visit(entry.uri, depth + 1);
      } else if (entry.name.endsWith(stampExtension) && (entry.kind === 'file' || (options.includeLinks && entry.kind === 'link'))) {
        found.push(entry.uri);
      } else if (entry.name.endsWith(stampExtension) && entry.kind === 'other') {
        options.onSkipped?.(entry.uri);
      }
    }
  };
  visit(folderUri, 0);
  return found;
}
