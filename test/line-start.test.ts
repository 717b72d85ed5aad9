// lineStartAt (grammar/src/text.ts): the start of the line holding an offset, after LF, CRLF or a lone CR; it scans
// back only to the nearest break (it once searched the whole text before the offset for a CR an LF file lacks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, lineStartAt } from '../grammar/src/text.js';
import { seededRandom } from '../bench/generate.js';

/** The definition: the start of the line LineIndex puts the offset on (clamped into the text). */
function expected(text: string, offset: number): number {
  const lines = new LineIndex(text);
  return lines.lineStart(lines.positionAt(offset).line);
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
  // Offset 0 is on the first line even when the text starts with a line break; the LF of a CRLF is on the line it ends.
  assert.equal(lineStartAt('\nab', 0), 0);
  assert.equal(lineStartAt('\rab', 0), 0);
  assert.equal(lineStartAt('ab\r\ncd', 3), 0);
  assert.equal(lineStartAt('x\nab\r\ncd', 5), 2);
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
