// The parser's scanner (scan.ts) finds the same tokens and comments as the language's lexer (tokens.ts), text by text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IToken, TokenType } from 'chevrotain';
import * as lexer from '../grammar/src/tokens.js';
import * as scan from '../grammar/src/scan.js';
import { maxNestingDepth, parseStamp } from '../grammar/src/parser.js';
import { repoRoot } from './support/paths.js';

/** The scanner's kind of each token type of the lexer. */
const kindOf = new Map<TokenType, number>([
  [lexer.Newline, scan.Newline],
  [lexer.LCurly, scan.LCurly],
  [lexer.RCurly, scan.RCurly],
  [lexer.Comma, scan.Comma],
  [lexer.Semicolon, scan.Semicolon],
  [lexer.StringLiteral, scan.StringLiteral],
  [lexer.UnterminatedString, scan.UnterminatedString],
  [lexer.Dotted, scan.Dotted],
  [lexer.Range, scan.Range],
  [lexer.Quantity, scan.Quantity],
  [lexer.NumberLiteral, scan.NumberLiteral],
  [lexer.Identifier, scan.Identifier],
  [lexer.Unknown, scan.Unknown],
]);

/** The tokens without every block that would open nesting level maxNestingDepth + 1, from its `{` to its matching `}`. */
function withinNesting(tokens: IToken[]): IToken[] {
  const kept: IToken[] = [];
  let depth = 0;
  let skipping = 0;
  for (const token of tokens) {
    if (skipping > 0) {
      if (token.tokenType === lexer.LCurly) skipping++;
      else if (token.tokenType === lexer.RCurly) skipping--;
    } else if (token.tokenType === lexer.LCurly && depth === maxNestingDepth) {
      skipping = 1;
    } else {
      if (token.tokenType === lexer.LCurly) depth++;
      else if (token.tokenType === lexer.RCurly && depth > 0) depth--;
      kept.push(token);
    }
  }
  return kept;
}

/** The tokens as `kind start-end` lines, and the comments as `block|line start-end`: what a failure shows. */
function fromLexer(text: string, start: number, end: number): { tokens: string[]; comments: string[] } {
  const lexed = lexer.stampLexer.tokenize(text.slice(start, end));
  const tokens = withinNesting(lexed.tokens).map((token) => `${kindOf.get(token.tokenType)} ${token.startOffset + start}-${token.startOffset + start + token.image.length}`);
  const comments = (lexed.groups.comments as IToken[]).map((token) => `${token.tokenType === lexer.LineComment ? 'line' : 'block'} ${token.startOffset + start}-${token.startOffset + start + token.image.length}`);
  return { tokens, comments };
}

function fromScanner(text: string, start: number, end: number): { tokens: string[]; comments: string[] } {
  const scanned = scan.scanTokens(text, start, end);
  const tokens: string[] = [];
  for (let index = 0; index < scanned.count; index++) tokens.push(`${scanned.kinds[index]} ${scanned.starts[index]}-${scanned.ends[index]}`);
  const comments = scanned.comments.map((comment) => `${comment.block ? 'block' : 'line'} ${comment.start}-${comment.end}`);
  return { tokens, comments };
}

/** Mulberry32: a small seeded generator, so that every run sees the same texts. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces that sit on the borders between token kinds. */
const pieces = ['{', '}', ',', ';', '"', '"a b"', '"x', '/*', '*/', '/**/', '/*/', '//', '/', 'a/b', '\n', '\r\n', '\r', ' ', '\t', '\f', '\v', '\u00a0', '\ufeff',
  '1.2.3', '1.2.3/24', '1.2.3/', '1.2', '1.', '1.2.3.4.5', '10-20', '10-', '10-20-30', '8GB', '1.5GB', '1.GB', '8GB_x', '2a1', '12', '007', 'abc', '_a-b', 'A9',
  '-x', '.5GB', '.', '\\\\DC01\\share', '@', ':', 'é', '😀', '\ud800', '\u0000', '\u2028', 'vm X on HV', 'a,b'];

