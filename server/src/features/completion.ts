// Completion: keywords valid in the current block, values of the argument being typed, and references of the right kind.
// It reads the syntax tree for the enclosing blocks and the text of the current statement, so it works on broken text.
import type { Element } from '../../../grammar/src/elements.js';
import { nameText } from '../../../grammar/src/edits.js';
import { childKinds, elementKind, lookupKeyword, versionOrder, type KindId } from '../../../grammar/src/schema.js';
import type { ArgSpec, ElementKind, PropertySpec, ValueType } from '../../../grammar/src/schema-types.js';
import type { SyntaxStatement } from '../../../grammar/src/syntax.js';
import type { AnalyzedDocument } from '../analysis/workspace.js';
import { elementKindHover, propertyHover } from './hover.js';
import { blockAt, formsOf, specsAt } from './locate.js';

/** What a completion item stands for; the LSP layer picks the icon from it. */
export type CandidateKind = 'element' | 'property' | 'value' | 'word' | 'reference';

/** One completion proposal, independent of the protocol. */
export interface CompletionCandidate {
  label: string;
  kind: CandidateKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The text to insert (a snippet when `snippet` is set); the label when absent. */
  insertText?: string;
  snippet?: boolean;
  /** Ask the editor to show completion again after inserting (a keyword that takes a value). */
  retrigger?: boolean;
  /** For references: the kind id of the element, so the icon can match the outline. */
  elementKindId?: string;
  sortText?: string;
}

/** The proposals at an offset and the span of text they replace (the partly typed word). */
export interface CompletionResult {
  candidates: CompletionCandidate[];
  replaceStart: number;
  replaceEnd: number;
}

/** Completion at an offset of a document. */
export function completionsAt(document: AnalyzedDocument, offset: number): CompletionResult {
  const text = document.text;
  const empty = { candidates: [], replaceStart: offset, replaceEnd: offset };
  const comments = document.file.syntax.comments;
  const inComment = comments.some((comment) => comment.start < offset && (offset < comment.end || (!comment.block && offset === comment.end)));
  if (inComment) return empty;
  // The statement being typed starts after the last line break, `;`, `{` or `}` that is not in a comment; a comment
  // in it reads as a space (`auth /* why */ |` completes `auth`'s values).
  let statementStart = offset;
  const earlier = comments.filter((comment) => comment.start < offset);
  let last = earlier.length - 1;
  const skipped: Array<{ start: number; end: number }> = [];
  while (statementStart > 0) {
    const comment = earlier[last];
    if (comment && comment.end === statementStart) {
      skipped.unshift(comment);
      statementStart = comment.start;
      last--;
    } else if ('\n\r;{}'.includes(text[statementStart - 1])) break;
    else statementStart--;
  }
  let segment = '';
  let at = statementStart;
  for (const comment of skipped) {
    segment += `${text.slice(at, comment.start)} `;
    at = comment.end;
  }
  segment += text.slice(at, offset);
  // The word being typed: an open string (an odd number of quotes), else the name characters before the cursor.
  const pieces = segment.split('"').length;
  const partial = pieces % 2 === 0 ? segment.slice(segment.lastIndexOf('"')) : segment.slice(segment.search(/[A-Za-z0-9_.\-\\/]*$/));
  const before = segment.slice(0, segment.length - partial.length);
  // Every quote before the word being typed is closed.
  const tokens = [...before.matchAll(/"[^"]*"|[^\s,"]+/g)].map((match) => match[0].replaceAll('"', ''));
  const replaceStart = offset - partial.length;
  const block = blockAt(document, offset);
  const candidates = tokens.length === 0
    ? keywordCandidates(document, block.kindId, block.owners, statementStart, offset)
    : argumentCandidates(document, block.kindId, block.owners, tokens);
  return { candidates, replaceStart, replaceEnd: offset };
}

function keywordCandidates(document: AnalyzedDocument, kindId: string, owners: SyntaxStatement[], from: number, to: number): CompletionCandidate[] {
  if (kindId === 'unknown') return [];
  const owner = owners[owners.length - 1];
  // blockAt's owners all have a block.
  const siblings = owner ? owner.block!.statements : document.file.syntax.statements;
  // Written: every statement but the one being typed (a statement ending where it starts, or starting at the cursor, is another).
  const written = new Set(siblings.filter((statement) => statement.end <= from || statement.start >= to).map((statement) => statement.keyword));
  const candidates: CompletionCandidate[] = [];
  for (const kind of childKinds(kindId).values()) {
    if (kind.singleton && written.has(kind.keyword)) continue;
    candidates.push({ label: kind.keyword, kind: 'element', detail: kind.label, documentation: elementKindHover(kind), insertText: elementSnippet(kind), snippet: true, sortText: `1${kind.keyword}` });
  }
  if (kindId !== 'file') {
    const parent = elementKind(kindId);
    for (const spec of Object.values(parent.properties)) {
      if (written.has(spec.keyword) && !spec.repeatable) continue;
      candidates.push(propertyCandidate(spec, parent));
    }
  }
  return candidates;
}

