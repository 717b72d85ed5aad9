// Incremental re-checking (grammar/src/incremental.ts), one edit at a time: typing in one statement, a new line between
// statements, a brace broken and repaired, a statement moved, every offset of a small design with LF, CRLF and lone-CR
// line breaks. After each edit, what the editor shows (syntax errors and schema diagnostics with their messages and
// ranges, the elements with their names, lines and the places of their names and values, the comments that fold) is
// what checking the new text from scratch shows. Deterministic and fast: the incremental run's tests for mutation
// testing (test/incremental.test.ts is the slow random property test over whole analyses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckedFile } from '../grammar/src/check.js';
import { checkText, incrementalStats, recheck } from '../grammar/src/incremental.js';
import { failedFile } from '../grammar/src/program.js';
import { checkedFilePicture } from './support/checked-picture.js';

const uri = 'file:///work/edits.stamp';

/**
 * A small design: blocks over several lines, one-line blocks, comments, schema diagnostics (one with a related place:
 * the first `os` of HV02), a syntax error (`!`) that leaves the statements independent of one another, and a statement
 * that makes no element (`colour` is no top-level keyword). Between 256 and 512 characters long (in every line-break
 * style), shorter than the blocks the changed stretch is first compared by.
 */
const design = [
  '// a lab',
  'host HV01 {',
  '  os 2012',
  '  nic NIC1 { speed 10Gbps } /* fast */',
  '}',
  'host HV02 { os 2012R2; os 2016; colour blue }',
  '',
  'cluster CL { kind hyperv; nodes HV01, HV02 } !',
  'vm VM1 on CL { memory 4GB; nic nic0 { switch External } }',
  'vm VM2 on HV02 { memory lots }',
  'colour red',
  '',
].join('\n');

/** Re-checks `after` from `previous` and compares it with a check from scratch; returns the result for the next edit. */
function assertRecheck(previous: CheckedFile, after: string, what: string): CheckedFile {
  const incremental = recheck(previous, after);
  const scratch = checkText(uri, after);
  assert.equal(incremental.syntax.text, after, what);
  const expected = checkedFilePicture(scratch);
  const actual = checkedFilePicture(incremental);
  for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], `${what}: ${key}\n  after: ${JSON.stringify(after)}`);
  return incremental;
}

/**
 * Counts what re-checking an edit re-parsed and kept (the incremental path's cost). The counters are set to zero first,
 * so a count left broken by an earlier re-check (in a mutation run, NaN) cannot spoil this one.
 */
function costOf(before: string, after: string): { incremental: number; fallback: number; reparsed: number; reused: number } {
  const previous = checkText(uri, before);
  Object.assign(incrementalStats, { incremental: 0, fallback: 0, reusedStatements: 0, reparsedStatements: 0 });
  assertRecheck(previous, after, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  return {
    incremental: incrementalStats.incremental,
    fallback: incrementalStats.fallback,
    reparsed: incrementalStats.reparsedStatements,
    reused: incrementalStats.reusedStatements,
  };
}

const lineBreaks = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['CR', '\r'],
] as const;

function withBreaks(text: string, lineBreak: string): string {
  return text.replace(/\n/g, lineBreak);
}

/** Pieces typed: characters that split, join, open or close statements, blocks, strings and comments. */
const pieces = ['{', '}', ';', ',', '"', '/*', '//', ' ', 'vm V on CL\n'];

test('a brace broken and repaired, a comment opened and closed, a statement moved: each step re-checks as from scratch', () => {
  for (const [name, lineBreak] of lineBreaks) {
    const base = withBreaks(design, lineBreak);
    const steps: Array<[string, (text: string) => string]> = [
      ['remove the } of HV01', (text) => text.replace(`${lineBreak}}${lineBreak}`, `${lineBreak}${lineBreak}`)],
      ['put it back', () => base],
      ['open a comment before the cluster', (text) => text.replace('cluster CL', '/* cluster CL')],
      ['close it after the cluster', (text) => text.replace(`HV02 } !${lineBreak}vm VM1`, `HV02 } ! */${lineBreak}vm VM1`)],
      ['remove the comment', () => base],
      ['move VM2 to the top', (text) => `vm VM2 on HV02 { memory lots }${lineBreak}${text.replace(`vm VM2 on HV02 { memory lots }${lineBreak}`, '')}`],
      ['move it back', () => base],
      ['join two statements on one line', (text) => text.replace(`HV02 } !${lineBreak}vm VM1`, 'HV02 } !; vm VM1')],
      ['split them again', () => base],
      ['open a string in a block', (text) => text.replace('memory lots', 'memory "lots')],
      ['close it', () => base],
      ['add a dangling comma', (text) => text.replace('nodes HV01, HV02', 'nodes HV01, HV02,')],
      ['remove it', () => base],
    ];
    let file = checkText(uri, base);
    let text = base;
    for (const [what, edit] of steps) {
      const next = edit(text);
      assert.notEqual(next, text, `${name}: ${what} changes the text`);
      file = assertRecheck(file, next, `${name}: ${what}`);
      text = next;
    }
  }
});

