// Stamps of several files, seen through what the user gets: the import diagnostics (missing, refused and cyclic imports,
// with their ranges, messages and the file a quick fix creates), the files a stamp is made of, a file the language core
// fails on, and re-checking a changed file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeProgram, checkSourceIsolated, CheckedFileCache, groupIntoStamps, loadProgram, stampOrder, type SourceHost } from '../grammar/src/program.js';
import { tooLargeRefusal, type FileRefusal } from '../grammar/src/source-policy.js';
import type { Diagnostic } from '../grammar/src/diagnostic.js';

/** A file system in memory: `files` can be read, `refused` exist but are not analysed. */
function memoryHost(files: Record<string, string>, refused: Record<string, FileRefusal> = {}): SourceHost {
  return {
    read(uri) {
      return files[uri];
    },
    refusal(uri) {
      return refused[uri];
    },
  };
}

/** A diagnostic as the user reads it: where it is (file name and the text it covers), its severity, code and message. */
function shown(diagnostic: Diagnostic, files: Record<string, string>): string {
  const text = files[diagnostic.uri] ?? '';
  return `${diagnostic.uri.slice(diagnostic.uri.lastIndexOf('/') + 1)} ${JSON.stringify(text.slice(diagnostic.start, diagnostic.end))} ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`;
}

function importDiagnostics(entries: string[], files: Record<string, string>, refused: Record<string, FileRefusal> = {}): string[] {
  return loadProgram(entries, memoryHost(files, refused)).diagnostics.map((diagnostic) => shown(diagnostic, files));
}

test('a missing import says where it was looked for, and its quick fix creates the file with a comment naming the importer', () => {
  const files = { 'file:///w/main.stamp': 'import "sub/missing.stamp"\nhost HV01 {}\n' };
  const program = loadProgram(['file:///w/main.stamp'], memoryHost(files));
  assert.deepEqual(program.diagnostics.map((diagnostic) => shown(diagnostic, files)), [
    'main.stamp "\\"sub/missing.stamp\\"" error IMP001: Cannot find `sub/missing.stamp` (looked for /w/sub/missing.stamp).',
  ]);
  assert.deepEqual(program.diagnostics[0].fixes, [{
    title: 'Create sub/missing.stamp',
    edits: [],
    createFiles: [{ uri: 'file:///w/sub/missing.stamp', text: '// sub/missing.stamp: part of the stamp, imported by main.stamp.\n' }],
  }]);
  // Outside the file system the address is shown as it is.
  const remote = { 'vscode-vfs://github/org/repo/main.stamp': 'import "gone.stamp"\n' };
  assert.deepEqual(importDiagnostics(['vscode-vfs://github/org/repo/main.stamp'], remote), [
    'main.stamp "\\"gone.stamp\\"" error IMP001: Cannot find `gone.stamp` (looked for vscode-vfs://github/org/repo/gone.stamp).',
  ]);
});

test('a name that is not declared anywhere in the stamp: the message ends at the name when nothing is close', () => {
  const files = { 'file:///w/main.stamp': 'import "hosts.stamp"\nvm WEB1 on ZEBRA { memory 4GB; storage local }\n', 'file:///w/hosts.stamp': 'host HV01\n' };
  const messages = analyzeProgram(loadProgram(['file:///w/main.stamp'], memoryHost(files))).diagnostics.map((diagnostic) => shown(diagnostic, files));
  assert.deepEqual(messages, ['main.stamp "ZEBRA" error SCH006: No cluster or host named `ZEBRA`.']);
});

test('an import written with backslashes finds the file in the sub-folder', () => {
  const files = {
    'file:///w/main.stamp': 'import "fabric\\hosts.stamp"\nvm WEB1 on HV01 { memory 4GB; storage local }\n',
    'file:///w/fabric/hosts.stamp': 'host HV01 { os 2012R2 }\n',
  };
  const program = loadProgram(['file:///w/main.stamp'], memoryHost(files));
  assert.deepEqual(program.diagnostics, []);
  assert.deepEqual(program.files.map((file) => file.uri), ['file:///w/main.stamp', 'file:///w/fabric/hosts.stamp']);
  assert.deepEqual(analyzeProgram(program).diagnostics.map((diagnostic) => shown(diagnostic, files)), []);
});

