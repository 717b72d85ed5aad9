// Runs the rules over a model and combines their findings with the core diagnostics, applying the configuration
// (severities, `off`) and the suppression comments. The server and the CLI both call this.
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { StampModel } from '../../../grammar/src/model.js';
import { placedVmsOf } from '../resilience/placement.js';
import type { Diagnostic, Fix } from '../../../grammar/src/diagnostic.js';
import { headSpan } from '../../../grammar/src/edits.js';
import { LineIndex, withLineBreaksOf } from '../../../grammar/src/text.js';
import { allRules } from '../rules/registry.js';
import type { Finding, Rule } from '../rules/rule.js';
import { effectiveSeverity, emptyConfig, type RuleConfig } from './config.js';
import { announceRuleFailure, errorMessage, locateRuleFailure } from './rule-failure.js';

/** The comment that silences rules on the line after it: `// stamp-disable-next-line AG003, NLB005`. */
export const suppressionPattern = /\/\/\s*stamp-disable-next-line\b([^\r\n]*)/g;

/** Runs a generator to its end and returns its result. */
function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs every rule over the model, as steps: a rule that offers `checkInSteps` yields between its steps, the others run
 * in one step each. A rule that throws is reported as an internal error, never crashes the caller.
 */
export function* runRulesInSteps(analysis: Analysis, rules: readonly Rule[] = allRules): Generator<void, Diagnostic[], void> {
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    const report = (finding: Finding): void => {
      const span = finding.span ?? headSpan(finding.element);
      diagnostics.push({
        uri: finding.element.uri, start: span.start, end: span.end, severity: rule.severity, code: rule.id, message: finding.message,
        ...(finding.related ? { related: finding.related } : {}),
        // Stryker disable next-line ConditionalExpression,EqualityOperator: every reader of a diagnostic's fixes (code actions, the protocol conversion, the CLI's JSON and SARIF reports) tests their length, so an empty list reads as none (`fixes.length > 0` → `true`, `>= 0`; the `false` forms are killed by the fixture and quick-fix tests).
        ...(finding.fixes && finding.fixes.length > 0
          ? { fixes: finding.fixes.map((fix) => inLineBreaksOf(analysis.model.texts, fix)), data: { rule: rule.id, subject: finding.subject } }
          : {}),
      });
    };
    try {
      // Stryker disable next-line ConditionalExpression: `check` reports what `checkInSteps` reports, in one step (the steps only let the server pause); the `true` form, which calls a missing `checkInSteps`, is killed by every rule fixture.
      if (rule.checkInSteps) yield* rule.checkInSteps(analysis.model, report);
      else rule.check(analysis.model, report);
    } catch (error) {
      // The rule's findings so far and the other rules' findings stay; the failure lands on what the rule was checking.
      const element = locateRuleFailure(rule, analysis.model);
      announceRuleFailure({ ruleId: rule.id, error, element });
      // Without an element, the start of the first file (an analysis always holds its document).
      const where = element ? { uri: element.uri, ...headSpan(element) } : { uri: analysis.files[0].uri, start: 0, end: 0 };
      const subject = element ? ` while checking ${element.kind.id} ${element.name}` : '';
      diagnostics.push({ ...where, severity: 'error', code: 'INTERNAL', message: `Internal error: rule ${rule.id} failed${subject}: ${errorMessage(error)}. This is a bug in Stamp, not in the design; the other rules still ran.` });
    }
    yield;
  }
  return diagnostics;
}

/** A fix whose inserted text (written with LF) uses the line breaks of the files it edits. */
function inLineBreaksOf(texts: Map<string, string>, fix: Fix): Fix {
  // Stryker disable next-line StringLiteral: the model holds the text of every file an edit can name; a text without a line break (the mutant's) means LF, as the empty text does.
  return { ...fix, edits: fix.edits.map((edit) => ({ ...edit, newText: withLineBreaksOf(texts.get(edit.uri) ?? '', edit.newText) })) };
}

/** The rules cheap enough to run on every keystroke, and the slow ones (the failure analysis). */
export const fastRules: readonly Rule[] = allRules.filter((rule) => !rule.slow);
export const slowRules: readonly Rule[] = allRules.filter((rule) => rule.slow);

/** Below this many elements a stamp is small enough that even the slow rules run while typing. */
export const slowRuleElementThreshold = 3000;