function propertyCandidate(spec: PropertySpec, owner: ElementKind): CompletionCandidate {
  const candidate: CompletionCandidate = { label: spec.keyword, kind: 'property', detail: `property of ${owner.label}`, documentation: propertyHover(spec, owner), sortText: `0${spec.keyword}` };
  // Stryker disable next-line ConditionalExpression: the properties with several forms (witness, storage) start every form with a fixed word, never an enum
  const first = spec.forms.length === 1 ? spec.forms[0][0] : undefined;
  if (spec.flag) return candidate;
  if (first && first.value.type === 'enum') return { ...candidate, insertText: `${spec.keyword} \${1|${first.value.values.join(',')}|}`, snippet: true };
  return { ...candidate, insertText: `${spec.keyword} `, retrigger: true };
}

/** A snippet for an element kind from its first header form, with a block when the kind can hold anything. */
export function elementSnippet(kind: ElementKind): string {
  const parts = [kind.keyword];
  let placeholder = 1;
  for (const spec of kind.header[0] ?? []) {
    const value = spec.value;
    if (value.type === 'word') parts.push(value.word);
    else if (value.type === 'enum' || value.type === 'bool') parts.push(`\${${placeholder++}|${choicesOf(value).join(',')}|}`);
    else if (value.type === 'string') parts.push(`"\${${placeholder++}:${spec.name}}"`);
    else if (value.type === 'ref') parts.push(`\${${placeholder++}:${elementKind(value.kinds[0]).keyword.toUpperCase()}}`);
    else parts.push(`\${${placeholder++}:${spec.name.toUpperCase()}}`);
  }
  // Stryker disable next-line ConditionalExpression: every kind that holds other elements also has properties
  const hasContent = Object.keys(kind.properties).length > 0 || childKinds(kind.id).size > 0;
  return hasContent ? `${parts.join(' ')} {\n\t$0\n}` : parts.join(' ');
}

/** The words an enum or yes/no value is written with. */
function choicesOf(value: Extract<ValueType, { type: 'enum' | 'bool' }>): readonly string[] {
  if (value.type === 'enum') return value.values;
  return value.words === 'enabled_disabled' ? ['enabled', 'disabled'] : ['yes', 'no'];
}

function argumentCandidates(document: AnalyzedDocument, kindId: string, owners: SyntaxStatement[], tokens: string[]): CompletionCandidate[] {
  const keyword = tokens[0];
  // Nothing is known inside a block whose keyword is unknown: lookupKeyword('unknown', …) finds nothing.
  const meaning = lookupKeyword(kindId, keyword);
  if (!meaning) return [];
  const forms = formsOf(meaning)!;
  const written = tokens.slice(1);
  const documentation = 'element' in meaning ? meaning.element : meaning.property;
  const candidates: CompletionCandidate[] = [];
  for (const spec of specsAt(forms, written, written.length)) {
    candidates.push(...valueCandidates(document, spec, documentation.values, owners, written));
  }
  // A VM runs on a Hyper-V cluster or a host; a guest cluster (its nodes are VMs) cannot run it (HV009).
  if (keyword === 'vm') return candidates.filter((candidate) => !(candidate.elementKindId === 'cluster' && isGuestCluster(document, candidate.label)));
  return candidates;
}

function valueCandidates(document: AnalyzedDocument, spec: ArgSpec, notes: Record<string, string> | undefined, owners: SyntaxStatement[], written: string[]): CompletionCandidate[] {
  const value = spec.value;
  switch (value.type) {
    case 'word':
      return [{ label: value.word, kind: 'word', ...(notes?.[value.word] ? { documentation: notes[value.word] } : {}), insertText: `${value.word} `, retrigger: true }];
    case 'enum':
      return value.values.map((each) => ({ label: each, kind: 'value' as const, ...(notes?.[each] ? { documentation: notes[each] } : {}) }));
    case 'bool':
      return choicesOf(value).map((word) => ({ label: word, kind: 'value' as const }));
    case 'version':
      return versionOrder[value.family].map((version, index) => ({ label: version, kind: 'value' as const, sortText: String(100 - index).padStart(3, '0') }));
    case 'ref':
      return referenceCandidates(document, value.kinds, owners, written);
    default:
      return [];
  }
}

