// A grammar-aware fuzzer: generates stamps built to break the core (deep nesting, long names, misspellings, huge lists,
// mixed line endings, invalid UTF-8, surrogates) and checks that every input is answered, within bounds, with sane ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { decodeUtf8 } from '../grammar/src/encoding.js';
import { formatStamp } from '../grammar/src/format.js';
import { maxNestingDepth, parseStamp } from '../grammar/src/parser.js';
import { keywordsIn } from '../grammar/src/schema.js';
import { Comma, LineComment, Newline, Semicolon, chevrotainLexer } from '../grammar/src/tokens.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import { repoRoot } from './support/paths.js';

/** The time the whole fuzzer may take (inputs are generated until it is spent). */
const budgetMs = Number(process.env.STAMP_FUZZ_HOSTILE_MS ?? 6000);
/** An input may take this long plus a little per character (a hang detector, far above the real figures). */
const fixedLimitMs = 2000;
const perCharacterLimitMs = 0.05;
/** The process must stay under this resident size. */
const rssLimitBytes = 2 * 1024 ** 3;

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

type Random = () => number;
const integer = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const topKeywords = keywordsIn('file');
const hostKeywords = keywordsIn('host');
const examples = readdirSync(join(repoRoot, 'examples')).filter((name) => name.endsWith('.stamp')).sort().map((name) => readFileSync(join(repoRoot, 'examples', name), 'utf8'));

