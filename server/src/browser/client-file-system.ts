// The server's file system in a web worker: the `.stamp` files and stamp.config.json files the client sent, by URI.
import type { ClientFile } from '../../../protocol/src/protocol.js';
import type { FileLocation, FileStat, FolderEntry, StampFileSystem } from '../analysis/file-system.js';

interface KnownFile {
  text: string;
  size: number;
  mtimeMs: number;
}

/** `scheme://authority/a/b` → `scheme://authority/a`; undefined for a URI without a path to shorten. */
function folderOf(uri: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)$/i.exec(uri);
  if (!match) return undefined;
  const slash = match[2].lastIndexOf('/');
  return match[1] + match[2].slice(0, slash);
}

/**
 * A file system made of what the client sent (VS Code for the Web reads `workspace.fs` and sends `stamp/didChangeFiles`).
 * Folders exist because files lie in them. A file the client has not sent reads as absent, as a missing file does.
 */
export class ClientFileSystem implements StampFileSystem {
  private readonly files = new Map<string, KnownFile>();

  applyClientFiles(files: readonly ClientFile[]): void {
    for (const file of files) {
      if (file.text === undefined) this.files.delete(file.uri);
      else this.files.set(file.uri, { text: file.text, size: file.size, mtimeMs: file.mtimeMs });
    }
  }

  readText(uri: string): string | undefined {
    return this.files.get(uri)?.text;
  }

  /** The file's text as UTF-8 (the client decoded it), cut to `maxBytes`. */
  readBytes(uri: string, maxBytes: number): Uint8Array | undefined {
    const text = this.files.get(uri)?.text;
    if (text === undefined) return undefined;
    const bytes = new TextEncoder().encode(text);
    return bytes.length > maxBytes ? bytes.slice(0, maxBytes) : bytes;
  }

  stat(uri: string): FileStat | undefined {
    const file = this.files.get(uri);
    if (file) return { kind: 'file', size: file.size, mtimeMs: file.mtimeMs };
    const prefix = `${uri.replace(/\/+$/, '')}/`;
    for (const known of this.files.keys()) if (known.startsWith(prefix)) return { kind: 'folder', size: 0, mtimeMs: 0 };
    return undefined;
  }

  readFolder(uri: string): FolderEntry[] {
    const prefix = `${uri.replace(/\/+$/, '')}/`;
    const entries = new Map<string, FolderEntry>();
    for (const known of this.files.keys()) {
      if (!known.startsWith(prefix)) continue;
      const rest = known.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash < 0 ? rest : rest.slice(0, slash);
      if (!name || entries.has(name)) continue;
      entries.set(name, { name: safeDecode(name), uri: prefix + name, kind: slash < 0 ? 'file' : 'folder' });
    }
    return [...entries.values()];
  }

  locate(uri: string): FileLocation | undefined {
    const folderUri = folderOf(uri);
    if (folderUri === undefined) return undefined;
    return { folderUri, key: uri, folderKey: folderUri };
  }
}

function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