test('an edit re-checked twice from the same earlier file gives the right result the second time too', () => {
  const first = checkText(uri, design);
  const a = design.replace('os 2012R2', 'os 2016');
  const b = design.replace('  os 2012\n', '  os 2012R2\n');
  assertRecheck(first, a, 'first edit');
  // The first re-check moved the earlier file's statements after HV02 in place: the second, an edit before them that
  // would keep them, must not trust them.
  assertRecheck(first, b, 'second edit from the same earlier file');
});

test('typing re-parses only the statements the edit touches, in every line-break style', () => {
  for (const [name, lineBreak] of lineBreaks) {
    const base = withBreaks(design, lineBreak);
    const statements = checkText(uri, base).syntax.statements.length;
    // Inside one statement of one line: that statement only.
    const inside = costOf(base, base.replace('memory lots', 'memory 6GB'));
    assert.deepEqual(inside, { incremental: 1, fallback: 0, reparsed: 1, reused: statements - 1 }, `${name}: a change inside one statement`);
    // Inside a statement written over several lines: that statement only.
    const block = costOf(base, base.replace('  os 2012', '  os 2016'));
    assert.deepEqual(block, { incremental: 1, fallback: 0, reparsed: 1, reused: statements - 1 }, `${name}: a change inside a block`);
    // A new line between two statements: the new statement only, its neighbours kept.
    // (After a lone CR the line after the new one is parsed again too: the shortcut knows LF line ends only.)
    const added = costOf(base, base.replace(`vm VM1`, `host NEW${lineBreak}vm VM1`));
    if (lineBreak === '\r') assert.ok(added.incremental === 1 && added.reparsed <= 2, `${name}: a new line between statements`);
    else assert.deepEqual(added, { incremental: 1, fallback: 0, reparsed: 1, reused: statements }, `${name}: a new line between statements`);
    // A line break typed at the end of a line: nothing to parse again but the line it ends.
    const empty = costOf(base, base.replace(`HV02 } !${lineBreak}`, `HV02 } !${lineBreak}${lineBreak}`));
    // (After a lone CR, the line after the break is parsed again: see above.)
    if (lineBreak === '\r') assert.deepEqual(empty, { incremental: 1, fallback: 0, reparsed: 1, reused: statements - 1 }, `${name}: an empty line`);
    else assert.deepEqual(empty, { incremental: 1, fallback: 0, reparsed: 0, reused: statements }, `${name}: an empty line`);
  }
  // A block left unclosed makes the statements after it depend on it: the whole file is checked again.
  const unclosed = costOf(design, design.replace('  os 2012\n  nic', '  os 2012 {\n  nic'));
  assert.deepEqual({ incremental: unclosed.incremental, fallback: unclosed.fallback }, { incremental: 0, fallback: 1 }, 'an unclosed block');
  // An LF typed after a lone CR turns it into a CRLF: the line the CR ended is parsed again, not the whole file.
  const cr = withBreaks(design, '\r');
  const joined = costOf(cr, cr.replace('HV02 } !\r', 'HV02 } !\r\n'));
  assert.equal(joined.incremental, 1, 'CR → CRLF is re-checked incrementally');
  assert.ok(joined.reparsed <= 2, `CR → CRLF re-parses ${joined.reparsed} statements`);
});

test('a statement typed a character at a time, then deleted a character at a time, re-checks as from scratch after every key', () => {
  for (const [name, lineBreak] of lineBreaks) {
    const base = withBreaks(design, lineBreak);
    const typed = `vm N on CL { memory 2GB }${lineBreak}`;
    for (const at of [base.indexOf(lineBreak === '\r' ? '  os 2012' : 'cluster')]) {
      let file = checkText(uri, base);
      for (let length = 1; length <= typed.length; length++) {
        file = assertRecheck(file, base.slice(0, at) + typed.slice(0, length) + base.slice(at), `${name}: typed ${length} at ${at}`);
      }
      for (let length = typed.length - 1; length >= 0; length--) {
        file = assertRecheck(file, base.slice(0, at) + typed.slice(0, length) + base.slice(at), `${name}: erased to ${length} at ${at}`);
      }
    }
  }
});

test('a design without a line break at its end: typing in its last statement and after it re-checks as from scratch', () => {
  for (const [name, lineBreak] of lineBreaks) {
    const text = withBreaks(design, lineBreak).slice(0, -lineBreak.length);
    const end = text.length;
    const edits: Array<[string, string]> = [
      ['a letter typed at the end', `${text}x`],
      ['the last value changed', text.replace('colour red', 'colour blue')],
      ['a block added to the last statement', `${text} { }`],
      ['a new statement after it', `${text}${lineBreak}vm VM3 on CL`],
      ['the last character erased', text.slice(0, end - 1)],
    ];
    for (const [what, after] of edits) assertIncremental(text, after, `${name}: ${what}`);
  }
});

/** Re-checks an edit from scratch and incrementally, and requires the incremental path to have been taken. */
function assertIncremental(before: string, after: string, what: string): void {
  const cost = costOf(before, after);
  assert.equal(cost.incremental, 1, `${what}: ${JSON.stringify(cost)}`);
}

