// The document store of the server: open texts by URI, one cached analysis per document version, and debounced validation.
// It knows nothing of LSP: the lsp/ layer feeds it texts and turns what it computes into protocol messages.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { CheckedFile } from '../../../grammar/src/check.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';
import type { Element } from '../../../grammar/src/elements.js';
import type { SyntaxStatement } from '../../../grammar/src/syntax.js';
import { analyzeProgram, CheckedFileCache, groupIntoStamps, loadProgram, type SourceHost } from '../../../grammar/src/program.js';
import { LineIndex } from '../../../grammar/src/text.js';
import type { RuleConfig } from './config.js';
import { diagnose, fastRules, slowRuleElementThreshold } from './diagnose.js';
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

  constructor(private readonly configFor: (uri: string) => RuleConfig) {}

  open(uri: string, text: string, version: number): void {
    this.documents.set(uri, { uri, text, version });
  }

  /** Records a new text; returns the other open documents whose analysis read this one (they are now stale). */
  change(uri: string, text: string, version: number): string[] {
    this.documents.set(uri, { uri, text, version });
    const dependents: string[] = [];
    for (const [other, analyzed] of this.analyzed) {
      if (other !== uri && analyzed.analysis.files.some((file) => file.uri === uri)) dependents.push(other);
    }
    for (const other of dependents) {
      this.analyzed.delete(other);
      this.diagnosed.delete(other);
    }
    return dependents;
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.analyzed.delete(uri);
    this.diagnosed.delete(uri);
    this.cancelValidation(uri);
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

  /** Forgets every analysis, after a file on disk changed that an open document may import. */
  filesChanged(): void {
    this.checkedFiles = new CheckedFileCache();
    this.analyzed.clear();
    this.diagnosed.clear();
  }

  /** The analysis of the document's current version, computed once and shared by every request. */
  analysisOf(uri: string): AnalyzedDocument | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.analyzed.get(uri);
    if (cached && cached.version === document.version && cached.text === document.text) return cached;
    const started = performance.now();
    const analysis = analyzeProgram(this.programOf(uri));
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
    const all = diagnose(document.analysis, this.configFor(uri), complete ? allRules : fastRules);
    const own = all.filter((diagnostic) => diagnostic.uri === uri);
    const result = { document, all, own, complete, configGeneration: this.configGeneration };
    this.diagnosed.set(uri, result);
    return result;
  }

  /** The diagnostics with every rule, the slow ones included; computed at most once per version and configuration. */
  completeDiagnosisOf(uri: string): DiagnosedDocument | undefined {
    const partial = this.diagnosisOf(uri);
    if (!partial || partial.complete) return partial;
    const all = diagnose(partial.document.analysis, this.configFor(uri), allRules);
    const own = all.filter((diagnostic) => diagnostic.uri === uri);
    const result = { document: partial.document, all, own, complete: true, configGeneration: this.configGeneration };
    this.diagnosed.set(uri, result);
    return result;
  }

  /**
   * The files analyzed with a document: the files it imports and, as the CLI does, the files of its folder that are
   * connected to it by imports in either direction (so a file imported by another sees the importer's elements).
   */
  private programOf(uri: string): ReturnType<typeof loadProgram> {
    const texts = new Map<string, string | undefined>();
    const host: SourceHost = {
      read: (fileUri) => {
        const open = this.documents.get(fileUri);
        if (open) return open.text;
        if (!texts.has(fileUri)) texts.set(fileUri, readFileText(fileUri));
        return texts.get(fileUri);
      },
    };
    const neighbours = stampFilesBeside(uri, [...this.documents.keys()]);
    if (neighbours.length === 0) return loadProgram([uri], host, this.checkedFiles);
    const everything = loadProgram([uri, ...neighbours], host, this.checkedFiles);
    const group = groupIntoStamps(everything.files.map((file) => file.uri), everything.links).find((members) => members.includes(uri)) ?? [uri];
    return loadProgram([uri, ...group.filter((member) => member !== uri)], host, this.checkedFiles);
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

function readFileText(uri: string): string | undefined {
  try {
    const path = fileURLToPath(uri);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
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
