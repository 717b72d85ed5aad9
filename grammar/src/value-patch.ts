// Value edits written into the previous analysis: the re-checked statements' new values and offsets are copied into the
// previous statements and elements, which the new checked file then adopts, so the symbol index, every resolved
// reference and the model's objects stay valid across the edit.
import type { CheckedFile, CheckedUnit } from './check.js';
import type { Element, Value } from './elements.js';
import type { SyntaxStatement } from './syntax.js';

/** What adopting a value edit did. */
export interface AdoptedValues {
  /**
   * Old offset → new offset of the places a resolution diagnostic can hold in the patched statements: their keywords
   * and values (an element's name is a header value, or its keyword when it has no header).
   */
  places: Map<number, number>;
  /** The elements one of whose own values changed (not their children's), in the files' order. */
  changed: Element[];
}

/**
 * Makes `file` (a value edit of `previous`: see `CheckedFile.valueEditOf`) hold the previous file's statements and
 * elements wherever it re-checked a statement, with the new text's offsets and values written into them. The result
 * equals the re-checked file apart from object identity (and element ids, which keep the earlier ones). Undefined, and
 * nothing changed, when a re-checked statement's shape differs from the earlier one's (numbers of arguments, blocks),
 * or when the file adopted them already for another analysis (then nothing can be adopted).
 */
export function adoptValueEdit(previous: CheckedFile, file: CheckedFile): AdoptedValues | undefined {
  // A value edit comes from a re-check (valueChanges): both files have units, as many, and the re-checked ones have an
  // element exactly where the earlier ones had one; the file's statements are its units' statements.
  const oldUnits = previous.units!;
  const newUnits = file.units!;
  const replaced: number[] = [];
  for (const [index, after] of newUnits.entries()) {
    const before = oldUnits[index];
    // A unit kept by the re-check.
    if (after === before) continue;
    // A unit adopted already, for another analysis of the same files (another open document of the stamp): what
    // changed is no longer known, and that analysis's model was not patched.
    if (after.statement === before.statement || !sameShape(before.statement, after.statement)) return undefined;
    replaced.push(index);
  }
  const places = new Map<number, number>();
  const changed: Element[] = [];
  const place = (from: number, to: number): void => {
    const known = places.get(from);
    // Two places of the earlier text that meet at one offset but move apart have no single new place.
    places.set(from, known === undefined || known === to ? to : Number.NaN);
  };
  for (const index of replaced) {
    const before = oldUnits[index];
    const after = newUnits[index];
    patchStatement(before.statement, after.statement, place);
    if (before.element) patchElement(before.element, after.element!, place, changed);
    const adopted: CheckedUnit = { statement: before.statement, element: before.element, diagnostics: after.diagnostics };
    newUnits[index] = adopted;
    file.syntax.statements[index] = before.statement;
  }
  const elements: Element[] = [];
  for (const unit of newUnits) if (unit.element) elements.push(unit.element);
  file.elements = elements;
  return { places, changed };
}

/**
 * Whether two statements have the same numbers of arguments and blocks, all the way down (an unknown statement in a
 * block makes no element, so a value edit may change it: another keyword, other arguments, a block).
 */
function sameShape(a: SyntaxStatement, b: SyntaxStatement): boolean {
  if (a.args.length !== b.args.length) return false;
  // Both without a block, or one without: the same shape exactly when neither has one.
  if (!a.block || !b.block) return a.block === b.block;
  if (a.block.statements.length !== b.block.statements.length) return false;
  for (let index = 0; index < a.block.statements.length; index++) if (!sameShape(a.block.statements[index], b.block.statements[index])) return false;
  return true;
}

type Place = (from: number, to: number) => void;

/** Writes the offsets and argument texts of `after` into `before` (the same shape). */
function patchStatement(before: SyntaxStatement, after: SyntaxStatement, place: Place): void {
  place(before.keywordStart, after.keywordStart);
  place(before.keywordEnd, after.keywordEnd);
  before.keyword = after.keyword;
  before.keywordStart = after.keywordStart;
  before.keywordEnd = after.keywordEnd;
  before.start = after.start;
  before.end = after.end;
  for (let index = 0; index < before.args.length; index++) {
    const old = before.args[index];
    Object.assign(old, after.args[index]);
  }
  // (sameShape: both have a block or neither.)
  if (before.block) {
    const block = after.block!;
    before.block.open = block.open;
    before.block.close = block.close;
    for (let index = 0; index < before.block.statements.length; index++) patchStatement(before.block.statements[index], block.statements[index], place);
  }
}

/** Writes the values and offsets of `after` into `before` (same kind, name, children, properties and references). */
function patchElement(before: Element, after: Element, place: Place, changed: Element[]): void {
  before.nameSpan.start = after.nameSpan.start;
  before.nameSpan.end = after.nameSpan.end;
  before.line = after.line;
  let differs = patchValues(before.header, after.header, place);
  for (const [keyword, properties] of before.properties) {
    const others = after.properties.get(keyword)!;
    for (let index = 0; index < properties.length; index++) {
      const property = properties[index];
      const other = others[index];
      // (The form and its fixed word are the same: value-edit.ts compares both.)
      if (patchValues(property.args, other.args, place)) differs = true;
    }
  }
  if (differs) changed.push(before);
  for (let index = 0; index < before.children.length; index++) patchElement(before.children[index], after.children[index], place, changed);
}

/**
 * Writes each new value into the old one in place (a reference keeps its target); true when a value, not only its
 * place, differs. The text decides: the checker reads a value's number, range, yes/no, rank and prefix from its text by
 * the argument's type, which is the same before and after (the same form), so the two values have the same fields.
 */
function patchValues(before: Record<string, Value[]>, after: Record<string, Value[]>, place: Place): boolean {
  let differs = false;
  for (const name in before) {
    const values = before[name];
    const others = after[name];
    for (let index = 0; index < values.length; index++) {
      const old = values[index];
      const now = others[index];
      place(old.start, now.start);
      place(old.end, now.end);
      if (old.text !== now.text) differs = true;
      // The new value is unresolved: a reference keeps the element the kept resolution found (or none). (The two values
      // have the same type, so the same fields: only a reference has a target.)
      const target = old.target;
      Object.assign(old, now);
      // Stryker disable next-line ConditionalExpression: memory only; a target of undefined on a value that is no reference reads as none
      if (old.type === 'ref') old.target = target;
    }
  }
  return differs;
}