test('a file the core failed on before (nothing of it kept) is checked from scratch after the edit', () => {
  const failed = failedFile(uri, design, 'Stamp could not analyse this file (internal error: x).');
  assertRecheck(failed, design.replace('memory lots', 'memory 8GB'), 'after a failed check');
});

test('a long design: edits near the start, the middle and the end of a text far longer than one compared block', () => {
  // The changed stretch is found by comparing blocks of 512 characters first: the design spans several of them. A
  // letter typed or a line added re-parses the statements around it only, wherever it is.
  const long = Array.from({ length: 40 }, (_, index) => `vm V${index} on CL { memory ${index + 1}GB; nic n { switch External } }`).join('\n') + '\n';
  assert.ok(long.length > 4 * 512);
  const offsets = [0, 512, 513, Math.floor(long.length / 2), long.length - 513, long.length - 512, long.length];
  const local = (cost: ReturnType<typeof costOf>, what: string) => assert.ok(cost.incremental === 1 && cost.reparsed <= 3, `${what}: ${JSON.stringify(cost)}`);
  for (const [name, lineBreak] of lineBreaks) {
    const text = withBreaks(long, lineBreak);
    for (const at of offsets) {
      local(costOf(text, text.slice(0, at) + 'x' + text.slice(at)), `${name}: insert x at ${at}`);
      if (at < text.length) assertRecheck(checkText(uri, text), text.slice(0, at) + text.slice(at + 1), `${name}: delete at ${at}`);
      if (at + 600 <= text.length) assertRecheck(checkText(uri, text), text.slice(0, at) + text.slice(at + 600), `${name}: delete 600 at ${at}`);
    }
    // Two names changed at once far apart (a replace-all, an undo of several steps): the whole stretch between them.
    const both = text.replace('vm V3 on', 'vm W3 on').replace('vm V37 on', 'vm W37 on');
    assertRecheck(checkText(uri, text), both, `${name}: two names far apart`);
    // The same statement repeated: a changed line whose neighbours read the same before and after it, added or removed
    // (the texts' common start and common end then overlap: the changed stretch is taken from the common start on).
    const line = withBreaks('vm A on CL\n', lineBreak);
    const repeated = line.repeat(120);
    for (const at of [0, 11, 600, repeated.length - 3]) {
      local(costOf(repeated, repeated.slice(0, at) + line + repeated.slice(at)), `${name}: repeat a line at ${at}`);
      local(costOf(repeated, repeated.slice(0, at) + repeated.slice(at + line.length)), `${name}: remove a line at ${at}`);
    }
    // Shorter than one block, a line removed or added at the end, and one letter replaced by another.
    const few = line.repeat(30);
    local(costOf(few, few.slice(line.length)), `${name}: remove the first of 30 lines`);
    local(costOf(few, few + line), `${name}: add a 31st line`);
    local(costOf(few, few.slice(0, -2 - line.length) + 'B' + few.slice(-1 - line.length)), `${name}: a letter of the 29th line replaced`);
  }
});

test('a character replaced by another at every offset (the length unchanged) re-checks as from scratch', () => {
  for (const [name, lineBreak] of lineBreaks) {
    const text = withBreaks(design, lineBreak);
    for (let at = 0; at < text.length; at++) {
      // A letter for a letter (the name, the keyword or the value changes), a line break for a character and back.
      const replacement = text[at] === 'x' ? 'y' : /[\r\n]/.test(text[at]) ? 'x' : at % 3 === 0 ? '\n' : 'x';
      assertRecheck(checkText(uri, text), text.slice(0, at) + replacement + text.slice(at + 1), `${name}: replace ${JSON.stringify(text[at])} at ${at} by ${JSON.stringify(replacement)}`);
    }
  }
});

for (const [name, lineBreak] of lineBreaks) {
  test(`an insertion and a deletion at every offset re-check as from scratch (${name})`, () => {
    const text = withBreaks(design, lineBreak);
    for (let at = 0; at <= text.length; at++) {
      // At every offset a line break and the other line-break character (an LF after a CR joins them into a CRLF, a
      // CR before an LF does too); the other pieces and the deletion lengths in turn.
      for (const piece of [lineBreak, lineBreak === '\n' ? '\r' : '\n']) {
        assertRecheck(checkText(uri, text), text.slice(0, at) + piece + text.slice(at), `${name}: insert ${JSON.stringify(piece)} at ${at}`);
      }
      // Odd offsets: a deletion of 1, 2 or 5 characters; even ones: another piece.
      const length = [1, 2, 5][at % 3];
      if (at % 2 === 1 && at + length <= text.length) assertRecheck(checkText(uri, text), text.slice(0, at) + text.slice(at + length), `${name}: delete ${length} at ${at}`);
      const piece = ['x', ...pieces][(at >> 1) % (pieces.length + 1)];
      if (at % 2 === 0) assertRecheck(checkText(uri, text), text.slice(0, at) + piece + text.slice(at), `${name}: insert ${JSON.stringify(piece)} at ${at}`);
    }
  });
}
