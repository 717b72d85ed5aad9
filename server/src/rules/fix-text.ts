// Text building for quick fixes that add several statements at once or whole blocks, in the style of the code around
// them. Single-property edits use grammar/src/edits.ts directly; this file composes them.
import type { TextEdit } from '../../../grammar/src/diagnostic.js';
import type { Element } from '../../../grammar/src/elements.js';
import { prop } from '../../../grammar/src/elements.js';
import type { PropertyKeyword } from '../../../grammar/src/schema.js';
import { indentationAt, insertStatement, setProperty } from '../../../grammar/src/edits.js';
import { hasLineBreak, lineBreakAfter, lineStartAt } from '../../../grammar/src/text.js';

/**
 * True when an element has no block, or its block opens and closes on one line. A block never closed (SYN004) is
 * judged from its opening brace to the end of its last statement: the style its statements are written in.
 */
export function blockIsOneLine(texts: Map<string, string>, element: Element): boolean {
  const block = element.statement.block;
  if (!block) return true;
  // Stryker disable next-line StringLiteral: equivalent: the model's texts hold every file its elements come from
  const text = texts.get(element.uri) ?? '';
  const end = block.close ?? block.statements.at(-1)?.end ?? block.open;
  return !hasLineBreak(text.slice(block.open, end));
}

/** The indentation a new statement gets inside an element's multi-line block (the same choice `insertStatement` makes). */
export function childIndentation(texts: Map<string, string>, element: Element): string {
  // Stryker disable next-line StringLiteral: equivalent: see blockIsOneLine
  const text = texts.get(element.uri) ?? '';
  const inner = element.statement.block?.statements ?? [];
  return inner.length > 0 ? indentationAt(text, inner[inner.length - 1].start) : `${indentationAt(text, element.statement.start)}  `;
}

/**
 * A statement with a block: `head { a; b }` on one line, or one inner statement per line below `head {`.
 * `indentation` is the indentation of the statement's own line (used only for the multi-line form).
 */
export function statementWithBlock(head: string, inner: readonly string[], oneLine: boolean, indentation: string): string {
  if (inner.length === 0) return head;
  if (oneLine) return `${head} { ${inner.join('; ')} }`;
  return `${head} {\n${inner.map((line) => `${indentation}  ${line}`).join('\n')}\n${indentation}}`;
}

/** How statements of one kind are written inside an element: on one line if any existing one is, else multi-line. */
export function siblingsUseOneLineBlocks(texts: Map<string, string>, siblings: readonly Element[], fallback = true): boolean {
  const withBlocks = siblings.filter((sibling) => sibling.statement.block && sibling.statement.block.statements.length > 0);
  if (withBlocks.length === 0) return fallback;
  return withBlocks.some((sibling) => blockIsOneLine(texts, sibling));
}

/** Adds several statements to an element's block in one edit, in the block's style. */
export function insertStatements(texts: Map<string, string>, element: Element, statements: readonly string[]): TextEdit {
  if (blockIsOneLine(texts, element)) return insertStatement(texts, element, statements.join('; '));
  return insertStatement(texts, element, statements.join(`\n${childIndentation(texts, element)}`));
}

/** Sets several properties of one element; the absent ones are added together in one edit so their order is kept. */
export function setProperties(texts: Map<string, string>, element: Element, values: ReadonlyArray<[keyword: PropertyKeyword, valueText: string]>): TextEdit[] {
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const [keyword, valueText] of values) {
    if (prop(element, keyword)) edits.push(setProperty(texts, element, keyword, valueText));
    else added.push(valueText ? `${keyword} ${valueText}` : keyword);
  }
  if (added.length > 0) edits.push(insertStatements(texts, element, added));
  return edits;
}

/** Deletes an element's statement: its whole line when it is alone there, otherwise the statement and its separator. */
export function removeStatement(texts: Map<string, string>, element: Element): TextEdit {
  return removeStatementAt(texts, element.uri, element.statement);
}

/** Deletes one statement (an element's or a property's), as `removeStatement` does. */
export function removeStatementAt(texts: Map<string, string>, uri: string, statement: { start: number; end: number }): TextEdit {
  // Stryker disable next-line StringLiteral: equivalent: see blockIsOneLine
  const text = texts.get(uri) ?? '';
  const { start, end } = statement;
  const lineStart = lineStartAt(text, start);
  const lineBreak = lineBreakAfter(text, end);
  const lineEnd = lineBreak ? lineBreak.at : text.length;
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t;]*(\/\/.*)?$/.test(text.slice(end, lineEnd))) {
    return { uri, start: lineStart, end: lineBreak ? lineEnd + lineBreak.length : lineEnd, newText: '' };
  }
  // Every part of the pattern is optional, so its first match is at the start of any text.
  const separator = /[ \t]*;?[ \t]*/.exec(text.slice(end))![0];
  // The last statement of a one-line block (`{ a; b }`): drop the separator before it instead, leaving `{ a }`.
  const before = /;[ \t]*$/.exec(text.slice(lineStart, start));
  if (!separator.includes(';') && before) return { uri, start: start - before[0].length, end, newText: '' };
  return { uri, start, end: end + separator.length, newText: '' };
}

/** Joins names for a message: `A`, `A and B`, `A, B and C`. */
export function joinNames(names: readonly string[]): string {
  // Stryker disable next-line StringLiteral: equivalent: joining one name or none uses no separator
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