function randomText(random: () => number): string {
  let text = '';
  const count = Math.floor(random() * 40);
  for (let index = 0; index < count; index++) text += pieces[Math.floor(random() * pieces.length)] + (random() < 0.4 ? ' ' : '');
  return text;
}

function stampFiles(folder: string, found: string[] = []): string[] {
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) stampFiles(path, found);
    else if (entry.endsWith('.stamp')) found.push(path);
  }
  return found;
}

test('the scanner finds the tokens and comments of the lexer in every fixture and example (blocks nested too deep dropped)', () => {
  const files = [...stampFiles(join(repoRoot, 'test', 'fixtures')), ...stampFiles(join(repoRoot, 'examples'))];
  assert.ok(files.length > 50);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    assert.deepEqual(fromScanner(text, 0, text.length), fromLexer(text, 0, text.length), file);
  }
});

test('the scanner finds the tokens and comments of the lexer in random texts, whole and from line to line', () => {
  const random = seededRandom(13);
  for (let round = 0; round < 3000; round++) {
    const text = randomText(random);
    assert.deepEqual(fromScanner(text, 0, text.length), fromLexer(text, 0, text.length), JSON.stringify(text));
    // A stretch of whole lines, as the incremental re-parse scans it: a comment left open ends where the stretch ends.
    const lineStarts = [0];
    for (const match of text.matchAll(/\r\n?|\n/g)) lineStarts.push(match.index + match[0].length);
    lineStarts.push(text.length);
    const from = lineStarts[Math.floor(random() * lineStarts.length)];
    const to = lineStarts[Math.floor(random() * lineStarts.length)];
    const [start, end] = from <= to ? [from, to] : [to, from];
    assert.deepEqual(fromScanner(text, start, end), fromLexer(text, start, end), `${JSON.stringify(text)} [${start}, ${end})`);
  }
});

test('an unclosed block comment is reported once at its `/*`, and a block nested too deep is dropped from its `{` to its `}`', () => {
  const text = `a {\n${'b {\n'.repeat(maxNestingDepth)}  c 1 /* in */\n${'}\n'.repeat(maxNestingDepth)}}\nd /* open`;
  const scanned = scan.scanTokens(text, 0, text.length);
  const deepOpen = text.indexOf('{', text.indexOf('b {') + 64 * 4 - 4);
  assert.deepEqual(
    scanned.errors.map((error) => `${error.code} ${error.start}-${error.end}`),
    [`SYN010 ${deepOpen}-${deepOpen + 1}`, `SYN003 ${text.indexOf('/* open')}-${text.indexOf('/* open') + 2}`],
  );
  // Nothing of the dropped block is a token (neither `c` nor `1`), its comment is still a comment, and the file's
  // braces balance again after it: `d` is a statement of the top level.
  const images: string[] = [];
  for (let index = 0; index < scanned.count; index++) images.push(text.slice(scanned.starts[index], scanned.ends[index]));
  assert.ok(!images.includes('c') && !images.includes('1'));
  assert.deepEqual(scanned.comments.map((comment) => text.slice(comment.start, comment.end)), ['/* in */', '/* open']);
  assert.deepEqual(parseStamp(text).statements.map((statement) => statement.keyword), ['a', 'd']);
});

test('the scanner grows its arrays past its first guess of the token count', () => {
  // A quarter of the text's length is the first guess; one-character tokens need four times that.
  const text = 'a,'.repeat(5000);
  const scanned = scan.scanTokens(text, 0, text.length);
  assert.equal(scanned.count, 10000);
  assert.equal(text.slice(scanned.starts[9998], scanned.ends[9998]), 'a');
  assert.equal(scanned.kinds[9999], scan.Comma);
  assert.equal(scanned.starts[9999], 9999);
});
