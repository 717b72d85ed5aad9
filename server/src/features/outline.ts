// The outline (document symbols) and the folding ranges of a document, from its elements and syntax tree.
import type { Element } from '../../../grammar/src/elements.js';
import type { ElementKind } from '../../../grammar/src/schema-types.js';
import type { SyntaxStatement } from '../../../grammar/src/syntax.js';
import type { AnalyzedDocument } from '../analysis/workspace.js';

/** One entry of the outline, by offsets. */
export interface OutlineSymbol {
  name: string;
  /** The element kind's label ("availability group"). */
  detail: string;
  symbol: ElementKind['symbol'];
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: OutlineSymbol[];
}

/** A foldable region by zero-based lines. */
export interface FoldingSpan {
  startLine: number;
  endLine: number;
  comment: boolean;
}

/** The hierarchical outline of the document's own elements. */
export function outlineOf(document: AnalyzedDocument): OutlineSymbol[] {
  return document.file.elements.map(symbolOf);
}

function symbolOf(element: Element): OutlineSymbol {
  const start = element.statement.start;
  const end = Math.max(element.statement.end, element.nameSpan.end);
  const selectionStart = Math.max(start, Math.min(element.nameSpan.start, end));
  const selectionEnd = Math.max(selectionStart, Math.min(element.nameSpan.end, end));
  return {
    name: element.name !== '' ? element.name : element.kind.keyword,
    detail: element.kind.label,
    symbol: element.kind.symbol,
    start,
    end,
    selectionStart,
    selectionEnd,
    children: element.children.map(symbolOf),
  };
}

/** Blocks that span lines (the closing brace stays visible) and multi-line block comments. */
export function foldingSpansOf(document: AnalyzedDocument): FoldingSpan[] {
  const spans: FoldingSpan[] = [];
  const lines = document.lines;
  const visit = (statements: readonly SyntaxStatement[]): void => {
    for (const statement of statements) {
      const block = statement.block;
      if (!block) continue;
      const startLine = lines.positionAt(statement.start).line;
      const closeLine = lines.positionAt(block.close ?? statement.end).line;
      const endLine = block.close !== undefined ? closeLine - 1 : closeLine;
      if (endLine > startLine) spans.push({ startLine, endLine, comment: false });
      visit(block.statements);
    }
  };
  visit(document.file.syntax.statements);
  // A line comment is on one line, so only block comments fold.
  for (const comment of document.file.syntax.comments) {
    const startLine = lines.positionAt(comment.start).line;
    const endLine = lines.positionAt(comment.end).line;
    if (endLine > startLine) spans.push({ startLine, endLine, comment: true });
  }
  return spans.sort((a, b) => a.startLine - b.startLine);
}
