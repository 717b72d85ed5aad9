// Which open document publishes the diagnostics of each unopened file of its stamp, so that stale lists are cleared.
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';

/** The diagnostics to send for one file. */
export interface FilePublication {
  uri: string;
  diagnostics: Diagnostic[];
}

/** The unopened files each open document last published diagnostics for. */
export class PublishOwnership {
  private readonly publishedFor = new Map<string, Set<string>>();

  /** `isOpen` tells the open documents apart: they publish their own diagnostics, with their version. */
  constructor(private readonly isOpen: (uri: string) => boolean) {}

  /**
   * The diagnostics to publish for the unopened files of an open document's stamp: every such file with diagnostics,
   * and an empty list for a file this document published for before that has none now (or left the stamp).
   */
  otherFiles(owner: string, stampFiles: readonly string[], all: readonly Diagnostic[]): FilePublication[] {
    const byUri = new Map<string, Diagnostic[]>();
    // The owner is open, so it is never one of them.
    for (const uri of stampFiles) if (!this.isOpen(uri)) byUri.set(uri, []);
    for (const diagnostic of all) byUri.get(diagnostic.uri)?.push(diagnostic);
    const before = this.publishedFor.get(owner) ?? new Set<string>();
    const now = new Set<string>();
    const result: FilePublication[] = [];
    for (const [uri, diagnostics] of byUri) {
      if (diagnostics.length > 0) now.add(uri);
      if (diagnostics.length > 0 || before.has(uri)) result.push({ uri, diagnostics });
    }
    for (const uri of before) {
      if (!byUri.has(uri) && !this.isOpen(uri) && !this.publishedByAnother(owner, uri)) result.push({ uri, diagnostics: [] });
    }
    this.publishedFor.set(owner, now);
    return result;
  }

  /** Forgets what a closed document published for other files; returns the files nobody else publishes for (to clear). */
  release(owner: string): string[] {
    const published = this.publishedFor.get(owner) ?? new Set<string>();
    this.publishedFor.delete(owner);
    return [...published].filter((uri) => !this.isOpen(uri) && !this.publishedByAnother(owner, uri));
  }

  private publishedByAnother(owner: string, uri: string): boolean {
    for (const [other, uris] of this.publishedFor) if (other !== owner && this.isOpen(other) && uris.has(uri)) return true;
    return false;
  }
}
