// lineStartAt (grammar/src/text.ts): the start of the line holding an offset, after LF, CRLF or a lone CR; it scans
// back only to the nearest break (it once searched the whole text before the offset for a CR an LF file lacks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineStartAt } from '../grammar/src/text.js';
import { seededRandom } from '../bench/generate.js';

/** The definition: after the last LF or CR before the offset (`lastIndexOf` clamps its start into the text). */
function expected(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

test('lineStartAt finds the line start after LF, CRLF and lone CR', () => {
  assert.equal(lineStartAt('ab\ncd', 4), 3);
  assert.equal(lineStartAt('ab\r\ncd', 5), 4);
  assert.equal(lineStartAt('ab\rcd', 4), 3);
  assert.equal(lineStartAt('ab\ncd', 3), 3);
  assert.equal(lineStartAt('ab\ncd', 2), 0);
  assert.equal(lineStartAt('abc', 2), 0);
  assert.equal(lineStartAt('', 0), 0);
  assert.equal(lineStartAt('ab\ncd', 99), 3);
});

test('lineStartAt agrees with its definition on random texts and offsets', () => {
  const next = seededRandom(42);
  const alphabet = ['a', 'b', ' ', '\n', '\r', '\r\n'];
  for (let round = 0; round < 2000; round++) {
    let text = '';
    const length = Math.floor(next() * 12);
    for (let index = 0; index < length; index++) text += alphabet[Math.floor(next() * alphabet.length)];
    const offset = Math.floor(next() * (text.length + 3)) - 1;
    assert.equal(lineStartAt(text, offset), expected(text, offset), `${JSON.stringify(text)} at ${offset}`);
  }
});
