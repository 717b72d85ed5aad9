// Wires the language server: document sync, validation, configuration and every request handler, on one connection.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ErrorCodes,
  FoldingRangeKind,
  ResponseError,
  SemanticTokensBuilder,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatStamp } from '../../../grammar/src/format.js';
import { prepareParser } from '../../../grammar/src/parser.js';
import { errorText } from '../../../grammar/src/program.js';
import { lineBreakAfter } from '../../../grammar/src/text.js';
import { readLimitsOf } from '../analysis/read-policy.js';
import { StampWorkspace, type AnalyzedDocument, type DiagnosedDocument } from '../analysis/workspace.js';
import type { StampFileSystem } from '../analysis/file-system.js';
import { configFileName } from '../analysis/config.js';
import { describeError, onRuleFailure } from '../analysis/rule-failure.js';
import { forgetLayouts, handleExportRequest, handleGraphRequest } from '../graph/request.js';
import { warmUpLayouts } from '../graph/warm-up.js';
import { handleFailablePartsRequest, handleResilienceRequest, handleSimulateRequest } from '../resilience/request.js';
import { handleCompareInventory, handleImportInventory } from '../import/request.js';
import type { StampInitializationOptions, StampNotifications, StampRequests } from '../../../protocol/src/protocol.js';
import { completionsAt } from '../features/completion.js';
import { fixAllAction, missingLoginActions, quickFixesFor, type StampCodeAction } from '../features/code-actions.js';
import { hoverAt } from '../features/hover.js';
import { definitionAt, prepareRenameAt, referencesAt, renameAt } from '../features/navigation.js';
import { foldingSpansOf, outlineOf } from '../features/outline.js';
import { semanticTokenModifiers, semanticTokenTypes, semanticTokensOf } from '../features/semantic-tokens.js';
import { ConfigurationStore } from './configuration.js';
import { ruleDiagnosticsInSteps, slowRules } from '../analysis/diagnose.js';
import { afterThisTurn } from '../analysis/next-turn.js';
import { analysisWarmUpSteps } from '../analysis/warm-up.js';
import {
  PositionMapper, toCompletionItem, toDocumentSymbol, toFailableParts, toGraphResult, toLspDiagnostic, toResilienceResult,
  toSimulateResult, toWorkspaceEdit, toWorkspaceSymbol,
} from './convert.js';
import { workspaceSymbols } from '../features/workspace-symbols.js';

/** How long typing must pause before the slow rules run on a large stamp. */
const slowRuleDelayMs = 600;

/**
 * How long after a change a document is validated: long enough to take the changes of one editor action (they arrive
 * together) as one, short enough not to add to what the user waits for. Changes that arrive while an analysis runs
 * wait in the input queue and are taken together too, since each resets this timer.
 */
const changeDebounceMs = 5;

/** The slow rules run in slices of about this many milliseconds, so that requests never wait longer than one slice. */
const slowRuleSliceMs = 8;

/** A position from the client, checked: two non-negative integers, or an error naming what is wrong. */
function checkedPosition(position: unknown): { line: number; character: number } {
  const candidate = position as { line?: unknown; character?: unknown } | undefined;
  const valid = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
  if (!candidate || !valid(candidate.line) || !valid(candidate.character)) throw new Error(`not a position: ${JSON.stringify(position)?.slice(0, 100)}`);
  return { line: candidate.line, character: candidate.character };
}

/**
 * What the server reads files through (`.stamp` files and stamp.config.json): server/src/main.ts passes the Node
 * implementation (server/src/node), server/src/browser/main.ts the files a web client sends.
 */
export interface ServerHost {
  /** The `.stamp` files of the workspace. */
  fileSystem: StampFileSystem;
  /** Collects garbage at once (Node); called when a large document is closed, so its analysis is not kept meanwhile. */
  releaseMemory?: () => void;
}

