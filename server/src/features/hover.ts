// Hover texts: what a keyword, a value or a name means, read from the schema table, the model and the rule catalog.
import { formText } from '../../../grammar/src/check.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';
import type { Element } from '../../../grammar/src/elements.js';
import type { Spf, StampModel } from '../../../grammar/src/model.js';
import { elementKind, lookupKeyword, placesOfKeyword } from '../../../grammar/src/schema.js';
import type { ArgSpec, Documentation, ElementKind, PropertySpec } from '../../../grammar/src/schema-types.js';
import type { AnalyzedDocument } from '../analysis/workspace.js';
import { ruleById } from '../rules/registry.js';
import { argumentAt, formsOf, kindOfPath, specAt, statementAt, type LocatedArgument, type LocatedStatement } from './locate.js';

/** A hover: Markdown and the span of text it describes. */
export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

/** The hover at an offset, combining what the text means with the rule explanations of the diagnostics there. */
export function hoverAt(document: AnalyzedDocument, diagnostics: readonly Diagnostic[], offset: number): HoverResult | undefined {
  const meaning = meaningAt(document, offset);
  const here = diagnostics.filter((diagnostic) => diagnostic.uri === document.uri && diagnostic.start <= offset && offset <= diagnostic.end);
  const explanations = ruleExplanations(here);
  if (!meaning && explanations.length === 0) return undefined;
  const parts = [meaning?.markdown, ...explanations].filter((part): part is string => part !== undefined);
  const start = meaning?.start ?? Math.min(...here.map((diagnostic) => diagnostic.start));
  const end = meaning?.end ?? Math.max(...here.map((diagnostic) => diagnostic.end));
  return { markdown: parts.join('\n\n---\n\n'), start, end };
}

function meaningAt(document: AnalyzedDocument, offset: number): HoverResult | undefined {
  const located = statementAt(document, offset);
  if (!located) return undefined;
  const statement = located.statement;
  // Stryker disable next-line ConditionalExpression: a statement starts at its keyword (the parser's start is the keyword's), so statementAt only finds statements with keywordStart <= offset
  if (statement.keywordStart <= offset && offset <= statement.keywordEnd) {
    const markdown = keywordHover(document, located);
    return markdown ? { markdown, start: statement.keywordStart, end: statement.keywordEnd } : undefined;
  }
  const argument = argumentAt(document, located, offset);
  if (!argument) return undefined;
  const markdown = argumentHover(document, located, argument, located.meaning ?? misplacedMeaning(located));
  return markdown ? { markdown, start: argument.argument.start, end: argument.argument.end } : undefined;
}

function keywordHover(document: AnalyzedDocument, located: LocatedStatement): string | undefined {
  const meaning = located.meaning;
  if (!meaning) return misplacedKeywordHover(document, located);
  if ('element' in meaning) return elementKindHover(meaning.element);
  // A property has a meaning only inside an element's block (never at the top level or in an unknown block).
  return propertyHover(meaning.property, elementKind(located.parentKindId));
}

/** At most this many meanings of a misplaced keyword are explained (`storage` means something in four blocks). */
const maxMisplacedMeanings = 3;

/**
 * The hover of a keyword written where it does not belong: where it does belong, then what it means there. When an
 * enclosing block allows it (a `}` missing above it, most likely), that meaning alone; else each place's meaning.
 */
