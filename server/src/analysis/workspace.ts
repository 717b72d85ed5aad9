// The document store of the server: open texts by URI, one cached analysis per document version, and debounced validation.
// It knows nothing of LSP: the lsp/ layer feeds it texts and turns what it computes into protocol messages.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { CheckedFile } from '../../../grammar/src/check.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';
import type { Element } from '../../../grammar/src/elements.js';
import type { SyntaxStatement } from '../../../grammar/src/syntax.js';
import { analyzeProgram, CheckedFileCache, groupIntoStamps, importsOf, loadProgram, type SourceHost } from '../../../grammar/src/program.js';
import { LineIndex } from '../../../grammar/src/text.js';
import type { RuleConfig } from './config.js';
import { diagnose, fastRules, ruleDiagnostics, slowRuleElementThreshold, slowRules, sortDiagnostics } from './diagnose.js';
import { allRules } from '../rules/registry.js';

/** An open document as the editor last sent it. */
export interface OpenDocument {
  uri: string;
  version: number;
  text: string;
}

/** Everything computed for one version of one document; every request of that version reads this same object. */
export interface AnalyzedDocument {
  uri: string;
  version: number;
  text: string;
  lines: LineIndex;
  /** The document's own checked file (syntax tree, elements). */
  file: CheckedFile;
  /** The analysis of the document together with the files it imports. */
  analysis: Analysis;
  /** Every element and property statement of this document, by its syntax statement. */
  statements: StatementMeaning;
  /** The time the analysis took, for the debug log. */
  milliseconds: number;
}

/** What the checker made of each statement of the document. */
export interface StatementMeaning {
  elementOf: Map<SyntaxStatement, Element>;
  /** The element a property statement belongs to. */
  holderOf: Map<SyntaxStatement, Element>;
}

/** The diagnostics of one document version under one configuration. */
export interface DiagnosedDocument {
  document: AnalyzedDocument;
  /** Every diagnostic of the stamp (imported files included). */
  all: Diagnostic[];
  /** The diagnostics that belong to this document, as published. */
  own: Diagnostic[];
  /** False while the slow rules (the failure analysis) of a large stamp have not run yet. */
  complete: boolean;
}

/** The open documents and their cached analyses. */
export class StampWorkspace {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly analyzed = new Map<string, AnalyzedDocument>();
  private readonly diagnosed = new Map<string, DiagnosedDocument & { configGeneration: number }>();
  private readonly pendingValidation = new Map<string, ReturnType<typeof setTimeout>>();
  private configGeneration = 0;
  /** Checked files by URI and text, so an imported file that did not change is not parsed again. */
  private checkedFiles = new CheckedFileCache();
  /** The texts of unopened `.stamp` files, by URI, reread only when their modification time or size changes. */
  private readonly disk = new DiskStampFiles();
  /** The workspace folders (file URIs) and the `.stamp` files found in them, listed once until a file is created or deleted. */
  private folders: string[] = [];
  private workspaceFileList: string[] | undefined;
  /** Every URI each analysis read (or looked for and did not find), by the open document it analyzes. */
  private readonly readsOf = new Map<string, Set<string>>();
  /** The unopened files each open document last published diagnostics for, so they can be cleared later. */
  private readonly publishedFor = new Map<string, Set<string>>();

  constructor(private readonly configFor: (uri: string) => RuleConfig) {}

  /** Sets the workspace folders (file URIs) whose `.stamp` files belong to stamps and to workspace symbols. */
  setFolders(folderUris: readonly string[]): void {
    this.folders = folderUris.filter((uri) => uri.startsWith('file:'));
    this.workspaceFileList = undefined;
  }

  /** Every `.stamp` file under the workspace folders (node_modules and dot-folders skipped), open ones included. */
  workspaceFileUris(): string[] {
    if (!this.workspaceFileList) this.workspaceFileList = listStampFiles(this.folders);
    const found = new Set(this.workspaceFileList);
    for (const uri of this.documents.keys()) if (this.isInWorkspace(uri)) found.add(uri);
    return [...found].sort();
  }

  /** Every workspace `.stamp` file checked on its own: open documents from their text, others from disk (cached by mtime). */
  workspaceFiles(): CheckedFile[] {
    const files: CheckedFile[] = [];
    for (const uri of this.workspaceFileUris()) {
      const text = this.documents.get(uri)?.text ?? this.disk.text(uri);
      if (text !== undefined) files.push(this.checkedFiles.get(uri, text));
    }
    return files;
  }

