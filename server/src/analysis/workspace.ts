// The document store of the server: open texts by URI and one cached analysis and diagnosis per document version.
// It knows nothing of LSP (the lsp/ layer feeds it texts and turns what it computes into protocol messages) and nothing
// of node:fs: files on disk come through the `StampFileSystem` it is given. Its helpers, one job each: disk-files.ts
// (unopened texts, workspace listing), program-loading.ts (which files a document's stamp spans),
// publish-ownership.ts (who publishes an unopened file's diagnostics), validation-timers.ts (debounce).
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { CheckedFile } from '../../../grammar/src/check.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';
import type { Element } from '../../../grammar/src/elements.js';
import type { SyntaxStatement } from '../../../grammar/src/syntax.js';
import { analyzeChecked, moveDiagnostics, type StampOffsets, type StampValueEdit } from '../../../grammar/src/analyze.js';
import { decodeUtf8, textOffsetOfByte } from '../../../grammar/src/encoding.js';
import { analyzeProgramReusing, CheckedFileCache, errorText, failedFile, importsOf } from '../../../grammar/src/program.js';
import { notUtf8Refusal, tooLargeRefusal, type FileRefusal } from '../../../grammar/src/source-policy.js';
import { LineIndex } from '../../../grammar/src/text.js';
import type { RuleConfig } from './config.js';
import { fastRules, ruleDiagnostics, slowRules, slowRulesRunAtOnce, sortDiagnostics } from './diagnose.js';
import { carryAcrossValueEdit, mergeInRuleOrder } from './value-edit-carry.js';
import { DiskStampFiles, WorkspaceFolders } from './disk-files.js';
import type { StampFileSystem } from './file-system.js';
import { loadStampProgram, type StampSources } from './program-loading.js';
import { PublishOwnership, type FilePublication } from './publish-ownership.js';
import type { ReadLimits } from './read-policy.js';
import { ValidationTimers } from './validation-timers.js';
import { allRules } from '../rules/registry.js';
import type { Rule } from '../rules/rule.js';

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

/**
 * What the checker made of each statement of the document. (A property statement's element is the element of its
 * parent statement: not mapped, as a map of every property statement held about 6 MB at 100k lines.)
 */
export interface StatementMeaning {
  readonly elementOf: Map<SyntaxStatement, Element>;
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
  /** The rules' findings among `all` (configuration and suppressions applied). */
  rules: Diagnostic[];
}

/** The open documents and their cached analyses. */
export class StampWorkspace {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly analyzed = new Map<string, AnalyzedDocument>();
  private readonly diagnosed = new Map<string, DiagnosedDocument & { configGeneration: number }>();
  /**
   * The last analysis and diagnosis of open documents whose analysis another document's edit made stale: the next
   * analysis re-uses them when that edit changed no meaning (see `analyzeReusing`).
   */
  private readonly superseded = new Map<string, { analyzed?: AnalyzedDocument; diagnosed?: DiagnosedDocument & { configGeneration: number } }>();
  /**
   * Rule findings carried over from the previous version's diagnosis, moved to the new offsets, by document: always of
   * the document's current analysis (`analysisOf` drops the entry before it builds another). After a value edit,
   * `rerun` lists the rules that must run again (their findings are not among `rules`).
   */
  private readonly carried = new Map<string, { rules: Diagnostic[]; complete: boolean; rerun?: readonly Rule[] }>();
  private configGeneration = 0;
  /** Checked files by URI and text, so an imported file that did not change is not parsed again. */
  private checkedFiles = new CheckedFileCache();
  /** The texts of unopened `.stamp` files, by URI, reread only when their modification time or size changes. */
  private readonly disk: DiskStampFiles;
  /** The workspace folders and the `.stamp` files found in them. */
  private readonly folders: WorkspaceFolders;
  /** Every URI each analysis read (or looked for and did not find), by the open document it analyzes. */
  private readonly readsOf = new Map<string, Set<string>>();
  /** The unopened files each open document last published diagnostics for, so they can be cleared later. */
  private readonly published = new PublishOwnership((uri) => this.documents.has(uri));
  private readonly timers = new ValidationTimers((uri) => this.documents.get(uri)?.version);

