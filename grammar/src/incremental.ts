// Incremental re-checking: after an edit, only the top-level statements the edit touches are parsed and checked again;
// the others keep their syntax, elements and schema diagnostics, moved to their new offsets.
import { checkFile, checkUnits, fileFromUnits, type CheckedFile, type CheckedUnit, type OffsetMap, type SameMeaning } from './check.js';
import type { Diagnostic } from './diagnostic.js';
import type { Element, Span, Value } from './elements.js';
import { hasContextSensitiveErrors, parseRegion, parseStamp } from './parser.js';
import type { SyntaxComment, SyntaxError, SyntaxFile, SyntaxStatement } from './syntax.js';
import { LineIndex, lineBreakAfter, lineStartAt } from './text.js';
import { valueChanges } from './value-edit.js';

/** Counts of how edits were handled, for tests and the benchmark. */
export const incrementalStats = { incremental: 0, fallback: 0, reusedStatements: 0, reparsedStatements: 0, sameMeaning: 0 };

/** Parses and checks a whole text. */
export function checkText(uri: string, text: string): CheckedFile {
  const lines = new LineIndex(text);
  return checkFile(uri, parseStamp(text), lines);
}

/**
 * The checked file of `text`, re-using what `previous` (the same file's earlier text) already knows. The result equals
 * `checkText(uri, text)` apart from element ids. `previous` is consumed: the statements it shares with the result are
 * moved to their new offsets in place, so it must not be read afterwards.
 */
export function recheck(previous: CheckedFile, text: string): CheckedFile {
  // Stryker disable next-line ConditionalExpression: re-checking an unchanged text gives the same file (cost only)
  if (previous.syntax.text === text) return previous;
  const result = recheckStatements(previous, text);
  if (result) {
    incrementalStats.incremental++;
    return result;
  }
  incrementalStats.fallback++;
  return checkText(previous.uri, text);
}

/** The start of the first line after the one holding `offset` (or the end of the text); LF, CRLF and a lone CR end lines. */
function nextLineStart(text: string, offset: number): number {
  const lineBreak = lineBreakAfter(text, offset);
  return lineBreak ? lineBreak.at + lineBreak.length : text.length;
}

/** The index of the last item whose start is before `offset`, or -1 (items sorted by start). */
function lastStartingBefore(items: ReadonlyArray<{ start: number }>, offset: number): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (items[middle].start < offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** The item (statement or comment) that starts before `offset` and ends after it, if any. */
function spanning(items: ReadonlyArray<{ start: number; end: number }>, offset: number): { start: number; end: number } | undefined {
  const index = lastStartingBefore(items, offset);
  // Items do not nest, so only the last one starting before the offset can reach past it.
  return index >= 0 && items[index].end > offset ? items[index] : undefined;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  // Stryker disable next-line EqualityOperator: one character more at `to` adds the same to both counts (both texts hold the same characters from the region's end on, and NaN past the end)
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code === 10 || (code === 13 && text.charCodeAt(at + 1) !== 10)) count++;
  }
  return count;
}