  private isInWorkspace(uri: string): boolean {
    return this.folders.some((folder) => uri.startsWith(folder.endsWith('/') ? folder : `${folder}/`));
  }

  open(uri: string, text: string, version: number): void {
    this.documents.set(uri, { uri, text, version });
  }

  /** Records a new text; returns the other open documents whose analysis read this one (they are now stale). */
  change(uri: string, text: string, version: number): string[] {
    this.documents.set(uri, { uri, text, version });
    return this.invalidateReaders([uri], false);
  }

  /**
   * Forgets a closed document; returns the other open documents whose analysis read it: they read it from disk now,
   * and they publish its diagnostics as an unopened file of their stamp.
   */
  close(uri: string): string[] {
    this.documents.delete(uri);
    this.analyzed.delete(uri);
    this.diagnosed.delete(uri);
    this.readsOf.delete(uri);
    this.cancelValidation(uri);
    const dependents = this.invalidateReaders([uri], false);
    return dependents;
  }

  document(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  openUris(): string[] {
    return [...this.documents.keys()];
  }

  /** Forgets every diagnosis (not the analyses), after the configuration changed. */
  configurationChanged(): void {
    this.configGeneration++;
    this.diagnosed.clear();
  }

  /**
   * Forgets what depends on files changed on disk (created, changed or deleted); returns the open documents to validate
   * again. An analysis depends on a file when it read it, looked for it (a missing import), or may now be connected to
   * it by imports (the file lies in the document's folder, whose files are all considered). Without URIs, forgets everything.
   */
  filesChanged(uris?: readonly string[]): string[] {
    if (!uris) {
      this.checkedFiles = new CheckedFileCache();
      this.disk.clear();
      this.workspaceFileList = undefined;
      this.analyzed.clear();
      this.diagnosed.clear();
      this.readsOf.clear();
      return this.openUris();
    }
    const stampUris = uris.filter((uri) => uri.endsWith('.stamp'));
    if (stampUris.length === 0) return [];
    for (const uri of stampUris) {
      this.disk.forget(uri);
      if (!this.documents.has(uri)) this.checkedFiles.delete(uri);
    }
    // A created or deleted file changes the list; listing again is cheap next to analyzing.
    this.workspaceFileList = undefined;
    return this.invalidateReaders(stampUris, true);
  }

  /**
   * Drops the analyses of open documents that read one of the files, or that read a file one of them now imports (the
   * file joins their stamp); returns those documents.
   */
  private invalidateReaders(uris: readonly string[], includeOwn: boolean): string[] {
    const importedNow = new Set<string>();
    for (const uri of uris) {
      const text = this.documents.get(uri)?.text ?? this.disk.text(uri);
      if (text !== undefined) for (const link of importsOf(this.checkedFiles.get(uri, text))) importedNow.add(link.to);
    }
    const affected: string[] = [];
    for (const open of this.documents.keys()) {
      if (!includeOwn && uris.includes(open)) continue;
      const reads = this.readsOf.get(open);
      const touched = uris.includes(open) || uris.some((uri) => reads?.has(uri)) || [...importedNow].some((uri) => uri === open || reads?.has(uri));
      if (!touched) continue;
      this.analyzed.delete(open);
      this.diagnosed.delete(open);
      affected.push(open);
    }
    return affected;
  }

  /**
   * The diagnostics to publish for the unopened files of an open document's stamp: every such file with diagnostics,
   * and an empty list for a file this document published for before that has none now (or left the stamp). Open files
   * publish their own diagnostics, with their version.
   */
  otherFilesToPublish(owner: string, diagnosed: DiagnosedDocument): Array<{ uri: string; diagnostics: Diagnostic[] }> {
    const byUri = new Map<string, Diagnostic[]>();
    for (const file of diagnosed.document.analysis.files) {
      if (file.uri !== owner && !this.documents.has(file.uri)) byUri.set(file.uri, []);
    }
    for (const diagnostic of diagnosed.all) byUri.get(diagnostic.uri)?.push(diagnostic);
    const before = this.publishedFor.get(owner) ?? new Set<string>();
    const now = new Set<string>();
    const result: Array<{ uri: string; diagnostics: Diagnostic[] }> = [];
    for (const [uri, diagnostics] of byUri) {
      if (diagnostics.length > 0) now.add(uri);
      if (diagnostics.length > 0 || before.has(uri)) result.push({ uri, diagnostics });
    }
    for (const uri of before) {
      if (!byUri.has(uri) && !this.documents.has(uri) && !this.publishedByAnother(owner, uri)) result.push({ uri, diagnostics: [] });
    }
    this.publishedFor.set(owner, now);
    return result;
  }

  /** Forgets what a closed document published for other files; returns the files nobody else publishes for (to clear). */
  releasePublished(owner: string): string[] {
    const published = this.publishedFor.get(owner) ?? new Set<string>();
    this.publishedFor.delete(owner);
    return [...published].filter((uri) => !this.documents.has(uri) && !this.publishedByAnother(owner, uri));
  }

  private publishedByAnother(owner: string, uri: string): boolean {
    for (const [other, uris] of this.publishedFor) if (other !== owner && this.documents.has(other) && uris.has(uri)) return true;
    return false;
  }

  /** The analysis of the document's current version, computed once and shared by every request. */
  analysisOf(uri: string): AnalyzedDocument | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.analyzed.get(uri);
    if (cached && cached.version === document.version && cached.text === document.text) return cached;
    const started = performance.now();
    const reads = new Set<string>();
    const analysis = analyzeProgram(this.programOf(uri, reads));
    this.readsOf.set(uri, reads);
    const file = analysis.files.find((each) => each.uri === uri) ?? this.checkedFiles.get(uri, document.text);
    const result: AnalyzedDocument = {
      uri, version: document.version, text: document.text, lines: new LineIndex(document.text), file, analysis,
      statements: statementMeaning(analysis, uri), milliseconds: performance.now() - started,
    };
    this.analyzed.set(uri, result);
    return result;
  }

