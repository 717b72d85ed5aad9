// `stamp explain <RULE-ID>`: prints a catalog rule's title, severity, explanation, fix and sources.
import { closestName } from '../../grammar/src/suggest.js';
import { allRules, ruleById } from '../../server/src/rules/registry.js';
import type { Rule } from '../../server/src/rules/rule.js';
import { exitCodes, InputError, UsageError } from './errors.js';
import { parseCommandLine } from './options.js';
import { Painter, type CommandIo } from './output.js';

export const explainUsage = `Usage: stamp explain <RULE-ID>

Prints what a catalog rule checks, why, how to fix it and where the facts come from.
Rule ids are case-insensitive (AG003, nlb005); docs/rules.md lists them all.

Options:
  -h, --help  Show this help.`;

/** Runs `stamp explain` and returns its exit code. */
export function runExplainCommand(args: readonly string[], io: CommandIo): number {
  const { values, positionals } = parseCommandLine('explain', args, {});
  if (values.help) {
    io.stdout(`${explainUsage}\n`);
    return exitCodes.clean;
  }
  if (positionals.length !== 1) throw new UsageError('Name exactly one rule id, for example `stamp explain AG003`.', 'explain');
  const wanted = positionals[0];
  const rule = ruleById(wanted.toUpperCase());
  if (!rule) {
    const suggestion = closestName(wanted, allRules.map((candidate) => candidate.id));
    throw new InputError(`Unknown rule \`${wanted}\`.${suggestion ? ` Did you mean ${suggestion}?` : ' `docs/rules.md` lists every rule.'}`);
  }
  io.stdout(formatRuleExplanation(rule, io.color));
  return exitCodes.clean;
}

/** The text `stamp explain` prints for a rule. */
export function formatRuleExplanation(rule: Rule, color: boolean): string {
  const paint = new Painter(color);
  const lines = [
    `${paint.bold(rule.id)}: ${rule.title}`,
    '',
    `Severity: ${rule.severity}`,
    `Family:   ${rule.family}`,
    `Seed:     ${rule.seed === '—' ? 'no (documentation only)' : rule.seed}`,
    '',
    // Stryker disable next-line MethodExpression: every rule of the catalog is written without white space around its explanation.
    rule.explanation.trim(),
  ];
  // Stryker disable next-line MethodExpression: every rule of the catalog is written without white space around its fix.
  lines.push('', `${paint.bold('Fix:')} ${rule.fix ? rule.fix.trim() : 'no quick fix; change the design as the explanation says.'}`);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: every rule of the catalog names its sources (the `false` form is killed by the explain goldens).
  if (rule.sources.length > 0) {
    lines.push('', paint.bold('Sources:'));
    for (const source of rule.sources) lines.push(`  - ${source.label}${source.url ? ` <${source.url}>` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
