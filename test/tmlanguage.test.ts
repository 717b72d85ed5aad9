// Tests of the TextMate grammar: it is generated from the schema, and it colours what the parser sees as it sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as textmate from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { parseStamp } from '../grammar/src/parser.js';
import { forEachStatement } from '../grammar/src/syntax.js';
import { allKeywords, buildTmLanguage, schemaKeywords, schemaValueWords, wordsOfPattern } from './support/tmlanguage.js';
import { installedFile, repoRoot } from './support/paths.js';
import { assertGolden } from './support/golden.js';

const grammarPath = join(repoRoot, 'syntaxes', 'stamp.tmLanguage.json');

interface RawGrammar {
  scopeName: string;
  repository: Record<string, { patterns?: Array<{ match?: string; name?: string; captures?: Record<string, { name: string }> }> }>;
}

test('the grammar file is the one generated from the schema (`npm run golden:update` rewrites it)', () => {
  const expected = `${JSON.stringify(buildTmLanguage(), null, 2)}\n`;
  assertGolden(grammarPath, expected, 'the TextMate grammar generated from the schema');
});

test("the grammar's keyword list is the schema's keyword list, and its value list holds every enumeration value", () => {
  const raw = JSON.parse(readFileSync(grammarPath, 'utf8')) as RawGrammar;
  assert.equal(raw.scopeName, 'source.stamp');
  const keywordPattern = raw.repository.keywords.patterns![0].match!;
  const keywords = wordsOfPattern(keywordPattern);
  for (const keyword of allKeywords()) assert.ok(keywords.includes(keyword), `keyword ${keyword} missing from the grammar`);
  assert.deepEqual(keywords, schemaKeywords());
  const valuePattern = raw.repository.values.patterns!.find((pattern) => pattern.name === 'support.constant.stamp')!.match!;
  assert.deepEqual(wordsOfPattern(valuePattern), schemaValueWords());
  for (const word of ['external', 'synchronous', 'unicast', 'kerberos', 'on', 'to', 'disk']) assert.ok(schemaValueWords().includes(word), word);
});

/** Loads the grammar with the same TextMate engine VS Code uses. */
async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = readFileSync(installedFile('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => (scopeName === 'source.stamp' ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null),
  });
  const grammar = await registry.loadGrammar('source.stamp');
  assert.ok(grammar, 'the grammar did not load');
  return grammar;
}

/** The scopes of every character of a text, by offset. */
function scopesByOffset(grammar: textmate.IGrammar, text: string): string[][] {
  const result: string[][] = [];
  let ruleStack = textmate.INITIAL;
  for (const line of text.split('\n')) {
    const tokenized = grammar.tokenizeLine(line, ruleStack);
    for (const token of tokenized.tokens) {
      for (let column = token.startIndex; column < Math.min(token.endIndex, line.length); column++) result.push(token.scopes);
    }
    result.push(['source.stamp']); // the newline
    ruleStack = tokenized.ruleStack;
  }
  return result;
}

const sample = [
  '// SQL tier',
  'host HV-01 { os 2012R2; nic NIC1 { speed 10Gbps; rdma } }',
  'cluster C1 {',
  '  nodes HV-01, // the first node',
  '    HV02',
  '  witness share "\\\\DC02\\FSW // not a comment"',
  '  vote HV02 0',
  '}',
  '/* block',
  '   comment */',
  'san SAN01 { protocol iscsi }',
  'nlb N { ip 172.21.5.140; port_rule 0-65535 { affinity single }; mode unicast }',
  'frobnicate 42 yes',
].join('\n');

test('comments, strings, keywords, values and punctuation get their scopes', async () => {
  const grammar = await loadGrammar();
  const scopes = scopesByOffset(grammar, sample);
  const scopeOf = (needle: string, occurrence = 0): string => {
    let at = -1;
    for (let seen = 0; seen <= occurrence; seen++) at = sample.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${needle} not in the sample`);
    return scopes[at].join(' ');
  };
  assert.match(scopeOf('// SQL'), /comment\.line\.double-slash/);
  assert.match(scopeOf('host'), /keyword\.other\.stamp/);
  assert.doesNotMatch(scopeOf('HV-01'), /keyword|numeric/);
  assert.match(scopeOf('2012R2'), /constant\.numeric\.quantity/);
  assert.match(scopeOf('nic NIC1'), /keyword\.other\.stamp/);
  assert.match(scopeOf('speed'), /keyword\.other\.stamp/);
  assert.match(scopeOf('rdma'), /keyword\.other\.stamp/);
  assert.match(scopeOf('{'), /punctuation\.section\.block\.begin/);
  assert.match(scopeOf('// the first'), /comment\.line/);
  assert.doesNotMatch(scopeOf('HV02'), /keyword/, 'a value on a continuation line is not a keyword');
  assert.match(scopeOf('"\\\\DC02'), /string\.quoted\.double/);
  assert.match(scopeOf('// not a comment'), /string\.quoted\.double/);
  assert.match(scopeOf('share'), /support\.constant/);
  assert.match(scopeOf('vote'), /keyword\.other\.stamp/);
  assert.match(scopeOf('0\n'), /constant\.numeric\.integer/);
  assert.match(scopeOf('comment */'), /comment\.block/);
  assert.match(scopeOf('san SAN01'), /keyword\.other\.stamp/);
  assert.match(scopeOf('iscsi'), /support\.constant/);
  assert.match(scopeOf('172.21.5.140'), /constant\.numeric\.address/);
  assert.match(scopeOf('0-65535'), /constant\.numeric\.range/);
  assert.match(scopeOf('port_rule'), /keyword\.other\.stamp/);
  assert.match(scopeOf('mode'), /keyword\.other\.stamp/);
  assert.match(scopeOf('unicast'), /support\.constant/);
  assert.match(scopeOf(';'), /punctuation\.terminator/);
  assert.match(scopeOf(','), /punctuation\.separator\.comma/);
  assert.match(scopeOf('frobnicate'), /keyword\.other\.unrecognized/);
  assert.match(scopeOf('42'), /constant\.numeric\.integer/);
  assert.match(scopeOf('yes'), /constant\.language\.boolean/);
});

test('on every example, the grammar colours statement keywords, comments and strings where the parser finds them', async () => {
  const grammar = await loadGrammar();
  const examples = readdirSync(join(repoRoot, 'examples')).filter((name) => name.endsWith('.stamp'));
  assert.ok(examples.length > 0);
  for (const name of examples) {
    const text = readFileSync(join(repoRoot, 'examples', name), 'utf8').replace(/\r\n/g, '\n');
    const syntax = parseStamp(text);
    const scopes = scopesByOffset(grammar, text);
    const where = (offset: number) => `${name} at ${JSON.stringify(text.slice(offset, offset + 20))}`;
    forEachStatement(syntax.statements, (statement) => {
      assert.match(scopes[statement.keywordStart].join(' '), /keyword\.other\.stamp/, where(statement.keywordStart));
      for (const argument of statement.args) {
        const scope = scopes[argument.start].join(' ');
        assert.doesNotMatch(scope, /keyword|comment/, where(argument.start));
        if (argument.kind === 'string') assert.match(scope, /string\.quoted/, where(argument.start));
      }
    });
    for (const comment of syntax.comments) {
      assert.match(scopes[comment.start].join(' '), /comment/, where(comment.start));
      assert.match(scopes[comment.end - 1].join(' '), /comment/, where(comment.end - 1));
    }
  }
});