  constructor(private readonly configFor: (uri: string) => RuleConfig, private readonly fileSystem: StampFileSystem) {
    this.disk = new DiskStampFiles(fileSystem);
    this.folders = new WorkspaceFolders(fileSystem);
  }

  /** Sets the workspace folders (file URIs) whose `.stamp` files belong to stamps and to workspace symbols. */
  setFolders(folderUris: readonly string[]): void {
    this.folders.set(folderUris);
  }

  /** Every `.stamp` file under the workspace folders (node_modules and dot-folders skipped), open ones included. */
  workspaceFileUris(): string[] {
    const found = new Set(this.folders.stampFiles());
    for (const uri of this.documents.keys()) if (this.folders.contains(uri)) found.add(uri);
    return [...found].sort();
  }

  /** Every workspace `.stamp` file checked on its own: open documents from their text, others from disk (cached by mtime). */
  workspaceFiles(): CheckedFile[] {
    const files: CheckedFile[] = [];
    for (const uri of this.workspaceFileUris()) {
      const text = this.textOf(uri);
      if (text !== undefined) files.push(this.checkedFiles.get(uri, text));
    }
    return files;
  }

  /** The text of a file: the open document's, else the file's on disk; undefined for a file that is refused. */
  private textOf(uri: string): string | undefined {
    const document = this.documents.get(uri);
    if (!document) return this.disk.text(uri);
    return this.openRefusal(document) ? undefined : document.text;
  }

  /** Why a file is not analysed (too large, not UTF-8 on disk, not a regular file), or undefined. */
  refusalOf(uri: string): FileRefusal | undefined {
    const document = this.documents.get(uri);
    return document ? this.openRefusal(document) : this.disk.refusal(uri);
  }

  private readonly openRefusals = new Map<string, { version: number; text: string; refusal: FileRefusal | undefined }>();

  /**
   * An open document above the size limit is not analysed. One whose text has U+FFFD (what an editor shows for bytes
   * it could not decode) is checked against the file on disk: when those bytes are not UTF-8, the document gets one
   * diagnostic at the first bad byte instead of an analysis of a text that is not the file's.
   */
  private openRefusal(document: OpenDocument): FileRefusal | undefined {
    const cached = this.openRefusals.get(document.uri);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an editor never sends two texts under one version of an open document, and a close forgets the refusal.
    const sameText = cached?.text === document.text;
    if (cached && cached.version === document.version && sameText) return cached.refusal;
    let refusal: FileRefusal | undefined;
    if (document.text.length > this.disk.maxBytes) {
      refusal = tooLargeRefusal(document.text.length, this.disk.maxBytes);
    } else if (document.text.includes('\ufffd')) {
      const bytes = this.fileSystem.readBytes(document.uri, this.disk.maxBytes + 1);
      const decoded = bytes && bytes.length <= this.disk.maxBytes ? decodeUtf8(bytes) : undefined;
      if (bytes && decoded && !decoded.ok) {
        const offset = Math.min(textOffsetOfByte(bytes, decoded.byteOffset), document.text.length);
        refusal = { ...notUtf8Refusal(offset, decoded.byteOffset, decoded.message), text: document.text };
      }
    }
    this.openRefusals.set(document.uri, { version: document.version, text: document.text, refusal });
    return refusal;
  }

