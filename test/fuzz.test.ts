// A deterministic fuzz test: thousands of mangled versions of the examples never crash, hang or misplace a range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { formatStamp } from '../grammar/src/format.js';
import { parseStamp } from '../grammar/src/parser.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import { repoRoot } from './support/paths.js';

/** The most mutants per example (the same seeded sequence every run). */
const mutantsPerExample = Number(process.env.STAMP_FUZZ_COUNT ?? 1500);
/** The time budget per example, so that the whole test stays under about 20 seconds; the sequence is cut there. */
const budgetPerExampleMs = Number(process.env.STAMP_FUZZ_BUDGET_MS ?? 4000);
/** Fewer mutants than this per example means the pipeline became far too slow. */
const minimumMutants = 25;
/** The time one input may take through analyze, diagnose and format. */
const timeLimitMs = 1000;

/** Mulberry32: a small seeded generator, so that every run sees the same inputs. */
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

/** Text that tends to break parsers: separators, comment and string openers, odd characters. */
const nastyPieces = ['{', '}', '"', ',', ';', '/*', '*/', '//', '\n', '{\n', '}\n', ', \n', '\r\n', '\t', '\\', '0-', '1.2.3', '9999999999999999999', 'on', 'to',
  '\u00a0', '\ufeff', '\u2028', '😀', '\ud800', 'é', '\u0000', 'host', 'vm X on', 'replica', 'sql on', '{ }', '"unclosed', 'primary;'];

/** One random change to a text. */
function mutate(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const lines = text.split('\n');
  const line = Math.floor(random() * lines.length);
  switch (Math.floor(random() * 10)) {
    case 0: // delete a few characters
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 8));
    case 1: // insert a nasty piece
      return text.slice(0, at) + pick(nastyPieces) + text.slice(at);
    case 2: // insert a random byte or code unit
      return text.slice(0, at) + String.fromCharCode(random() < 0.7 ? Math.floor(random() * 256) : Math.floor(random() * 0xffff)) + text.slice(at);
    case 3: // duplicate a stretch of text
      return text.slice(0, at) + text.slice(at, at + Math.floor(random() * 40)) + text.slice(at);
    case 4: // swap two neighbouring characters
      return at + 1 < text.length ? text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2) : text;
    case 5: // delete a line
      lines.splice(line, 1);
      return lines.join('\n');
    case 6: // duplicate a line
      lines.splice(line, 0, lines[line]);
      return lines.join('\n');
    case 7: { // swap two lines
      const other = Math.floor(random() * lines.length);
      [lines[line], lines[other]] = [lines[other], lines[line]];
      return lines.join('\n');
    }
    case 8: // truncate
      return text.slice(0, at);
    default: // move a line somewhere else
      return [...lines.slice(0, line), ...lines.slice(line + 1), lines[line]].join('\n');
  }
}

function checkRange(label: string, text: string, start: number, end: number): void {
  assert.ok(Number.isInteger(start) && Number.isInteger(end), `${label}: non-integer range ${start}-${end}`);
  assert.ok(start >= 0 && start <= end && end <= text.length, `${label}: range ${start}-${end} outside a text of ${text.length} characters`);
}

/** Runs one input through the whole pipeline and checks the invariants. Returns the time it took. */
function runOne(text: string, label: string): number {
  const uri = 'file:///fuzz/input.stamp';
  const began = performance.now();
  const analysis = analyze([{ uri, text }]);
  const diagnostics = diagnose(analysis);
  const formatted = formatStamp(text);
  const elapsed = performance.now() - began;
  for (const diagnostic of diagnostics) {
    const where = `${label}: ${diagnostic.code} ${JSON.stringify(diagnostic.message)}`;
    assert.equal(diagnostic.uri, uri, where);
    checkRange(where, text, diagnostic.start, diagnostic.end);
    for (const related of diagnostic.related ?? []) if (related.uri === uri) checkRange(`${where} (related)`, text, related.start, related.end);
    for (const fix of diagnostic.fixes ?? []) for (const edit of fix.edits) if (edit.uri === uri) checkRange(`${where} (fix ${fix.title})`, text, edit.start, edit.end);
  }
  if (formatted !== text) {
    assert.deepEqual(parseStamp(formatted).errors, [], `${label}: the formatter produced text with syntax errors`);
    assert.equal(formatStamp(formatted), formatted, `${label}: formatting is not idempotent`);
  }
  return elapsed;
}

const examples = readdirSync(join(repoRoot, 'examples')).filter((name) => name.endsWith('.stamp')).sort();

test('the examples themselves pass the pipeline invariants', () => {
  assert.ok(examples.length > 0, 'no examples found');
  for (const name of examples) runOne(readFileSync(join(repoRoot, 'examples', name), 'utf8'), name);
});

for (const [exampleIndex, name] of examples.entries()) {
  test(`fuzz: up to ${mutantsPerExample} mutants of ${name} never throw, hang or misplace a range`, () => {
    const original = readFileSync(join(repoRoot, 'examples', name), 'utf8');
    const random = seededRandom(0x5eed + exampleIndex * 7919);
    let slowest = { ms: 0, mutant: -1 };
    const began = performance.now();
    let mutant = 0;
    for (; mutant < mutantsPerExample && performance.now() - began < budgetPerExampleMs; mutant++) {
      let text = original;
      const changes = 1 + Math.floor(random() * 4);
      for (let change = 0; change < changes; change++) text = mutate(text, random);
      const label = `${name} mutant ${mutant}`;
      let elapsed: number;
      try {
        elapsed = runOne(text, label);
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        assert.fail(`${label} threw ${(error as Error)?.stack ?? String(error)}\n--- input ---\n${text}`);
      }
      if (elapsed > slowest.ms) slowest = { ms: elapsed, mutant };
      assert.ok(elapsed < timeLimitMs, `${label} took ${Math.round(elapsed)} ms (limit ${timeLimitMs} ms)`);
    }
    assert.ok(slowest.ms < timeLimitMs);
    assert.ok(mutant >= Math.min(minimumMutants, mutantsPerExample), `only ${mutant} mutants of ${name} fit in ${budgetPerExampleMs} ms`);
    console.log(`${name}: ${mutant} mutants, slowest ${Math.round(slowest.ms)} ms (mutant ${slowest.mutant})`);
  });
}

for (const [exampleIndex, name] of examples.entries()) {
  test(`fuzz: 1000 mutants of ${name} through the parser and the formatter alone`, () => {
    const original = readFileSync(join(repoRoot, 'examples', name), 'utf8');
    const random = seededRandom(0xf0f0 + exampleIndex * 104729);
    for (let mutant = 0; mutant < 1000; mutant++) {
      let text = original;
      const changes = 1 + Math.floor(random() * 6);
      for (let change = 0; change < changes; change++) text = mutate(text, random);
      const label = `${name} parser mutant ${mutant}`;
      const syntax = parseStamp(text);
      for (const error of syntax.errors) checkRange(`${label}: ${error.code}`, text, error.start, error.end);
      const formatted = formatStamp(text);
      if (formatted !== text) {
        assert.deepEqual(parseStamp(formatted).errors, [], `${label}: the formatter produced text with syntax errors`);
        assert.equal(formatStamp(formatted), formatted, `${label}: formatting is not idempotent`);
      }
    }
  });
}
