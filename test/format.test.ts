// Tests of the formatter: golden outputs, idempotence, and that no token or comment is ever lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatStamp } from '../grammar/src/format.js';
import { parseStamp } from '../grammar/src/parser.js';
import { LineComment, Newline, Semicolon, chevrotainLexer } from '../grammar/src/tokens.js';
import { repoRoot } from './support/paths.js';
import { assertGolden } from './support/golden.js';

const formatFixtures = join(repoRoot, 'test', 'fixtures', 'format');

/** Every `.stamp` file the formatter should handle: the examples and every fixture (inputs, not golden outputs). */
function allStampTexts(): Array<{ name: string; text: string }> {
  const found: Array<{ name: string; text: string }> = [];
  const walk = (folder: string, label: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path, `${label}/${entry.name}`);
      else if (entry.name.endsWith('.stamp')) found.push({ name: `${label}/${entry.name}`, text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(repoRoot, 'examples'), 'examples');
  walk(join(repoRoot, 'test', 'fixtures'), 'fixtures');
  return found;
}

/** The tokens and comments of a text, without the separators a formatter may change (newlines and `;`). */
function meaningfulTokens(text: string): string[] {
  const lexed = chevrotainLexer().tokenize(text);
  const all = [...lexed.tokens, ...((lexed.groups.comments ?? []) as typeof lexed.tokens)].sort((a, b) => a.startOffset - b.startOffset);
  return all
    .filter((token) => token.tokenType !== Newline && token.tokenType !== Semicolon)
    .map((token) => (token.tokenType === LineComment ? token.image.trimEnd() : token.image));
}

/** The text of every comment, as the parser finds it. */
function commentTexts(text: string): string[] {
  return parseStamp(text).comments.map((comment) => text.slice(comment.start, comment.end).trimEnd());
}

for (const entry of readdirSync(formatFixtures).filter((name) => name.endsWith('.stamp') && !name.endsWith('.formatted.stamp')).sort()) {
  test(`format golden ${entry}`, () => {
    const input = readFileSync(join(formatFixtures, entry), 'utf8');
    const goldenPath = join(formatFixtures, entry.replace(/\.stamp$/, '.formatted.stamp'));
    const actual = formatStamp(input);
    assertGolden(goldenPath, actual, `the formatted ${entry}`);
  });
}

test('formatting is idempotent on every example and fixture', () => {
  for (const { name, text } of allStampTexts()) {
    const once = formatStamp(text);
    assert.equal(formatStamp(once), once, `formatting ${name} twice changed it`);
  }
});

test('formatting keeps every comment and every token of valid files', () => {
  let checked = 0;
  for (const { name, text } of allStampTexts()) {
    if (parseStamp(text).errors.length > 0) continue;
    checked++;
    const formatted = formatStamp(text);
    assert.deepEqual(meaningfulTokens(formatted), meaningfulTokens(text), `tokens changed in ${name}`);
    for (const comment of commentTexts(text)) assert.ok(formatted.includes(comment), `comment ${JSON.stringify(comment)} lost in ${name}`);
    assert.deepEqual(parseStamp(formatted).errors, [], `the formatted ${name} has syntax errors`);
    assert.ok(formatted.endsWith('\n') && !formatted.endsWith('\n\n'), `${name} must end with exactly one newline`);
  }
  assert.ok(checked >= 3, 'expected at least three valid files to check');
});

test('a file with syntax errors is returned unchanged', () => {
  const broken = readFileSync(join(formatFixtures, 'broken.stamp'), 'utf8');
  assert.ok(parseStamp(broken).errors.length > 0);
  assert.equal(formatStamp(broken), broken);
  assert.equal(formatStamp('host HV01 { os "2012\n}\n'), 'host HV01 { os "2012\n}\n');
});

test('a one-line block stays on one line and a multi-line block puts one statement on each line', () => {
  assert.equal(formatStamp('nic NIC1 {speed 10Gbps;rdma;}'), 'nic NIC1 { speed 10Gbps; rdma }\n');
  assert.equal(formatStamp('host HV01 { os 2012; memory 64GB\n}'), 'host HV01 {\n  os 2012\n  memory 64GB\n}\n');
  assert.equal(formatStamp('stamp S {}'), 'stamp S {}\n');
});

test('list continuation lines are indented one level deeper than their statement', () => {
  assert.equal(formatStamp('cluster C {\nnodes A,\nB, C\n}\n'), 'cluster C {\n  nodes A,\n    B, C\n}\n');
  assert.equal(formatStamp('cluster C {\nnodes A,\n// the second node\nB\n}\n'), 'cluster C {\n  nodes A,\n    // the second node\n    B\n}\n', 'a comment line inside the list');
});

test('blank lines collapse to one and disappear at the edges of blocks and of the file', () => {
  assert.equal(formatStamp('\n\nsan A\n\n\n\nsan B\nhost H {\n\n  os 2012\n\n}\n\n\n'), 'san A\n\nsan B\nhost H {\n  os 2012\n}\n');
});

test('the indentation option sets the text of one level', () => {
  assert.equal(formatStamp('host H {\nnic N {\nspeed 1Gbps\n}\n}', { indent: '\t' }), 'host H {\n\tnic N {\n\t\tspeed 1Gbps\n\t}\n}\n');
});

test('an empty or comment-only file formats to nothing or to its comments', () => {
  assert.equal(formatStamp(''), '');
  assert.equal(formatStamp('\n\n  \n'), '');
  assert.equal(formatStamp('  // only a comment   \n\n'), '// only a comment\n');
});

test('separators in a one-line block: no `;` after `{`, after another `;` or before `}`, none before a comment that ends the block', () => {
  assert.equal(formatStamp('nic N { ; speed 1Gbps;; rdma; }'), 'nic N { speed 1Gbps; rdma }\n');
  assert.equal(formatStamp('nic N { speed 1Gbps; /* fast */ }'), 'nic N { speed 1Gbps /* fast */ }\n');
  assert.equal(formatStamp('nic N { speed 1Gbps; /* fast */ rdma }'), 'nic N { speed 1Gbps; /* fast */ rdma }\n');
});

test('a block with a comment over several lines is a multi-line block', () => {
  assert.equal(formatStamp('nic N { speed 1Gbps /* a\nb */ }'), 'nic N {\n  speed 1Gbps /* a\nb */\n}\n');
});

test('comments stay beside the statement they follow; the next statement still starts its own line', () => {
  assert.equal(formatStamp('/* lab */ host A'), '/* lab */ host A\n');
  assert.equal(formatStamp('host A {\n  os 2012; /* old */ memory 4GB\n}'), 'host A {\n  os 2012 /* old */\n  memory 4GB\n}\n');
  assert.equal(formatStamp('host A {\n  os 2012;\n  /* old */ memory 4GB\n}'), 'host A {\n  os 2012\n  /* old */\n  memory 4GB\n}\n');
  assert.equal(formatStamp('host A { os 2012 }   // the first   \nhost B'), 'host A { os 2012 } // the first\nhost B\n');
});

test('after a closing brace the next statement is at the outer depth', () => {
  assert.equal(formatStamp('host H {\nnic N {\nspeed 1Gbps\n}\nos 2012\n}\nhost I'), 'host H {\n  nic N {\n    speed 1Gbps\n  }\n  os 2012\n}\nhost I\n');
  assert.equal(formatStamp('host H {\n  nic N {\n    speed 1Gbps\n  }\n\n  os 2012\n}\n'), 'host H {\n  nic N {\n    speed 1Gbps\n  }\n\n  os 2012\n}\n');
});

test('a file with syntax errors, or already formatted, keeps its bytes, mixed line breaks included', () => {
  assert.equal(formatStamp('host HV01 { os "2012\r\n}\nhost B\r\n'), 'host HV01 { os "2012\r\n}\nhost B\r\n');
  assert.equal(formatStamp('host HV01 {\r\n  os 2012\r\n}\n'), 'host HV01 {\r\n  os 2012\r\n}\n');
  assert.equal(formatStamp('host HV01 {\r\n  os  2012\r\n}\n'), 'host HV01 {\r\n  os 2012\r\n}\r\n', 'a file the formatter changes gets its most common line break');
});
