// The lexer of the process: a hand-written scanner that gives exactly the tokens, comments and (no) errors of the
// Chevrotain lexer built from the token types in tokens.ts, in the IToken form Chevrotain's parser reads.
import type { ILexingResult, IToken, TokenType } from 'chevrotain';
import { ownCopy } from './syntax.js';
import {
  BlockComment,
  Comma,
  Dotted,
  Identifier,
  LCurly,
  LineComment,
  Newline,
  NumberLiteral,
  Quantity,
  Range,
  RCurly,
  Semicolon,
  StringLiteral,
  Unknown,
  UnterminatedBlockComment,
  UnterminatedString,
} from './tokens.js';

/**
 * Splits a text into tokens as `new Lexer(allTokens, { positionTracking: 'onlyOffset' }).tokenize(text)` does: the same
 * token types, images and start offsets, white space skipped, comments in `groups.comments`, and no errors (every
 * character starts some token). Each token pattern of tokens.ts is tried in its order there, the first that matches
 * wins, exactly as Chevrotain does; the scanner only avoids the regular expressions and the generic dispatch.
 */
export function tokenizeStamp(text: string): ILexingResult {
  const length = text.length;
  // Room for one token per five characters (a generated stamp has one per 5.7; Chevrotain guesses one per ten, and the
  // array grew twice on its way); the array is cut to its count at the end.
  // Stryker disable next-line ArrayDeclaration,ArithmeticOperator: the first room only: the array grows as needed and is cut to its count
  const tokens: IToken[] = new Array<IToken>(Math.floor(length / 5));
  let count = 0;
  const comments: IToken[] = [];
  let offset = 0;
  while (offset < length) {
    const code = text.charCodeAt(offset);
    const kind = code < 128 ? asciiKind[code] : code === 0xa0 || code === 0xfeff ? space : other;
    let end = offset + 1;
    let type: TokenType;
    switch (kind) {
      case space:
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut: without it the loop above skips the same spaces one at a time
        while (end < length && isSpace(text.charCodeAt(end))) end++;
        offset = end;
        continue;
      case lineFeed:
        type = Newline;
        break;
      case carriageReturn:
        if (text.charCodeAt(end) === 10) end++;
        type = Newline;
        break;
      case slash: {
        const next = text.charCodeAt(end);
        if (next === 47) {
          // The run to the line break starts at the second slash (not a line break).
          // Stryker disable next-line EqualityOperator: `end <= length` steps once past the end (NaN is no line break); the comment's text stops at the end all the same
          while (end < length && !isLineBreak(text.charCodeAt(end))) end++;
          comments.push(token(text, offset, end, LineComment));
          offset = end;
          continue;
        }
        if (next === 42) {
          const close = text.indexOf('*/', offset + 2);
          // Stryker disable next-line EqualityOperator: `close > 0`: a `*/` searched from offset + 2 is never at 0
          if (close >= 0) {
            end = close + 2;
            type = BlockComment;
          } else {
            end = length;
            type = UnterminatedBlockComment;
          }
          comments.push(token(text, offset, end, type));
          offset = end;
          continue;
        }
        type = Unknown;
        break;
      }
      case openBrace:
        type = LCurly;
        break;
      case closeBrace:
        type = RCurly;
        break;
      case comma:
        type = Comma;
        break;
      case semicolon:
        type = Semicolon;
        break;
      case quote: {
        let code2 = text.charCodeAt(end);
        // Stryker disable next-line EqualityOperator: `end <= length` steps once past the end (NaN is no quote or line break); the text stops at the end all the same
        while (end < length && code2 !== 34 && code2 !== 10 && code2 !== 13) code2 = text.charCodeAt(++end);
        // Past the end, code2 is NaN.
        if (code2 === 34) {
          end++;
          type = StringLiteral;
        } else {
          type = UnterminatedString;
        }
        break;
      }
      case digit: {
        const digitsEnd = skipDigits(text, end);
        // Dotted: two or more `.digits`, then an optional `/digits`.
        let at = digitsEnd;
        let parts = 0;
        while (text.charCodeAt(at) === 46 && isDigit(text.charCodeAt(at + 1))) {
          at = skipDigits(text, at + 2);
          parts++;
        }
        if (parts >= 2) {
          if (text.charCodeAt(at) === 47 && isDigit(text.charCodeAt(at + 1))) at = skipDigits(text, at + 2);
          end = at;
          type = Dotted;
        } else if (text.charCodeAt(digitsEnd) === 45 && isDigit(text.charCodeAt(digitsEnd + 1))) {
          end = skipDigits(text, digitsEnd + 2);
          type = Range;
        } else {
          // Quantity: an optional `.digits`, then a letter and letters or digits; otherwise the digits alone.
          at = digitsEnd;
          if (text.charCodeAt(at) === 46 && isDigit(text.charCodeAt(at + 1))) at = skipDigits(text, at + 2);
          if (isLetter(text.charCodeAt(at))) {
            while (isLetterOrDigit(text.charCodeAt(at))) at++;
            end = at;
            type = Quantity;
          } else {
            end = digitsEnd;
            type = NumberLiteral;
          }
        }
        break;
      }
      case nameStart: {
        // The name's hash is taken while it is scanned, for the table of recent names (see `shared`).
        let hash = code;
        let next = text.charCodeAt(end);
        while (isNameCharacter(next)) {
          hash = (Math.imul(hash, 31) + next) | 0;
          next = text.charCodeAt(++end);
        }
        tokens[count++] = { image: shared(text, offset, end, hash), startOffset: offset, tokenTypeIdx: Identifier.tokenTypeIdx!, tokenType: Identifier } as IToken;
        offset = end;
        continue;
      }
      default:
        // Anything else runs to the next separator, white space, quote or slash.
        // Stryker disable next-line EqualityOperator: `end <= length` steps once past the end (NaN ends nothing); the text stops at the end all the same
        while (end < length && !endsUnknown(text.charCodeAt(end))) end++;
        type = Unknown;
        break;
    }
    // A token of one fixed text (a newline, a brace, a separator, a lone slash) shares that text instead of copying it.
    // Stryker disable next-line ConditionalExpression: memory only: a copy of a fixed text is the same text
    const copied = kind === digit || kind === quote || kind === other;
    // A copied text is a string of its own (ownCopy), so a token kept across an edit never keeps the old text alive.
    const image = copied ? ownCopy(text.substring(offset, end)) : fixedImages[end - offset === 2 ? 0 : code];
    tokens[count++] = { image, startOffset: offset, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type } as IToken;
    offset = end;
  }
  tokens.length = count;
  return { tokens, groups: { comments }, errors: [] };
}