function name(random: Random, length = integer(random, 1, 12)): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';
  let text = pick(random, [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ']);
  while (text.length < length) text += letters[Math.floor(random() * letters.length)];
  return text;
}

function misspell(random: Random, text: string): string {
  const at = Math.floor(random() * text.length);
  switch (integer(random, 0, 3)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return `${text.slice(0, at)}Q${text.slice(at)}`;
    case 2:
      return `${text.slice(0, at)}Z${text.slice(at + 1)}`;
    default:
      return text.toLowerCase();
  }
}

/** The generators: each builds one hostile stamp. */
const generators: Record<string, (random: Random) => string> = {
  deep(random) {
    const depth = integer(random, maxNestingDepth - 2, random() < 0.3 ? 20_000 : 600);
    const keyword = (): string => pick(random, [...hostKeywords, 'group', 'x', 'nic']);
    const open = Array.from({ length: depth }, () => `${keyword()} ${name(random)} {${random() < 0.5 ? '\n' : ' '}`).join('');
    const closed = random() < 0.8 ? '}\n'.repeat(depth) : '';
    return `host H {\n${open}${closed}}\nhost AFTER { os 2012 }\n`;
  },
  longName(random) {
    const declared = name(random, integer(random, 60, random() < 0.2 ? 100_000 : 20_000));
    const reference = random() < 0.5 ? misspell(random, declared) : random() < 0.5 ? declared.toLowerCase() : name(random, declared.length);
    return `host ${declared} { os 2012 }\nhost OTHER { os 2012 }\ncluster C { kind hyperv; nodes ${reference}, OTHER }\n`;
  },
  misspellings(random) {
    const count = integer(random, 100, 1500);
    const names = Array.from({ length: count }, (_, index) => `HOST${index}${name(random, 4)}`);
    const hosts = names.map((host) => `host ${host} { os 2012 }`).join('\n');
    const clusters = names.map((host, index) => `cluster C${index} { kind hyperv; nodes ${misspell(random, host)} }`).join('\n');
    return `${hosts}\n${clusters}\n`;
  },
  hugeList(random) {
    const count = integer(random, 1000, 10_000);
    const members = Array.from({ length: count }, (_, index) => `N${index}${random() < 0.01 ? ',\n' : ', '}`).join('');
    return `cluster BIG { kind hyperv; nodes ${members}LAST }\n${'host N0 { os 2012 }\n'.repeat(integer(random, 1, 50))}`;
  },
  lineEndings(random) {
    const text = pick(random, examples);
    const parts = text.split('\n');
    return (random() < 0.3 ? '\ufeff' : '') + parts.map((part, index) => (index === parts.length - 1 ? part : part + pick(random, ['\n', '\r\n', '\r', '\r\n']))).join('');
  },
  surrogates(random) {
    const pieces = ['😀', '\ud83d', '\ude00', '服务器', 'é', '\u0000', '\u200b', '\ufeff', '\u2028', '𝔸'];
    let text = pick(random, examples);
    for (let count = integer(random, 1, 40); count > 0; count--) {
      const at = Math.floor(random() * (text.length + 1));
      text = text.slice(0, at) + pick(random, pieces) + text.slice(at);
    }
    return text;
  },
  statements(random) {
    const lines: string[] = [];
    for (let count = integer(random, 1, 400); count > 0; count--) {
      const keyword = random() < 0.9 ? pick(random, topKeywords) : name(random);
      const args = Array.from({ length: integer(random, 0, 4) }, () => pick(random, [name(random), `"${name(random)}"`, '10.0.0.1/24', '64GB', '1-9', 'on', String(integer(random, 0, 99999))]));
      const block = random() < 0.5 ? ` { ${Array.from({ length: integer(random, 0, 5) }, () => `${pick(random, hostKeywords)} ${name(random)}`).join('; ')} }` : '';
      lines.push(`${keyword} ${args.join(random() < 0.3 ? ', ' : ' ')}${block}`);
    }
    return lines.join(pick(random, ['\n', '\r\n', '; ']));
  },
};

/** The tokens a formatter must keep, in order: everything but line breaks, `;` and trailing blanks of comments. */
function keptTokens(text: string): string[] {
  const lexed = chevrotainLexer().tokenize(text.replace(/^\ufeff/, ''));
  const all = [...lexed.tokens, ...((lexed.groups.comments ?? []) as typeof lexed.tokens)].sort((a, b) => a.startOffset - b.startOffset);
  return all.filter((token) => token.tokenType !== Newline && token.tokenType !== Semicolon).map((token) => (token.tokenType === LineComment ? token.image.trimEnd() : token.tokenType === Comma ? ',' : token.image.replace(/\r\n?/g, '\n')));
}

function checkRange(label: string, text: string, start: number, end: number): void {
  assert.ok(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length, `${label}: range ${start}-${end} outside a text of ${text.length}`);
}

/** One input through analysis, rules and the formatter, with every invariant checked; returns its time. */
function runOne(text: string, label: string): number {
  const uri = 'file:///fuzz/hostile.stamp';
  const began = performance.now();
  const diagnostics = diagnose(analyze([{ uri, text }]));
  const formatted = formatStamp(text);
  const elapsed = performance.now() - began;
  for (const diagnostic of diagnostics) {
    checkRange(`${label} ${diagnostic.code}`, text, diagnostic.start, diagnostic.end);
    assert.ok(diagnostic.message.length > 0);
  }
  if (formatted !== text) {
    assert.deepEqual(parseStamp(formatted).errors, [], `${label}: the formatter produced syntax errors`);
    assert.equal(formatStamp(formatted), formatted, `${label}: formatting is not idempotent`);
    assert.deepEqual(keptTokens(formatted), keptTokens(text), `${label}: the formatter changed a token`);
    assert.equal(formatted.startsWith('\ufeff'), text.startsWith('\ufeff'), `${label}: the BOM was not kept`);
    if (text.includes('\r\n') && !/(^|[^\r])\n/.test(text) && !/\r(?!\n)/.test(text)) assert.doesNotMatch(formatted, /(^|[^\r])\n/, `${label}: CRLF was not kept`);
  }
  return elapsed;
}

test('grammar-aware fuzzing: hostile stamps are answered within bounds, with ranges inside the text and tokens kept', () => {
  const random = seededRandom(0x17);
  const began = performance.now();
  const counts: Record<string, number> = {};
  let inputs = 0;
  let characters = 0;
  let slowest = { msPerKChar: 0, label: '' };
  const names = Object.keys(generators);
  while (performance.now() - began < budgetMs || inputs < names.length) {
    const kind = names[inputs % names.length];
    const text = generators[kind](random);
    const label = `${kind} #${counts[kind] ?? 0} (${text.length} characters)`;
    let elapsed: number;
    try {
      elapsed = runOne(text, label);
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      assert.fail(`${label} threw ${(error as Error)?.stack ?? String(error)}`);
    }
    assert.ok(elapsed < fixedLimitMs + text.length * perCharacterLimitMs, `${label} took ${Math.round(elapsed)} ms`);
    assert.ok(process.memoryUsage().rss < rssLimitBytes, `${label}: resident memory ${process.memoryUsage().rss} bytes`);
    const rate = elapsed / Math.max(1, text.length / 1000);
    if (text.length > 10_000 && rate > slowest.msPerKChar) slowest = { msPerKChar: rate, label };
    counts[kind] = (counts[kind] ?? 0) + 1;
    characters += text.length;
    inputs++;
  }
  console.log(`hostile fuzz: ${inputs} inputs, ${(characters / 1e6).toFixed(1)} M characters, 0 crashes, 0 hangs; ${JSON.stringify(counts)}; slowest large input ${slowest.msPerKChar.toFixed(2)} ms per 1,000 characters (${slowest.label})`);
});

test('invalid UTF-8 anywhere: the first bad byte is found exactly, and the bytes before it decode', () => {
  const random = seededRandom(0x18);
  let inputs = 0;
  for (; inputs < 400; inputs++) {
    const bytes = Buffer.from(pick(random, examples), 'utf8');
    const at = Math.floor(random() * bytes.length);
    const bad = pick(random, [[0xe9], [0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x9f], [0x80], [0xf5, 0x80, 0x80, 0x80]]);
    const mangled = Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]);
    const decoded = decodeUtf8(mangled);
    assert.equal(decoded.ok, false, `input ${inputs}`);
    if (decoded.ok) continue;
    assert.ok(decoded.byteOffset >= at - 3 && decoded.byteOffset <= at + bad.length, `input ${inputs}: bad byte at ${decoded.byteOffset}, inserted at ${at}`);
    assert.equal(decodeUtf8(mangled.subarray(0, decoded.byteOffset)).ok, true);
    runOne(mangled.toString('utf8'), `lossy input ${inputs}`);
  }
});