/**
 * The analysis warm-up runs its steps in slices of about this many milliseconds, one slice per task: a message that
 * arrives meanwhile waits at most for the slice (and a step that is slow while the code is still cold).
 */
const warmUpSliceMs = 2;

/**
 * How many times the warm-up analyses its stamp: the first round compiles, the later ones give V8 the run counts that
 * make it optimise the hot loops. At 1k lines, 4 rounds took the first open's main-thread CPU from 90-110 ms (1 round)
 * to 60-70 ms; 10 rounds did no better (docs/performance.md, "Twelfth round").
 */
const warmUpRounds = 4;

/**
 * The warm-up starts this long after `initialized`: a client that opens a document at once (most do) has its didOpen
 * read first, and then the warm-up does not run at all (the open warms the same code).
 */
const warmUpDelayMs = 30;

/** A closed document at least this long (UTF-16 units; about 28,000 lines of a generated stamp) releases memory at once. */
const releaseAfterClosingChars = 1_000_000;

/** Starts the Stamp language server on a connection (stdio, node-ipc or a test stream), reading files through `host`. */
export function startServer(connection: Connection, host: ServerHost): void {
  const { fileSystem, releaseMemory } = host;
  // Chevrotain's analysis of the grammar (tens of milliseconds) is paid here, at start, not by the first open.
  prepareParser();
  // A change whose version is not newer than the document's is stale (reordered or replayed): it is ignored, so the
  // text is never rolled back or patched at the wrong offsets.
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
    update: (document, changes, version) => {
      if (typeof version === 'number' && version <= document.version) {
        connection.console.warn(`Ignored a change of ${document.uri} to version ${version}: version ${document.version} is already applied.`);
        return document;
      }
      return TextDocument.update(document, changes, version);
    },
  });
  const configuration = new ConfigurationStore(connection, fileSystem);
  const workspace = new StampWorkspace((uri) => configuration.configFor(uri), fileSystem);
  workspace.onInternalError = (what, error) => connection.console.error(`${what}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  let supportsDocumentChanges = false;
  let registersConfigurationChanges = false;
  const positionsOf = new WeakMap<AnalyzedDocument, PositionMapper>();

  const positions = (document: AnalyzedDocument): PositionMapper => {
    let mapper = positionsOf.get(document);
    // The document's own line index is the one its analysis already built (of the same text): not scanned again.
    if (!mapper) positionsOf.set(document, (mapper = new PositionMapper(document.analysis.model.texts, { uri: document.uri, lines: document.lines })));
    return mapper;
  };

  /** Logs an error to the output channel; never throws (the connection may be the thing that failed). */
  const logError = (what: string, error: unknown): void => {
    try {
      connection.console.error(`${what}: ${describeError(error)}`);
    } catch {
      // Nowhere left to report it.
    }
  };

  /** Waits for a message the server sends without awaiting it; a rejection (the client went away) is logged, never unhandled. */
  const settle = (what: string, sending: Promise<unknown>): void => {
    sending.catch((error: unknown) => logError(`${what} failed`, error));
  };

  // A rule that throws becomes an INTERNAL diagnostic on the element it was checking; its stack goes to the output channel.
  const stopLoggingRuleFailures = onRuleFailure((failure) => {
    const where = failure.element ? ` while checking ${failure.element.kind.id} ${failure.element.name} (${failure.element.uri}:${failure.element.line})` : '';
    logError(`Rule ${failure.ruleId} failed${where}`, failure.error);
  });
  connection.onExit(() => stopLoggingRuleFailures());

  /** Runs a handler; an exception is logged and answered with the fallback, so one bad request never stops the server. */
  const guarded = <P, R>(name: string, fallback: R, handler: (params: P, token?: CancellationToken) => R | Promise<R>) =>
    async (params: P, token?: CancellationToken): Promise<R> => {
      // A request the editor already gave up on (the user typed on) is not worth computing.
      if (token?.isCancellationRequested) return fallback;
      try {
        return await handler(params, token);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        connection.console.error(`${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        return fallback;
      }
    };

  /** Answers a `stamp/*` request: the method, its parameters and its result are those of protocol/src/protocol.ts. */
  const onStampRequest = <M extends keyof StampRequests>(
    method: M,
    handler: (params: StampRequests[M]['params']) => StampRequests[M]['result'] | Promise<StampRequests[M]['result']>,
  ): void => {
    connection.onRequest(method, guarded(method, null, handler));
  };

  /** Sends a `stamp/*` notification declared in protocol/src/protocol.ts. */
  const sendStampNotification = <M extends keyof StampNotifications>(method: M, params: StampNotifications[M]): void => {
    settle(method, connection.sendNotification(method, params));
  };

  /** Publishes a document's diagnostics (and those of the unopened files of its stamp), then tells the preview. */
  const publish = (uri: string, version: number, diagnosed: DiagnosedDocument): void => {
    const mapper = positions(diagnosed.document);
    settle('publishing diagnostics', connection.sendDiagnostics({ uri, version, diagnostics: diagnosed.own.map((diagnostic) => toLspDiagnostic(diagnostic, mapper)) }));
    publishOtherFiles(uri, diagnosed, mapper);
    sendStampNotification('stamp/didAnalyze', { uri, version });
  };

  const validate = (uri: string, version: number): void => {
    try {
      const diagnosed = workspace.diagnosisOf(uri);
      if (!diagnosed || diagnosed.document.version !== version) return;
      const started = performance.now();
      publish(uri, version, diagnosed);
      connection.console.debug(`Analyzed ${uri} v${version}: ${diagnosed.document.milliseconds.toFixed(1)} ms analysis, ${(performance.now() - started).toFixed(1)} ms publish, ${diagnosed.own.length} diagnostics.`);
      configuration.publishFileProblems();
      if (!diagnosed.complete) scheduleSlowRules(uri, version);
    } catch (error) {
      // Never silent, never stale: the current version gets one internal-error diagnostic, the details go to the log.
      connection.console.error(`Validating ${uri} v${version} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      if (workspace.document(uri)?.version !== version) return;
      const message = `Stamp could not check this version of the file (internal error: ${errorText(error)}). Details are in the Stamp output channel.`;
      void connection.sendDiagnostics({ uri, version, diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 1, source: 'stamp', code: 'INTERNAL', message }] });
      sendStampNotification('stamp/didAnalyze', { uri, version });
    }
  };

  /**
   * On a large stamp the slow rules (the failure analysis) run once typing has paused, a slice at a time: between slices
   * the server answers requests from the analysis it has, and a newer version of the document ends the run unpublished.
   */
  const slowTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const slowRuns = new Map<string, { cancelled: boolean }>();
  const cancelSlowRules = (uri: string): void => {
    clearTimeout(slowTimers.get(uri));
    slowTimers.delete(uri);
    const run = slowRuns.get(uri);
    if (run) run.cancelled = true;
    slowRuns.delete(uri);
  };
  const scheduleSlowRules = (uri: string, version: number): void => {
    cancelSlowRules(uri);
    slowTimers.set(uri, setTimeout(() => {
      slowTimers.delete(uri);
      const run = { cancelled: false };
      slowRuns.set(uri, run);
      void runSlowRules(uri, version, run).finally(() => {
        if (slowRuns.get(uri) === run) slowRuns.delete(uri);
      });
    }, slowRuleDelayMs));
  };
  const runSlowRules = async (uri: string, version: number, run: { cancelled: boolean }): Promise<void> => {
    try {
      const current = workspace.diagnosisOf(uri);
      if (!current || current.document.version !== version || current.complete) return;
      const started = performance.now();
      connection.console.debug(`Slow rules for ${uri} v${version} started.`);
      const steps = ruleDiagnosticsInSteps(current.document.analysis, configuration.configFor(uri), slowRules);
      let sliceStarted = performance.now();
      let next = steps.next();
      while (!next.done) {
        if (performance.now() - sliceStarted >= slowRuleSliceMs) {
          // Two turns of the event loop. A request that arrived during the slice is read in the first turn, and its
          // handler is queued (as an immediate) behind this continuation: with one turn the next slice ran before it, so
          // a request waited for the rest of one slice and the whole of the next. The second turn lets it answer first.
          await afterThisTurn();
          await afterThisTurn();
          // A newer edit, a closed document or a new configuration makes this run's result stale: drop it.
          if (run.cancelled || workspace.document(uri)?.version !== version || workspace.diagnosisOf(uri) !== current) return;
          sliceStarted = performance.now();
        }
        next = steps.next();
      }
      const complete = workspace.completeDiagnosisOf(uri, next.value);
      if (!complete || complete.document.version !== version) return;
      publish(uri, version, complete);
      connection.console.debug(`Slow rules for ${uri} v${version}: ${(performance.now() - started).toFixed(1)} ms.`);
    } catch (error) {
      connection.console.error(`Slow rules for ${uri} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  };

  /** Publishes the diagnostics of the unopened files of a document's stamp (a problem may belong to a file not open). */
  const publishOtherFiles = (uri: string, diagnosed: DiagnosedDocument, mapper: PositionMapper): void => {
    for (const other of workspace.otherFilesToPublish(uri, diagnosed)) {
      settle('publishing diagnostics', connection.sendDiagnostics({ uri: other.uri, diagnostics: other.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, mapper)) }));
    }
  };

  const revalidateAll = (): void => {
    for (const uri of workspace.openUris()) workspace.scheduleValidation(uri, 0, validate);
    configuration.publishFileProblems();
  };

  /**
   * Reads the settings again; only when what decides diagnostics changed are the open documents checked again (the
   * settings first read at start-up usually equal the defaults a document opened before them was checked with, and
   * checking a 100k-line stamp again costs seconds).
   */
  const settingsRefreshed = async (refresh: () => Promise<void>): Promise<void> => {
    const before = configuration.settingsKey();
    await refresh();
    if (configuration.settingsKey() === before) {
      configuration.publishFileProblems();
      return;
    }
    workspace.setLimits(readLimitsOf(configuration.maxFileSizeMB));
    workspace.configurationChanged();
    revalidateAll();
  };

  /** The current diagnosis of an open document, or undefined once it is closed. */
  const diagnosisOf = (uri: string): DiagnosedDocument | undefined => workspace.diagnosisOf(uri);

  /** Set by the first didOpen: the analysis warm-up stops (or never starts), since a real open warms the same code. */
  let documentOpened = false;

  /**
   * Analyses a made-up stamp in the background (see analysis/warm-up.ts), one slice per task, and converts its
   * diagnostics as a publish would, without sending them: the first open then runs compiled code. Publishes nothing
   * and touches no document; stops as soon as a document is opened.
   */
  const warmUpAnalysis = (): void => {
    const steps = analysisWarmUpSteps(warmUpRounds);
    const cpuStarted = typeof process === 'object' && process.cpuUsage ? process.cpuUsage() : undefined;
    const started = performance.now();
    let slices = 0;
    let longestMs = 0;
    const slice = (): void => {
      try {
        if (documentOpened) {
          connection.console.debug(`Analysis warm-up stopped after ${slices} slice(s): a document was opened.`);
          return;
        }
        if (slices === 0) connection.console.debug('Analysis warm-up started.');
        slices++;
        const sliceStarted = performance.now();
        let next = steps.next();
        while (!next.done && performance.now() - sliceStarted < warmUpSliceMs) next = steps.next();
        longestMs = Math.max(longestMs, performance.now() - sliceStarted);
        if (!next.done) {
          schedule();
          return;
        }
        const { analysis, diagnostics } = next.value;
        const mapper = new PositionMapper(analysis.model.texts);
        // What a publish serialises; the result is dropped.
        JSON.stringify({ uri: analysis.files[0].uri, version: 1, diagnostics: diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, mapper)) });
        const cpu = cpuStarted ? ` (${(process.cpuUsage(cpuStarted).user / 1000).toFixed(0)} ms CPU)` : '';
        connection.console.info(`Analysis warm-up: ${slices} slices in ${(performance.now() - started).toFixed(0)} ms${cpu}, the longest ${longestMs.toFixed(1)} ms.`);
      } catch (error) {
        logError('Analysis warm-up failed', error);
      }
    };
    const schedule = (delayMs = 0): void => {
      const timer = setTimeout(slice, delayMs);
      // A pending warm-up never keeps a process alive.
      (timer as { unref?: () => void }).unref?.();
    };
    schedule(warmUpDelayMs);
  };

  let warmUpPreview = false;
  connection.onInitialize((params): InitializeResult => {
    const capabilities = params.capabilities;
    configuration.canPullSettings = capabilities.workspace?.configuration === true;
    supportsDocumentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    registersConfigurationChanges = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    configuration.setWorkspaceFolders(folders);
    workspace.setFolders(folders);
    if (!configuration.canPullSettings) void configuration.refreshSettings(params.initializationOptions);
    warmUpPreview = (params.initializationOptions as StampInitializationOptions | undefined)?.warmUpPreview === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', ','], resolveProvider: false },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentFormattingProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...semanticTokenTypes], tokenModifiers: [...semanticTokenModifiers] }, full: true },
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, 'source.fixAll.stamp', CodeActionKind.Source] },
      },
      serverInfo: { name: 'stamp-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    connection.console.info(`Stamp language server started (${typeof process === 'object' && process.version ? `node ${process.version}, pid ${process.pid}` : 'web worker'}).`);
    if (!documentOpened) warmUpAnalysis();
    if (registersConfigurationChanges) settle('registering for configuration changes', connection.client.register(DidChangeConfigurationNotification.type, { section: 'stamp' }));
    await settingsRefreshed(() => configuration.refreshSettings());
    // A client that shows the preview: lay a made-up stamp out once in the background, so that the user's first preview is not ELK's first run.
    if (warmUpPreview) {
      connection.console.info('Preview warm-up: laying a made-up stamp out in the background.');
      void warmUpLayouts().then((report) => connection.console.info(report.skipped
        ? `Preview warm-up stopped after ${report.views} view(s): ${report.skipped}.`
        : `Preview warm-up: ${report.views} views laid out in ${report.ms} ms.`));
    }
  });

  connection.onDidChangeConfiguration(guarded('didChangeConfiguration', undefined, async (params) => {
    await settingsRefreshed(() => configuration.refreshSettings(params.settings));
  }));

  /** Files changed on disk (or in the client's file system): forget what was read and validate what read them. */
  const filesChanged = (uris: readonly string[]): void => {
    const configChanged = uris.some((uri) => uri.endsWith(`/${configFileName}`));
    if (configChanged) {
      configuration.filesChanged();
      workspace.configurationChanged();
    }
    // A .stamp file changed on disk: validate again the open documents whose stamp read it or now includes it.
    const affected = workspace.filesChanged([...uris]);
    if (configChanged) revalidateAll();
    else for (const uri of affected) workspace.scheduleValidation(uri, 0, validate);
  };

  connection.onDidChangeWatchedFiles(guarded('didChangeWatchedFiles', undefined, (params) => {
    filesChanged(params.changes.map((change) => change.uri));
  }));

  // A client whose files the server cannot read itself (VS Code for the Web) sends their contents instead.
  const clientFiles = (params: StampNotifications['stamp/didChangeFiles']): void => {
    if (!fileSystem.applyClientFiles) return;
    fileSystem.applyClientFiles(params.files);
    filesChanged(params.files.map((file) => file.uri));
  };
  connection.onNotification('stamp/didChangeFiles', guarded('stamp/didChangeFiles', undefined, clientFiles));

  documents.onDidOpen((event) => {
    documentOpened = true;
    const document = event.document;
    workspace.open(document.uri, document.getText(), document.version);
    workspace.scheduleValidation(document.uri, 0, validate);
  });
  documents.onDidChangeContent((event) => {
    const document = event.document;
    const known = workspace.document(document.uri);
    if (known && known.version === document.version && known.text === document.getText()) return;
    const dependents = workspace.change(document.uri, document.getText(), document.version);
    cancelSlowRules(document.uri);
    workspace.scheduleValidation(document.uri, changeDebounceMs, validate);
    // Documents that import this one are analyzed again with its new text.
    for (const uri of dependents) workspace.scheduleValidation(uri, changeDebounceMs, validate);
  });
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    cancelSlowRules(uri);
    forgetLayouts(uri);
    const large = workspace.document(uri)?.text.length ?? 0;
    const dependents = workspace.close(uri);
    // Once this handler has returned, nothing holds the closed document's text and analysis.
    if (releaseMemory && large >= releaseAfterClosingChars) setTimeout(releaseMemory, 0);
    settle('clearing diagnostics', connection.sendDiagnostics({ uri, diagnostics: [] }));
    for (const other of workspace.releasePublished(uri)) settle('clearing diagnostics', connection.sendDiagnostics({ uri: other, diagnostics: [] }));
    // Open documents of the same stamp now read the closed file from disk and publish its diagnostics as an unopened file.
    for (const other of dependents) workspace.scheduleValidation(other, 0, validate);
  });

  connection.onHover(guarded('hover', null, (params) => {
    const diagnosed = diagnosisOf(params.textDocument.uri);
    if (!diagnosed) return null;
    const document = diagnosed.document;
    const mapper = positions(document);
    const hover = hoverAt(document, diagnosed.all, mapper.offset(document.uri, params.position));
    if (!hover) return null;
    return { contents: { kind: 'markdown' as const, value: hover.markdown }, range: mapper.range(document.uri, hover.start, hover.end) };
  }));

  connection.onCompletion(guarded('completion', { isIncomplete: false, items: [] }, (params) => {
    const document = workspace.analysisOf(params.textDocument.uri);
    if (!document) return { isIncomplete: false, items: [] };
    const mapper = positions(document);
    const result = completionsAt(document, mapper.offset(document.uri, params.position));
    const range = mapper.range(document.uri, result.replaceStart, result.replaceEnd);
    return { isIncomplete: false, items: result.candidates.map((candidate) => toCompletionItem(candidate, range)) };
  }));

  connection.onDocumentSymbol(guarded('documentSymbol', [], (params) => {
    const document = workspace.analysisOf(params.textDocument.uri);
    if (!document) return [];
    const mapper = positions(document);
    return outlineOf(document).map((symbol) => toDocumentSymbol(symbol, document.uri, mapper));
  }));

  connection.onFoldingRanges(guarded('foldingRange', [], (params) => {
    const document = workspace.analysisOf(params.textDocument.uri);
    if (!document) return [];
    return foldingSpansOf(document).map((span) => ({ startLine: span.startLine, endLine: span.endLine, ...(span.comment ? { kind: FoldingRangeKind.Comment } : {}) }));
  }));

  connection.onDefinition(guarded('definition', null, (params) => {
    const document = workspace.analysisOf(params.textDocument.uri);
    if (!document) return null;
    const mapper = positions(document);
    const place = definitionAt(document, mapper.offset(document.uri, params.position));
    return place ? mapper.location(place.uri, place.start, place.end) : null;
  }));

  connection.onReferences(guarded('references', [], (params) => {
    const document = workspace.analysisOf(params.textDocument.uri);
    if (!document) return [];
    const mapper = positions(document);
    return referencesAt(document, mapper.offset(document.uri, params.position), params.context.includeDeclaration).map((place) => mapper.location(place.uri, place.start, place.end));
  }));

  connection.onPrepareRename(guarded('prepareRename', null, (params) => {
    const document = workspace.analysisOf(params.textDocument.uri);
    if (!document) return null;
    const mapper = positions(document);
    const result = prepareRenameAt(document, mapper.offset(document.uri, params.position));
    if (!result) return null;
    if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
    return { range: mapper.range(document.uri, result.start, result.end), placeholder: result.placeholder };
  }));

  connection.onRenameRequest(guarded('rename', null, (params) => {
    const document = workspace.analysisOf(params.textDocument.uri);
    if (!document) return null;
    const mapper = positions(document);
    const result = renameAt(document, mapper.offset(document.uri, params.position), params.newName);
    if (!result) throw new ResponseError(ErrorCodes.InvalidRequest, 'Place the cursor on the name of an element or on a reference to one.');
    if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
    return toWorkspaceEdit(result.edits, mapper, versionOf, supportsDocumentChanges);
  }));

  connection.onWorkspaceSymbol(guarded('workspaceSymbol', [], (params) => {
    const files = workspace.workspaceFiles();
    const mapper = new PositionMapper(new Map(files.map((file) => [file.uri, file.syntax.text])));
    return workspaceSymbols(files, params.query).map((entry) => toWorkspaceSymbol(entry, mapper));
  }));

  connection.onDocumentFormatting(guarded('formatting', [], (params) => {
    const document = workspace.analysisOf(params.textDocument.uri);
    if (!document) return [];
    const formatted = formatStamp(document.text);
    if (formatted === document.text) return [];
    const mapper = positions(document);
    return [{ range: mapper.range(document.uri, 0, document.text.length), newText: formatted }];
  }));

  connection.languages.semanticTokens.on(guarded('semanticTokens', { data: [] }, (params) => {
    const document = workspace.analysisOf(params.textDocument.uri);
    if (!document) return { data: [] };
    const builder = new SemanticTokensBuilder();
    const lines = document.lines;
    for (const token of semanticTokensOf(document)) {
      const type = semanticTokenTypes.indexOf(token.type);
      const modifiers = token.declaration ? 1 : 0;
      // The protocol wants single-line tokens: split multi-line block comments at line ends.
      let start = token.start;
      while (start < token.end) {
        const position = lines.positionAt(start);
        const lineBreak = lineBreakAfter(document.text, start);
        const end = !lineBreak || lineBreak.at >= token.end ? token.end : lineBreak.at;
        if (end > start) builder.push(position.line, position.character, end - start, type, modifiers);
        start = end === token.end ? end : end + lineBreak!.length;
      }
    }
    return builder.build();
  }));

  connection.onCodeAction(guarded('codeAction', [], (params) => {
    const diagnosed = diagnosisOf(params.textDocument.uri);
    if (!diagnosed) return [];
    const document = diagnosed.document;
    const mapper = positions(document);
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    const actions: CodeAction[] = [];
    const toAction = (action: StampCodeAction, lspDiagnostic?: (typeof params.context.diagnostics)[number]): CodeAction => ({
      title: action.title,
      kind: action.kind,
      edit: toWorkspaceEdit(action.edits, mapper, versionOf, supportsDocumentChanges, action.createFiles),
      ...(action.preferred ? { isPreferred: true } : {}),
      ...(lspDiagnostic ? { diagnostics: [lspDiagnostic] } : {}),
    });
    if (wants(CodeActionKind.QuickFix)) {
      for (const lspDiagnostic of Array.isArray(params.context.diagnostics) ? params.context.diagnostics : []) {
        // One malformed diagnostic (no range, a position that is not numbers) costs only its own actions.
        try {
          if (lspDiagnostic.source !== undefined && lspDiagnostic.source !== 'stamp') continue;
          const code = typeof lspDiagnostic.code === 'string' ? lspDiagnostic.code : String(lspDiagnostic.code ?? '');
          const start = mapper.offset(document.uri, checkedPosition(lspDiagnostic.range?.start));
          const end = mapper.offset(document.uri, checkedPosition(lspDiagnostic.range?.end));
          for (const action of quickFixesFor(diagnosed, code, start, end)) actions.push(toAction(action, lspDiagnostic));
        } catch (error) {
          connection.console.warn(`codeAction: skipped a malformed diagnostic (${error instanceof Error ? error.message : String(error)}).`);
        }
      }
      // A client whose context names no diagnostic the server can pair (none at all, or Monaco's LSP client, which
      // sends its markers without their codes) gets the fixes of the problems the server published for this
      // document that touch the requested range.
      if (actions.length === 0) {
        try {
          const from = mapper.offset(document.uri, checkedPosition(params.range?.start));
          const to = mapper.offset(document.uri, checkedPosition(params.range?.end));
          for (const diagnostic of diagnosed.own) {
            if (diagnostic.end < from || diagnostic.start > to) continue;
            for (const action of quickFixesFor(diagnosed, diagnostic.code, diagnostic.start, diagnostic.end)) actions.push(toAction(action));
          }
        } catch (error) {
          connection.console.warn(`codeAction: skipped a malformed range (${error instanceof Error ? error.message : String(error)}).`);
        }
      }
    }
    if (wants('source.fixAll.stamp')) {
      const fixAll = fixAllAction(diagnosed);
      if (fixAll) actions.push(toAction(fixAll));
    }
    if (!only || only.includes(CodeActionKind.Source)) {
      for (const action of missingLoginActions(diagnosed)) actions.push(toAction(action));
    }
    return actions;
  }));

  onStampRequest('stamp/graph', async (params) => {
    const diagnosed = diagnosisOf(params.uri);
    if (!diagnosed) return null;
    return toGraphResult(await handleGraphRequest(diagnosed.document.analysis, diagnosed.all, params.uri, params), positions(diagnosed.document));
  });

  onStampRequest('stamp/export', async (params) => {
    const diagnosed = diagnosisOf(params.uri);
    return diagnosed ? handleExportRequest(diagnosed.document.analysis, diagnosed.all, params.uri, params) : null;
  });

  // The failure analysis, for the preview's simulation: null when the document is not open.
  onStampRequest('stamp/failableParts', (params) => {
    const document = workspace.analysisOf(params.uri);
    return document ? toFailableParts(handleFailablePartsRequest(document.analysis, params.uri), positions(document)) : null;
  });
  onStampRequest('stamp/simulate', (params) => {
    const document = workspace.analysisOf(params.uri);
    if (!document) return null;
    const failed = Array.isArray(params.failed) ? params.failed.filter((id) => typeof id === 'string') : [];
    return toSimulateResult(handleSimulateRequest(document.analysis, params.uri, failed), positions(document));
  });
  onStampRequest('stamp/resilience', (params) => {
    const document = workspace.analysisOf(params.uri);
    return document ? toResilienceResult(handleResilienceRequest(document.analysis, params.uri), positions(document)) : null;
  });

  // Inventories: the client sends the chosen file's bytes; the answer is the files to write, or the drift.
  onStampRequest('stamp/importInventory', (params) => handleImportInventory(params));
  onStampRequest('stamp/compareInventory', (params) => {
    const document = workspace.analysisOf(params.uri);
    if (!document) return null;
    const result = handleCompareInventory(document.analysis, params);
    if ('problems' in result) return result;
    const mapper = positions(document);
    const byUri = new Map<string, ReturnType<typeof toLspDiagnostic>[]>();
    for (const diagnostic of result.drift) byUri.set(diagnostic.uri, [...(byUri.get(diagnostic.uri) ?? []), toLspDiagnostic(diagnostic, mapper)]);
    return { files: [...byUri].map(([uri, diagnostics]) => ({ uri, diagnostics })) };
  });

  function versionOf(uri: string): number | null {
    return workspace.document(uri)?.version ?? null;
  }

  documents.listen(connection);
  connection.listen();
}