function recheckStatements(previous: CheckedFile, text: string): CheckedFile | undefined {
  const old = previous.syntax;
  const units = previous.units;
  const oldText = old.text;
  // A file built by hand (one the core failed on) has no units; a consumed one has units moved for another text.
  if (!units || (previous as Consumed).consumed) return undefined;
  // Unclosed blocks and comments, detached braces and dangling commas make statements depend on their neighbours.
  if (hasContextSensitiveErrors(old.errors)) return undefined;

  // The changed stretch: old[prefix, oldEnd) became text[prefix, prefix + (text.length - oldText.length) ...).
  // Compared a block at a time (native string comparison), then character by character.
  const shorter = Math.min(oldText.length, text.length);
  const block = 512;
  // Whether both texts hold the same block at these offsets. Only a shortcut: a comparison that stops early leaves the
  // rest to the character loops.
  // Stryker disable next-line ArrowFunction,ConditionalExpression,MethodExpression,ArithmeticOperator: a comparison that answers false, or of a slice cut wrong (unequal: an empty slice or one of another length against a whole block), stops a block loop early, and the character loops find the same ends (cost only)
  const sameBlock = (oldAt: number, newAt: number): boolean => oldText.slice(oldAt, oldAt + block) === text.slice(newAt, newAt + block);
  let prefix = 0;
  // Blocks equal up to a clipped end would mean equal texts (returned above), so no form of this loop passes the first
  // difference; one that stops sooner leaves the rest to the character loop.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: the loop stops at the same block or sooner, and the character loop finds the same end (cost only)
  while (prefix + block <= shorter && sameBlock(prefix, prefix)) prefix += block;
  // No bound needed: past the end of either text charCodeAt is NaN, which equals nothing.
  while (oldText.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const oldLength = oldText.length;
  const newLength = text.length;
  // Whether the blocks that end `fromEnd` characters before the texts' ends are equal.
  // Stryker disable next-line ArrowFunction,ArithmeticOperator: a block taken from the wrong end is empty or clipped against a whole one (unequal), so the loop stops early and the character loop finds the same end (cost only)
  const sameBlockBeforeEnd = (fromEnd: number): boolean => sameBlock(oldLength - fromEnd - block, newLength - fromEnd - block);
  // The suffix stops where the prefix ends: the changed stretch is never negative.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: skipping this loop, or stopping a block sooner, leaves the rest to the character loop, which finds the same end (cost only)
  while (suffix + block <= shorter - prefix && sameBlockBeforeEnd(suffix)) suffix += block;
  while (suffix < shorter - prefix && oldText.charCodeAt(oldLength - 1 - suffix) === text.charCodeAt(newLength - 1 - suffix)) suffix++;
  const oldEnd = oldText.length - suffix;
  const delta = text.length - oldText.length;

  // Widen to whole lines that no statement or comment crosses: a line start `cut` is clean when nothing spans it.
  const crossing = (cut: number) => spanning(old.statements, cut) ?? spanning(old.comments, cut);
  let start = lineStartAt(oldText, prefix);
  // An LF typed just after a CR joins them into one CRLF: the line starts before that CR, in the new text.
  // (At the start of the text, charCodeAt(-1) is NaN: no CR.)
  if (oldText.charCodeAt(start - 1) === 13 && text.charCodeAt(start) === 10) start = lineStartAt(oldText, start - 1);
  for (let item = crossing(start); item; item = crossing(start)) start = lineStartAt(oldText, item.start);
  // The changed stretch ends at oldEnd, or at the end of its line unless it ended with an LF in both texts.
  let end = oldText.charCodeAt(oldEnd - 1) === 10 && text.charCodeAt(oldEnd + delta - 1) === 10 ? oldEnd : nextLineStart(oldText, oldEnd);
  for (let item = crossing(end); item; item = crossing(end)) end = nextLineStart(oldText, item.end);
  // start <= prefix <= oldEnd <= end (the suffix never overlaps the prefix), and newEnd >= newLength - suffix >= prefix:
  // the region is never negative.
  const newEnd = end + delta;

  const region = parseRegion(text, start, newEnd);
  if (!region) return undefined;

  const lines = new LineIndex(text);
  const lineDelta = countNewlines(text, start, newEnd) - countNewlines(oldText, start, end);
  const uri = previous.uri;

  // Statements before the region are kept, those after it move; the region's are checked afresh.
  const firstInRegion = lastStartingBefore(old.statements, start) + 1;
  const firstAfter = lastStartingBefore(old.statements, end) + 1;
  // An edit that changes only the space between tokens (not a line's indentation, not its line breaks) keeps the
  // region's units too, moved to the new offsets of their tokens: the file keeps its elements, and with them its meaning.
  const oldRegionUnits = units.slice(firstInRegion, firstAfter);
  const oldComments = old.comments.filter((comment) => comment.start >= start && comment.start < end);
  // (An edit that adds or removes a line is refused there: its regions differ in a line break.)
  let offsets = sameMeaningOffsets(old, oldRegionUnits, oldComments, start, end, text, region, delta);
  if (offsets && !oldRegionUnits.every((unit) => canRelocate(unit, uri, offsets!))) offsets = undefined;
  const regionUnits = offsets ? oldRegionUnits : checkUnits(uri, region.statements, lines);
  // Only values changed (same elements, names, references, comments and lines; no syntax error in the region before
  // or after the edit): the rules that read none of them can keep their findings (see `CheckedFile.valueEditOf`).
  // Read before the old units are moved below. (Suppression comments and lines decide which findings are shown.)
  const touched = !offsets && lineDelta === 0 && region.errors.length === 0 && !old.errors.some((error) => overlaps(error, start, end))
    && sameComments(oldText, oldComments, text, region.comments)
    ? valueChanges(oldRegionUnits, regionUnits) : undefined;
  if (offsets) for (const unit of oldRegionUnits) relocateUnit(unit, uri, (offset) => offsets!(offset)!);
  const moved = units.slice(firstAfter);
  // (After an edit that keeps the length and the lines, moving by zero changes nothing.)
  for (const unit of moved) moveUnit(unit, uri, delta, lineDelta);
  const newUnits: CheckedUnit[] = [...units.slice(0, firstInRegion), ...regionUnits, ...moved];

  const keep = <T extends { start: number; end: number }>(items: readonly T[], inRegion: readonly T[], shift: (item: T) => void): T[] => {
    const before = lastStartingBefore(items, start) + 1;
    const after = lastStartingBefore(items, end) + 1;
    const tail = items.slice(after);
    for (const item of tail) shift(item);
    return [...items.slice(0, before), ...inRegion, ...tail];
  };
  const comments = keep<SyntaxComment>(old.comments, region.comments, (comment) => {
    comment.start += delta;
    comment.end += delta;
  });
  const errors = keep<SyntaxError>(old.errors, region.errors, (error) => {
    error.start += delta;
    error.end += delta;
  });

  (previous as Consumed).consumed = true;
  incrementalStats.reusedStatements += units.length - (firstAfter - firstInRegion);
  incrementalStats.reparsedStatements += region.statements.length;
  const statements = newUnits.map((unit) => unit.statement);
  const file = fileFromUnits(uri, { text, statements, comments, errors }, newUnits, lines);
  if (offsets) {
    incrementalStats.sameMeaning++;
    // The earlier versions of the same meaning, nearest first, each with the way from its offsets to this text's.
    const earlier: SameMeaning[] = [{ file: new WeakRef(previous), offset: offsets }];
    if (previous.sameMeaningAs) {
      for (const link of previous.sameMeaningAs) {
        if (earlier.length >= maxSameMeaningLinks) break;
        earlier.push({ file: link.file, offset: composeOffsets(link.offset, offsets) });
      }
    }
    file.sameMeaningAs = earlier;
  }
  if (touched) {
    file.valueEditOf = { previous: new WeakRef(previous), start, end, delta, touched };
  }
  return file;
}

/** How many earlier versions a file remembers as having its meaning (each keeps that version's checked file alive). */
const maxSameMeaningLinks = 3;

function composeOffsets(first: OffsetMap, second: OffsetMap): OffsetMap {
  return (offset) => {
    const middle = first(offset);
    // Stryker disable next-line ConditionalExpression: every map composed here is a same-meaning map, which gives undefined for undefined (no comparison with it holds and no line starts there)
    return middle === undefined ? undefined : second(middle);
  };
}

/** A token (or comment) of the changed region, old and new start, and its length (the same in both texts). */
interface TokenPair {
  oldStart: number;
  newStart: number;
  length: number;
}

/**
 * When the re-parsed region means exactly what it meant (the same statements with the same keywords and arguments,
 * the same comments, every line with the same indentation and the same non-blank characters, no syntax error), the
 * way from each old offset of the region to the new one: a token's offsets move with the token, a line start with
 * its line. Offsets between tokens have no new place (undefined). Otherwise undefined.
 */
function sameMeaningOffsets(
  old: SyntaxFile, oldUnits: readonly CheckedUnit[], oldComments: readonly SyntaxComment[], start: number, end: number, text: string,
  region: { statements: SyntaxStatement[]; comments: SyntaxComment[]; errors: SyntaxError[] }, delta: number,
): OffsetMap | undefined {
  // A syntax error in the region (its characters stay where only spaces change, so the earlier text had it too).
  if (region.errors.length > 0) return undefined;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: with every line keeping its non-blank characters (below), another number of statements changes a token or a comment compared below; the check keeps the comparison from reading past the end of a list
  if (oldUnits.length !== region.statements.length) return undefined;
  const oldText = old.text;
  const newEnd = end + delta;
  const oldLines = splitLines(oldText, start, end);
  const newLines = splitLines(text, start, newEnd);
  // (Regions of different numbers of lines differ in a line break first: the last piece of the shorter one has none.)
  for (let index = 0; index < oldLines.length; index++) {
    const [oldFrom, oldTo, oldBreak] = oldLines[index];
    const [newFrom, newTo, newBreak] = newLines[index];
    if (oldBreak !== newBreak) return undefined;
    const oldLine = oldText.slice(oldFrom, oldTo);
    const newLine = text.slice(newFrom, newTo);
    if (leadingSpace(oldLine) !== leadingSpace(newLine) || oldLine.replace(/\s/g, '') !== newLine.replace(/\s/g, '')) return undefined;
  }
  const pairs: TokenPair[] = [];
  // Two tokens are the same when their texts are (a keyword, an argument's kind and text are read from its text).
  const token = (oldStart: number, oldEnd: number, newStart: number, newEnd: number): boolean => {
    // Stryker disable next-line BooleanLiteral: a token that differs is not paired, so the unit that holds it has offsets without a new place and canRelocate refuses it all the same
    if (oldText.slice(oldStart, oldEnd) !== text.slice(newStart, newEnd)) return false;
    pairs.push({ oldStart, newStart, length: oldEnd - oldStart });
    return true;
  };
  // With every line keeping its non-blank characters, the commas, the braces and the numbers of arguments and of
  // statements in a block are the same once the tokens before them are: the checks of them below never decide (a
  // statement split or joined changes a token compared before them); they keep the comparison within its lists.
  const sameStatement = (a: SyntaxStatement, b: SyntaxStatement): boolean => {
    // Stryker disable next-line BooleanLiteral: a statement whose keyword differs leaves its tokens unpaired, so canRelocate refuses the unit all the same
    if (!token(a.keywordStart, a.keywordEnd, b.keywordStart, b.keywordEnd)) return false;
    // (A statement that does not pair all its tokens also leaves the unit with places that canRelocate refuses.)
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BooleanLiteral: see above (never decides)
    if (a.args.length !== b.args.length) return false;
    for (let index = 0; index < a.args.length; index++) {
      const x = a.args[index];
      const y = b.args[index];
      // Stryker disable next-line ConditionalExpression,EqualityOperator,BooleanLiteral: see above (never decides)
      if (x.commaAfter !== y.commaAfter) return false;
      // Stryker disable next-line BooleanLiteral: an argument that differs leaves it and the tokens after it unpaired, so canRelocate refuses the unit all the same
      if (!token(x.start, x.end, y.start, y.end)) return false;
    }
    // Stryker disable next-line ConditionalExpression,LogicalOperator: see above (never decides: both have a block or neither)
    if (!a.block || !b.block) return a.block === b.block;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BooleanLiteral: see above (never decides)
    if (a.block.statements.length !== b.block.statements.length) return false;
    // The braces are the same characters: their places are paired. (A block is closed: a file with an unclosed block
    // is checked from scratch, and its re-parsed region would hold the error.)
    pairs.push({ oldStart: a.block.open, newStart: b.block.open, length: 1 }, { oldStart: a.block.close!, newStart: b.block.close!, length: 1 });
    // Stryker disable next-line BooleanLiteral: a statement that differs leaves tokens without a place, so canRelocate refuses the unit all the same
    for (let index = 0; index < a.block.statements.length; index++) if (!sameStatement(a.block.statements[index], b.block.statements[index])) return false;
    return true;
  };
  for (let index = 0; index < oldUnits.length; index++) if (!sameStatement(oldUnits[index].statement, region.statements[index])) return undefined;
  // (Comments hold no offset of a unit or a finding: they need no new places.)
  if (!sameComments(oldText, oldComments, text, region.comments)) return undefined;
  pairs.sort((a, b) => a.oldStart - b.oldStart);
  const lineStarts = new Map<number, number>();
  for (let index = 0; index < oldLines.length; index++) lineStarts.set(oldLines[index][0], newLines[index][0]);
  return (offset) => {
    // Stryker disable next-line EqualityOperator: the region's start is a line start that does not move (lineStarts gives the same)
    if (offset < start) return offset;
    // (The region's end itself is a line start, in lineStarts, or the end of a text without a final line break, the
    // end of its last token, which a space typed after it does not move.)
    if (offset > end) return offset + delta;
    // The tokens touching the offset (at most two, one ending and one starting there) must agree on its new place.
    let found: number | undefined;
    const last = lastPairAtOrBefore(pairs, offset);
    // Stryker disable next-line ConditionalExpression: the pairs do not overlap, so the ones before these two end before the offset and are skipped (cost only)
    for (let index = last; index >= 0 && index >= last - 1; index--) {
      const pair = pairs[index];
      if (offset > pair.oldStart + pair.length) continue;
      const mapped = pair.newStart + (offset - pair.oldStart);
      if (found !== undefined && found !== mapped) return undefined;
      found = mapped;
    }
    return found ?? lineStarts.get(offset);
  };
}

/** The index of the last pair starting at or before `offset`, or -1. */
function lastPairAtOrBefore(pairs: readonly TokenPair[], offset: number): number {
  let low = 0;
  let high = pairs.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (pairs[middle].oldStart <= offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** The lines of text[from, to) as [start, end, line break] (the break is '' for the last piece). */
// Both texts of an edit are split alike and only their pieces are compared: a split that erred the same way in both
// (a stray first piece, one character more at the end, a CRLF taken as two breaks, another last break) would refuse and
// accept the same edits. The marks below say so for the mutants of the split that no edit can tell apart.
function splitLines(text: string, from: number, to: number): Array<[number, number, string]> {
  // Stryker disable next-line ArrayDeclaration: a stray first piece is the same in both texts
  const lines: Array<[number, number, string]> = [];
  let lineStart = from;
  // Stryker disable next-line EqualityOperator: the character at the region's end is the same in both texts
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code !== 10 && code !== 13) continue;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: a CRLF split as two breaks (or an LF after a CR taken as one) is split so in both texts; a space typed between them changes a line's indentation or the number of lines either way
    const length = code === 13 && text.charCodeAt(at + 1) === 10 ? 2 : 1;
    lines.push([lineStart, at, text.slice(at, at + length)]);
    at += length - 1;
    lineStart = at + 1;
  }
  // Stryker disable next-line StringLiteral: the last piece's break is the same in both texts
  lines.push([lineStart, to, '']);
  return lines;
}

/** The end of a line comment that ends at `end`, without its trailing spaces and tabs. */
function trimmedEnd(text: string, end: number): number {
  let at = end;
  // (A line comment starts with `//`: the trimming stops there.)
  while (text.charCodeAt(at - 1) === 32 || text.charCodeAt(at - 1) === 9) at--;
  return at;
}

/**
 * Whether the comments of the old region and of the new one say the same, in the same order. A line comment's trailing
 * space is no part of what it says (a suppression comment reads the same ids); a block comment ends with its closing
 * star and slash, where the trimming stops. (A block comment and a line comment never have the same text.)
 */
function sameComments(oldText: string, before: readonly SyntaxComment[], text: string, after: readonly SyntaxComment[]): boolean {
  if (before.length !== after.length) return false;
  for (let index = 0; index < before.length; index++) {
    const a = before[index];
    const b = after[index];
    if (oldText.slice(a.start, trimmedEnd(oldText, a.end)) !== text.slice(b.start, trimmedEnd(text, b.end))) return false;
  }
  return true;
}

/** Whether a syntax error lies in the region [start, end) of whole lines (an error on the line after it does not). */
function overlaps(error: SyntaxError, start: number, end: number): boolean {
  if (error.start >= end) return false;
  // Stryker disable next-line EqualityOperator: every syntax error here covers characters of one line (an unterminated string stops before its line break), so none ends at the region's start, a line start
  return error.end > start;
}

function leadingSpace(line: string): string {
  return line.slice(0, line.length - line.trimStart().length);
}

/** Whether every offset a unit holds has a place in the new text. */
function canRelocate(unit: CheckedUnit, uri: string, offsets: OffsetMap): boolean {
  let placed = true;
  relocateUnit(unit, uri, (offset) => {
    if (offsets(offset) === undefined) placed = false;
    return offset;
  });
  return placed;
}

/**
 * Moves a unit kept by a same-meaning edit to its tokens' new offsets (`at` gives each offset's new place). It walks
 * what `moveUnit` walks; `moveUnit` keeps its own `+= delta` walk because it runs on every edit, and one shared walk
 * with a function per offset measured 10–20 % slower there (in-process edit at 10k lines).
 */
function relocateUnit(unit: CheckedUnit, uri: string, at: (offset: number) => number): void {
  const statement = (item: SyntaxStatement): void => {
    item.keywordStart = at(item.keywordStart);
    item.keywordEnd = at(item.keywordEnd);
    item.start = at(item.start);
    item.end = at(item.end);
    for (const argument of item.args) {
      argument.start = at(argument.start);
      argument.end = at(argument.end);
    }
    if (item.block) {
      item.block.open = at(item.block.open);
      // (A kept block is closed: see sameMeaningOffsets.)
      item.block.close = at(item.block.close!);
      for (const child of item.block.statements) statement(child);
    }
  };
  const values = (record: Record<string, Value[]>): void => {
    for (const key in record) {
      for (const value of record[key]) {
        value.start = at(value.start);
        value.end = at(value.end);
      }
    }
  };
  const element = (item: Element): void => {
    item.nameSpan.start = at(item.nameSpan.start);
    item.nameSpan.end = at(item.nameSpan.end);
    values(item.header);
    for (const property of item.properties.all()) values(property.args);
    for (const child of item.children) element(child);
  };
  statement(unit.statement);
  if (unit.element) element(unit.element);
  for (const diagnostic of unit.diagnostics) {
    diagnostic.start = at(diagnostic.start);
    diagnostic.end = at(diagnostic.end);
    for (const place of placesInFile(diagnostic, uri)) {
      place.start = at(place.start);
      place.end = at(place.end);
    }
  }
}

/**
 * A checker diagnostic's other places in its own file: its related places (SCH007's first property, SCH011's first
 * value) and its fix's edits (SCH011 removes the repeat), which move with the text as the diagnostic does.
 */
function placesInFile(diagnostic: Diagnostic, uri: string): Span[] {
  const places: Span[] = [];
  // Stryker disable next-line ConditionalExpression,ArrayDeclaration: the checker's related places and fixes are in their own file, the test guards a future one; a list of no places (`?? []` filled with a string) holds none of this file either
  for (const related of diagnostic.related ?? []) if (related.uri === uri) places.push(related);
  // Stryker disable next-line ConditionalExpression: as above
  for (const fix of diagnostic.fixes ?? []) for (const edit of fix.edits) if (edit.uri === uri) places.push(edit);
  return places;
}

interface Consumed {
  consumed?: boolean;
}

/** Moves a unit (its syntax subtree, elements, values and diagnostics) by `delta` offsets and `lineDelta` lines. */
function moveUnit(unit: CheckedUnit, uri: string, delta: number, lineDelta: number): void {
  moveStatement(unit.statement, delta);
  if (unit.element) moveElement(unit.element, delta, lineDelta);
  for (const diagnostic of unit.diagnostics) moveDiagnostic(diagnostic, uri, delta);
}

function moveStatement(statement: SyntaxStatement, delta: number): void {
  statement.keywordStart += delta;
  statement.keywordEnd += delta;
  statement.start += delta;
  statement.end += delta;
  for (const argument of statement.args) {
    argument.start += delta;
    argument.end += delta;
  }
  const block = statement.block;
  if (block) {
    block.open += delta;
    // Stryker disable next-line ConditionalExpression: a file with an unclosed block is checked from scratch (hasContextSensitiveErrors), so a moved block is always closed
    if (block.close !== undefined) block.close += delta;
    for (const child of block.statements) moveStatement(child, delta);
  }
}

function moveValues(values: Record<string, Value[]>, delta: number): void {
  for (const key in values) {
    for (const value of values[key]) {
      value.start += delta;
      value.end += delta;
    }
  }
}

function moveElement(element: Element, delta: number, lineDelta: number): void {
  element.line += lineDelta;
  element.nameSpan.start += delta;
  element.nameSpan.end += delta;
  moveValues(element.header, delta);
  for (const property of element.properties.all()) moveValues(property.args, delta);
  for (const child of element.children) moveElement(child, delta, lineDelta);
}

function moveDiagnostic(diagnostic: Diagnostic, uri: string, delta: number): void {
  diagnostic.start += delta;
  diagnostic.end += delta;
  for (const place of placesInFile(diagnostic, uri)) {
    place.start += delta;
    place.end += delta;
  }
}
