// The one place that turns the core's offsets, diagnostics and edits into LSP types, computing positions from each file's text.
import {
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  InsertTextFormat,
  SymbolKind,
  type CompletionItem,
  type CreateFile,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type Location,
  type Range,
  type TextDocumentEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
  type WorkspaceSymbol,
} from 'vscode-languageserver';
import type { Diagnostic, TextEdit } from '../../../grammar/src/diagnostic.js';
import type { ElementKind } from '../../../grammar/src/schema-types.js';
import { elementKind } from '../../../grammar/src/schema.js';
import { LineIndex } from '../../../grammar/src/text.js';
import { ruleById } from '../rules/registry.js';
import type { CompletionCandidate } from '../features/completion.js';
import type { OutlineSymbol } from '../features/outline.js';
import type { WorkspaceSymbolEntry } from '../features/workspace-symbols.js';
import { nameTokenType } from '../features/semantic-tokens.js';
import type {
  FailablePart, GraphNode, GraphProblem, GraphResult, OffsetRange, ResilienceResult, SimulateResult, StampGraph,
} from '../../../protocol/src/protocol.js';

/** Line indexes for every file of one analysis, built on first use. */
export class PositionMapper {
  private readonly indexes = new Map<string, LineIndex>();

  /** `known`: a line index the caller already has, of one of the files (of the same text as in `texts`). */
  constructor(private readonly texts: ReadonlyMap<string, string>, known?: { uri: string; lines: LineIndex }) {
    if (known && known.lines.text === texts.get(known.uri)) this.indexes.set(known.uri, known.lines);
  }

  lines(uri: string): LineIndex {
    let index = this.indexes.get(uri);
    if (!index) this.indexes.set(uri, (index = new LineIndex(this.texts.get(uri) ?? '')));
    return index;
  }

  range(uri: string, start: number, end: number): Range {
    const lines = this.lines(uri);
    return { start: lines.positionAt(start), end: lines.positionAt(end) };
  }

  offset(uri: string, position: { line: number; character: number }): number {
    return this.lines(uri).offsetAt(position);
  }

  location(uri: string, start: number, end: number): Location {
    return { uri, range: this.range(uri, start, end) };
  }

  /** The line/character range of an offset range of one of the files. */
  rangeOf(span: OffsetRange): Range {
    return this.range(span.uri, span.start, span.end);
  }
}

// The `stamp/*` results: the analysis computes offset ranges, the protocol carries line/character ranges.

/** The topology graph with line/character ranges. */
export function toProtocolGraph(graph: StampGraph<OffsetRange>, mapper: PositionMapper): StampGraph {
  const problem = (each: GraphProblem<OffsetRange>): GraphProblem => ({ ...each, range: mapper.rangeOf(each.range) });
  const node = (each: GraphNode<OffsetRange>): GraphNode => ({
    ...each, range: mapper.rangeOf(each.range), selectionRange: mapper.rangeOf(each.selectionRange), problems: each.problems.map(problem),
  });
  return { ...graph, nodes: graph.nodes.map(node), unattachedProblems: graph.unattachedProblems.map(problem) };
}

/** The `stamp/graph` answer with line/character ranges. */
export function toGraphResult(result: GraphResult<OffsetRange>, mapper: PositionMapper): GraphResult {
  const elements = result.graph.elements.map((element) => ({ ...element, range: mapper.rangeOf(element.range) }));
  return { ...result, graph: { ...result.graph, ...toProtocolGraph(result.graph, mapper), elements } };
}

/** The `stamp/failableParts` answer with line/character ranges. */
export function toFailableParts(parts: ReadonlyArray<FailablePart<OffsetRange>>, mapper: PositionMapper): FailablePart[] {
  return parts.map((part) => ({ ...part, range: mapper.rangeOf(part.range) }));
}

/** The `stamp/simulate` answer with line/character ranges. */
export function toSimulateResult(result: SimulateResult<OffsetRange>, mapper: PositionMapper): SimulateResult {
  return { ...result, services: result.services.map((service) => ({ ...service, range: mapper.rangeOf(service.range) })) };
}

/** The `stamp/resilience` answer with line/character ranges. */
export function toResilienceResult(result: ResilienceResult<OffsetRange>, mapper: PositionMapper): ResilienceResult {
  return {
    services: result.services.map((line) => ({ ...line, range: mapper.rangeOf(line.range) })),
    capacity: result.capacity.map((line) => ({ ...line, range: mapper.rangeOf(line.range) })),
    memoryCoverage: result.memoryCoverage,
  };
}