test('a file that exists but is refused gets its one diagnostic at the place given, and the rest of the stamp goes on', () => {
  const refusal: FileRefusal = { code: 'FILE002', message: 'Byte 9 (0xE9) is not valid UTF-8.', offset: 8, reason: 'not UTF-8 (byte 9)', text: 'host HV0\ufffd1 {}\n' };
  const files = { 'file:///w/main.stamp': 'host HV02 {}\n' };
  const program = loadProgram(['file:///w/bad.stamp', 'file:///w/main.stamp'], memoryHost(files, { 'file:///w/bad.stamp': refusal }));
  assert.deepEqual(program.diagnostics, [{ uri: 'file:///w/bad.stamp', start: 8, end: 8, severity: 'error', code: 'FILE002', message: 'Byte 9 (0xE9) is not valid UTF-8.' }]);
  // The refused file is part of the stamp with the text it could be read as (positions are shown on it), and nothing else.
  // Nothing to outline, fold or colour in it.
  const bad = program.files.find((file) => file.uri === 'file:///w/bad.stamp');
  assert.deepEqual(bad, { uri: 'file:///w/bad.stamp', syntax: { text: 'host HV0\ufffd1 {}\n', statements: [], comments: [], errors: [] }, elements: [], diagnostics: [] });
  assert.deepEqual(analyzeProgram(program).files.flatMap((file) => file.elements.map((element) => element.name)), ['HV02']);
  // A refusal without a text is shown on an empty file.
  const bare = loadProgram(['file:///w/big.stamp'], memoryHost({}, { 'file:///w/big.stamp': tooLargeRefusal(12 * 1024 * 1024, 5 * 1024 * 1024) }));
  assert.deepEqual(bare.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.start}-${diagnostic.end}`), ['FILE001 0-0']);
  assert.deepEqual(bare.files.map((file) => file.syntax.text), ['']);
});

test('an entry file that does not exist is left out, whether or not the host can explain refusals', () => {
  const withoutRefusals: SourceHost = { read: () => undefined };
  assert.deepEqual(loadProgram(['file:///w/gone.stamp'], withoutRefusals), { files: [], links: [], diagnostics: [] });
  assert.deepEqual(loadProgram(['file:///w/gone.stamp'], memoryHost({})), { files: [], links: [], diagnostics: [] });
});

test('importing a refused file names the reason on the import, and the refused file is not part of the stamp', () => {
  const files = { 'file:///w/main.stamp': 'import "big.stamp"\nhost HV01 {}\n' };
  const host = memoryHost(files, { 'file:///w/big.stamp': tooLargeRefusal(12.4 * 1024 * 1024, 5 * 1024 * 1024) });
  const program = loadProgram(['file:///w/main.stamp'], host);
  assert.deepEqual(program.diagnostics.map((diagnostic) => shown(diagnostic, files)), [
    'main.stamp "\\"big.stamp\\"" error IMP001: Cannot import `big.stamp`: too large to analyse: 12 MB; limit 5 MB.',
  ]);
  assert.deepEqual(program.diagnostics[0].fixes, undefined, 'no "Create" fix for a file that exists');
  assert.deepEqual(program.files.map((file) => file.uri), ['file:///w/main.stamp']);
});

test('every import of a refused file gets IMP001, also when the refused file was loaded before the importer', () => {
  const files = { 'file:///w/a.stamp': 'import "big.stamp"\n', 'file:///w/b.stamp': 'import "big.stamp"\n' };
  const host = memoryHost(files, { 'file:///w/big.stamp': tooLargeRefusal(12.4 * 1024 * 1024, 5 * 1024 * 1024) });
  const expected = [
    'a.stamp "\\"big.stamp\\"" error IMP001: Cannot import `big.stamp`: too large to analyse: 12 MB; limit 5 MB.',
    'b.stamp "\\"big.stamp\\"" error IMP001: Cannot import `big.stamp`: too large to analyse: 12 MB; limit 5 MB.',
  ];
  for (const entries of [['file:///w/a.stamp', 'file:///w/b.stamp'], ['file:///w/a.stamp', 'file:///w/big.stamp', 'file:///w/b.stamp'], ['file:///w/big.stamp', 'file:///w/a.stamp', 'file:///w/b.stamp']]) {
    const imports = loadProgram(entries, host).diagnostics.filter((diagnostic) => diagnostic.code === 'IMP001').map((diagnostic) => shown(diagnostic, files));
    assert.deepEqual(imports, expected, entries.join(', '));
  }
});

test('a stamp is analysed in its own order whichever file is the entry: roots by name, each followed by its imports as written', () => {
  const links = [
    { from: 'file:///w/main.stamp', to: 'file:///w/sql.stamp' },
    { from: 'file:///w/main.stamp', to: 'file:///w/hosts.stamp' },
    // A missing file is no member; a third import, reached only from main, comes right after main's others.
    { from: 'file:///w/main.stamp', to: 'file:///w/missing.stamp' },
    { from: 'file:///w/main.stamp', to: 'file:///w/zone.stamp' },
    { from: 'file:///w/sql.stamp', to: 'file:///w/hosts.stamp' },
    { from: 'file:///w/x.stamp', to: 'file:///w/y.stamp' },
    { from: 'file:///w/y.stamp', to: 'file:///w/x.stamp' },
    { from: 'file:///w/lab.stamp', to: 'file:///w/lab.stamp' },
  ].map((link) => ({ ...link, path: '', start: 0, end: 0 }));
  const uris = ['file:///w/y.stamp', 'file:///w/hosts.stamp', 'file:///w/zone.stamp', 'file:///w/x.stamp', 'file:///w/sql.stamp', 'file:///w/lab.stamp', 'file:///w/main.stamp'];
  const expected = ['lab', 'main', 'sql', 'hosts', 'zone', 'x', 'y'].map((name) => `file:///w/${name}.stamp`);
  assert.deepEqual(stampOrder(uris, links), expected);
  assert.deepEqual(stampOrder([...uris].reverse(), links), expected);
});

