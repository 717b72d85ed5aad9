// Finds what is at an offset of a document: the statement, its place in the schema, the argument and what it resolves to.
// Every feature that starts from a cursor position goes through here, so broken text is handled in one place.
import type { Element, Value } from '../../../grammar/src/elements.js';
import { lookupKeyword } from '../../../grammar/src/schema.js';
import type { ArgForm, ArgSpec, ElementKind, PropertySpec } from '../../../grammar/src/schema-types.js';
import type { SyntaxArgument, SyntaxStatement } from '../../../grammar/src/syntax.js';
import { lineStartAt } from '../../../grammar/src/text.js';
import type { AnalyzedDocument } from '../analysis/workspace.js';

/** The statement at an offset and what the schema says about it. */
export interface LocatedStatement {
  statement: SyntaxStatement;
  /** The statements enclosing it, outermost first. */
  ancestors: SyntaxStatement[];
  /** The element kind whose block holds the statement (`file` at the top level, `unknown` inside a broken parent). */
  parentKindId: string;
  /** What the keyword means there. */
  meaning: { element: ElementKind } | { property: PropertySpec } | undefined;
  /** The element the statement declares, when it is an element. */
  element?: Element;
}

/** One argument of a statement at an offset, with the argument position's spec and resolved value. */
export interface LocatedArgument {
  argument: SyntaxArgument;
  index: number;
  /** The resolved reference written here, if the argument is a reference. */
  reference?: Value;
  /** The element whose name this argument is, if it declares one. */
  declares?: Element;
}

/** The innermost statement whose text contains the offset (a statement's end offset counts as inside). */
export function statementAt(document: AnalyzedDocument, offset: number): LocatedStatement | undefined {
  const ancestors: SyntaxStatement[] = [];
  let statements = document.file.syntax.statements;
  let found: SyntaxStatement | undefined;
  for (;;) {
    // Stryker disable next-line ConditionalExpression: without it a statement after the offset is found, but the callers look for the offset on its keyword or an argument, and it is on neither
    const next = statements.find((statement) => statement.start <= offset && offset <= statementExtent(statement));
    if (!next) break;
    if (found) ancestors.push(found);
    found = next;
    // Before its `{`, no statement of the block holds the offset either: the next round finds none.
    if (!next.block) break;
    statements = next.block.statements;
  }
  if (!found) return undefined;
  return describeStatement(document, found, ancestors);
}

/** The element kind of the block that an offset is in, with the statements enclosing it (outermost first). */
export function blockAt(document: AnalyzedDocument, offset: number): { kindId: string; owners: SyntaxStatement[] } {
  const owners: SyntaxStatement[] = [];
  let statements = document.file.syntax.statements;
  for (;;) {
    const index = statements.findIndex((statement) => {
      const block = statement.block;
      return block !== undefined && block.open < offset && (block.close === undefined ? offset <= statementExtent(statement) : offset <= block.close);
    });
    const owner = index >= 0 ? statements[index] : unclosedBlockHolding(document.text, statements, offset, owners.length === 0);
    if (!owner || !owner.block) break;
    owners.push(owner);
    statements = owner.block.statements;
  }
  return { kindId: kindOfPath(owners), owners };
}

/**
 * The statement whose unclosed block holds an offset past its last inner statement: the parser ends such a block
 * there, but the user typing below it is still inside, since no `}` closed it. The offset is inside when it is on
 * the line of the `{`, or on a later line indented deeper than the statement's line, before the next statement; at the top
 * level, the last statement's unclosed block also holds the rest of the file whatever the indentation.
 */
function unclosedBlockHolding(text: string, statements: readonly SyntaxStatement[], offset: number, topLevel: boolean): SyntaxStatement | undefined {
  let index = statements.length - 1;
  // Stryker disable next-line EqualityOperator: a statement after an unclosed block is its sibling only when it is not indented past the block's statement (the parser's rule), so stopping at it instead of the block, or at index 0, ends in the same `undefined`
  while (index >= 0 && statements[index].start >= offset) index--;
  const statement = statements[index];
  const block = statement?.block;
  if (!block || block.close !== undefined || block.open >= offset) return undefined;
  const last = index === statements.length - 1;
  const lineStart = lineStartAt(text, offset);
  if (lineStart <= block.open) return statement;
  if (topLevel && last) return statement;
  return indentOf(text, lineStart, offset) > indentOf(text, lineStartAt(text, statement.keywordStart), statement.keywordStart) ? statement : undefined;
}

/** The width of the spaces and tabs that open a line, up to an offset on it. */
function indentOf(text: string, lineStart: number, limit: number): number {
  let at = lineStart;
  while (at < limit && (text[at] === ' ' || text[at] === '\t')) at++;
  return at - lineStart;
}