function misplacedKeywordHover(document: AnalyzedDocument, located: LocatedStatement): string | undefined {
  const keyword = located.statement.keyword;
  const places = placesOfKeyword(keyword);
  if (places.length === 0) return undefined;
  const where = places.map((place) => (place === 'file' ? 'at the top level' : `in \`${elementKind(place).keyword}\``)).join(' or ');
  const here = located.parentKindId === 'unknown' ? '' : `\`${keyword}\` is not allowed ${placeOfStatement(document, located)}; `;
  const lines = [`${here}${here ? 'it belongs' : `\`${keyword}\` belongs`} ${where}.`];
  const enclosing = enclosingPlace(located, places);
  const shown = new Set<string>();
  for (const place of enclosing ? [enclosing] : places) {
    // Every place of placesOfKeyword gives the keyword a meaning; a property's place is an element kind.
    const meaning = lookupKeyword(place, keyword)!;
    const text = 'element' in meaning ? elementKindHover(meaning.element) : propertyHover(meaning.property, elementKind(place));
    if (!shown.has(text) && shown.size < maxMisplacedMeanings) shown.add(text);
  }
  return [...lines, [...shown].join('\n\n---\n\n')].join('\n\n');
}

/** The innermost enclosing block that allows a misplaced keyword (a `}` missing above it, most likely). */
function enclosingPlace(located: LocatedStatement, places: readonly string[]): string | undefined {
  return [...located.ancestors.keys()].reverse().map((depth) => kindOfPath(located.ancestors.slice(0, depth))).find((kindId) => places.includes(kindId));
}

/** What a misplaced keyword's arguments mean: its meaning in the enclosing block that allows it, else in its one place. */
function misplacedMeaning(located: LocatedStatement): LocatedStatement['meaning'] {
  const places = placesOfKeyword(located.statement.keyword);
  const place = enclosingPlace(located, places) ?? (places.length === 1 ? places[0] : undefined);
  // Stryker disable next-line ConditionalExpression: a keyword looked up in no place has no meaning there either (lookupKeyword of an unknown parent finds nothing)
  if (place === undefined) return undefined;
  return lookupKeyword(place, located.statement.keyword);
}

/** Where a statement is written, as the user reads it: `in \`nic NIC1\`` or `at the top level`. */
function placeOfStatement(document: AnalyzedDocument, located: LocatedStatement): string {
  const parent = located.ancestors[located.ancestors.length - 1];
  if (!parent) return 'at the top level';
  const element = document.statements.elementOf.get(parent);
  return `in \`${parent.keyword}${element?.name ? ` ${element.name}` : ''}\``;
}

/** The hover of an element kind's keyword: label, documentation, forms and the documentation link. */
export function elementKindHover(kind: ElementKind): string {
  const lines = [`**${kind.keyword}** — ${kind.label}`, kind.doc];
  const forms = kind.header.length > 0 ? kind.header.map((form) => `\`${formText(kind.keyword, form)}\``).join(' or ') : `\`${kind.keyword} { … }\``;
  lines.push(`Written as ${forms}.`);
  appendLink(lines, kind);
  return lines.join('\n\n');
}

/** The hover of a property keyword: documentation, the value it takes, its product default and the link. */
export function propertyHover(spec: PropertySpec, owner: ElementKind): string {
  const lines = [`**${spec.keyword}** — property of ${owner.label}`, spec.doc];
  const facts = [`Written as ${spec.forms.map((form) => `\`${formText(spec.keyword, form)}\``).join(' or ')}${spec.flag ? ` (alone means \`yes\`)` : ''}.`];
  if (spec.defaultText) facts.push(`Default when absent: **${spec.defaultText}**.`);
  lines.push(facts.join(' '));
  appendLink(lines, spec);
  return lines.join('\n\n');
}

function argumentHover(document: AnalyzedDocument, located: LocatedStatement, argument: LocatedArgument, owner: LocatedStatement['meaning']): string | undefined {
  if (argument.reference?.target) return referenceHover(document, argument.reference.target);
  if (argument.declares) return elementSummary(document, argument.declares);
  if (!owner) return undefined;
  // The meaning of the argument in the first form that fits what is written (a misplaced statement's too).
  const spec = specAt(formsOf(owner)!, located.statement.args.map((each) => each.text), argument.index);
  if (!spec) return undefined;
  const keyword = located.statement.keyword;
  // Stryker disable next-line StringLiteral: no element kind documents values (only properties have `values` notes) and no element header has an enum, so an element's documentation matters here only for its link, which enum values (never in a header) show
  const documentation: Documentation = 'element' in owner ? owner.element : owner.property;
  const text = argument.argument.text;
  const value = spec.value;
  if (value.type === 'enum' && value.values.includes(text)) {
    const note = valueNote(documentation, text);
    const lines = [`**${text}** — value of \`${keyword}\``];
    if (note) lines.push(note);
    lines.push(`Allowed: ${value.values.map((each) => `\`${each}\``).join(', ')}.`);
    appendLink(lines, documentation);
    return lines.join('\n\n');
  }
  if (value.type === 'word') return wordHover(keyword, text, spec, owner, documentation);
  if (value.type === 'bool') {
    const on = ['yes', 'enabled', 'true'].includes(text);
    return `**${text}** — \`${keyword}\` is ${on ? 'on' : 'off'}.${value.words === 'enabled_disabled' ? ' Written `enabled` or `disabled`.' : ' Written `yes` or `no`; the keyword alone means `yes`.'}`;
  }
  if (value.type === 'ref') {
    const labels = value.kinds.map((kind) => elementKind(kind).label).join(' or ');
    // The checker skips a misplaced statement, and everything in its block: their names are never looked up.
    const checked = document.statements.elementOf.has(located.statement) || isCheckedProperty(document, located);
    if (!checked) return `\`${text}\` — the name of a ${labels}; not looked up, as this statement is not where it belongs or is inside a block that is not.`;
    return `\`${text}\` — no ${labels} of that name is declared.`;
  }
  return undefined;
}