test('an import of an empty or blank path, or without a path, imports nothing (not the file itself)', () => {
  for (const statement of ['import ""', 'import "  "', 'import']) {
    const files = { 'file:///w/main.stamp': `${statement}\nhost HV01 {}\n` };
    const program = loadProgram(['file:///w/main.stamp'], memoryHost(files));
    assert.deepEqual(program.diagnostics, [], statement);
    assert.deepEqual(program.links, [], statement);
  }
});

test('an untitled file cannot import: the path does not name a file', () => {
  const files = { 'untitled:Untitled-1': 'import "hosts.stamp"\n' };
  assert.deepEqual(importDiagnostics(['untitled:Untitled-1'], files), ['untitled:Untitled-1 "\\"hosts.stamp\\"" error IMP001: Cannot import `hosts.stamp`: not a valid path.']);
});

test('a cycle is named from the file whose import closes it, and only its members are named', () => {
  // outside.stamp imports a three-file cycle; side.stamp is finished before the cycle closes.
  const files = {
    'file:///w/outside.stamp': 'import "a.stamp"\n',
    'file:///w/a.stamp': 'import "side.stamp"\nimport "b.stamp"\n',
    'file:///w/side.stamp': 'host SIDE {}\n',
    'file:///w/b.stamp': 'import "c.stamp"\n',
    'file:///w/c.stamp': 'import "a.stamp"\n',
  };
  assert.deepEqual(importDiagnostics(['file:///w/outside.stamp'], files), [
    'c.stamp "\\"a.stamp\\"" error IMP002: Import cycle: c.stamp → a.stamp → b.stamp → c.stamp. Each file\'s elements are already visible in the whole stamp; remove this import.',
  ]);
});

test('two files that import the same file are not a cycle, and each cycle is reported once', () => {
  const files = {
    'file:///w/a.stamp': 'import "b.stamp"\nimport "c.stamp"\n',
    'file:///w/b.stamp': 'import "shared.stamp"\n',
    'file:///w/c.stamp': 'import "shared.stamp"\n',
    'file:///w/shared.stamp': 'import "loop.stamp"\n',
    'file:///w/loop.stamp': 'import "shared.stamp"\n',
  };
  const expected = ['loop.stamp "\\"shared.stamp\\"" error IMP002: Import cycle: loop.stamp → shared.stamp → loop.stamp. Each file\'s elements are already visible in the whole stamp; remove this import.'];
  assert.deepEqual(importDiagnostics(['file:///w/a.stamp'], files), expected);
  // Every file given as an entry: the cycle is still reported once.
  assert.deepEqual(importDiagnostics(Object.keys(files), files), expected);
});

test('files whose imports are missing stay separate stamps', () => {
  const files = {
    'file:///w/a.stamp': 'import "gone.stamp"\nhost HV01 {}\n',
    'file:///w/b.stamp': 'import "lost.stamp"\nhost HV01 {}\n',
  };
  const program = loadProgram(Object.keys(files), memoryHost(files));
  assert.deepEqual(groupIntoStamps(program.files.map((file) => file.uri), program.links), [['file:///w/a.stamp'], ['file:///w/b.stamp']]);
});

