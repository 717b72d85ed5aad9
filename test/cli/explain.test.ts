// `stamp explain`: a rule's title, severity, explanation, fix and sources; unknown ids suggest the closest one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules, ruleById } from '../../server/src/rules/registry.js';
import { assertGolden, runStampHere } from './run-cli.js';

describe('stamp explain', () => {
  it('prints AG003 with its severity, explanation, fix and sources', async () => {
    const rule = ruleById('AG003');
    assert.ok(rule, 'AG003 is in the catalog');
    const result = await runStampHere(['explain', 'AG003']);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.startsWith(`AG003: ${rule.title}\n`));
    assert.match(result.stdout, /^Severity: error$/m);
    assert.match(result.stdout, /^Family: {3}AG$/m);
    assert.ok(result.stdout.includes(rule.explanation.trim()), 'the whole explanation');
    assert.ok(rule.fix && result.stdout.includes(`Fix: ${rule.fix.trim()}`), 'the fix');
    for (const source of rule.sources) assert.ok(result.stdout.includes(source.label), `the source ${source.label}`);
    assert.match(result.stdout, /<https:\/\/learn\.microsoft\.com\/[^>]+>/);
  });

  it('prints a rule with sources and one from documentation only exactly, in plain text and in colour (goldens)', async () => {
    for (const id of ['AG003', 'AG005']) {
      const plain = await runStampHere(['explain', id]);
      assert.equal(plain.status, 0, plain.stderr);
      assertGolden(`explain-${id}.txt`, plain.stdout);
    }
    const coloured = await runStampHere(['explain', 'AG003'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    assertGolden('explain-AG003.color.txt', coloured.stdout);
  });

  it('accepts ids in lower case', async () => {
    const result = await runStampHere(['explain', 'nlb005']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^NLB005: /);
    assert.match(result.stdout, /^Severity: info$/m);
  });

  it('says so when a rule has no quick fix', async () => {
    const rule = allRules.find((candidate) => candidate.fix === undefined);
    assert.ok(rule, 'the catalog has rules without a quick fix');
    const result = await runStampHere(['explain', rule.id]);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Fix: no quick fix; change the design as the explanation says\.$/m);
  });

  it('exits 2 on an unknown id and suggests the closest one', async () => {
    const result = await runStampHere(['explain', 'AG03']);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^stamp: Unknown rule `AG03`\. Did you mean AG0\d\d\?\n$/);
    const far = await runStampHere(['explain', 'NOTARULE']);
    assert.equal(far.status, 2);
    assert.match(far.stderr, /Unknown rule `NOTARULE`\. `docs\/rules\.md` lists every rule\./);
  });

  it('exits 2 without an id, or with an unknown option, and points to its own help', async () => {
    const result = await runStampHere(['explain']);
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'stamp: Name exactly one rule id, for example `stamp explain AG003`.\nRun `stamp explain --help` for usage.\n');
    const option = await runStampHere(['explain', '--verbose', 'AG003']);
    assert.equal(option.status, 2);
    assert.equal(option.stdout, '');
    assert.match(option.stderr, /\nRun `stamp explain --help` for usage\.\n$/);
  });

  it('prints its usage for --help', async () => {
    const result = await runStampHere(['explain', '--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage: stamp explain <RULE-ID>\n\nPrints what a catalog rule checks/);
    assert.match(result.stdout, /-h, --help {2}Show this help\.\n$/);
  });
});