/** True when the checker made a property of this statement: the element of its parent statement holds it. */
function isCheckedProperty(document: AnalyzedDocument, located: LocatedStatement): boolean {
  const parent = located.ancestors[located.ancestors.length - 1];
  const holder = parent && document.statements.elementOf.get(parent);
  if (!holder) return false;
  return holder.properties.all().some((property) => property.statement === located.statement);
}

/** The documentation's note on one value: only a note written for that value (`constructor` is no note). */
function valueNote(documentation: Documentation, text: string): string | undefined {
  const notes = documentation.values;
  return notes && Object.hasOwn(notes, text) ? notes[text] : undefined;
}

function wordHover(keyword: string, text: string, spec: ArgSpec, meaning: NonNullable<LocatedStatement['meaning']>, documentation: Documentation): string {
  const note = valueNote(documentation, text);
  if (note) return [`**${text}** — \`${keyword} ${text}\``, note].join('\n\n');
  const forms = formsOf(meaning)!;
  const form = forms.find((candidate) => candidate.includes(spec));
  const next = form ? form[form.indexOf(spec) + 1] : undefined;
  // Stryker disable next-line ConditionalExpression: the one fixed word followed by something other than a reference (`witness share PATH`) has a note of its own, returned above.
  if (next && next.value.type === 'ref') {
    const labels = next.value.kinds.map((kind) => elementKind(kind).label).join(' or ');
    const meaning = text === 'on' ? `where it runs: the ${labels}` : text === 'to' ? `where it goes: the ${labels}` : `the ${labels}`;
    return `**${text}** — in \`${keyword}\`, introduces ${meaning}.`;
  }
  return `**${text}** — a fixed word of \`${keyword}\`.`;
}

function referenceHover(document: AnalyzedDocument, target: Element): string {
  return elementSummary(document, target);
}

/** A short summary of an element: kind and name, header, key properties, children, and where it is declared. */
export function elementSummary(document: AnalyzedDocument, element: Element): string {
  // The model holds the text of every file its elements come from.
  const text = document.analysis.model.texts.get(element.uri)!;
  const lines: string[] = [];
  const head = text.slice(element.statement.keywordStart, headEnd(element));
  lines.push(`**${capitalize(element.kind.label)}** \`${element.name || element.kind.keyword}\``);
  lines.push(`\`\`\`stamp\n${head}\n\`\`\``);
  const facts: string[] = [];
  for (const [keyword, properties] of element.properties) {
    for (const property of properties) facts.push(`\`${text.slice(property.statement.start, property.statement.end)}\``);
    void keyword;
    if (facts.length >= 8) break;
  }
  for (const [keyword, spec] of Object.entries(element.kind.properties)) {
    if (spec.defaultText && !element.properties.has(keyword) && facts.length < 10) facts.push(`\`${keyword}\` ${spec.defaultText} (default)`);
  }
  if (facts.length > 0) lines.push(facts.map((fact) => `- ${fact}`).join('\n'));
  const derived = derivedFacts(document.analysis.model, element);
  if (derived.length > 0) lines.push(derived.join('  \n'));
  const counts = new Map<string, number>();
  for (const child of element.children) counts.set(child.kind.label, (counts.get(child.kind.label) ?? 0) + 1);
  if (counts.size > 0) lines.push(`Contains ${[...counts].map(([label, count]) => `${count} ${label}${count === 1 ? '' : 's'}`).join(', ')}.`);
  const where = element.uri === document.uri ? `line ${element.line}` : `line ${element.line} of ${element.uri.slice(element.uri.lastIndexOf('/') + 1)}`;
  const parent = element.parent ? ` in ${element.parent.kind.keyword} ${element.parent.name}` : '';
  lines.push(`Declared on ${where}${parent}.`);
  return lines.join('\n\n');
}