const severities: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A core diagnostic as an LSP diagnostic: stable code, `stamp` source, rule link, related places and tags. */
export function toLspDiagnostic(diagnostic: Diagnostic, positions: PositionMapper): LspDiagnostic {
  const rule = ruleById(diagnostic.code);
  const href = rule?.sources.find((source) => source.url)?.url;
  const result: LspDiagnostic = {
    range: positions.range(diagnostic.uri, diagnostic.start, diagnostic.end),
    severity: severities[diagnostic.severity],
    code: diagnostic.code,
    source: 'stamp',
    message: diagnostic.message,
  };
  if (href) result.codeDescription = { href };
  if (diagnostic.related && diagnostic.related.length > 0) {
    result.relatedInformation = diagnostic.related.map((place) => ({ location: positions.location(place.uri, place.start, place.end), message: place.message }));
  }
  if (diagnostic.tags && diagnostic.tags.length > 0) {
    result.tags = diagnostic.tags.map((tag) => (tag === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  if (diagnostic.fixes && diagnostic.fixes.length > 0) result.data = { fixes: diagnostic.fixes.length, ...diagnostic.data };
  return result;
}

/** Core edits (and files to create) as a workspace edit: versioned document changes when the client supports them, else plain changes. */
export function toWorkspaceEdit(
  edits: readonly TextEdit[], positions: PositionMapper, versionOf: (uri: string) => number | null, documentChanges: boolean,
  createFiles: ReadonlyArray<{ uri: string; text: string }> = [],
): WorkspaceEdit {
  const byUri = new Map<string, LspTextEdit[]>();
  for (const edit of edits) {
    let list = byUri.get(edit.uri);
    if (!list) byUri.set(edit.uri, (list = []));
    list.push({ range: positions.range(edit.uri, edit.start, edit.end), newText: edit.newText });
  }
  if (documentChanges) {
    const changes: Array<TextDocumentEdit | CreateFile> = [];
    for (const file of createFiles) {
      changes.push({ kind: 'create', uri: file.uri, options: { ignoreIfExists: true } });
      if (file.text !== '') changes.push({ textDocument: { uri: file.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: file.text }] });
    }
    for (const [uri, textEdits] of byUri) changes.push({ textDocument: { uri, version: versionOf(uri) }, edits: textEdits });
    return { documentChanges: changes };
  }
  return { changes: Object.fromEntries(byUri) };
}

const symbolKinds: Record<ElementKind['symbol'], SymbolKind> = {
  namespace: SymbolKind.Namespace,
  module: SymbolKind.Module,
  class: SymbolKind.Class,
  object: SymbolKind.Object,
  interface: SymbolKind.Interface,
  field: SymbolKind.Field,
  property: SymbolKind.Property,
  key: SymbolKind.Key,
  event: SymbolKind.Event,
  file: SymbolKind.File,
  struct: SymbolKind.Struct,
  variable: SymbolKind.Variable,
  constant: SymbolKind.Constant,
};

export function toDocumentSymbol(symbol: OutlineSymbol, uri: string, positions: PositionMapper): DocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: symbolKinds[symbol.symbol],
    range: positions.range(uri, symbol.start, symbol.end),
    selectionRange: positions.range(uri, symbol.selectionStart, symbol.selectionEnd),
    children: symbol.children.map((child) => toDocumentSymbol(child, uri, positions)),
  };
}

/** A workspace-symbol entry as an LSP symbol; a nested element's container is the element that holds it. */
export function toWorkspaceSymbol(entry: WorkspaceSymbolEntry, positions: PositionMapper): WorkspaceSymbol {
  const symbol: WorkspaceSymbol = { name: entry.name, kind: symbolKinds[entry.symbol], location: positions.location(entry.uri, entry.start, entry.end) };
  if (entry.containerName) symbol.containerName = entry.containerName;
  return symbol;
}

export function toCompletionItem(candidate: CompletionCandidate, range: Range): CompletionItem {
  const item: CompletionItem = {
    label: candidate.label,
    kind: completionKind(candidate),
    textEdit: { range, newText: candidate.insertText ?? candidate.label },
    insertTextFormat: candidate.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
  if (candidate.detail) item.detail = candidate.detail;
  if (candidate.documentation) item.documentation = { kind: 'markdown', value: candidate.documentation };
  if (candidate.sortText) item.sortText = candidate.sortText;
  if (candidate.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
  return item;
}

function completionKind(candidate: CompletionCandidate): CompletionItemKind {
  switch (candidate.kind) {
    case 'element':
      return CompletionItemKind.Keyword;
    case 'property':
      return CompletionItemKind.Property;
    case 'value':
      return CompletionItemKind.EnumMember;
    case 'word':
      return CompletionItemKind.Keyword;
    case 'reference':
      return candidate.elementKindId && nameTokenType(elementKind(candidate.elementKindId)) === 'class' ? CompletionItemKind.Class : CompletionItemKind.Variable;
  }
}
