// Input built to break the language core: deep nesting, lone CR line breaks, emoji and surrogates, invalid UTF-8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../grammar/src/analyze.js';
import { decodeUtf8, firstInvalidUtf8Byte, textLayout } from '../grammar/src/encoding.js';
import { formatStamp } from '../grammar/src/format.js';
import { maxNestingDepth, parseStamp } from '../grammar/src/parser.js';

const hostNames = (text: string): string[] => analyze([{ uri: 'file:///a.stamp', text }]).model.index.allOfKind('host').map((element) => element.name);

test('blocks nested far past the limit give one SYN010 at the brace that crosses it, and the rest of the file is analysed', () => {
  for (const depth of [maxNestingDepth + 1, 500, 20_000]) {
    const text = `host DEEP {\n${'group {\n'.repeat(depth)}${'}\n'.repeat(depth)}}\nhost AFTER { os 2012 }\n`;
    const analysis = analyze([{ uri: 'file:///a.stamp', text }]);
    const deep = analysis.diagnostics.filter((diagnostic) => diagnostic.code === 'SYN010');
    assert.equal(deep.length, 1, `depth ${depth}: one SYN010`);
    // `host DEEP {` is level 1, so the brace of the 64th `group` opens level 65.
    const expected = 'host DEEP {\n'.length + 'group {\n'.length * (maxNestingDepth - 1) + 'group '.length;
    assert.equal(deep[0].start, expected);
    assert.equal(text[deep[0].start], '{');
    assert.match(deep[0].message, /nested more than 64 levels deep here/);
    assert.deepEqual(hostNames(text), ['DEEP', 'AFTER']);
  }
  const unclosed = `host DEEP {\n${'group {\n'.repeat(1000)}`;
  const file = parseStamp(unclosed);
  assert.equal(file.errors.filter((error) => error.code === 'SYN010').length, 1);
  assert.equal(formatStamp(unclosed), unclosed, 'the formatter leaves a file with the error alone');
});

test('nesting up to the limit is analysed without SYN010', () => {
  const depth = maxNestingDepth - 1;
  const text = `host DEEP {\n${'group {\n'.repeat(depth)}${'}\n'.repeat(depth)}}\n`;
  assert.deepEqual(parseStamp(text).errors.filter((error) => error.code === 'SYN010'), []);
});

test('formatting keeps lone CR line breaks', () => {
  assert.equal(formatStamp('host   A {os 2012}\rhost B {}\r'), 'host A { os 2012 }\rhost B {}\r');
});

test('an emoji or other non-ASCII text in a name is one SYN001 over the whole text, never on a lone surrogate', () => {
  for (const [text, unexpected] of [['host HV😀1 { os 2012 }\n', '😀1'], ['host 😀 { os 2012 }\n', '😀'], ['host 服务器 { os 2012 }\n', '服务器']] as const) {
    const errors = parseStamp(text).errors;
    assert.equal(errors.length, 1, text);
    assert.equal(errors[0].code, 'SYN001');
    assert.equal(text.slice(errors[0].start, errors[0].end), unexpected);
    assert.ok(errors[0].message.includes(unexpected), errors[0].message);
  }
  const long = `host ${'😀'.repeat(30)}\n`;
  const [error] = parseStamp(long).errors;
  assert.doesNotMatch(error.message, /[\ud800-\udbff](?![\udc00-\udfff])/, 'a shortened message does not end on half a pair');
  assert.deepEqual(parseStamp('host "HV😀" { os 2012 }\n').errors, [], 'in a string an emoji is fine');
  assert.equal(parseStamp('\u0000'.repeat(100_000)).errors.length, 1, 'a run of NULs is one error, not one per byte');
});

test('strict UTF-8: the first bad byte is found, BOM and line breaks are described', () => {
  const bytes = Buffer.concat([Buffer.from('// Caf'), Buffer.from([0xe9]), Buffer.from(' x\n')]);
  const decoded = decodeUtf8(bytes);
  assert.equal(decoded.ok, false);
  if (!decoded.ok) {
    assert.equal(decoded.byteOffset, 6);
    assert.match(decoded.message, /^Byte 6 \(0xE9\) is not valid UTF-8/);
  }
  assert.equal(firstInvalidUtf8Byte(Buffer.from([0xed, 0xa0, 0x80])), 0, 'an encoded surrogate is not UTF-8');
  assert.equal(firstInvalidUtf8Byte(Buffer.from([0xc0, 0x80])), 0, 'an overlong form is not UTF-8');
  assert.equal(firstInvalidUtf8Byte(Buffer.from('ok 😀 é', 'utf8')), Buffer.byteLength('ok 😀 é'));
  assert.equal(firstInvalidUtf8Byte(Buffer.from([0x61, 0xf0, 0x9f])), 1, 'a truncated sequence at the end');
  assert.deepEqual(decodeUtf8(Buffer.from('\ufeffhost A\r\n', 'utf8')), { ok: true, text: '\ufeffhost A\r\n' });
  assert.deepEqual(textLayout('\ufeffa\r\nb\r\n'), { bom: true, lineBreak: '\r\n' });
  assert.deepEqual(textLayout('a\nb'), { bom: false, lineBreak: '\n' });
});

test('"did you mean" has a length cut-off, a distance cut-off and a budget shared by the whole stamp', () => {
  const messages = (text: string): string[] => analyze([{ uri: 'file:///a.stamp', text }]).diagnostics.filter((diagnostic) => diagnostic.code === 'SCH006').map((diagnostic) => diagnostic.message);
  // A short misspelling gets its suggestion.
  assert.match(messages('host HV01 { os 2012 }\ncluster C { kind hyperv; nodes HV01, HV0l }\n')[0], /Did you mean `HV01`\?/);
  // A name past the length cut-off gets none, even one edit away: no table of 10,000 × 10,000 cells.
  const longName = 'a'.repeat(10_000);
  const long = messages(`host ${longName} { os 2012 }\ncluster C { kind hyperv; nodes ${longName.slice(1)}b }\n`);
  assert.equal(long.length, 1);
  assert.doesNotMatch(long[0], /Did you mean/);
  // The same long name in another case still resolves: the cut-off only stops the fuzzy search.
  assert.deepEqual(messages(`host ${longName} { os 2012 }\ncluster C { kind hyperv; nodes ${longName.toUpperCase()} }\n`), []);
  // 2,000 misspelt references among 2,000 hosts: the first ones get suggestions, then the budget runs out and the
  // rest are reported plainly; every one is reported.
  const hosts = Array.from({ length: 2000 }, (_, index) => `host HOST${String(index).padStart(5, '0')} { os 2012 }`);
  const clusters = Array.from({ length: 2000 }, (_, index) => `cluster C${index} { kind hyperv; nodes HOZT${String(index).padStart(5, '0')} }`);
  const many = messages(`${hosts.join('\n')}\n${clusters.join('\n')}\n`);
  assert.equal(many.length, 2000);
  assert.match(many[0], /Did you mean `HOST00000`\?/);
  const suggested = many.filter((message) => message.includes('Did you mean')).length;
  assert.ok(suggested > 0 && suggested < 2000, `${suggested} of 2000 got a suggestion`);
});
