// "Did you mean": which name is suggested for a misspelling, how far a suggestion may be, names too long to compare,
// and the budget an analysis shares; the edit distance behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundedEditDistance, closestName, editDistance, SuggestionBudget } from '../grammar/src/suggest.js';
import { analyze } from '../grammar/src/analyze.js';

test('edit distance: insertions, deletions and substitutions each cost one; past the limit the answer is limit + 1', () => {
  assert.equal(editDistance('', ''), 0);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('ab', 'ba'), 2);
  assert.equal(editDistance('HV01', 'HV01'), 0);
  assert.equal(boundedEditDistance('kitten', 'sitting', 3), 3);
  assert.equal(boundedEditDistance('kitten', 'sitting', 2), 3);
  assert.equal(boundedEditDistance('abcdef', 'ab', 2), 3, 'lengths too far apart');
  assert.equal(boundedEditDistance('abcdefgh', 'abXdefgh', 1), 1);
  assert.equal(boundedEditDistance('abcdefgh', 'XbcdefgY', 1), 2);
  assert.equal(boundedEditDistance('abcdefghij', 'bcdefghija', 2), 2, 'a shift along the whole name');
  assert.equal(boundedEditDistance('abc', 'abcd', 1), 1);
  assert.equal(boundedEditDistance('abcd', 'abc', 1), 1);
  assert.equal(boundedEditDistance('a', 'abcdefg', 1), 2, 'the second string far longer');
  assert.equal(boundedEditDistance('same', 'same', 0), 0);
  assert.equal(boundedEditDistance('same', 'sane', 0), 1);
});

test('a suggestion is at most a third of the name away (one edit at least, three at most)', () => {
  assert.equal(closestName('ab', ['ax']), 'ax');
  assert.equal(closestName('ab', ['xy']), undefined);
  assert.equal(closestName('server', ['sarvor']), 'sarvor', 'two edits in six letters');
  assert.equal(closestName('server', ['sxrvxx']), undefined, 'three edits in six letters');
  assert.equal(closestName('hyperv01', ['hxperx01']), 'hxperx01');
  assert.equal(closestName('hyperv-01', ['hxperx-0x']), 'hxperx-0x', 'three edits in nine letters');
  assert.equal(closestName('hyperv-0001', ['hxperx-0xx1']), undefined, 'four edits are too many however long the name');
  assert.equal(closestName('abcdefghijkl', ['abcdefghi']), 'abcdefghi', 'three letters missing');
  assert.equal(closestName('abcdefghijkl', ['abcdefgh']), undefined, 'four letters missing');
});

test('the closest candidate wins, the first of equals; the same name in another case is taken at once', () => {
  assert.equal(closestName('SQLNODE1', ['SQLNODE12', 'SQLNODE2', 'SQLNOD1']), 'SQLNODE12');
  assert.equal(closestName('SQLNODE1', ['XQLNODX1', 'SQLNODE']), 'SQLNODE');
  assert.equal(closestName('hv01', ['HV02', 'Hv01', 'hv0']), 'Hv01');
  assert.equal(closestName('hv01', []), undefined);
});

test('a name longer than 64 characters gets a suggestion only for the same name in another case', () => {
  const long = 'a'.repeat(65);
  assert.equal(closestName(long, [`${'a'.repeat(64)}b`]), undefined);
  assert.equal(closestName(long, ['A'.repeat(65)]), 'A'.repeat(65));
  assert.equal(closestName('a'.repeat(64), [`${'a'.repeat(63)}b`]), `${'a'.repeat(63)}b`, '64 characters are still compared');
  assert.equal(closestName('abcdef', ['b'.repeat(70), 'abcdex']), 'abcdex', 'a long candidate is skipped');
  assert.equal(closestName('a'.repeat(63), ['a'.repeat(65)]), undefined, 'a candidate over 64 characters is not compared');
  assert.equal(closestName('a'.repeat(63), ['a'.repeat(64)]), 'a'.repeat(64), 'a candidate of 64 characters is');
});

test('one budget for a whole analysis: when it runs out, the names after get no suggestion', () => {
  const candidates = ['HOST01', 'HOST02', 'HOST03'];
  assert.equal(closestName('HOZT03', candidates, new SuggestionBudget(0)), undefined, 'an exhausted budget');
  assert.equal(closestName('HOZT03', candidates, new SuggestionBudget(2)), 'HOST01', 'spent after the first candidate: the best so far');
  const budget = new SuggestionBudget(200);
  assert.equal(closestName('HOZT03', candidates, budget), 'HOST03');
  assert.ok(budget.remaining < 200 - candidates.length, 'the comparisons are paid for, not only the candidates');
  assert.ok(budget.remaining > 0);
  const small = new SuggestionBudget(25);
  assert.equal(closestName('HOZT01', candidates, small), 'HOST01');
  assert.equal(closestName('HOZT02', candidates, small), undefined, 'the second call finds the budget spent');
  assert.equal(small.exhausted, true);
});

test('the budget pays one step for each candidate looked at, and a table for each one compared', () => {
  // Five candidates too far in length are only looked at: one step each; the sixth is compared if a step is left.
  const far = Array.from({ length: 5 }, (_, index) => `candidate-${index}-far-too-long`);
  assert.equal(closestName('abc', [...far, 'abd'], new SuggestionBudget(6)), undefined);
  assert.equal(closestName('abc', [...far, 'abd'], new SuggestionBudget(7)), 'abd');
  // A candidate exactly as far in length as the best distance allowed is skipped without a table.
  assert.equal(closestName('abc', ['abcde', 'abd'], new SuggestionBudget(3)), 'abd');
  // One comparison of a six-letter name within two edits: one step and 6 × (2 × 2 + 1) cells.
  const exact = new SuggestionBudget(33);
  assert.equal(closestName('HOZT03', ['HOST03'], exact), 'HOST03');
  assert.equal(closestName('HOZT01', ['HOST01'], exact), 'HOST01', 'two steps were left');
  const short = new SuggestionBudget(32);
  assert.equal(closestName('HOZT03', ['HOST03'], short), 'HOST03');
  assert.equal(closestName('HOZT01', ['HOST01'], short), undefined, 'one step was left');
});

test("a stamp's unresolved names pay for their candidate lists: after about a thousand of them among 2,000 hosts, no more suggestions", () => {
  // Each unresolved placement looks at the 2,001 hosts twice (building the list, then comparing): 4 million steps, the
  // budget of one analysis, are spent before the last VM, whose typo would otherwise get "Did you mean `HOSTAAAA0001`?".
  const hosts = Array.from({ length: 2001 }, (_, index) => `host HOSTAAAA${String(index).padStart(4, '0')}`);
  const lost = Array.from({ length: 1000 }, (_, index) => `vm V${index} on Q${index}`);
  const text = [...hosts, ...lost, 'vm LAST on HOSTAAAA0O01', ''].join('\n');
  const analysis = analyze([{ uri: 'file:///budget/many.stamp', text }]);
  const last = analysis.diagnostics.filter((diagnostic) => diagnostic.code === 'SCH006').at(-1);
  assert.equal(last?.message, 'No cluster or host named `HOSTAAAA0O01`.');
  // With the budget to spare, the same typo gets its suggestion.
  const small = analyze([{ uri: 'file:///budget/few.stamp', text: [...hosts, 'vm LAST on HOSTAAAA0O01', ''].join('\n') }]);
  assert.equal(small.diagnostics.find((diagnostic) => diagnostic.code === 'SCH006')?.message, 'No cluster or host named `HOSTAAAA0O01`. Did you mean `HOSTAAAA0001`?');
});
