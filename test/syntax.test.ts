// Parser behaviour beyond the fixtures: the specification's examples, error recovery, messages and list continuation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRegion, parseStamp } from '../grammar/src/parser.js';
import { analyze } from '../grammar/src/analyze.js';
import { LineIndex } from '../grammar/src/text.js';
import { forEachStatement, type SyntaxFile } from '../grammar/src/syntax.js';
import { repoRoot } from './support/paths.js';
import { generateStamp } from '../bench/generate.js';

/** The keywords of every statement of a file, depth-first, as `keyword` or `parent/keyword`. */
function statementPaths(file: SyntaxFile): string[] {
  const paths: string[] = [];
  forEachStatement(file.statements, (statement, parent) => paths.push(parent ? `${parent.keyword}/${statement.keyword}` : statement.keyword));
  return paths;
}

/** The contract's ```stamp blocks, from the copy kept in the repository (test/spec/README.md says where it comes from). */
function specificationBlocks(): string[] {
  const specPath = join(repoRoot, 'test', 'spec', 'language.md');
  assert.ok(existsSync(specPath), `the copy of the language specification is missing: expected ${specPath}`);
  return [...readFileSync(specPath, 'utf8').matchAll(/```stamp\n([\s\S]*?)```/g)].map((match) => match[1]);
}

test('every ```stamp block of the language specification parses without syntax errors', () => {
  const blocks = specificationBlocks();
  assert.ok(blocks.length >= 2, `expected at least two stamp blocks in the specification, found ${blocks.length}`);
  for (const [index, block] of blocks.entries()) {
    const file = parseStamp(block);
    assert.deepEqual(file.errors, [], `block ${index + 1} of language.md has syntax errors`);
    assert.ok(file.statements.length > 0, `block ${index + 1} parsed to nothing`);
  }
});

test("the lab example is the specification's full example, word for word after its leading comment", () => {
  const full = specificationBlocks().reduce((longest, block) => (block.length > longest.length ? block : longest));
  const example = readFileSync(join(repoRoot, 'examples', 'hypervnu-lab.stamp'), 'utf8').replace(/\r\n/g, '\n');
  const withoutLeadingComment = example.replace(/^\/\/[^\n]*\n/, '');
  assert.equal(withoutLeadingComment.trim(), full.trim());
});

test('a broken statement costs only itself: the statements after it are still in the tree', () => {
  const text = [
    'host HV01 { os 2012R2 }',
    'host HV02 { os 2012R2; memory 64GB }',
    'vm VM1 on HV01 { memory 4GB; nic nic0 { ip 10.0.0.1/24 } ; ;; }',
    'san SAN01 { protocol @@@ }',
    '12 bad line',
    'cluster C1 { nodes HV01, HV02 }',
  ].join('\n');
  const file = parseStamp(text);
  assert.ok(file.errors.length >= 2, 'both broken lines are reported');
  const paths = statementPaths(file);
  assert.ok(paths.includes('cluster'), `the cluster after the broken lines is kept: ${paths.join(', ')}`);
  assert.ok(paths.includes('cluster/nodes'));
  assert.ok(paths.includes('san/protocol'), 'the statement with the bad value is still there');
  assert.ok(paths.includes('vm/nic'));
  const cluster = file.statements.find((statement) => statement.keyword === 'cluster')!;
  assert.deepEqual(cluster.block!.statements[0].args.map((argument) => argument.text), ['HV01', 'HV02']);
  for (const error of file.errors) {
    const line = text.slice(0, error.start).split('\n').length;
    assert.ok(line === 4 || line === 5, `error ${error.code} on line ${line} is not on a broken line`);
  }
});

test('an unclosed block names its statement and the line it was opened on, and the next statements survive', () => {
  const text = ['stamp S { windows 2012 }', '', 'cluster HVC01 {', '  kind hyperv', '  nodes HV01, HV02', '', 'san SAN01 { protocol iscsi }', ''].join('\n');
  const file = parseStamp(text);
  const unclosed = file.errors.filter((error) => error.code === 'SYN004');
  assert.equal(unclosed.length, 1, JSON.stringify(file.errors));
  assert.match(unclosed[0].message, /`cluster HVC01`/);
  assert.match(unclosed[0].message, /line 3/);
  assert.ok(file.statements.some((statement) => statement.keyword === 'san'), 'the dedented san after the unclosed block is a top-level statement');
});

test('a comma at the end of a line continues the list on the next line', () => {
  const file = parseStamp('cluster C {\n  nodes HV01,\n        HV02, // a comment\n\n        HV03\n  kind hyperv\n}\n');
  assert.deepEqual(file.errors, []);
  const block = file.statements[0].block!;
  assert.deepEqual(block.statements.map((statement) => statement.keyword), ['nodes', 'kind']);
  const nodes = block.statements[0];
  assert.deepEqual(nodes.args.map((argument) => [argument.text, argument.commaAfter]), [['HV01', true], ['HV02', true], ['HV03', false]]);
});

