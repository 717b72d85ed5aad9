// Words that are also names of every JavaScript object's inherited members (`constructor`, `toString`, `__proto__`)
// are ordinary words in a stamp: a size with such a unit is an error, and hovering such a word shows no notes of
// the language's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStamp } from './support/open-stamp.js';

const hosts = 'host N1 { memory 64GB }\nhost N2 { memory 64GB }\n';

test('a size whose unit is `constructor` is reported like any unknown unit', () => {
  for (const unit of ['constructor', 'Constructor', 'tostring', 'valueof']) {
    const text = `${hosts}vm V on N1 { memory 8${unit}; storage local }\n`;
    const opened = openStamp({ 'file:///words/units.stamp': text });
    const found = opened.diagnosed.all.filter((diagnostic) => diagnostic.code === 'SCH009');
    assert.deepEqual(found.map((diagnostic) => [diagnostic.message, text.slice(diagnostic.start, diagnostic.end)]),
      [[`Expected a size such as \`8GB\`, \`500GB\` or \`2TB\`, not \`8${unit}\`.`, `8${unit}`]], unit);
  }
});

test('a size or a duration without its number is an error, even when its last letter is a unit', () => {
  const text = `${hosts}host N3 { memory gb }\nvm V on N1 { memory 4GB; storage local }\nreplication V to N3 { frequency m }\n`;
  const found = openStamp({ 'file:///words/bare.stamp': text }).diagnosed.all.filter((diagnostic) => diagnostic.code === 'SCH009');
  assert.deepEqual(found.map((diagnostic) => text.slice(diagnostic.start, diagnostic.end)), ['gb', 'm']);
});

test('hovering a wrong word named like an inherited member shows no inherited text', () => {
  for (const word of ['constructor', 'toString', 'hasOwnProperty']) {
    const text = `${hosts}cluster C { kind hyperv; nodes N1, N2; witness ${word} }\n`;
    const hover = openStamp({ 'file:///words/hover.stamp': text }).hover(word, 1);
    assert.ok(hover !== undefined, `a hover on ${word}`);
    assert.doesNotMatch(hover, /function|native code|\[object/, word);
    assert.match(hover, new RegExp(`^\\*\\*${word}\\*\\*`), word);
  }
});