  /** The diagnostics of the document's current version under the current configuration, computed once. */
  diagnosisOf(uri: string): DiagnosedDocument | undefined {
    const document = this.analysisOf(uri);
    if (!document) return undefined;
    const cached = this.diagnosed.get(uri);
    if (cached && cached.document === document && cached.configGeneration === this.configGeneration) return cached;
    // A large stamp gets the fast rules first; `completeDiagnosisOf` adds the slow ones once typing pauses.
    const complete = document.analysis.model.index.all.length <= slowRuleElementThreshold;
    return this.record(uri, document, diagnose(document.analysis, this.configFor(uri), complete ? allRules : fastRules), complete);
  }

  /**
   * The diagnostics with every rule, the slow ones included; computed at most once per version and configuration.
   * `slowFindings`: the slow rules' findings over the current diagnosis's analysis, when the caller computed them.
   */
  completeDiagnosisOf(uri: string, slowFindings?: Diagnostic[]): DiagnosedDocument | undefined {
    const partial = this.diagnosisOf(uri);
    if (!partial || partial.complete) return partial;
    // The fast rules' findings are already in `partial.all`: only the slow rules run now (unless the caller ran them,
    // a slice at a time, over this same analysis and configuration).
    const slow = slowFindings ?? ruleDiagnostics(partial.document.analysis, this.configFor(uri), slowRules);
    return this.record(uri, partial.document, sortDiagnostics([...partial.all, ...slow]), true);
  }

  private record(uri: string, document: AnalyzedDocument, all: Diagnostic[], complete: boolean): DiagnosedDocument {
    const result = { document, all, own: all.filter((diagnostic) => diagnostic.uri === uri), complete, configGeneration: this.configGeneration };
    this.diagnosed.set(uri, result);
    return result;
  }

  /**
   * The files analyzed with a document: the files it imports and, as the CLI does, the files of its folder that are
   * connected to it by imports in either direction (so a file imported by another sees the importer's elements).
   */
  private programOf(uri: string, reads: Set<string>): ReturnType<typeof loadProgram> {
    const texts = new Map<string, string | undefined>();
    const read = (fileUri: string): string | undefined => {
      const open = this.documents.get(fileUri);
      if (open) return open.text;
      if (!texts.has(fileUri)) texts.set(fileUri, this.disk.text(fileUri));
      return texts.get(fileUri);
    };
    // Only the final program's reads count as dependencies: the search for the stamp's members reads every candidate.
    const host: SourceHost = { read };
    const recordingHost: SourceHost = {
      read: (fileUri) => {
        reads.add(fileUri);
        return read(fileUri);
      },
    };
    // The stamp of a file in a workspace folder may span the whole workspace; outside one, its own folder.
    const besides = stampFilesBeside(uri, [...this.documents.keys()]);
    const elsewhere = this.isInWorkspace(uri) ? this.workspaceFileUris().slice(0, maximumWorkspaceFiles) : [];
    const neighbours = [...new Set([...besides, ...elsewhere])].filter((other) => other !== uri);
    if (neighbours.length === 0) return loadProgram([uri], recordingHost, this.checkedFiles);
    const everything = loadProgram([uri, ...neighbours], host, this.checkedFiles);
    const group = groupIntoStamps(everything.files.map((file) => file.uri), everything.links).find((members) => members.includes(uri)) ?? [uri];
    return loadProgram([uri, ...group.filter((member) => member !== uri)], recordingHost, this.checkedFiles);
  }