test('a dangling comma and a missing separator are reported at the right place', () => {
  const dangling = parseStamp('cluster C { nodes HV01, }');
  assert.deepEqual(dangling.errors.map((error) => error.code), ['SYN009']);
  assert.equal(dangling.errors[0].start, 'cluster C { nodes HV01'.length);
  const oneLine = parseStamp('host H { os 2012 memory 4GB }');
  assert.deepEqual(oneLine.errors, [], 'words on one line are the arguments of one statement');
  assert.deepEqual(oneLine.statements[0].block!.statements.map((statement) => statement.args.length), [3]);
  const twoStatements = parseStamp('host H {} host G {}');
  assert.deepEqual(twoStatements.errors.map((error) => error.code), ['SYN008']);
  assert.equal(twoStatements.statements.length, 2);
});

test('commas left before a block are reported where they are, whatever commas the block holds', () => {
  // The block's statements gather their own commas after the statement's: each list is reported with its own keyword.
  const text = 'cluster C, {\n  nodes A,, B\n}\nhost H1,, { os 2012,\n}\n';
  const errors = parseStamp(text).errors.map(({ code, message, start, end }) => `${code} ${JSON.stringify(text.slice(start, end))}@${start}: ${message}`);
  assert.deepEqual(errors, [
    `SYN009 ","@${'cluster C'.length}: Expected another value after this \`,\` in \`cluster\`.`,
    `SYN009 ","@${text.indexOf(',, B') + 1}: Expected a value before this \`,\` in \`nodes\`.`,
    `SYN009 ",,"@${text.indexOf(',, {')}: Expected a value after each of these commas in \`host\`.`,
    `SYN009 ","@${text.indexOf('2012,') + 4}: Expected another value after this \`,\` in \`os\`.`,
  ]);
});

test('strings keep backslashes and unknown punctuation gets a hint about quoting', () => {
  const file = parseStamp('witness share "\\\\DC02\\FSW"\nvmm V { service_account HYPERVNU\\SVC }');
  assert.equal(file.statements[0].args[1].text, '\\\\DC02\\FSW');
  const unexpected = file.errors.find((error) => error.code === 'SYN001');
  assert.ok(unexpected, JSON.stringify(file.errors));
  assert.match(unexpected.message, /strings in double quotes/);
});

test('the one parser instance gives the same result when reused, including after a broken text', () => {
  const good = 'host HV01 {\n  nic NIC1 { speed 10Gbps }\n}\ncluster C { nodes HV01, HV02 }\n';
  const first = parseStamp(good);
  parseStamp('cluster C { nodes , ,\n{ }} }} "open\n/* never closed');
  const second = parseStamp(good);
  assert.deepEqual(second, first);
  assert.deepEqual(first.errors, []);
});

test('a lone CR ends a line: comments end there, statements are separated, positions count it', () => {
  const text = '// comment\rhost A { os 2012 }\rhost B { os 2012 }\r';
  const hosts = analyze([{ uri: 'file:///a.stamp', text }]).model.index.allOfKind('host').map((element) => element.name);
  assert.deepEqual(hosts, ['A', 'B']);
  assert.deepEqual(parseStamp(text).errors, []);
  const lines = new LineIndex(text);
  assert.deepEqual(lines.positionAt(text.indexOf('host B')), { line: 2, character: 0 });
  assert.deepEqual(new LineIndex('a\r\nb\rc\nd').positionAt(7), { line: 3, character: 0 });
  assert.equal(new LineIndex('a\r\nb').lineCount, 2, 'CRLF is one line break');
});

test('errors are listed in the order of the text, whichever stage found them (stamp fmt reports the first)', () => {
  const text = 'host A { os @ }\n/* never closed';
  assert.deepEqual(parseStamp(text).errors.map((error) => [error.code, error.start]), [['SYN001', text.indexOf('@')], ['SYN003', text.indexOf('/*')]]);
});

test('comments are kept with their kind and extent: line comments end at the line break, block comments at */', () => {
  const text = 'host A { // one\n  /* two\n  lines */ os 2012\n}\n// last';
  assert.deepEqual(parseStamp(text).comments, [
    { start: text.indexOf('// one'), end: text.indexOf('\n'), block: false },
    { start: text.indexOf('/* two'), end: text.indexOf(' os'), block: true },
    { start: text.indexOf('// last'), end: text.length, block: false },
  ]);
});

test('a stretch of whole lines parsed on its own gives what the whole file gives there, with offsets into the text', () => {
  const deep = `host D { ${'group { '.repeat(64)}${'}'.repeat(64)} }`;
  const text = `host A { os 2012 }\n// note\nhost B { nic N1 { speed 10Gbps }; os @ }\n${deep}\ncluster C { nodes A, B }\n`;
  const start = text.indexOf('// note');
  const end = text.indexOf('cluster');
  const whole = parseStamp(text);
  const region = parseRegion(text, start, end);
  assert.ok(region, 'a stretch without unclosed blocks or comments can be parsed alone');
  assert.deepEqual(region.statements, whole.statements.filter((statement) => statement.start >= start && statement.end <= end));
  assert.deepEqual(region.comments, whole.comments.filter((comment) => comment.start >= start && comment.end <= end));
  assert.deepEqual(region.errors, whole.errors);
  assert.deepEqual(region.errors.map((error) => error.code), ['SYN001', 'SYN010']);
});

