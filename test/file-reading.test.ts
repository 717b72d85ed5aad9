// Reading .stamp files: which bytes are refused as not UTF-8 (the FILE002 message names the first bad byte), where that
// diagnostic lands, the FILE001 sizes in megabytes, and the byte-order mark and line breaks a formatted file keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSource } from '../server/src/analysis/read-policy.js';
import { formatStamp } from '../grammar/src/format.js';
import { bytesOfMegabytes, importRefusal, notRegularRefusal, tooLargeRefusal } from '../grammar/src/source-policy.js';

/** The FILE002 refusal of `host A { os 2012 }` with `bytes` put after `os ` (offset 12), or undefined when accepted. */
function refusalOf(bytes: number[]): { code: string; message: string; offset: number; reason: string } | undefined {
  const before = Buffer.from('host A { os ');
  const read = decodeSource(Buffer.concat([before, Buffer.from(bytes), Buffer.from(' }\n')]), 0, 0);
  if (read.kind === 'text') return undefined;
  assert.equal(read.kind, 'refused');
  const { code, message, offset, reason } = read.refusal;
  return { code, message, offset, reason };
}

const message = (byteOffset: number, hex: string) =>
  `Byte ${byteOffset} (0x${hex}) is not valid UTF-8; .stamp files are UTF-8 (a Latin-1 or Windows-1252 character such as é is the usual cause). Save the file as UTF-8.`;

test('well-formed UTF-8 of every length is read, the edges of each range included', () => {
  const accepted = [
    [0x7f], [0xc2, 0x80], [0xdf, 0xbf], [0xe0, 0xa0, 0x80], [0xe1, 0x80, 0x80], [0xec, 0xbf, 0xbf], [0xed, 0x9f, 0xbf],
    [0xee, 0x80, 0x80], [0xef, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf1, 0x80, 0x80, 0x80], [0xf3, 0xbf, 0xbf, 0xbf], [0xf4, 0x8f, 0xbf, 0xbf],
  ];
  for (const bytes of accepted) assert.equal(refusalOf(bytes), undefined, bytes.map((byte) => byte.toString(16)).join(' '));
  // Before a bad byte, each of them is read as one character: the message names the bad byte, after it.
  for (const bytes of accepted) {
    const refusal = refusalOf([...bytes, 0xff]);
    assert.equal(refusal?.message, message(12 + bytes.length, 'FF'), bytes.map((byte) => byte.toString(16)).join(' '));
  }
});

test('the first byte that is not UTF-8 is named in the message, with the reason shown to a file that imports it', () => {
  const refused: Array<[number[], number, string]> = [
    [[0x80], 12, '80'], // a continuation byte with no lead
    [[0x80, 0x80, 0x80, 0x80], 12, '80'], // continuation bytes with no lead, as many as the longest sequence
    [[0xc1, 0xbf, 0xbf, 0xbf], 12, 'C1'], // an overlong lead followed by continuation bytes
    [[0xc1, 0xbf], 12, 'C1'], // an overlong two-byte lead
    [[0xe9, 0x20], 12, 'E9'], // Latin-1 é: a lead byte followed by a space
    [[0xe0, 0x9f, 0xbf], 12, 'E0'], // overlong three-byte form
    [[0xed, 0xa0, 0x80], 12, 'ED'], // an encoded surrogate
    [[0xef, 0xbf, 0xc0], 12, 'EF'], // a third byte out of range
    [[0xf0, 0x8f, 0xbf, 0xbf], 12, 'F0'], // overlong four-byte form
    [[0xf4, 0x90, 0x80, 0x80], 12, 'F4'], // above U+10FFFF
    [[0xf5, 0x80, 0x80, 0x80], 12, 'F5'], // no such lead byte
    [[0xf1, 0x80, 0x80, 0xc0], 12, 'F1'], // a fourth byte out of range
    [[0xc3, 0xa9, 0xff], 14, 'FF'], // é in UTF-8, then a byte that never occurs in UTF-8
  ];
  for (const [bytes, byteOffset, hex] of refused) {
    const refusal = refusalOf(bytes);
    assert.ok(refusal, hex);
    assert.equal(refusal.code, 'FILE002');
    assert.equal(refusal.message, message(byteOffset, hex));
    assert.equal(refusal.reason, `not UTF-8 (byte ${byteOffset})`);
  }
  // The diagnostic lands on the bad byte's place in the text: é before it is one character, two bytes.
  assert.equal(refusalOf([0xc3, 0xa9, 0xff])!.offset, 13);
});