test('a changed file is checked again: what the user sees follows the new text', () => {
  const cache = new CheckedFileCache();
  const files: Record<string, string> = { 'file:///w/main.stamp': 'host HV01 {}\n' };
  const codes = () => analyzeProgram(loadProgram(['file:///w/main.stamp'], memoryHost(files), cache)).diagnostics.map((diagnostic) => diagnostic.code);
  assert.deepEqual(codes(), []);
  files['file:///w/main.stamp'] = 'host HV01 {}\nhost HV01 {}\n';
  assert.deepEqual(codes(), ['SCH005']);
  files['file:///w/main.stamp'] = 'host HV01 {}\n';
  assert.deepEqual(codes(), []);
});

/** A text the language core fails on: reading it throws, as a bug in the core would (fault injection). */
function failingText(text: string, error: unknown): string {
  const failing = new String(text) as String & { charCodeAt: () => number };
  failing.charCodeAt = () => {
    throw error;
  };
  return failing as unknown as string;
}

test('a stamp with a file the core fails on: that file shows one INTERNAL diagnostic, the other files are analysed as usual', () => {
  // The core fails while parsing (its text cannot be cut into tokens), not while reading positions of the text.
  const failing = new String('host HV01 {}\nhost X on Y\n') as String & { substring: () => string };
  failing.substring = () => {
    throw new RangeError('no tokens here');
  };
  const files: Record<string, string> = { 'file:///w/main.stamp': 'import "bad.stamp"\nhost A {}\nhost A {}\n', 'file:///w/bad.stamp': failing as unknown as string };
  const analysis = analyzeProgram(loadProgram(['file:///w/main.stamp'], memoryHost(files)));
  assert.deepEqual(analysis.diagnostics.map((diagnostic) => shown(diagnostic, files)), [
    'bad.stamp "host HV01 {}" error INTERNAL: Stamp could not analyse this file (internal error: RangeError: no tokens here); the other files are analysed without it.',
    'main.stamp "A" error SCH005: Host `A` is declared twice; the first declaration is on line 2.',
  ]);
  assert.deepEqual(analysis.model.index.all.map((element) => `${element.kind.id} ${element.name}`), ['import bad.stamp', 'host A', 'host A']);
});

test('a file the core fails on gets one INTERNAL diagnostic on its first line naming the error, and no elements', () => {
  const text = failingText('host HV01 {}\r\nhost HV02 {}\n', new TypeError('cannot read "x"\n    at check.ts:1'));
  const file = checkSourceIsolated('file:///w/main.stamp', text);
  // Nothing to outline, fold or colour in it.
  assert.deepEqual(file.syntax, { text, statements: [], comments: [], errors: [] });
  assert.deepEqual(file.elements, []);
  assert.deepEqual(file.diagnostics.map((diagnostic) => ({ ...diagnostic })), [{
    uri: 'file:///w/main.stamp', start: 0, end: 12, severity: 'error', code: 'INTERNAL',
    message: 'Stamp could not analyse this file (internal error: TypeError: cannot read "x"); the other files are analysed without it.',
  }]);
  const plain = checkSourceIsolated('file:///w/one.stamp', failingText('host HV01 {}', new Error('out of bounds')));
  assert.deepEqual(plain.diagnostics.map((diagnostic) => `${diagnostic.start}-${diagnostic.end} ${diagnostic.message}`), [
    '0-12 Stamp could not analyse this file (internal error: out of bounds); the other files are analysed without it.',
  ]);
  // A long message is cut at 300 characters.
  const long = checkSourceIsolated('file:///w/one.stamp', failingText('host HV01 {}', new RangeError(`${'x'.repeat(400)}\nsecond line`)));
  assert.equal(long.diagnostics[0].message, `Stamp could not analyse this file (internal error: RangeError: ${'x'.repeat(300 - 'RangeError: '.length)}); the other files are analysed without it.`);
  const thrown = checkSourceIsolated('file:///w/one.stamp', failingText('\nhost HV01 {}', 'a string'));
  assert.deepEqual(thrown.diagnostics.map((diagnostic) => `${diagnostic.start}-${diagnostic.end} ${diagnostic.message}`), [
    '0-0 Stamp could not analyse this file (internal error: a string); the other files are analysed without it.',
  ]);
});