/**
 * The kind id a chain of enclosing statements leads to, read from the schema by keywords alone. A missing `}` can put a
 * statement inside the wrong block, so a keyword that is not a child of its block is looked up in the enclosing ones.
 */
export function kindOfPath(owners: readonly SyntaxStatement[]): string {
  const kinds = ['file'];
  for (const owner of owners) {
    let found: string | undefined;
    // Stryker disable next-line ArithmeticOperator: starting past the end looks up an undefined parent twice, which finds nothing
    for (let depth = kinds.length - 1; depth >= 0 && !found; depth--) {
      const meaning = lookupKeyword(kinds[depth], owner.keyword);
      if (meaning && 'element' in meaning) found = meaning.element.id;
      else if (meaning) return 'unknown';
    }
    if (!found) return 'unknown';
    kinds.push(found);
  }
  return kinds[kinds.length - 1];
}

/** The argument under an offset, if any, with what it means. */
export function argumentAt(document: AnalyzedDocument, located: LocatedStatement, offset: number): LocatedArgument | undefined {
  const args = located.statement.args;
  const index = args.findIndex((argument) => argument.start <= offset && offset <= argument.end);
  if (index < 0) return undefined;
  const argument = args[index];
  // No two values of a file start at one offset; a header-less element's name span is its keyword, where no argument starts.
  const reference = document.analysis.model.index.references.find((entry) => entry.holder.uri === document.uri && entry.value.start === argument.start)?.value;
  const element = located.element;
  const declares = element && element.nameSpan.start === argument.start ? element : undefined;
  return { argument, index, ...(reference ? { reference } : {}), ...(declares ? { declares } : {}) };
}

/** The argument forms of a keyword meaning. */
export function formsOf(meaning: LocatedStatement['meaning']): readonly ArgForm[] | undefined {
  if (!meaning) return undefined;
  return 'element' in meaning ? meaning.element.header : meaning.property.forms;
}

/**
 * The spec of the argument at a position: in the first form whose fixed words fit the arguments written so far, the
 * word at the position itself included (`witness share` is the `share` form); else in the first form that fits when
 * that word is still being typed.
 */
export function specAt(forms: readonly ArgForm[], written: readonly string[], index: number): ArgSpec | undefined {
  const fits = (form: ArgForm, typing: boolean): boolean =>
    form.every((spec, position) => spec.value.type !== 'word' || position >= written.length || (typing && position === index) || written[position] === spec.value.word);
  const fitting = forms.find((form) => fits(form, false)) ?? forms.find((form) => fits(form, true)) ?? forms[0];
  if (!fitting) return undefined;
  for (let position = 0; position < fitting.length; position++) {
    const spec = fitting[position];
    if (spec.list || position === index) return spec;
  }
  return undefined;
}

/** Every spec that may stand at a position in some form whose words fit what is written before it. */
export function specsAt(forms: readonly ArgForm[], written: readonly string[], index: number): ArgSpec[] {
  const result: ArgSpec[] = [];
  for (const form of forms) {
    const fits = form.every((spec, position) => position >= index || spec.value.type !== 'word' || written[position] === spec.value.word);
    if (!fits) continue;
    let spec: ArgSpec | undefined;
    for (let position = 0; position < form.length; position++) {
      if (form[position].list || position === index) {
        spec = form[position];
        break;
      }
    }
    if (!spec) continue;
    // Offered once: no two forms of the schema have the same spec or the same word at one position (witness, storage and
    // sql differ from their first word on), so nothing is dropped here today; a form added later may need it.
    // Stryker disable next-line all: see above
    const repeated = result.some((existing) => existing === spec || (existing.value.type === 'word' && spec!.value.type === 'word' && existing.value.word === spec!.value.word));
    // Stryker disable next-line ConditionalExpression: see above
    if (!repeated) result.push(spec);
  }
  return result;
}

function describeStatement(document: AnalyzedDocument, statement: SyntaxStatement, ancestors: SyntaxStatement[]): LocatedStatement {
  const parentKindId = kindOfPath(ancestors);
  // Inside an unknown block nothing is known: lookupKeyword('unknown', …) finds nothing.
  const meaning = lookupKeyword(parentKindId, statement.keyword);
  const element = document.statements.elementOf.get(statement);
  return { statement, ancestors, parentKindId, meaning, ...(element ? { element } : {}) };
}

/** The last offset that still belongs to a statement: an unclosed block runs to its last inner statement. */
function statementExtent(statement: SyntaxStatement): number {
  return statement.end;
}