test('a sequence cut short by the end of the file is refused at its first byte', () => {
  for (const bytes of [[0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98]]) {
    const read = decodeSource(Buffer.concat([Buffer.from('host A'), Buffer.from(bytes)]), 0, 0);
    assert.equal(read.kind, 'refused');
    if (read.kind === 'refused') assert.equal(read.refusal.message, message(6, bytes[0].toString(16).toUpperCase()));
  }
});

test('a file too large to analyse gives its size and the limit in megabytes (kilobytes or bytes under one), whole numbers without a decimal', () => {
  const mb = 1024 * 1024;
  const reasons = [
    [12.4 * mb, 5 * mb, 'too large to analyse: 12 MB; limit 5 MB'],
    [10 * mb, 5.5 * mb, 'too large to analyse: 10 MB; limit 5.5 MB'],
    [9.96 * mb, 9.5 * mb, 'too large to analyse: 10 MB; limit 9.5 MB'],
    [6.04 * mb, 6 * mb, 'too large to analyse: 6 MB; limit 6 MB'],
    [2.25 * mb, 1 * mb, 'too large to analyse: 2.3 MB; limit 1 MB'],
    [2 * mb, 0.5 * mb, 'too large to analyse: 2 MB; limit 512 KB'],
    [0.75 * mb, 0.25 * mb, 'too large to analyse: 768 KB; limit 256 KB'],
    [2100, bytesOfMegabytes(0.001), 'too large to analyse: 2.1 KB; limit 1 KB'],
    [15_360, 10_240, 'too large to analyse: 15 KB; limit 10 KB'],
    [1024, 1023, 'too large to analyse: 1 KB; limit 1023 bytes'],
    [28, 10, 'too large to analyse: 28 bytes; limit 10 bytes'],
  ] as const;
  for (const [size, limit, reason] of reasons) {
    const refusal = tooLargeRefusal(size, limit);
    assert.equal(refusal.reason, reason);
    assert.equal(refusal.message, `This file is ${reason} (the \`stamp.maxFileSizeMB\` setting, \`--max-file-size\` on the command line). Split it into files joined by \`import\`.`);
  }
  assert.deepEqual(notRegularRefusal('a folder, not a file'), { code: 'FILE003', message: 'Not read: a folder, not a file.', offset: 0, reason: 'a folder, not a file' });
});

test('an import is checked against the scheme of the importing file, whatever its case', () => {
  assert.equal(importRefusal('FILE:///w/a.stamp', 'file:///w/b.stamp'), undefined);
  assert.equal(importRefusal('vscode-vfs://github/w/a.stamp', 'file:///w/b.stamp'), 'only files beside the stamp can be imported, not file: addresses');
  assert.equal(importRefusal('file:///w/a.stamp', 'file:///w/B.STAMP'), undefined);
  assert.equal(importRefusal('file:///w/a.stamp', 'file:///w/b.stamp#top'), 'an import path cannot have a query or a fragment');
});

test('formatting keeps the byte-order mark and the line break most lines use (LF on a tie with LF, CRLF on a tie with CR)', () => {
  const cases: Array<[string, string]> = [
    ['\ufeffhost   A {}\n', '\ufeffhost A {}\n'],
    ['host   A {}\r\nhost B {}\r\nhost C {}\n', 'host A {}\r\nhost B {}\r\nhost C {}\r\n'],
    ['host   A {}\r\nhost B {}\nhost C {}\r', 'host A {}\nhost B {}\nhost C {}\n'],
    ['host   A {}\rhost B {}\rhost C {}\r\n', 'host A {}\rhost B {}\rhost C {}\r'],
    ['host   A {}\r\nhost B {}\rhost C {}\r\n', 'host A {}\r\nhost B {}\r\nhost C {}\r\n'],
    ['host   A {}\r\nhost B {}\rhost C {}\n', 'host A {}\nhost B {}\nhost C {}\n'],
    ['host   A {}\rhost B {}\n', 'host A {}\nhost B {}\n'],
    ['host   A {}\r\nhost B {}\r', 'host A {}\r\nhost B {}\r\n'],
    // A lone CR inside a comment is a line break too: written as the file's line break.
    ['host   A {}\n/* one\rtwo */\nhost B {}\n', 'host A {}\n/* one\ntwo */\nhost B {}\n'],
  ];
  for (const [text, formatted] of cases) assert.equal(formatStamp(text), formatted, JSON.stringify(text));
});
