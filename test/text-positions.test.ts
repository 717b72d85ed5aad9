// Offsets and editor positions (line, character) in texts with LF, CRLF and lone CR line breaks, and the line break a
// quick fix's inserted text is given: what the editor's cursor, diagnostics and edits map to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasLineBreak, lineBreakAfter, lineBreakOf, LineIndex, lineStartAt } from '../grammar/src/text.js';
import { openStamp } from './support/open-stamp.js';
import { repoRoot } from './support/paths.js';

const text = 'host A\r\n  os 2012\rhost B\n';

test('a position maps to an offset, clamped to the text', () => {
  const lines = new LineIndex(text);
  assert.equal(lines.lineCount, 4);
  assert.equal(lines.offsetAt({ line: 0, character: 0 }), 0);
  assert.equal(lines.offsetAt({ line: 1, character: 2 }), 10);
  assert.equal(lines.offsetAt({ line: 2, character: 4 }), 22);
  assert.equal(lines.offsetAt({ line: 3, character: 5 }), text.length, 'the empty last line');
  assert.equal(lines.offsetAt({ line: 9, character: 0 }), text.length, 'a line past the end');
  assert.equal(lines.offsetAt({ line: 4, character: 0 }), text.length, 'the line just past the end');
  assert.equal(lines.offsetAt({ line: 0, character: 3 }), 3, 'on the first line');
  assert.equal(lines.offsetAt({ line: -1, character: 3 }), 0, 'a negative line');
  assert.equal(lines.offsetAt({ line: 2, character: -4 }), 18, 'a negative character');
  // A character past the end of its line is the line's end, before its line break (LSP), never on the next line.
  assert.equal(lines.offsetAt({ line: 0, character: 6 }), 6);
  assert.equal(lines.offsetAt({ line: 0, character: 7 }), 6, 'not between the CR and the LF');
  assert.equal(lines.offsetAt({ line: 0, character: 99 }), 6, 'before a CRLF');
  assert.equal(lines.offsetAt({ line: 1, character: 50 }), 17, 'before a lone CR');
  assert.equal(lines.offsetAt({ line: 2, character: 10 }), 24, 'before an LF');
  assert.equal(lines.lineEnd(0), 6);
  assert.equal(lines.lineEnd(3), text.length, 'the last line ends with the text');
  assert.equal(new LineIndex('a\r\rb').lineEnd(1), 2, 'an empty line ended by a lone CR, after another lone CR');
  assert.deepEqual(lines.positionAt(text.length + 10), { line: 3, character: 0 });
  assert.deepEqual(lines.positionAt(-3), { line: 0, character: 0 });
  assert.deepEqual(lines.positionAt(7), { line: 0, character: 7 }, 'the LF of a CRLF is still on its line');
  assert.deepEqual(lines.positionAt(18), { line: 2, character: 0 }, 'after a lone CR');
});

test('line starts: by line number (clamped) and by offset, after any kind of line break', () => {
  const lines = new LineIndex(text);
  assert.deepEqual([0, 1, 2, 3, 7, -2].map((line) => lines.lineStart(line)), [0, 8, 18, 25, 25, 0]);
  assert.equal(lineStartAt(text, 10), 8);
  assert.equal(lineStartAt(text, 23), 18);
  assert.equal(lineStartAt(text, 0), 0);
  assert.equal(lineStartAt(text, 8), 8, 'an offset at a line start is on that line');
  assert.equal(lineStartAt('\nab', 2), 1, 'after a line break that opens the text');
  // Between the CR and the LF of a CRLF is still on the line that CRLF ends; after a lone CR is on the next line, also
  // when an LF follows later.
  assert.equal(lineStartAt(text, 7), 0, 'between the CR and the LF of a CRLF');
  assert.equal(lineStartAt(text, 18), 18, 'just after a lone CR');
  assert.equal(lineStartAt(text, 24), 18, 'at the LF that ends the line after a lone CR');
});

test('the next line break: where it is and how long, LF, CRLF or a lone CR', () => {
  assert.deepEqual(lineBreakAfter(text, 0), { at: 6, length: 2 });
  assert.deepEqual(lineBreakAfter(text, 8), { at: 17, length: 1 });
  assert.deepEqual(lineBreakAfter(text, 18), { at: 24, length: 1 });
  assert.deepEqual(lineBreakAfter('a\rb', 0), { at: 1, length: 1 });
  assert.equal(lineBreakAfter(text, 25), undefined);
  assert.equal(hasLineBreak('a\rb'), true);
  assert.equal(hasLineBreak('a\nb'), true);
  assert.equal(hasLineBreak('a b'), false);
});

test("text a quick fix inserts gets the line break of the file it goes into (its first line break; LF in a one-line file)", () => {
  assert.equal(lineBreakOf('a\r\nb\nc'), '\r\n');
  assert.equal(lineBreakOf('a\rb\r\n'), '\r');
  assert.equal(lineBreakOf('a\nb\r\n'), '\n');
  assert.equal(lineBreakOf('one line'), '\n');
});

test('every diagnostic range of the fix fixtures survives the trip to editor positions and back, with CRLF and lone CR', () => {
  // A code action request names its diagnostic by the positions the server published; quick fixes are found by the
  // offsets those positions map back to, so a range ending inside a line break would lose its fixes.
  const folder = join(repoRoot, 'test', 'fixtures', 'fixes');
  let checked = 0;
  for (const name of readdirSync(folder).filter((entry) => entry.endsWith('.stamp') && !entry.endsWith('.fixed.stamp'))) {
    for (const lineBreak of ['\r\n', '\r']) {
      const source = readFileSync(join(folder, name), 'utf8').replace(/\r\n|\r|\n/g, lineBreak);
      const lines = new LineIndex(source);
      for (const diagnostic of openStamp({ [`file:///positions/${name}`]: source }).diagnosed.own) {
        for (const offset of [diagnostic.start, diagnostic.end]) {
          assert.equal(lines.offsetAt(lines.positionAt(offset)), offset, `${name} (${JSON.stringify(lineBreak)}): ${diagnostic.code} at ${offset}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 100, `only ${checked} offsets checked`);
});
