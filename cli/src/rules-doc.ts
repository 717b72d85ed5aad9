// Generates docs/rules.md, the rule reference, from the rules' own metadata so that the page cannot drift from the code.
import { ruleFamilies, ruleFamilyTitles as familyTitles, type Rule, type RuleFamily } from '../../server/src/rules/rule.js';


/** The Markdown of the rule reference for a list of rules (any number, in any order: they are grouped by family). */
export function renderRulesReference(rules: readonly Rule[]): string {
  const byFamily = new Map<RuleFamily, Rule[]>();
  for (const rule of rules) {
    const list = byFamily.get(rule.family) ?? [];
    list.push(rule);
    byFamily.set(rule.family, list);
  }
  const families = ruleFamilies.filter((family) => byFamily.has(family));
  for (const family of families) byFamily.get(family)!.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));

  const out: string[] = [];
  out.push('# Rule reference');
  out.push('');
  out.push('<!-- Generated from the rule metadata in server/src/rules/ by `npm run docs:rules` (scripts/gen-rules-doc.mjs); do not edit by hand. -->');
  out.push('');
  out.push('Every check of the catalog that Stamp runs, in the editor and in `stamp check`.');
  out.push('The ID is the diagnostic code, the name to use in `stamp.config.json` (`{ "rules": { "AG003": "warning" } }`) and after `// stamp-disable-next-line`, and the argument of `stamp explain`.');
  out.push('Severities are the defaults; a configuration can change them per rule or per family.');
  out.push('Seed `S` marks rules stated by the field reports the catalog started from, `S*` rules partly stated by them, `—` rules from product documentation only.');
  out.push('');
  out.push(`## Summary`);
  out.push('');
  out.push(`${countText(rules.length, 'rule')} in ${countText(families.length, 'family', 'families')}: ${severityCounts(rules)}; ${countText(rules.filter((rule) => rule.seed !== '—').length, 'seed rule')}.`);
  out.push('');
  if (families.length > 0) {
    out.push('| Family | Covers | Rules | Errors | Warnings | Infos |');
    out.push('|---|---|---:|---:|---:|---:|');
    for (const family of families) {
      const list = byFamily.get(family)!;
      const count = (severity: Rule['severity']): number => list.filter((rule) => rule.severity === severity).length;
      out.push(`| [${family}](#${anchorOf(`${family}: ${familyTitles[family]}`)}) | ${familyTitles[family]} | ${list.length} | ${count('error')} | ${count('warning')} | ${count('info')} |`);
    }
    out.push('');
  }
  for (const family of families) {
    out.push(`## ${family}: ${familyTitles[family]}`);
    out.push('');
    out.push('| ID | Severity | Seed | Title |');
    out.push('|---|---|---|---|');
    for (const rule of byFamily.get(family)!) out.push(`| [${rule.id}](#${anchorOf(rule.id)}) | ${rule.severity} | ${rule.seed} | ${escapeCell(rule.title)} |`);
    out.push('');
    for (const rule of byFamily.get(family)!) out.push(...renderRule(rule));
  }
  // Every section ends with an empty line, so the page ends with one line break.
  return out.join('\n');
}

function renderRule(rule: Rule): string[] {
  const out: string[] = [];
  out.push(`### ${rule.id}`);
  out.push('');
  out.push(`**${rule.title.trim()}**`);
  out.push('');
  out.push(`Severity: ${rule.severity} · Family: ${rule.family} · Seed: ${rule.seed}`);
  out.push('');
  out.push(rule.explanation.trim());
  out.push('');
  out.push(`**Fix:** ${rule.fix ? rule.fix.trim() : 'no quick fix; change the design as the explanation says.'}`);
  out.push('');
  if (rule.sources.length > 0) {
    out.push('**Sources:**');
    out.push('');
    for (const source of rule.sources) out.push(`- ${source.url ? `[${source.label}](${source.url})` : source.label}`);
    out.push('');
  }
  return out;
}

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

function severityCounts(rules: readonly Rule[]): string {
  const count = (severity: Rule['severity']): number => rules.filter((rule) => rule.severity === severity).length;
  return `${countText(count('error'), 'error')}, ${countText(count('warning'), 'warning')}, ${countText(count('info'), 'info')}`;
}

function countText(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