/** What the model derives about an element that the text does not say directly: where it runs, who uses it. */
function derivedFacts(model: StampModel, element: Element): string[] {
  const facts: string[] = [];
  const names = (elements: ReadonlyArray<{ name: string }>): string => elements.map((each) => each.name).join(', ');
  const vm = model.vmOf.get(element);
  if (vm) {
    if (vm.possibleHosts.length > 0) facts.push(`Runs on ${names(vm.possibleHosts)}${vm.cluster ? ` (cluster ${vm.cluster.name}, highly available)` : ' (fixed to this host)'}.`);
    if (model.domainControllers.has(element)) facts.push('Domain controller.');
  }
  const sql = model.sqlOf.get(element);
  if (sql) {
    facts.push(`Authentication ${sql.auth}${sql.authWritten ? '' : ' (default)'}; \`sa\` ${sql.sa.enabled ? 'enabled' : 'disabled'}.`);
    if (sql.replicaOf.length > 0) facts.push(`Replica of ${names(sql.replicaOf)}.`);
  }
  const ag = model.agOf.get(element);
  if (ag) {
    if (ag.primary?.instance) facts.push(`Initial primary ${ag.primary.instance.name}.`);
    if (ag.listener) facts.push(`Listener ${ag.listener.name} on port ${ag.listener.port}.`);
    if (ag.lowestVersion) facts.push(`Lowest SQL Server version among replicas: ${ag.lowestVersion.text}.`);
    if (ag.components.length > 0) facts.push(`Used by ${names(ag.components)}.`);
  }
  const nlb = model.nlbOf.get(element);
  if (nlb) {
    facts.push(`Mode ${nlb.mode}${nlb.modeWritten ? '' : ' (default)'}; ${nlb.nicsPerHost} NIC per host.`);
    if (nlb.fronts.length > 0) facts.push(`Fronts ${names(nlb.fronts)}.`);
  }
  const cluster = model.clusterOf.get(element);
  if (cluster) facts.push(`${cluster.kind === 'guest' ? 'Guest' : 'Hyper-V'} cluster of ${cluster.nodes.length} node(s); witness ${cluster.witness?.type ?? 'none written'}.`);
  const component = model.componentOf.get(element);
  if (component) {
    const target = component.database;
    const where = target?.listener ? `listener ${target.listener.name}` : target?.instance ? `instance ${target.instance.name}` : undefined;
    if (where) facts.push(`Database server: ${where}${target!.ag ? ` (availability group ${target!.ag.name})` : ''}.`);
    if (component.frontedBy.length > 0) facts.push(`Behind ${names(component.frontedBy)}.`);
    if (component.kind === 'spf') facts.push(`Port ${(component as Spf).port}${(component as Spf).portWritten ? '' : ' (default)'}.`);
  }
  return facts;
}

/** The rule explanations and source links of the catalog diagnostics at a place, one per rule. */
function ruleExplanations(diagnostics: readonly Diagnostic[]): string[] {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const diagnostic of diagnostics) {
    if (seen.has(diagnostic.code)) continue;
    seen.add(diagnostic.code);
    const rule = ruleById(diagnostic.code);
    if (!rule) continue;
    const lines = [`**${rule.id}** ${rule.title}`, rule.explanation];
    const links = rule.sources.filter((source) => source.url).map((source) => `[${source.label}](${source.url})`);
    if (links.length > 0) lines.push(`Sources: ${links.join(' · ')}`);
    if (rule.fix) lines.push(`Quick fix: ${rule.fix}`);
    parts.push(lines.join('\n\n'));
  }
  return parts;
}

function appendLink(lines: string[], documentation: Documentation): void {
  if (documentation.link) lines.push(`[Microsoft documentation](${documentation.link})`);
}

function headEnd(element: Element): number {
  const statement = element.statement;
  const last = statement.args[statement.args.length - 1];
  return last ? last.end : statement.keywordEnd;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
