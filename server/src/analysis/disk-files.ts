// What the server knows of files on disk: unopened `.stamp` texts (cached by modification time), the workspace folders'
// `.stamp` files, and the `.stamp` files beside a document. All through the `StampFileSystem` interface.
import type { FileRefusal } from '../../../grammar/src/source-policy.js';
import { stampExtension, walkStampFiles, type StampFileSystem } from './file-system.js';
import { defaultReadLimits, readStampSource, type ReadLimits, type SourceRead } from './read-policy.js';

/** How many workspace files are listed at most (and considered when looking for the files of a document's stamp). */
export const maximumWorkspaceFiles = 2000;

/** How many files of a folder are considered at most when looking for the files that import a document. */
const maximumNeighbourFiles = 200;

/** How deep below a workspace folder `.stamp` files are looked for. */
const maximumWorkspaceDepth = 20;

/**
 * Texts of `.stamp` files on disk, read under the shared policy (`readStampSource`: regular files only, the size
 * limit, strict UTF-8) and read again only when the file's modification time or size changed; a refusal (too large,
 * not UTF-8, a FIFO) is remembered the same way, so a 1 GB file is never read, not even once.
 */
export class DiskStampFiles {
  private readonly entries = new Map<string, { mtimeMs: number; size: number; read: SourceRead }>();
  private limits: ReadLimits = defaultReadLimits;

  constructor(private readonly fileSystem: StampFileSystem) {}

  /** Changes the size limit; files are judged again. */
  setLimits(limits: ReadLimits): void {
    // Stryker disable next-line ConditionalExpression: a shortcut; judging the files again under the same limit gives the same answers.
    if (limits.maxBytes === this.limits.maxBytes) return;
    this.limits = limits;
    this.entries.clear();
  }

  get maxBytes(): number {
    return this.limits.maxBytes;
  }

  text(uri: string): string | undefined {
    const read = this.read(uri);
    return read?.kind === 'text' ? read.text : undefined;
  }

  /** Why a file that exists is not analysed, or undefined. */
  refusal(uri: string): FileRefusal | undefined {
    const read = this.read(uri);
    return read?.kind === 'refused' ? read.refusal : undefined;
  }

  // Only files a stamp may hold are asked for: listed `.stamp` files and imports the import policy allows (which
  // accepts the extension in any case, as the CLI reads them).
  private read(uri: string): SourceRead | undefined {
    const stat = this.fileSystem.stat(uri);
    if (!stat) {
      this.entries.delete(uri);
      return undefined;
    }
    const cached = this.entries.get(uri);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.read;
    const read = readStampSource(this.fileSystem, uri, this.limits);
    // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement,CallExpression: reached only when the file vanished between the stat above and the read's own; a missing read kept in the cache answers undefined like no entry.
    if (read.kind === 'missing') {
      // Stryker disable next-line CallExpression: an entry left of an earlier read answers only a file that comes back with that read's time and size, which the cache cannot tell from an unchanged file anyway (a change the editor reports is forgotten first).
      this.entries.delete(uri);
      return undefined;
    }
    this.entries.set(uri, { mtimeMs: stat.mtimeMs, size: stat.size, read });
    return read;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The workspace folders (file URIs) and the `.stamp` files found in them, listed once until a file is created or deleted. */
export class WorkspaceFolders {
  // Stryker disable next-line ArrayDeclaration: a folder URI that is not one (the mutant's text) contains no file and lists nothing.
  private folders: string[] = [];
  private listed: string[] | undefined;

  constructor(private readonly fileSystem: StampFileSystem) {}

  set(folderUris: readonly string[]): void {
    this.folders = folderUris.filter((uri) => uri.startsWith('file:'));
    this.listed = undefined;
  }

  /** Whether a URI lies in one of the folders. */
  contains(uri: string): boolean {
    return this.folders.some((folder) => uri.startsWith(folder.endsWith('/') ? folder : `${folder}/`));
  }

  /** The `.stamp` files under the folders (node_modules and dot-entries skipped), at most about `maximumWorkspaceFiles`; only names are read. */
  stampFiles(): readonly string[] {
    if (!this.listed) {
      const found: string[] = [];
      for (const folder of this.folders) {
        // Once the bound is reached, the walks of the other folders stop at once. A folder that cannot be read (or is not a local path) holds no files we can list.
        found.push(...walkStampFiles(this.fileSystem, folder, {
          maxDepth: maximumWorkspaceDepth, maxFiles: maximumWorkspaceFiles - found.length, includeLinks: false, skipDotFiles: true,
        }));
      }
      this.listed = found;
    }
    return this.listed;
  }

  /** Lists the folders again on next use (a file was created or deleted). */
  invalidate(): void {
    this.listed = undefined;
  }
}

/** The other `.stamp` files in a document's folder (on disk or open), for finding the files that import it. */
export function stampFilesBeside(fileSystem: StampFileSystem, uri: string, openUris: readonly string[]): string[] {
  const own = fileSystem.locate(uri);
  // Stryker disable next-line ArrayDeclaration: a neighbour that names no file (the mutant's text) is missing, imports nothing and joins no stamp.
  if (!own) return [];
  // Keyed by file, so an open document keeps the URI spelling the editor uses (drive letters, escapes).
  const found = new Map<string, string>();
  try {
    for (const entry of fileSystem.readFolder(own.folderUri)) {
      if (found.size >= maximumNeighbourFiles) break;
      if (!entry.name.endsWith(stampExtension)) continue;
      // Stryker disable next-line OptionalChaining: the entries of a folder the file system located are located too.
      found.set(fileSystem.locate(entry.uri)?.key ?? entry.uri, entry.uri);
    }
  } catch {
    // An unreadable folder only means no neighbours.
  }
  for (const open of openUris) {
    const location = fileSystem.locate(open);
    if (location && location.folderKey === own.folderKey) found.set(location.key, open);
  }
  // Stryker disable next-line CallExpression: the loader drops the document from its own neighbours anyway (program-loading.ts).
  found.delete(own.key);
  // In the folder's order: the stamp's order (stampOrder: roots by URI, then their imports as written) decides which
  // declaration of a name is the duplicate, not the order the loader finds the files in.
  return [...found.values()];
}