function referenceCandidates(document: AnalyzedDocument, kinds: readonly string[], owners: SyntaxStatement[], written: string[]): CompletionCandidate[] {
  const already = new Set(written.map((each) => each.toLowerCase()));
  const seen = new Set<string>();
  const candidates: CompletionCandidate[] = [];
  const ownerElements = owners.map((owner) => document.statements.elementOf.get(owner)).filter((element): element is Element => element !== undefined);
  for (const kindId of kinds) {
    for (const element of referenceTargets(document, kindId, owners, ownerElements)) {
      const key = `${kindId}:${element.key}`;
      if (element.name === '' || seen.has(key) || already.has(element.key) || ownerElements.includes(element)) continue;
      seen.add(key);
      const parent = element.parent ? ` in ${element.parent.kind.keyword} ${element.parent.name}` : '';
      candidates.push({ label: element.name, kind: 'reference', detail: `${element.kind.label}${parent}`, insertText: nameText(element.name), elementKindId: kindId });
    }
  }
  return candidates;
}

/** The elements a reference of one kind may name from inside the given blocks, nearest first. */
function referenceTargets(document: AnalyzedDocument, kindId: string, owners: SyntaxStatement[], ownerElements: Element[]): Element[] {
  const index = document.analysis.model.index;
  // A reference's kinds are kind ids of the table (checked when it loads); duplicates are dropped by the caller.
  const everyOfKind = (): Element[] => index.allOfKind(kindId as KindId);
  // No machine is declared inside another, so at most one enclosing element is a VM or a host.
  const machine = ownerElements.find((element) => element.kind.id === 'vm' || element.kind.id === 'host');
  switch (kindId) {
    case 'vswitch': {
      const hosts = machine?.kind.id === 'vm' ? hostsOfVmStatement(document, machine.statement) : machine ? [machine] : hostsOfVmStatement(document, owners.find((owner) => owner.keyword === 'vm'));
      const near = hosts.flatMap((host) => host.children.filter((child) => child.kind.id === 'vswitch'));
      return near.length > 0 ? near : everyOfKind();
    }
    case 'nic':
    case 'team':
      // Stryker disable next-line ArrayDeclaration: adapters and teams are referenced only inside a host or a VM (a team's members, a VM's adapters), which is the machine
      return machine ? machine.children.filter((child) => child.kind.id === kindId) : [];
    case 'csv': {
      // A VM's cluster; a host statement has no `on`, so it has none.
      const cluster = machine ? placementOf(document, machine.statement) : undefined;
      const near = cluster?.kind.id === 'cluster' ? cluster.children.filter((child) => child.kind.id === 'csv') : [];
      return near.length > 0 ? near : everyOfKind();
    }
    default:
      return everyOfKind();
  }
}

/** The hosts a VM statement can run on: its host, or the host nodes of its cluster, from its header as written. */
function hostsOfVmStatement(document: AnalyzedDocument, statement: SyntaxStatement | undefined): Element[] {
  // Stryker disable next-line ConditionalExpression,ArrayDeclaration: `switch` is a property of adapters, which only hosts and VMs hold, so a switch reference always has a machine or a VM statement around it
  if (!statement) return [];
  const placement = placementOf(document, statement);
  if (!placement) return [];
  if (placement.kind.id === 'host') return [placement];
  const nodes = placement.properties.first('nodes');
  if (!nodes) return [];
  return Object.values(nodes.args).flat().map((value) => value.target).filter((target): target is Element => target?.kind.id === 'host');
}

/** Whether the cluster of that name is a guest cluster in the model. */
function isGuestCluster(document: AnalyzedDocument, name: string): boolean {
  const key = name.toLowerCase();
  return document.analysis.model.clusters.some((cluster) => cluster.kind === 'guest' && cluster.element.key === key);
}

/** The cluster or host named after `on` in a VM statement. */
function placementOf(document: AnalyzedDocument, statement: SyntaxStatement): Element | undefined {
  const onIndex = statement.args.findIndex((argument) => argument.text === 'on');
  const name = onIndex >= 0 ? statement.args[onIndex + 1]?.text : undefined;
  if (!name) return undefined;
  const index = document.analysis.model.index;
  const key = name.toLowerCase();
  return index.lookup('cluster', key) ?? index.lookup('host', key);
}
