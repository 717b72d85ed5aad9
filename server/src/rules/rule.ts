// The shape of a catalog rule: metadata from rules.md plus a pure check over the model.
import type { Element, Span } from '../../../grammar/src/elements.js';
import type { Fix, RelatedPlace } from '../../../grammar/src/diagnostic.js';
import type { StampModel } from '../../../grammar/src/model.js';

export type RuleSeverity = 'error' | 'warning' | 'info';

/**
 * The rule families, in catalog order, with what each covers (the catalog's section titles, shown in docs/rules.md).
 * The one list of families: a family's rules are `<family>Rules` in `rules/<family in lower case>.ts` (AG003 lives in
 * rules/ag.ts), and registry.ts lists those arrays.
 */
export const ruleFamilyTitles = {
  AG: 'AlwaysOn availability groups and availability databases',
  LSN: 'Availability group listeners',
  SQL: 'SQL Server instances and credentials',
  CL: 'Failover cluster quorum',
  HV: 'Hyper-V hosts, host clusters, CSV and VM placement',
  CAP: 'Memory capacity of hosts and clusters (N+1)',
  NLB: 'Windows Network Load Balancing',
  LB: 'Load balancing of web tiers',
  SPF: 'Service Provider Foundation',
  WAP: 'Windows Azure Pack',
  HVR: 'Hyper-V Replica',
  TEAM: 'NIC teaming',
  ASR: 'Azure Site Recovery and VMM recovery plans',
  DC: 'Domain controllers',
  CERT: 'Certificates',
  SPOF: 'Single points of failure',
} as const satisfies Record<string, string>;

/** A family id: the letters of its rule ids (AG for AG003). */
export type RuleFamily = keyof typeof ruleFamilyTitles;

/** The family ids in catalog order. */
export const ruleFamilies = Object.keys(ruleFamilyTitles) as readonly RuleFamily[];

/** Where a rule's facts come from. The first source with a URL becomes the diagnostic's codeDescription link. */
export interface RuleSource {
  label: string;
  url?: string;
}

export interface RuleMeta {
  /** The catalog id, e.g. AG003: the diagnostic code and the name users configure. */
  id: string;
  family: RuleFamily;
  severity: RuleSeverity;
  /** S and S* rules come from the field reports and are mandatory. */
  seed: 'S' | 'S*' | '—';
  /** A short title for the reference page and settings. */
  title: string;
  /** The explanation shown in hovers, in plain paragraphs (Markdown). */
  explanation: string;
  /** What the quick fix does, when the rule has one. */
  fix?: string;
  sources: RuleSource[];
  /** A rule whose cost grows faster than the stamp (the failure analysis): the server may run it after typing pauses. */
  slow?: boolean;
  /**
   * What the rule reads, as the facts an edit of values can touch (`readsMeet` in grammar/src/value-edit.ts; set for a
   * family by `declareReads`, rules/reads.ts): after an edit that changes only values, the server runs the rule again
   * only when it reads one of them, and otherwise keeps its findings. Undeclared: it reads everything.
   */
  reads?: readonly string[];
}

/** One finding of a rule: where, what, and how to fix it. */
export interface Finding {
  /** The element the diagnostic sits on; its head (keyword and header) is the range unless `span` is given. */
  element: Element;
  /** A narrower or different range in the element's file (a property statement, one list value). */
  span?: Span;
  message: string;
  related?: RelatedPlace[];
  fixes?: Fix[];
  /** The case-folded name of the element a group-wide code action acts on (see `DiagnosticData.subject`). */
  subject?: string;
}

export interface Rule extends RuleMeta {
  check(model: StampModel, report: (finding: Finding) => void): void;
  /**
   * The same work as `check`, cut into steps: a slow rule may offer it so that the language server can pause between
   * steps (answer requests, give up when a newer edit arrives). Reports exactly what `check` reports.
   */
  checkInSteps?(model: StampModel, report: (finding: Finding) => void): Generator<void, void, void>;
}

/** Declares a rule; the identity function exists so that rule files read as data. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
