// The text that multi-statement quick fixes write (server/src/rules/fix-text.ts), checked on the edited source a user
// gets: whole-line and in-line removals, one-line and multi-line blocks, the indentation of added statements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../grammar/src/analyze.js';
import type { TextEdit } from '../grammar/src/diagnostic.js';
import type { Element } from '../grammar/src/elements.js';
import type { KindId } from '../grammar/src/schema.js';
import { appendToList, insertAfter, insertStatement, nameText, setProperty } from '../grammar/src/edits.js';
import { blockIsOneLine, childIndentation, insertStatements, joinNames, removeStatement, setProperties, siblingsUseOneLineBlocks, statementWithBlock } from '../server/src/rules/fix-text.js';

const uri = 'file:///fix-text/design.stamp';

/** The parsed text and a finder for its elements by kind and name. */
function parse(text: string) {
  const { model } = analyze([{ uri, text }]);
  const find = (kind: KindId, name: string): Element => {
    const found = model.index.allOfKind(kind).find((element) => element.name === name);
    if (!found) throw new Error(`no ${kind} ${name}`);
    return found;
  };
  const apply = (edits: readonly TextEdit[]): string =>
    [...edits].sort((a, b) => b.start - a.start).reduce((result, edit) => result.slice(0, edit.start) + edit.newText + result.slice(edit.end), text);
  return { texts: model.texts, find, apply };
}

test('removing a statement alone on its line removes the line, with its separator and trailing comment', () => {
  const { texts, find, apply } = parse('host H {\n  nic A\n  nic B; // the old one\n  nic C\n}\n');
  assert.equal(apply([removeStatement(texts, find('nic', 'B'))]), 'host H {\n  nic A\n  nic C\n}\n');
});

test('removing the last statement of a file without a final line break leaves the text before it', () => {
  const { texts, find, apply } = parse('host A\nhost B');
  assert.equal(apply([removeStatement(texts, find('host', 'B'))]), 'host A\n');
});

test('removing a statement in a one-line block removes it with one separator, wherever it stands', () => {
  const text = 'host H { nic A; nic B;  nic C }\n';
  const { texts, find, apply } = parse(text);
  assert.equal(apply([removeStatement(texts, find('nic', 'A'))]), 'host H { nic B;  nic C }\n');
  assert.equal(apply([removeStatement(texts, find('nic', 'B'))]), 'host H { nic A; nic C }\n');
  assert.equal(apply([removeStatement(texts, find('nic', 'C'))]), 'host H { nic A; nic B }\n');
  const spaced = parse('host H { nic A ; nic B }\n');
  assert.equal(spaced.apply([removeStatement(spaced.texts, spaced.find('nic', 'A'))]), 'host H { nic B }\n', 'spaces before the separator go with it');
});

test('a statement followed by another on its line is not a whole-line removal', () => {
  const { texts, find, apply } = parse('host H {\n  nic A; nic B\n}\n');
  assert.equal(apply([removeStatement(texts, find('nic', 'A'))]), 'host H {\n  nic B\n}\n');
  assert.equal(apply([removeStatement(texts, find('nic', 'B'))]), 'host H {\n  nic A\n}\n');
});

test('one-line blocks: none, one line, several lines', () => {
  const { texts, find } = parse('host A\nhost B { nic N }\nhost C {\n  nic M\n}\nhost D { }\nhost E { nic O\n}\n');
  assert.equal(blockIsOneLine(texts, find('host', 'A')), true);
  assert.equal(blockIsOneLine(texts, find('host', 'B')), true);
  assert.equal(blockIsOneLine(texts, find('host', 'C')), false);
  assert.equal(blockIsOneLine(texts, find('host', 'D')), true);
  assert.equal(blockIsOneLine(texts, find('host', 'E')), false, 'the closing brace on a line of its own');
});