  /** Sets the size limit (the `stamp.maxFileSizeMB` setting); every analysis is computed again. */
  setLimits(limits: ReadLimits): void {
    // Stryker disable next-line ConditionalExpression: a shortcut; analysing again under the same limit gives the same answers.
    if (limits.maxBytes === this.disk.maxBytes) return;
    this.disk.setLimits(limits);
    this.openRefusals.clear();
    // A diagnosis is of one analysis (`analysisOf` drops it before it builds another), so dropping the analyses is enough.
    this.analyzed.clear();
    // Stryker disable next-line CallExpression: memory only; a superseded analysis is re-used only for files with the same meaning (analyzeProgramReusing checks), and a limit that refuses or admits a file changes the files.
    this.superseded.clear();
    // Stryker disable next-line CallExpression: memory only; the next analysis drops the carried findings before it builds (`analysisOf`).
    this.carried.clear();
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
    // Its checked text goes too: a closed file that belongs to a stamp is read (and checked) from disk again, and one
    // that exists only in the editor must not stay in memory.
    // Stryker disable next-line CallExpression: memory only; the cache is keyed by the text, so it never answers for another text.
    this.checkedFiles.delete(uri);
    this.openRefusals.delete(uri);
    this.analyzed.delete(uri);
    // Stryker disable next-line CallExpression: memory only; a diagnosis is used only with the analysis it was made of, which is gone.
    this.diagnosed.delete(uri);
    // Stryker disable next-line CallExpression: memory only; a superseded analysis is re-used only for files with the same meaning (analyzeProgramReusing checks), so a reopened document re-uses it only when that gives the same answer.
    this.superseded.delete(uri);
    // Stryker disable next-line CallExpression: memory only; the next analysis drops the carried findings before it builds (`analysisOf`).
    this.carried.delete(uri);
    // Stryker disable next-line CallExpression: memory only; only open documents are looked up here.
    this.readsOf.delete(uri);
    this.cancelValidation(uri);
    // Stryker disable next-line BooleanLiteral: the closed document is no longer open, so including it changes nothing.
    return this.invalidateReaders([uri], false);
  }

