// The parser's scanner: the tokens of tokens.ts as kinds and offsets in typed arrays (no object per token), comments apart.
import type { SyntaxComment, SyntaxError } from './syntax.js';

// Token kinds. The order of the tests in `scanTokens` is the order of `allTokens` in tokens.ts (the first pattern that
// matches wins), and `test/scan.test.ts` checks that both give the same tokens.
export const Newline = 0;
export const LCurly = 1;
export const RCurly = 2;
export const Comma = 3;
export const Semicolon = 4;
export const StringLiteral = 5;
export const UnterminatedString = 6;
export const Dotted = 7;
export const Range = 8;
export const Quantity = 9;
export const NumberLiteral = 10;
export const Identifier = 11;
export const Unknown = 12;
/** What `kindAt` gives past the last token. */
export const EndOfInput = 13;

/** The deepest block nesting analysed; real stamps use five or six levels. Every later stage recurses at most this deep. */
export const maxNestingDepth = 64;

/** The tokens of a text (`kinds[i]` from `starts[i]` to `ends[i]`, for i below `count`), its comments, and their errors. */
export interface ScannedText {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  count: number;
  comments: SyntaxComment[];
  errors: SyntaxError[];
}

// Digit-led tokens: tokens.ts's patterns, tried in its order from a given offset.
const dotted = /[0-9]+(?:\.[0-9]+){2,}(?:\/[0-9]+)?/y;
const range = /[0-9]+-[0-9]+/y;
const quantity = /[0-9]+(?:\.[0-9]+)?[A-Za-z][A-Za-z0-9]*/y;

/** The end of the match of a sticky pattern at `at`, or -1. */
function matchEnd(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** White space other than line breaks (tokens.ts `WhiteSpace`). */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 12 || code === 11 || code === 0xa0 || code === 0xfeff;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** The characters that end an Unknown token (tokens.ts `Unknown`): white space, line breaks, `{};,"/`. */
function endsUnknown(code: number): boolean {
  return isSpace(code) || code === 10 || code === 13 || code === 123 || code === 125 || code === 59 || code === 44 || code === 34 || code === 47;
}

/**
 * Scans `text[start, end)` (`start` a line start, `end` a line start or the end of the text) with offsets into `text`.
 * A block that would open nesting level maxNestingDepth + 1 is dropped, from its `{` to its matching `}` (or to the end),
 * with one SYN010 error on that `{`: the parser and every later stage recurse per level, so no input can exhaust the
 * stack. Comments are kept everywhere, dropped blocks included.
 */
export function scanTokens(text: string, start: number, end: number): ScannedText {
  let capacity = Math.max(16, (end - start) >> 2);
  let kinds = new Uint8Array(capacity);
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let count = 0;
  const comments: SyntaxComment[] = [];
  const errors: SyntaxError[] = [];
  let depth = 0;
  let skipping = 0;
  let at = start;
  while (at < end) {
    const code = text.charCodeAt(at);
    const from = at;
    let kind: number;
    if (isSpace(code)) {
      do at++;
      while (at < end && isSpace(text.charCodeAt(at)));
      continue;
    }
    if (code === 10) {
      kind = Newline;
      at++;
    } else if (code === 13) {
      kind = Newline;
      at += at + 1 < end && text.charCodeAt(at + 1) === 10 ? 2 : 1;
    } else if (code === 47 && at + 1 < end && (text.charCodeAt(at + 1) === 47 || text.charCodeAt(at + 1) === 42)) {
      // A comment.
      if (text.charCodeAt(at + 1) === 47) {
        at += 2;
        while (at < end && text.charCodeAt(at) !== 10 && text.charCodeAt(at) !== 13) at++;
        comments.push({ start: from, end: at, block: false });
        continue;
      }
      const close = text.indexOf('*/', at + 2);
      if (close >= 0 && close + 2 <= end) {
        at = close + 2;
        comments.push({ start: from, end: at, block: true });
        continue;
      }
      at = end;
      comments.push({ start: from, end, block: true });
      errors.push({ code: 'SYN003', message: 'This `/*` comment is never closed with `*/`; the rest of the file is commented out.', start: from, end: from + 2 });
      continue;
    } else if (code === 123) {
      kind = LCurly;
      at++;
    } else if (code === 125) {
      kind = RCurly;
      at++;
    } else if (code === 44) {
      kind = Comma;
      at++;
    } else if (code === 59) {
      kind = Semicolon;
      at++;
    } else if (code === 34) {
      at++;
      while (at < end && text.charCodeAt(at) !== 34 && text.charCodeAt(at) !== 10 && text.charCodeAt(at) !== 13) at++;
      if (at < end && text.charCodeAt(at) === 34) {
        kind = StringLiteral;
        at++;
      } else kind = UnterminatedString;
    } else if (isDigit(code)) {
      let matched: number;
      if ((matched = matchEnd(dotted, text, at)) >= 0) kind = Dotted;
      else if ((matched = matchEnd(range, text, at)) >= 0) kind = Range;
      else if ((matched = matchEnd(quantity, text, at)) >= 0) kind = Quantity;
      else {
        kind = NumberLiteral;
        matched = at + 1;
        while (matched < end && isDigit(text.charCodeAt(matched))) matched++;
      }
      at = matched;
    } else if (isLetter(code) || code === 95) {
      kind = Identifier;
      at++;
      for (let next = text.charCodeAt(at); at < end && (isLetter(next) || isDigit(next) || next === 95 || next === 45); next = text.charCodeAt(at)) at++;
    } else {
      // Anything else up to the next separator; a `/` that starts no comment is one Unknown token on its own.
      kind = Unknown;
      at++;
      if (code !== 47) while (at < end && !endsUnknown(text.charCodeAt(at))) at++;
    }
    // Blocks nested too deep: their tokens are dropped, from the `{` to its matching `}`.
    if (skipping > 0) {
      if (kind === LCurly) skipping++;
      else if (kind === RCurly) skipping--;
      continue;
    }
    if (kind === LCurly) {
      if (depth === maxNestingDepth) {
        errors.push({
          code: 'SYN010',
          message: `Blocks are nested more than ${maxNestingDepth} levels deep here; this block and everything in it is not analysed.`,
          start: from,
          end: from + 1,
        });
        skipping = 1;
        continue;
      }
      depth++;
    } else if (kind === RCurly && depth > 0) depth--;
    if (count === capacity) {
      capacity *= 2;
      kinds = grown(kinds, new Uint8Array(capacity));
      starts = grown(starts, new Int32Array(capacity));
      ends = grown(ends, new Int32Array(capacity));
    }
    kinds[count] = kind;
    starts[count] = from;
    ends[count] = at;
    count++;
  }
  return { kinds, starts, ends, count, comments, errors };
}

/** `larger` holding the items of `items` first. */
function grown<T extends Uint8Array | Int32Array>(items: T, larger: T): T {
  larger.set(items);
  return larger;
}