test('statements added to an unclosed block (SYN004) follow the style of its statements', () => {
  const multi = parse('host H {\n  nic A\nhost I\n');
  assert.equal(multi.apply([insertStatements(multi.texts, multi.find('host', 'H'), ['nic B', 'nic C'])]), 'host H {\n  nic A\n  nic B\n  nic C\nhost I\n');
  const oneLine = parse('host I\nhost H { nic A\n');
  assert.equal(oneLine.apply([insertStatements(oneLine.texts, oneLine.find('host', 'H'), ['nic B', 'nic C'])]), 'host I\nhost H { nic A\nnic B; nic C\n');
  const empty = parse('host I\nhost H {\n');
  assert.equal(empty.apply([insertStatements(empty.texts, empty.find('host', 'H'), ['nic B', 'nic C'])]), 'host I\nhost H {\n  nic B; nic C\n', 'no statement: one line');
});

test('new statements in a block take the indentation of its last statement, else two spaces more than the element', () => {
  const { texts, find } = parse('host A {\n      nic N\n}\n  host B {\n  }\nhost C\n');
  assert.equal(childIndentation(texts, find('host', 'A')), '      ');
  assert.equal(childIndentation(texts, find('host', 'B')), '    ');
  assert.equal(childIndentation(texts, find('host', 'C')), '  ');
});

test('a statement with a block is written on one line or one inner statement per line', () => {
  assert.equal(statementWithBlock('vswitch S', [], true, ''), 'vswitch S');
  assert.equal(statementWithBlock('vswitch S', [], false, '  '), 'vswitch S');
  assert.equal(statementWithBlock('vswitch S', ['type external', 'uplink N'], true, '  '), 'vswitch S { type external; uplink N }');
  assert.equal(statementWithBlock('vswitch S', ['type external', 'uplink N'], false, '  '), 'vswitch S {\n    type external\n    uplink N\n  }');
});

test('siblings decide the style: one-line if any block with statements is, the fallback when none has statements', () => {
  const { texts, find } = parse('host H {\n  nic A { speed 1Gbps }\n  nic B {\n    speed 1Gbps\n  }\n  nic C {\n  }\n  nic D\n}\n');
  const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((name) => find('nic', name));
  assert.equal(siblingsUseOneLineBlocks(texts, [a, b]), true);
  assert.equal(siblingsUseOneLineBlocks(texts, [b, a]), true);
  assert.equal(siblingsUseOneLineBlocks(texts, [b]), false);
  assert.equal(siblingsUseOneLineBlocks(texts, [c, d]), true);
  assert.equal(siblingsUseOneLineBlocks(texts, [c, d], false), false);
  assert.equal(siblingsUseOneLineBlocks(texts, [b, c], true), false);
});

test('several statements are added in the block style: joined by "; " on one line, one per line otherwise', () => {
  const oneLine = parse('host H { nic A }\n');
  assert.equal(oneLine.apply([insertStatements(oneLine.texts, oneLine.find('host', 'H'), ['nic B', 'nic C'])]), 'host H { nic A; nic B; nic C }\n');
  const multi = parse('host H {\n    nic A\n}\n');
  assert.equal(multi.apply([insertStatements(multi.texts, multi.find('host', 'H'), ['nic B', 'nic C'])]), 'host H {\n    nic A\n    nic B\n    nic C\n}\n');
});

test('setting properties replaces written ones and adds the others together, in order, a bare keyword for an empty value', () => {
  const { texts, find, apply } = parse('host H { nic N { speed 1Gbps } }\n');
  const edits = setProperties(texts, find('nic', 'N'), [['speed', '10Gbps'], ['mac_spoofing', ''], ['sriov', 'yes']]);
  assert.equal(apply(edits), 'host H { nic N { speed 10Gbps; mac_spoofing; sriov yes } }\n');
});

test('names are joined as "A", "A and B", "A, B and C"', () => {
  assert.equal(joinNames([]), '');
  assert.equal(joinNames(['A']), 'A');
  assert.equal(joinNames(['A', 'B']), 'A and B');
  assert.equal(joinNames(['A', 'B', 'C']), 'A, B and C');
});