  /** Runs `validate` after `delayMs` unless another change comes first; stale versions are skipped by the caller. */
  scheduleValidation(uri: string, delayMs: number, validate: (uri: string, version: number) => void): void {
    this.cancelValidation(uri);
    const version = this.documents.get(uri)?.version;
    if (version === undefined) return;
    if (delayMs <= 0) {
      validate(uri, version);
      return;
    }
    this.pendingValidation.set(uri, setTimeout(() => {
      this.pendingValidation.delete(uri);
      const current = this.documents.get(uri);
      if (current && current.version === version) validate(uri, version);
    }, delayMs));
  }

  cancelValidation(uri: string): void {
    const pending = this.pendingValidation.get(uri);
    if (pending) clearTimeout(pending);
    this.pendingValidation.delete(uri);
  }
}

/** How many files of a folder are considered at most when looking for the files that import a document. */
const maximumNeighbourFiles = 200;

/** How many workspace files are considered at most when looking for the files of a document's stamp. */
const maximumWorkspaceFiles = 2000;

/** Folders never searched for `.stamp` files. */
const skippedFolders = new Set(['node_modules']);

/** The `.stamp` files under some folders (file URIs), skipping node_modules and dot-folders; only names are read. */
function listStampFiles(folderUris: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (path: string, depth: number): void => {
    if (depth > 20 || found.length >= maximumWorkspaceFiles) return;
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) visit(child, depth + 1);
      } else if (entry.isFile() && entry.name.endsWith('.stamp')) {
        found.push(pathToFileURL(child).toString());
      }
    }
  };
  for (const folder of folderUris) {
    try {
      visit(fileURLToPath(folder), 0);
    } catch {
      // A folder that is not a local path holds no files we can list.
    }
  }
  return found.sort();
}

/** Texts of `.stamp` files on disk, reread only when the file's modification time or size changed. */
export class DiskStampFiles {
  private readonly entries = new Map<string, { mtimeMs: number; size: number; text: string }>();

  text(uri: string): string | undefined {
    if (!uri.endsWith('.stamp')) return undefined;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    try {
      const stat = statSync(path);
      if (!stat.isFile()) return undefined;
      const cached = this.entries.get(uri);
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
      const text = readFileSync(path, 'utf8');
      this.entries.set(uri, { mtimeMs: stat.mtimeMs, size: stat.size, text });
      return text;
    } catch {
      this.entries.delete(uri);
      return undefined;
    }
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The other .stamp files in a document's folder (on disk or open), for finding the files that import it. */
function stampFilesBeside(uri: string, openUris: readonly string[]): string[] {
  const pathOf = (fileUri: string): string | undefined => {
    try {
      const path = fileURLToPath(fileUri);
      return process.platform === 'win32' ? path.toLowerCase() : path;
    } catch {
      return undefined;
    }
  };
  const ownPath = uri.startsWith('file:') ? pathOf(uri) : undefined;
  if (!ownPath) return [];
  const folder = dirname(ownPath);
  // Keyed by path, so an open document keeps the URI spelling the editor uses (drive letters, escapes).
  const found = new Map<string, string>();
  try {
    for (const name of readdirSync(folder)) {
      if (found.size >= maximumNeighbourFiles) break;
      if (!name.endsWith('.stamp')) continue;
      const path = join(folder, name);
      found.set(process.platform === 'win32' ? path.toLowerCase() : path, pathToFileURL(path).toString());
    }
  } catch {
    // An unreadable folder only means no neighbours.
  }
  for (const open of openUris) {
    const path = open.startsWith('file:') ? pathOf(open) : undefined;
    if (path && dirname(path) === folder) found.set(path, open);
  }
  found.delete(ownPath);
  return [...found.values()].sort();
}

/** Maps the statements of one file to the elements the checker built from them. */
function statementMeaning(analysis: Analysis, uri: string): StatementMeaning {
  const elementOf = new Map<SyntaxStatement, Element>();
  const holderOf = new Map<SyntaxStatement, Element>();
  for (const element of analysis.model.index.all) {
    if (element.uri !== uri) continue;
    elementOf.set(element.statement, element);
    for (const properties of element.properties.values()) for (const property of properties) holderOf.set(property.statement, element);
  }
  return { elementOf, holderOf };
}