test('a stretch whose meaning depends on the text around it is not parsed alone', () => {
  const cases: Array<[string, string]> = [
    ['host A {\n  os 2012\n', 'an unclosed block'],
    ['host A { os 2012 }\n/* open\n', 'an unclosed comment'],
    ['host A\n{ os 2012 }\n', 'a `{` on its own line'],
    ['host A { nodes B, }\n', 'a dangling comma'],
    ['host A { os @ }\nhost B\n{ os 2012 }\n', 'a `{` on its own line after another error'],
  ];
  for (const [stretch, what] of cases) {
    const text = `host Z { os 2016 }\n${stretch}host Y { os 2016 }\n`;
    const start = text.indexOf(stretch);
    assert.equal(parseRegion(text, start, start + stretch.length), undefined, what);
  }
  const text = 'host Z { os 2016 }\nhost A { os 2012; 12 }\n';
  assert.ok(parseRegion(text, text.indexOf('host A'), text.length), 'other errors stay with their statement');
});

test('an unexpected character gets the hint about quoting only when it starts like part of a name or address', () => {
  const messages = (value: string) => parseStamp(`host H { os ${value} }`).errors.map((error) => error.message);
  const hint = ' Names with dots, backslashes or other punctuation must be written as strings in double quotes.';
  assert.deepEqual(messages('#'), ['Unexpected `#`.']);
  assert.deepEqual(messages('#1'), ['Unexpected `#1`.']);
  assert.deepEqual(messages('#.'), ['Unexpected `#.`.']);
  assert.deepEqual(messages('@x'), [`Unexpected \`@x\`.${hint}`]);
  assert.deepEqual(messages('10.0.0.1:80'), [`Unexpected \`:80\`.${hint}`]);
});

test('schema messages are whole sentences: nothing is added after the last word when there is no suggestion', () => {
  // Fixture markers compare a part of the message; these compare all of it, where a message ends without a hint.
  const text = [
    'stamp s { windows abc }',
    'colour red',
    'host H1 { colour red }',
    'sql on H1 { auth sometimes; sa maybe }',
    'dns_record "d.test" ten',
    'host H2 { nic N { ip ten } }',
  ].join('\n');
  const lines = new LineIndex(text);
  const messages = analyze([{ uri: 'file:///messages.stamp', text }]).diagnostics.map((diagnostic) => `${lines.positionAt(diagnostic.start).line + 1} ${diagnostic.code} ${diagnostic.message}`);
  assert.deepEqual(messages, [
    '1 SCH009 `abc` is not a Windows Server version; expected one of 2008, 2008R2, 2012, 2012R2, 2016, 2019, 2022, 2025.',
    '2 SCH001 Unknown keyword `colour` at the top level.',
    '3 SCH001 Unknown keyword `colour` in `host H1`.',
    '4 SCH004 `sometimes` is not a valid value for `auth`; expected `windows`, `mixed`.',
    '4 SCH004 `maybe` is not a valid value for `sa`; expected `enabled` or `disabled`.',
    '5 SCH009 Expected an IPv4 address such as `172.21.5.140`, not `ten`.',
    '6 SCH009 Expected an IPv4 address such as `172.21.5.140` or `172.21.5.130/24`, not `ten`.',
  ]);
});

test('a text parsed a stretch at a time gives what it gives parsed whole: statements, comments, errors and offsets', () => {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.stamp')) files.push(path);
    }
  };
  walk(join(repoRoot, 'examples'));
  walk(join(repoRoot, 'test'));
  assert.ok(files.length > 300, `found ${files.length} stamp files`);
  const texts = files.map((path) => readFileSync(path, 'utf8'));
  // Cuts next to what makes a statement reach past its line: a list continued after a comma, a brace on the next line,
  // braces in strings and comments, a stray or a missing `}`, and a line comment after a comma.
  texts.push(
    'host A\nhost B { nic N1 }\nvm V1 on A\n  memory 8GB\nvm V2 on A\n',
    'cluster C\n  nodes A,\n  B\nhost A\nhost B\n',
    'cluster C {\n  nodes A, // first\n  B\n}\nhost A\nhost B\n',
    'host A\n{\n  os 2019\n}\nhost B\n',
    'stamp "a { b"\nhost A /* { */\nhost B\n/* } \nhost C */\nhost D\n',
    '}\nhost A\n}\nhost B {\n  os 2019\n',
    'host A {\n  os 2019\nhost B\nhost C\n',
    'host A\r\nhost B {\r\n  os 2019\r\n}\r\nhost C\r\n',
  );
  texts.push(generateStamp(600).stampText);
  for (const text of texts) {
    const whole = parseStamp(text, Infinity);
    for (const pieceLength of [1, 40, 300]) {
      assert.deepEqual(parseStamp(text, pieceLength), whole, `${JSON.stringify(text.slice(0, 60))} in pieces of ${pieceLength}`);
    }
  }
});
