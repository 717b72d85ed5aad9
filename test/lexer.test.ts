// The hand-written lexer gives exactly the tokens, comments and errors of the Chevrotain lexer it replaces: over every
// fixture and example, over hostile texts, and over random texts built from the characters that decide a token's end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ILexingResult, IToken } from 'chevrotain';
import { tokenizeStamp } from '../grammar/src/lexer.js';
import { chevrotainLexer } from '../grammar/src/tokens.js';
import { generateStamp } from '../bench/generate.js';
import { largeStamp } from './support/large-stamp.js';
import { everyStampFile } from './support/paths.js';

/** A token as the parser and the formatter read it: its type's name, its text and where it starts. */
function describe(token: IToken): string {
  return `${token.tokenType.name}@${token.startOffset}:${JSON.stringify(token.image)}`;
}

function summary(result: ILexingResult): { tokens: string[]; comments: string[]; groups: string[]; errors: unknown[] } {
  return {
    tokens: result.tokens.map(describe),
    comments: (result.groups.comments ?? []).map(describe),
    groups: Object.keys(result.groups),
    errors: result.errors,
  };
}

/** Asserts that both lexers split `text` alike, down to the fields of each token object and their order. */
function assertSameTokens(text: string, label: string): void {
  const expected = chevrotainLexer().tokenize(text);
  const actual = tokenizeStamp(text);
  assert.deepEqual(summary(actual), summary(expected), label);
  for (const [mine, theirs] of [
    [actual.tokens, expected.tokens],
    [actual.groups.comments, expected.groups.comments],
  ]) {
    for (let index = 0; index < theirs.length; index++) {
      assert.deepEqual(Object.keys(mine[index]), Object.keys(theirs[index]), `${label}: the fields of token ${index}`);
      assert.equal(mine[index].tokenTypeIdx, theirs[index].tokenTypeIdx, `${label}: the type index of token ${index}`);
      assert.equal(mine[index].tokenType, theirs[index].tokenType, `${label}: the type of token ${index}`);
    }
  }
}


test('every fixture, example and generated stamp gives the same tokens with both lexers', () => {
  const files = everyStampFile();
  assert.ok(files.length > 300, `found ${files.length} stamp files`);
  for (const path of files) assertSameTokens(readFileSync(path, 'utf8'), path);
  assertSameTokens(generateStamp(2000).stampText, 'the bench stamp of 2,000 lines');
  assertSameTokens(largeStamp(500), 'the large test stamp');
});

test('hostile texts give the same tokens with both lexers', () => {
  const texts = [
    '',
    ' ',
    '\r',
    '\r\r\n\n\r',
    'host A {\r os 2012 }\rhost B',
    '/*',
    '/* a */ b /*/ c',
    '/*/',
    '//',
    '// a\r\nb',
    '/',
    'a/b//c',
    '"',
    '"abc',
    '"abc\r\n"def"',
    '""',
    '1.2.3.4/24 1.2.3/ 1.2.3./4 1.2 1. 1.2.x 10-20 10- -10 1.5GB 1.GB 12ab3-4 7 0x1F 1.2.3.4/24x',
    '1.2.3.4-5 1-2-3 1.5.6GB 1.5-6 12_ab',
    'a-b_c -a _a a.b a@b a\\b .x @x 😀 \ud83d \ude00 服务器 é \u0000 \u200b \u2028 𝔸',
    '\ufeffhost A\u00a0{\u000b\f\t}',
    // U+0080, the first character past ASCII: alone, after an unknown character, and after a name.
    '\u0080 @\u0080 \u007f\u0080x a\u0080',
    'x{y}z;w,v"u"t',
    `host DEEP {\n${'group {\n'.repeat(200)}`,
    `cluster BIG { nodes ${Array.from({ length: 500 }, (_, index) => `N${index}`).join(',\n')} }`,
  ];
  for (const text of texts) assertSameTokens(text, JSON.stringify(text.slice(0, 60)));
});

test('random texts of the characters that decide where tokens end give the same tokens with both lexers', () => {
  // Every piece below starts, ends or continues some token pattern; mixed at random they reach the patterns' corners
  // (a dot or a dash after digits, a slash after an address, a quote before a line break, a comment never closed).
  const pieces = [
    'a', 'Z', '_', '-', '0', '7', '12', '.', '/', '*', '"', ' ', '\t', '\f', '\v', '\u00a0', '\ufeff', '\n', '\r', '\r\n',
    '{', '}', ';', ',', '@', '\\', ':', '😀', '\ud83d', '\ude00', 'é', '\u0000', '\u007f', '\u0080', '\u2028', 'GB', 'x9', '//', '/*', '*/',
    '1.2.3', '10.0.0.1/24', '1-9', '64GB', '1.5', 'host ', 'vm ',
  ];
  let state = 20261130;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  for (let run = 0; run < 3000; run++) {
    const count = 1 + Math.floor(random() * 40);
    let text = '';
    for (let index = 0; index < count; index++) text += pieces[Math.floor(random() * pieces.length)];
    assertSameTokens(text, `random text ${run}: ${JSON.stringify(text)}`);
  }
});

test('a name keeps its own text when the table of recent names holds, in its slot, a name it starts with or one written just before it', () => {
  // The lexer re-uses the text of a recent name in the same slot of its hash when the name is that text. Many pairs,
  // so that some share a slot whatever the hash: a name and a longer one that starts with it (`p1a p1ax`), and a name
  // written again at the end of a quantity, then a name of its length right after (`q1azz 1q1azz_kfoq`: the text just
  // before `_kfoq` is `q1azz`; the letters after `_` are pseudo-random, as names that differ only in their first
  // letter never share a slot).
  let state = 20261130;
  const letter = (): string => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return String.fromCharCode(97 + ((state >>> 16) % 26));
  };
  const words: string[] = [];
  const names: string[] = [];
  for (let index = 0; index < 16000; index++) {
    const tag = index.toString(36);
    let other = '_';
    while (other.length < tag.length + 3) other += letter();
    words.push(`p${tag}`, `p${tag}x`, `q${tag}zz`, `1q${tag}zz${other}`);
    names.push(`p${tag}`, `p${tag}x`, `q${tag}zz`, other);
  }
  const tokens = tokenizeStamp(words.join('\n')).tokens;
  assert.deepEqual(tokens.filter((token) => token.tokenType.name === 'Identifier').map((token) => token.image), names);
});