test('a property is added in the block style: a new block, a one-line block, a new line before the closing brace', () => {
  const set = (text: string, kind: KindId, name: string, keyword: Parameters<typeof setProperty>[2], value: string): string => {
    const { texts, find, apply } = parse(text);
    return apply([setProperty(texts, find(kind, name), keyword, value)]);
  };
  assert.equal(set('host H\nhost I\n', 'host', 'H', 'os', '2012'), 'host H { os 2012 }\nhost I\n', 'no block: one is written');
  assert.equal(set('host H { }\n', 'host', 'H', 'os', '2012'), 'host H { os 2012 }\n');
  assert.equal(set('host H { nic A }\n', 'host', 'H', 'os', '2012'), 'host H { nic A; os 2012 }\n');
  assert.equal(set('host H {\n  nic A {\n  }\n}\n', 'nic', 'A', 'speed', '10Gbps'), 'host H {\n  nic A {\n    speed 10Gbps\n  }\n}\n', 'an empty block: two spaces deeper than its element');
  assert.equal(set('host H {\n   nic A\n}\n', 'host', 'H', 'os', '2012'), 'host H {\n   nic A\n   os 2012\n}\n', 'as deep as the last statement');
  assert.equal(set('  host H {\n    nic A }\n', 'host', 'H', 'os', '2012'), '  host H {\n    nic A \n    os 2012\n  }\n', 'a brace after a statement: the new line, then the brace at the element\'s indentation');
  assert.equal(set('host H {\n\tnic A\n\t}\n', 'host', 'H', 'os', '2012'), 'host H {\n\tnic A\n\tos 2012\n\t}\n', 'a tab before the brace is white space too');
  // An unclosed block (a syntax error the file keeps): the new statement goes on a line after its last statement.
  assert.equal(set('host H {\n  nic A\nhost I\n', 'host', 'H', 'os', '2012'), 'host H {\n  nic A\n  os 2012\nhost I\n');
  assert.equal(set('host I\n  host H {', 'host', 'H', 'os', '2012'), 'host I\n  host H {\n    os 2012');
  // A written value is replaced; a flag written alone gets its value after the keyword, or stays as it is.
  assert.equal(set('host H { os 2008 }\n', 'host', 'H', 'os', '2012R2'), 'host H { os 2012R2 }\n');
  assert.equal(set('host H { nic N { mac_spoofing } }\n', 'nic', 'N', 'mac_spoofing', 'no'), 'host H { nic N { mac_spoofing no } }\n');
  assert.equal(set('host H { nic N { mac_spoofing } }\n', 'nic', 'N', 'mac_spoofing', ''), 'host H { nic N { mac_spoofing } }\n');
  assert.equal(set('host H { nic N }\n', 'nic', 'N', 'mac_spoofing', ''), 'host H { nic N { mac_spoofing } }\n', 'an added flag is its keyword alone');
});

test('a value is added to a written list, or the list is written', () => {
  const { texts, find, apply } = parse('host A\nhost B\nhost C\ncluster X { nodes A, B }\ncluster Y\n');
  assert.equal(apply([appendToList(texts, find('cluster', 'X'), 'nodes', 'C')]), 'host A\nhost B\nhost C\ncluster X { nodes A, B, C }\ncluster Y\n');
  assert.equal(apply([appendToList(texts, find('cluster', 'Y'), 'nodes', 'C')]), 'host A\nhost B\nhost C\ncluster X { nodes A, B }\ncluster Y { nodes C }\n');
});

test('a new top-level statement goes on the line after the top-level element, even from inside it', () => {
  const { texts, find, apply } = parse('host H {\n  nic A\n} // the host\nhost I\n');
  assert.equal(apply([insertAfter(texts, find('nic', 'A'), 'host N')]), 'host H {\n  nic A\n} // the host\nhost N\nhost I\n');
  const last = parse('host A\nhost B');
  assert.equal(last.apply([insertAfter(last.texts, last.find('host', 'B'), 'host N')]), 'host A\nhost B\nhost N', 'at the end of a file without a final line break');
  const inserted = parse('host A');
  assert.equal(inserted.apply([insertStatement(inserted.texts, inserted.find('host', 'A'), 'os 2012')]), 'host A { os 2012 }');
});

test('a name is written bare when it is an identifier, quoted otherwise', () => {
  assert.equal(nameText('HV01'), 'HV01');
  assert.equal(nameText('_a-b_9'), '_a-b_9');
  assert.equal(nameText('9HV'), '"9HV"');
  assert.equal(nameText('CORP\\svc'), '"CORP\\svc"');
  assert.equal(nameText('HV01 '), '"HV01 "');
});