  document(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  openUris(): string[] {
    return [...this.documents.keys()];
  }

  /** Forgets every diagnosis (not the analyses), after the configuration changed. */
  configurationChanged(): void {
    // Stryker disable next-line UpdateOperator: counting down gives a new generation too; only equality is tested.
    this.configGeneration++;
    // Findings carried over were found under the previous configuration.
    this.carried.clear();
  }

  /**
   * Forgets what depends on files changed on disk (created, changed or deleted); returns the open documents to validate
   * again. An analysis depends on a file when it read it, looked for it (a missing import), or may now be connected to
   * it by imports (the file lies in the document's folder, whose files are all considered). Without URIs, forgets everything.
   */
  filesChanged(uris?: readonly string[]): string[] {
    if (!uris) {
      // Stryker disable next-line CallExpression: memory only; the cache is keyed by the text, so it never answers for another text.
      this.checkedFiles = new CheckedFileCache();
      this.disk.clear();
      this.folders.invalidate();
      this.analyzed.clear();
      // Stryker disable next-line CallExpression: memory only; a diagnosis is used only with the analysis it was made of.
      this.diagnosed.clear();
      // Stryker disable next-line CallExpression: memory only; a superseded analysis is re-used only for files with the same meaning (analyzeProgramReusing checks the files read now).
      this.superseded.clear();
      // Stryker disable next-line CallExpression: memory only; the next analysis drops the carried findings before it builds (`analysisOf`).
      this.carried.clear();
      // Stryker disable next-line CallExpression: stale reads can only name an open document whose analysis is already gone (cleared above) as stale again; it is validated once more with the same answer.
      this.readsOf.clear();
      return this.openUris();
    }
    // Stryker disable next-line MethodExpression,StringLiteral: another file (stamp.config.json) read as a stamp file is nobody's import and no open document, so it invalidates nothing.
    const stampUris = uris.filter((uri) => uri.endsWith('.stamp'));
    // Stryker disable next-line ConditionalExpression: a shortcut; with no stamp file, the loop and the search below find nothing.
    if (stampUris.length === 0) return [];
    for (const uri of stampUris) {
      this.disk.forget(uri);
      // Stryker disable next-line ConditionalExpression,BooleanLiteral,CallExpression: memory only; the cache is keyed by the text, so it never answers for another text.
      if (!this.documents.has(uri)) this.checkedFiles.delete(uri);
    }
    // A created or deleted file changes the list; listing again is cheap next to analyzing.
    this.folders.invalidate();
    // Stryker disable next-line BooleanLiteral: an open document is analysed from the editor's text, so its own file changing on disk changes nothing of it.
    return this.invalidateReaders(stampUris, true);
  }

  /**
   * Drops the analyses of open documents that read one of the files, or that read a file one of them now imports (the
   * file joins their stamp); returns those documents.
   */
  private invalidateReaders(uris: readonly string[], includeOwn: boolean): string[] {
    const importedNow = new Set<string>();
    for (const uri of uris) {
      const text = this.textOf(uri);
      if (text !== undefined) for (const link of importsOf(this.checkedFiles.get(uri, text))) importedNow.add(link.to);
    }
    const affected: string[] = [];
    for (const open of this.documents.keys()) {
      if (!includeOwn && uris.includes(open)) continue;
      const reads = this.readsOf.get(open);
      const touched = uris.includes(open) || uris.some((uri) => reads?.has(uri)) || [...importedNow].some((uri) => uri === open || reads?.has(uri));
      if (!touched) continue;
      // Kept aside: if the change turns out to change no meaning, the next analysis re-uses them.
      const analyzed = this.analyzed.get(open);
      if (analyzed) this.superseded.set(open, { analyzed, diagnosed: this.diagnosed.get(open) });
      this.analyzed.delete(open);
      // Stryker disable next-line CallExpression: memory only; a diagnosis is used only with the analysis it was made of.
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
  otherFilesToPublish(owner: string, diagnosed: DiagnosedDocument): FilePublication[] {
    return this.published.otherFiles(owner, diagnosed.document.analysis.files.map((file) => file.uri), diagnosed.all);
  }

  /** Forgets what a closed document published for other files; returns the files nobody else publishes for (to clear). */
  releasePublished(owner: string): string[] {
    return this.published.release(owner);
  }

  /** The analysis of the document's current version, computed once and shared by every request. */
  analysisOf(uri: string): AnalyzedDocument | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.analyzed.get(uri);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an editor never sends two texts under one version of an open document, and a close forgets the analysis.
    const sameText = cached?.text === document.text;
    if (cached && cached.version === document.version && sameText) return cached;
    // The previous version's analysis and diagnosis are released before the new one is built, so that the two are not
    // in memory together (at 100k lines the model, the symbol index and the diagnostics are tens of MB); what the new
    // version re-uses (the checked statements) lives in the checked-file cache.
    // Read before they are released: when the edit turns out to change no meaning, they are re-used (moved).
    const previous = cached ?? this.superseded.get(uri)?.analyzed;
    // The diagnosis kept is always of `previous`: the current one is of the cached analysis (it is dropped below before
    // another analysis is built), and a superseded pair is dropped here once read.
    const previousDiagnosis = this.diagnosed.get(uri) ?? this.superseded.get(uri)?.diagnosed;
    this.superseded.delete(uri);
    // Stryker disable next-line CallExpression: memory only; the entry is replaced at the end of this call (deleting it first lets the old analysis go while the new one is built).
    this.analyzed.delete(uri);
    this.diagnosed.delete(uri);
    const started = performance.now();
    const reads = new Set<string>();
    const { analysis, offsets, valueEdit } = this.analyzeIsolated(uri, document, reads, previous?.analysis);
    this.readsOf.set(uri, reads);
    // Stryker disable next-line LogicalOperator,ArrowFunction,ConditionalExpression,EqualityOperator: the document is the first file loaded, and its checked file comes from the same cache either way.
    const file = analysis.files.find((each) => each.uri === uri) ?? this.checkedFiles.get(uri, document.text);
    // An analysis that kept the previous one's symbol index (a re-used one, or a value edit's, whose files adopted the
    // earlier statements and elements) has the same elements and statements, so the same meaning of each statement.
    // Stryker disable next-line ConditionalExpression: mapping them again gives the same maps (the elements and statements of a kept index are the same objects, moved or patched in place); only the cost differs.
    const statements = previous && analysis.model.index === previous.analysis.model.index ? previous.statements : statementMeaning(analysis, uri);
    const result: AnalyzedDocument = {
      // The checked file's line index is of this same text (re-used: an edit then scans the text for line ends once); a
      // refused file or one the core failed on has none.
      uri, version: document.version, text: document.text, lines: file.lines ?? new LineIndex(document.text), file, analysis, statements, milliseconds: 0,
    };
    this.carried.delete(uri);
    if (offsets && previousDiagnosis && previousDiagnosis.configGeneration === this.configGeneration) {
      // No meaning changed: the rules would find what they found, at the new offsets.
      const rules = moveDiagnostics(previousDiagnosis.rules, offsets);
      if (rules) this.carried.set(uri, { rules, complete: previousDiagnosis.complete });
    } else if (valueEdit && previousDiagnosis && previousDiagnosis.configGeneration === this.configGeneration) {
      // Only values changed: the rules that read none of them would find what they found, at the new offsets. (A value
      // edit is reported only against a previous analysis, and the diagnosis kept is of it: see above.)
      const complete = slowRulesRunAtOnce(analysis.model);
      // A diagnosis of the fast rules only is not carried into one of every rule: it lacks the slow rules' findings.
      // Stryker disable next-line ConditionalExpression: `true` carries it all the same, and the findings are the same: the slow rules (the failure analysis) declare no reads, so they run again after every value edit; kept so that a slow rule that declares its reads is never carried without findings (the `false` form, never carrying, is marked with it and fails test/value-edit.test.ts by hand).
      if (previousDiagnosis.complete || !complete) {
        const carried = carryAcrossValueEdit(previousDiagnosis.rules, valueEdit, complete ? allRules : fastRules);
        if (carried) this.carried.set(uri, { rules: carried.kept, complete, rerun: carried.rerun });
      }
    }
    // Stryker disable next-line ArithmeticOperator: the time is only written to the debug log.
    result.milliseconds = performance.now() - started;
    this.analyzed.set(uri, result);
    return result;
  }

  /**
   * The analysis of a document's stamp. Whatever fails on the way (a bug, an input beyond a bound) ends as an
   * internal-error diagnostic, never as no answer: first the document is analysed alone, then, if even that fails,
   * it gets one INTERNAL diagnostic and no elements. The details go to `onInternalError` (the output channel).
   */
  private analyzeIsolated(uri: string, document: OpenDocument, reads: Set<string>, previous: Analysis | undefined): { analysis: Analysis; offsets?: StampOffsets; valueEdit?: StampValueEdit } {
    try {
      return analyzeProgramReusing(loadStampProgram(uri, this.sources(), reads), previous);
    } catch (error) {
      this.onInternalError(`Analysing the stamp of ${uri} v${document.version} failed`, error);
      const message = `Stamp could not analyse this file with the rest of its stamp (internal error: ${errorText(error)}); it is analysed alone. Details are in the Stamp output channel.`;
      try {
        const alone = analyzeChecked([this.checkedFiles.get(uri, document.text)]);
        alone.diagnostics.push({ uri, start: 0, end: 0, severity: 'error', code: 'INTERNAL', message });
        return { analysis: alone };
      } catch (again) {
        this.onInternalError(`Analysing ${uri} v${document.version} alone failed`, again);
        return { analysis: analyzeChecked([failedFile(uri, document.text, `Stamp could not analyse this file (internal error: ${errorText(again)}). Details are in the Stamp output channel.`)]) };
      }
    }
  }

  /** Told about every internal error with its details (the server logs them to the output channel). */
  onInternalError: (what: string, error: unknown) => void = () => {};

  /** Where the program loader finds a document's stamp: open texts first, then the disk. */
  private sources(): StampSources {
    return {
      fileSystem: this.fileSystem,
      read: (uri) => this.textOf(uri),
      refusal: (uri) => this.refusalOf(uri),
      openUris: () => [...this.documents.keys()],
      // The stamp of a file in a workspace folder may span the whole workspace; outside one, its own folder.
      // Stryker disable next-line ArrayDeclaration: a candidate that names no file (the mutant's text) is missing, imports nothing and joins no stamp.
      workspaceFilesFor: (uri) => (this.folders.contains(uri) ? this.workspaceFileUris() : []),
      checkedFiles: this.checkedFiles,
    };
  }

  /** The diagnostics of the document's current version under the current configuration, computed once. */
  diagnosisOf(uri: string): DiagnosedDocument | undefined {
    const document = this.analysisOf(uri);
    if (!document) return undefined;
    const cached = this.diagnosed.get(uri);
    // A diagnosis kept is of the current analysis (`analysisOf` drops it before it builds another).
    if (cached && cached.configGeneration === this.configGeneration) return cached;
    const carried = this.carried.get(uri);
    // Stryker disable next-line CallExpression: memory only; the findings are recorded in the diagnosis below, which answers until the next analysis or configuration, and either drops them.
    this.carried.delete(uri);
    if (carried) {
      const rules = carried.rerun ? mergeInRuleOrder(carried.rules, ruleDiagnostics(document.analysis, this.configFor(uri), carried.rerun)) : carried.rules;
      return this.record(uri, document, sortDiagnostics([...document.analysis.diagnostics, ...rules]), carried.complete, rules);
    }
    // A large stamp (or one whose failure analysis is costly) gets the fast rules first; `completeDiagnosisOf` adds the slow ones once typing pauses.
    const complete = slowRulesRunAtOnce(document.analysis.model);
    const rules = ruleDiagnostics(document.analysis, this.configFor(uri), complete ? allRules : fastRules);
    return this.record(uri, document, sortDiagnostics([...document.analysis.diagnostics, ...rules]), complete, rules);
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
    return this.record(uri, partial.document, sortDiagnostics([...partial.all, ...slow]), true, [...partial.rules, ...slow]);
  }

  private record(uri: string, document: AnalyzedDocument, all: Diagnostic[], complete: boolean, rules: Diagnostic[]): DiagnosedDocument {
    const result = { document, all, own: all.filter((diagnostic) => diagnostic.uri === uri), complete, rules, configGeneration: this.configGeneration };
    this.diagnosed.set(uri, result);
    return result;
  }

  /** Runs `validate` after `delayMs` unless another change comes first; stale versions are skipped by the caller. */
  scheduleValidation(uri: string, delayMs: number, validate: (uri: string, version: number) => void): void {
    this.timers.schedule(uri, delayMs, validate);
  }

  cancelValidation(uri: string): void {
    this.timers.cancel(uri);
  }
}

/**
 * Maps the statements of one file to the elements the checker built from them, on the first request that reads the
 * map: an open or an edit publishes its diagnostics without it (at 10k lines it is a pass over about 5,000 elements).
 */
function statementMeaning(analysis: Analysis, uri: string): StatementMeaning {
  // Only the symbol index is kept until then, not the analysis: a later version with the same index re-uses this object.
  const { index } = analysis.model;
  let elementOf: Map<SyntaxStatement, Element> | undefined;
  return {
    get elementOf(): Map<SyntaxStatement, Element> {
      // Stryker disable next-line ConditionalExpression: building the map again on every read gives the same map (cost only).
      if (!elementOf) {
        elementOf = new Map();
        for (const element of index.all) {
          // Stryker disable next-line ConditionalExpression: the elements of other files are keyed by statements of other files, which no request of this document looks up (the `true` form, which skips every element, is killed by test/workspace.test.ts).
          if (element.uri !== uri) continue;
          elementOf.set(element.statement, element);
        }
      }
      return elementOf;
    },
  };
}
