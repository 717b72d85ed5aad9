// The parser, which reads a statement's arguments and separators by hand inside its Chevrotain rules, gives exactly the
// trees and errors of the same grammar written wholly in Chevrotain's DSL (test/support/reference-parser.ts): over every
// fixture and example, over hostile texts, and over random texts of the tokens that decide the grammar's choices
// (names, values, commas, braces, separators, line breaks and indentation for the second pass of an unclosed block).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseWhole } from '../grammar/src/parser.js';
import { referenceParser } from './support/reference-parser.js';
import { generateStamp } from '../bench/generate.js';
import { largeStamp } from './support/large-stamp.js';
import { everyStampFile } from './support/paths.js';

/** Asserts that both parsers give `text` the same statements, comments and errors (messages and ranges included). */
function assertSameParse(text: string, label: string): void {
  const expected = parseWhole(text, referenceParser());
  const actual = parseWhole(text);
  assert.deepEqual(actual, expected, label);
}


test('every fixture, example and generated stamp parses alike with both parsers', () => {
  const files = everyStampFile();
  assert.ok(files.length > 300, `found ${files.length} stamp files`);
  let withErrors = 0;
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    assertSameParse(text, path);
    if (parseWhole(text).errors.length > 0) withErrors++;
  }
  // The comparison reaches the error productions, not only clean stamps.
  assert.ok(withErrors > 10, `${withErrors} files with syntax errors`);
  assertSameParse(generateStamp(2000).stampText, 'the bench stamp of 2,000 lines');
  assertSameParse(largeStamp(500), 'the large test stamp');
});

test('hostile texts parse alike with both parsers', () => {
  const texts = [
    '',
    '}',
    '{',
    '{ host A }',
    'host A\n{\n  os 2012\n}\n{\n}',
    'host A {\n  vm B {\n    os x\n  host C\n',
    'host A {\n  os 2012\nhost B {\n  os 2016\n}\n',
    'host A {\nos 2012\nhost B\n',
    'a, b\n, c,,\n d,',
    ', a b',
    'a ,,, b ,\n\n, c',
    '"open\nhost A "x" 1.2.3.4 1-2 64GB 7 @x 😀',
    '12 host A\n"x" y, z { w }',
    'a b c d { e f { g } h } i',
    'a { b } c { d',
    'a;b;c {;} ; d',
    '/* a */ host /* b */ A // c\n{ // d\n}',
    `host DEEP {\n${'group {\n'.repeat(80)}`,
    `host DEEP {\n${'group {\n'.repeat(80)}${'}\n'.repeat(80)}}`,
    `cluster BIG { nodes ${Array.from({ length: 500 }, (_, index) => `N${index}`).join(',\n')} }`,
  ];
  for (const text of texts) assertSameParse(text, JSON.stringify(text.slice(0, 60)));
});

test('random texts of the tokens that decide the grammar parse alike with both parsers', () => {
  // Each piece is a token or a run of white space; indentation after a line break matters to the second pass.
  const pieces = [
    'host', 'vm', 'A', 'os', ' ', ' ', ' ', '\n', '\n', '\n  ', '\n    ', '\r\n', '\t', '{', '{', '}', '}', ',', ',', ';',
    '"s"', '"open', '12', '64GB', '1.2.3.4', '10-20', '@', '😀', '/* c */', '/* c\n */', '// c', '.x',
  ];
  let state = 20261130;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  let unclosed = 0;
  for (let run = 0; run < 3000; run++) {
    const count = 1 + Math.floor(random() * 60);
    let text = '';
    for (let index = 0; index < count; index++) text += pieces[Math.floor(random() * pieces.length)];
    assertSameParse(text, `random text ${run}: ${JSON.stringify(text)}`);
    if (parseWhole(text).errors.some((error) => error.code === 'SYN004')) unclosed++;
  }
  // Many of the texts leave a block open, so the second pass (its dedent gate) is compared too.
  assert.ok(unclosed > 300, `${unclosed} texts with an unclosed block`);
});
