// The token types of the `.stamp` language (language.md section 1) and the one lexer instance of the process.
import './compat.js';
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** White space other than newlines; skipped. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
/** A newline ends a statement: LF, CRLF or a lone CR, the three line breaks LSP counts. */
export const Newline = createToken({ name: 'Newline', pattern: /\r\n?|\n/, line_breaks: true });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments', line_breaks: true });
/** A `/*` with no closing `*\/`: the rest of the file is the comment, and it is an error. */
export const UnterminatedBlockComment = createToken({ name: 'UnterminatedBlockComment', pattern: /\/\*[\s\S]*/, group: 'comments', line_breaks: true });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, label: '`{`' });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, label: '`}`' });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: '`,`' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: '`;`' });
/** A string on one line with no escape sequences. */
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"[^"\r\n]*"/, label: 'string' });
/** A string whose closing quote is missing before the end of the line. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"[^"\r\n]*/, label: 'string' });
/** Digits with two or more dots and an optional prefix length: an IP address, a subnet or a version. */
export const Dotted = createToken({ name: 'Dotted', pattern: /[0-9]+(?:\.[0-9]+){2,}(?:\/[0-9]+)?/, label: 'address or version' });
/** A number range such as a port range. */
export const Range = createToken({ name: 'Range', pattern: /[0-9]+-[0-9]+/, label: 'range' });
/** Digits, an optional fraction, then letters or digits: a size, a speed, a duration or a product version. */
export const Quantity = createToken({ name: 'Quantity', pattern: /[0-9]+(?:\.[0-9]+)?[A-Za-z][A-Za-z0-9]*/, label: 'quantity' });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /[0-9]+/, label: 'number' });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_-]*/, label: 'name' });
/**
 * The characters that can start an Unknown token: every UTF-16 code unit except separators and white space, so that
 * any other text (an emoji, CJK, a control character, a lone surrogate) is one Unknown token up to the next separator,
 * reported once, never split inside a surrogate pair.
 */
const unknownStartCharacters: number[] = [];
const notUnknownStart = new Set([...' \t\n\r\f\v{};,"'].map((character) => character.charCodeAt(0)).concat([0xa0, 0xfeff]));
for (let code = 0; code <= 0xffff; code++) if (!notUnknownStart.has(code)) unknownStartCharacters.push(code);

/** Anything else up to the next separator; the parser reports it. Other characters are lexer errors. */
export const Unknown = createToken({
  name: 'Unknown',
  pattern: /[^ \t\f\v\r\n{};,"/\u00a0\ufeff]+|\//,
  start_chars_hint: unknownStartCharacters,
  label: 'unexpected text',
});

/** The token types in the order the lexer tries them. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Newline,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  LCurly,
  RCurly,
  Comma,
  Semicolon,
  StringLiteral,
  UnterminatedString,
  Dotted,
  Range,
  Quantity,
  NumberLiteral,
  Identifier,
  Unknown,
];

/** The token types that can be an argument of a statement. */
export const argumentTokens: TokenType[] = [Identifier, StringLiteral, UnterminatedString, NumberLiteral, Quantity, Dotted, Range];

let chevrotainLexerInstance: Lexer | undefined;

/**
 * Chevrotain's lexer for these token types, built on first use. The product lexes with `tokenizeStamp` (lexer.ts),
 * which gives the same tokens faster; this one is the reference the tests compare it with.
 */
export function chevrotainLexer(): Lexer {
  chevrotainLexerInstance ??= new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });
  return chevrotainLexerInstance;
}