/**
 * Above this much placement work the failure analysis is slow whatever the stamp's size: it places each Hyper-V
 * cluster's VMs again for every part whose failure reaches the cluster, so a cluster of n VMs costs about n² (a
 * cluster of 300 VMs is about 90,000). The pods of real stamps have tens of VMs per cluster.
 */
export const slowRulePlacementThreshold = 90_000;

/**
 * Whether the slow rules run with the fast ones, before anything is published: for a stamp of at most 3,000 elements
 * whose clusters are small enough. Otherwise the fast rules' findings are published first and the failure analysis
 * follows in steps that typing and requests interrupt, so no design holds the first publish up.
 */
export function slowRulesRunAtOnce(model: StampModel): boolean {
  if (model.index.all.length > slowRuleElementThreshold) return false;
  let work = 0;
  for (const cluster of model.clusters) work += placedVmsOf(model, cluster).length ** 2;
  return work <= slowRulePlacementThreshold;
}

/** Every diagnostic of a stamp: syntax, schema and rules, with the configuration and suppressions applied. */
export function diagnose(analysis: Analysis, config: RuleConfig = emptyConfig, rules: readonly Rule[] = allRules): Diagnostic[] {
  return sortDiagnostics([...analysis.diagnostics, ...ruleDiagnostics(analysis, config, rules)]);
}

/** The findings of some rules only, with the configuration and suppressions applied (no core diagnostics). */
export function ruleDiagnostics(analysis: Analysis, config: RuleConfig, rules: readonly Rule[]): Diagnostic[] {
  return drain(ruleDiagnosticsInSteps(analysis, config, rules));
}

/** `ruleDiagnostics` as steps, for a caller that pauses between them (see `runRulesInSteps`). */
export function* ruleDiagnosticsInSteps(analysis: Analysis, config: RuleConfig, rules: readonly Rule[]): Generator<void, Diagnostic[], void> {
  const found = yield* runRulesInSteps(analysis, rules);
  const ruleOf = new Map(rules.map((rule) => [rule.id, rule]));
  const result: Diagnostic[] = [];
  const suppressed = suppressionsByFile(analysis);
  for (const diagnostic of found) {
    const rule = ruleOf.get(diagnostic.code);
    if (!rule) {
      result.push(diagnostic);
      continue;
    }
    const severity = effectiveSeverity(config, rule.id, rule.family, rule.severity);
    if (severity === 'off') continue;
    const silenced = suppressed.get(diagnostic.uri);
    if (silenced) {
      const line = silenced.lines.positionAt(diagnostic.start).line;
      const ids = silenced.byLine.get(line);
      if (ids && (ids.size === 0 || ids.has(rule.id) || ids.has(rule.family))) continue;
    }
    result.push({ ...diagnostic, severity });
  }
  return result;
}

/** Orders diagnostics by file, then by position. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  // Stryker disable next-line EqualityOperator: `a.uri <= b.uri` differs from `<` only for equal URIs, which the first test took.
  return diagnostics.sort((a, b) => (a.uri === b.uri ? a.start - b.start || a.end - b.end : a.uri < b.uri ? -1 : 1));
}

/** The lines each suppression comment applies to, with the rule ids it names (empty: every rule). */
function suppressionsByFile(analysis: Analysis): Map<string, { lines: LineIndex; byLine: Map<number, Set<string>> }> {
  const result = new Map<string, { lines: LineIndex; byLine: Map<number, Set<string>> }>();
  for (const file of analysis.files) {
    const text = file.syntax.text;
    // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; a file without the word has no suppression comment, and the loop below finds none.
    if (!text.includes('stamp-disable-next-line')) continue;
    const lines = new LineIndex(text);
    const byLine = new Map<number, Set<string>>();
    for (const comment of file.syntax.comments) {
      suppressionPattern.lastIndex = 0;
      const match = suppressionPattern.exec(text.slice(comment.start, comment.end));
      if (!match) continue;
      // Stryker disable next-line Regex: splitting at each separator instead of each run of them only adds empty words, which the filter drops.
      const ids = match[1].split(/[\s,]+/).filter((id) => /^[A-Z]+[0-9]*$/.test(id));
      byLine.set(lines.positionAt(comment.start).line + 1, new Set(ids));
    }
    result.set(file.uri, { lines, byLine });
  }
  return result;
}
