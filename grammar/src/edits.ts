// Text edits that change the model the way a user would: set a property, add a statement, extend a list.
// Every edit keeps the surrounding style (one-line blocks stay on one line; multi-line blocks get a new indented line).
import type { TextEdit } from './diagnostic.js';
import type { Element } from './elements.js';
import { prop } from './elements.js';
import type { PropertyKeyword } from './schema.js';
import { hasLineBreak, lineBreakAfter, lineStartAt } from './text.js';

function textOf(texts: Map<string, string>, element: Element): string {
  // Stryker disable next-line StringLiteral: the model's texts hold every file its elements come from
  return texts.get(element.uri) ?? '';
}

/** The indentation of the line an offset is on. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = lineStartAt(text, offset);
  // Read from the line's start without copying the rest of the text: a rule offering a fix for each of thousands of
  // elements asks this once per fix.
  let end = lineStart;
  while (text[end] === ' ' || text[end] === '\t') end++;
  return text.slice(lineStart, end);
}

function sameLine(text: string, from: number, to: number): boolean {
  return !hasLineBreak(text.slice(from, to));
}

/** The span of an element's head: its keyword and header, without the block. */
export function headSpan(element: Element): { start: number; end: number } {
  const statement = element.statement;
  const last = statement.args[statement.args.length - 1];
  return { start: statement.keywordStart, end: last ? last.end : statement.keywordEnd };
}

/** Adds a statement to an element's block (creating the block if needed), in the block's style. */
export function insertStatement(texts: Map<string, string>, element: Element, statementText: string): TextEdit {
  const text = textOf(texts, element);
  const statement = element.statement;
  const block = statement.block;
  if (!block) {
    const at = headSpan(element).end;
    return { uri: element.uri, start: at, end: at, newText: ` { ${statementText} }` };
  }
  const last = block.statements.at(-1);
  const indent = last ? indentationAt(text, last.start) : `${indentationAt(text, statement.start)}  `;
  if (block.close === undefined) {
    // An unclosed block (SYN004) goes on to its last statement: the new statement goes on a line after that one.
    const at = last ? last.end : block.open + 1;
    return { uri: element.uri, start: at, end: at, newText: `\n${indent}${statementText}` };
  }
  if (sameLine(text, block.open, block.close)) {
    if (!last) return { uri: element.uri, start: block.open + 1, end: block.close, newText: ` ${statementText} ` };
    return { uri: element.uri, start: last.end, end: last.end, newText: `; ${statementText}` };
  }
  const closeLineStart = lineStartAt(text, block.close);
  const beforeClose = text.slice(closeLineStart, block.close);
  if (/^[ \t]*$/.test(beforeClose)) {
    return { uri: element.uri, start: closeLineStart, end: closeLineStart, newText: `${indent}${statementText}\n` };
  }
  return { uri: element.uri, start: block.close, end: block.close, newText: `\n${indent}${statementText}\n${indentationAt(text, statement.start)}` };
}

/** Sets a property to a value: replaces the written value, or adds the property. `valueText` may be empty for a flag. */
export function setProperty(texts: Map<string, string>, element: Element, keyword: PropertyKeyword, valueText: string): TextEdit {
  const existing = prop(element, keyword);
  if (existing) {
    const statement = existing.statement;
    const first = statement.args[0];
    const last = statement.args[statement.args.length - 1];
    // Stryker disable next-line LogicalOperator: a statement has a first argument exactly when it has a last one
    if (first && last) return { uri: element.uri, start: first.start, end: last.end, newText: valueText };
    return { uri: element.uri, start: statement.keywordEnd, end: statement.keywordEnd, newText: valueText ? ` ${valueText}` : '' };
  }
  return insertStatement(texts, element, valueText ? `${keyword} ${valueText}` : keyword);
}

/** Adds a value to a comma-separated list property, adding the property when it is absent. */
export function appendToList(texts: Map<string, string>, element: Element, keyword: PropertyKeyword, itemText: string): TextEdit {
  const existing = prop(element, keyword);
  const last = existing?.statement.args[existing.statement.args.length - 1];
  // Stryker disable next-line LogicalOperator: a last argument comes from a written property
  if (existing && last) return { uri: element.uri, start: last.end, end: last.end, newText: `, ${itemText}` };
  return insertStatement(texts, element, `${keyword} ${itemText}`);
}

/** Adds a new top-level statement on its own line after an element. */
export function insertAfter(texts: Map<string, string>, element: Element, statementText: string): TextEdit {
  let top = element;
  while (top.parent) top = top.parent;
  const text = textOf(texts, top);
  const end = top.statement.end;
  const at = lineBreakAfter(text, end)?.at ?? text.length;
  return { uri: top.uri, start: at, end: at, newText: `\n${statementText}` };
}

/** Writes a name as the language needs it: bare when it is an identifier, quoted otherwise. */
export function nameText(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : `"${name}"`;
}

/**
 * The span that takes the value at `index` out of a comma-separated list together with one comma: the comma after it
 * (`N1, ` of `N1, N2`), or, for the last value or when a comment stands after that comma, the comma before it. Undefined
 * when a comment stands on both sides (the removal would take it) or the list has no other value.
 */
export function listValueRemoval(text: string, values: readonly { start: number; end: number }[], index: number): { start: number; end: number } | undefined {
  const value = values[index];
  const next = values[index + 1];
  const previous = values[index - 1];
  if (next && onlyComma(text, value.end, next.start)) return { start: value.start, end: next.start };
  if (previous && onlyComma(text, previous.end, value.start)) return { start: previous.end, end: value.end };
  return undefined;
}

/** Whether the text between two values is a comma with spaces or line breaks only (no comment). */
function onlyComma(text: string, start: number, end: number): boolean {
  return /^\s*,\s*$/.test(text.slice(start, end));
}