// The kind of a character for the dispatch above.
const other = 0;
const space = 1;
const lineFeed = 2;
const carriageReturn = 3;
const slash = 4;
const openBrace = 5;
const closeBrace = 6;
const comma = 7;
const semicolon = 8;
const quote = 9;
const digit = 10;
const nameStart = 11;

const asciiKind = new Uint8Array(128);
for (const character of ' \t\f\v') asciiKind[character.charCodeAt(0)] = space;
asciiKind[10] = lineFeed;
asciiKind[13] = carriageReturn;
asciiKind[47] = slash;
asciiKind[123] = openBrace;
asciiKind[125] = closeBrace;
asciiKind[44] = comma;
asciiKind[59] = semicolon;
asciiKind[34] = quote;
for (let code = 48; code <= 57; code++) asciiKind[code] = digit;
for (let code = 65; code <= 90; code++) asciiKind[code] = nameStart;
for (let code = 97; code <= 122; code++) asciiKind[code] = nameStart;
asciiKind[95] = nameStart;

/** The texts of the tokens that have one text, by their first character (index 0: CR LF). */
const fixedImages: string[] = [];
fixedImages[0] = '\r\n';
for (const character of '\n\r{},;/') fixedImages[character.charCodeAt(0)] = character;

/**
 * The names a text repeats (keywords, and the names of the elements it refers to) share one string each: a stamp of
 * 100k lines has 342k names but 20k distinct ones. A table of recent names, one per slot of the name's hash, gives the
 * text of a name that is already there instead of a new copy (a copy of the same text either way).
 */
const sharedNames: string[] = new Array<string>(4096).fill('');

function shared(text: string, start: number, end: number, hash: number): string {
  // Stryker disable next-line ArithmeticOperator: memory only: a known name longer than this one cannot match the text (the character after the name ends names), so the name is copied
  const length = end - start;
  const slot = (hash ^ (hash >>> 12)) & 4095;
  const known = sharedNames[slot];
  // Stryker disable next-line ConditionalExpression: `false` is memory only (every name copied); `true` fails the lexer tests
  if (known.length === length && text.startsWith(known, start)) return known;
  // A copy of its own (see ownCopy): the table outlives the text, and a kept name must not keep the text alive.
  const image = ownCopy(text.substring(start, end));
  sharedNames[slot] = image;
  return image;
}

/** The token object Chevrotain's lexer makes with `positionTracking: 'onlyOffset'`, with the same fields in the same order. */
function token(text: string, start: number, end: number, type: TokenType): IToken {
  return { image: text.substring(start, end), startOffset: start, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type } as IToken;
}

/** Only the shortcut over a run of spaces reads this: the dispatch above finds each space on its own. */
// Stryker disable next-line BlockStatement: see above
function isSpace(code: number): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: see above
  return code === 32 || code === 9 || code === 12 || code === 11 || code === 0xa0 || code === 0xfeff;
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isLetterOrDigit(code: number): boolean {
  return isLetter(code) || isDigit(code);
}

/** `[A-Za-z0-9_-]`, what follows the first character of a name. */
function isNameCharacter(code: number): boolean {
  return isLetterOrDigit(code) || code === 95 || code === 45;
}

/** The characters an Unknown run stops before: `[ \t\f\v\r\n{};,"/\u00a0\ufeff]`. */
function endsUnknown(code: number): boolean {
  return code < 128 ? (asciiKind[code] !== other && asciiKind[code] !== digit && asciiKind[code] !== nameStart) : code === 0xa0 || code === 0xfeff;
}

function skipDigits(text: string, from: number): number {
  let at = from;
  while (isDigit(text.charCodeAt(at))) at++;
  return at;
}
