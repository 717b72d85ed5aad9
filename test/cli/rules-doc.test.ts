// docs/rules.md is generated from the rule metadata; this test fails when the committed page differs from the generator's output.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../server/src/rules/registry.js';
import type { Rule } from '../../server/src/rules/rule.js';
import { renderRulesReference } from '../../cli/src/rules-doc.js';
import { repoRoot } from '../support/paths.js';

const pagePath = join(repoRoot, 'docs', 'rules.md');

describe('docs/rules.md', () => {
  it('is exactly what the generator makes from the rule metadata (run `npm run docs:rules` after changing a rule)', () => {
    const generated = renderRulesReference(allRules);
    assert.ok(existsSync(pagePath), 'docs/rules.md is missing: run `npm run docs:rules`');
    assert.equal(readFileSync(pagePath, 'utf8'), generated, 'docs/rules.md is out of date: run `npm run docs:rules`');
  });

  it('has a heading, the severity, seed, title, explanation, fix and first source of every rule', () => {
    const page = readFileSync(pagePath, 'utf8');
    for (const rule of allRules) {
      const section = page.slice(page.indexOf(`\n### ${rule.id}\n`));
      assert.ok(section.length < page.length, `${rule.id} has its own heading`);
      const body = section.slice(0, section.indexOf('\n### ', 5) >= 0 ? section.indexOf('\n### ', 5) : undefined);
      assert.ok(body.includes(`Severity: ${rule.severity} · Family: ${rule.family} · Seed: ${rule.seed}`), `${rule.id} severity line`);
      assert.ok(body.includes(rule.title.trim()), `${rule.id} title`);
      assert.ok(body.includes(rule.explanation.trim()), `${rule.id} explanation`);
      if (rule.fix) assert.ok(body.includes(rule.fix.trim()), `${rule.id} fix`);
      if (rule.sources[0]) assert.ok(body.includes(rule.sources[0].label), `${rule.id} source`);
    }
  });

  it('groups any set of rules by family in catalog order, with counts that add up', () => {
    const rule = (id: string, family: Rule['family'], severity: Rule['severity']): Rule => ({
      id, family, severity, seed: '—', title: `Title of ${id}`, explanation: `Why ${id}.`, sources: [{ label: 'a manual', url: 'https://example.org/manual' }], check: () => undefined,
    });
    const page = renderRulesReference([rule('NLB002', 'NLB', 'warning'), rule('AG010', 'AG', 'error'), rule('AG002', 'AG', 'info')]);
    assert.match(page, /^3 rules in 2 families: 1 error, 1 warning, 1 info; 0 seed rules\.$/m);
    assert.ok(page.indexOf('### AG002') < page.indexOf('### AG010') && page.indexOf('### AG010') < page.indexOf('### NLB002'), 'families in catalog order, ids in numeric order');
    assert.match(page, /^\| \[AG\]\(#ag-alwayson-availability-groups-and-availability-databases\) \| .* \| 2 \| 1 \| 0 \| 1 \|$/m);
    assert.match(page, /^## AG: AlwaysOn availability groups and availability databases$/m);
    assert.match(page, /\*\*Fix:\*\* no quick fix/);
    assert.match(page, /^- \[a manual\]\(https:\/\/example\.org\/manual\)$/m);
    assert.match(renderRulesReference([]), /^0 rules in 0 families/m);
  });

  it('orders ids numerically, trims the texts, escapes table cells, and leaves out the sources heading of a rule without sources', () => {
    const rule = (id: string, title: string, sources: Rule['sources'], fix?: string): Rule => ({
      id, family: 'HV', severity: 'warning', seed: 'S', title, explanation: `  Why ${id}.\n`, fix, sources, check: () => undefined,
    });
    const page = renderRulesReference([
      rule('HV10', '  Ten | a pipe\nand a line  ', [], '  Fix ten.  '),
      rule('HV9', 'Nine', [{ label: 'a note' }]),
    ]);
    assert.match(page, /^2 rules in 1 family: 0 errors, 2 warnings, 0 infos; 2 seed rules\.$/m);
    assert.ok(page.indexOf('### HV9') < page.indexOf('### HV10'), 'HV9 before HV10');
    assert.ok(page.indexOf('| [HV9](#hv9)') < page.indexOf('| [HV10](#hv10)'), 'table rows in numeric order');
    assert.match(page, /^\| \[HV10\]\(#hv10\) \| warning \| S \| {3}Ten \\\| a pipe and a line {3}\|$/m);
    const nine = page.slice(page.indexOf('### HV9'), page.indexOf('### HV10'));
    assert.equal(nine, '### HV9\n\n**Nine**\n\nSeverity: warning · Family: HV · Seed: S\n\nWhy HV9.\n\n**Fix:** no quick fix; change the design as the explanation says.\n\n**Sources:**\n\n- a note\n\n');
    // The last rule, without sources: no heading for them, and the page ends with one line break.
    const ten = page.slice(page.indexOf('### HV10'));
    assert.equal(ten, '### HV10\n\n**Ten | a pipe\nand a line**\n\nSeverity: warning · Family: HV · Seed: S\n\nWhy HV10.\n\n**Fix:** Fix ten.\n');
  });

  it('names one family in the singular and has no family table without rules', () => {
    const one: Rule = { id: 'DC1', family: 'DC', severity: 'error', seed: '—', title: 'One', explanation: 'Why.', sources: [{ label: 'x' }], check: () => undefined };
    assert.match(renderRulesReference([one]), /^1 rule in 1 family: 1 error, 0 warnings, 0 infos; 0 seed rules\.$/m);
    const empty = renderRulesReference([]);
    assert.ok(!empty.includes('| Family |'), 'no table header without families');
    assert.ok(empty.endsWith('seed rules.\n'), JSON.stringify(empty.slice(-40)));
  });
});
