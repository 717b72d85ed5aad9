// Name resolution: declarations by kind, duplicate declarations, and references resolved by kind and scope.
import type { CheckedFile } from './check.js';
import type { Diagnostic } from './diagnostic.js';
import type { Element, Value } from './elements.js';
import { childrenOf, readPropValues } from './elements.js';
import { elementKind, type KindId } from './schema.js';
import { closestName, SuggestionBudget } from './suggest.js';

/** Every element of a stamp, by kind and case-folded name, plus every reference found. */
export class SymbolIndex {
  /** Global declarations: kind id → key → the first declaration. */
  private readonly globals = new Map<string, Map<string, Element>>();
  /** Every element in declaration order. */
  readonly all: Element[] = [];
  /** Every reference value with the element that holds it. */
  readonly references: Array<{ value: Value; holder: Element }> = [];

  declareGlobal(element: Element): Element | undefined {
    let byKey = this.globals.get(element.kind.id);
    if (!byKey) this.globals.set(element.kind.id, (byKey = new Map()));
    const existing = byKey.get(element.key);
    if (!existing) byKey.set(element.key, element);
    return existing;
  }

  /** The first global element of a kind with a name. */
  lookup(kindId: string, key: string): Element | undefined {
    return this.globals.get(kindId)?.get(key);
  }

  private byKind: Map<string, Element[]> | undefined;
  private sqlByMachine: Map<string, Element> | undefined;

  /** Every element of a kind, global or scoped, built once after declarations. */
  allOfKind(kindId: KindId): Element[] {
    // Stryker disable next-line ConditionalExpression: building the table again gives the same table (cost only)
    if (!this.byKind) {
      this.byKind = new Map();
      for (const element of this.all) {
        const list = this.byKind.get(element.kind.id);
        if (list) list.push(element);
        else this.byKind.set(element.kind.id, [element]);
      }
    }
    return this.byKind.get(kindId) ?? [];
  }

  /** The first SQL instance on a machine, by the machine's case-folded name. */
  sqlOnMachine(machineKey: string): Element | undefined {
    // Stryker disable next-line ConditionalExpression: building the table again gives the same table (cost only)
    if (!this.sqlByMachine) {
      this.sqlByMachine = new Map();
      for (const sql of this.allOfKind('sql')) {
        const key = sql.header.machine?.[0].key;
        // Stryker disable next-line ConditionalExpression: an entry under undefined (a header without its machine) is never read, as callers look up a machine's key; the mark also covers the killed forms of the `has` test
        if (key !== undefined && !this.sqlByMachine.has(key)) this.sqlByMachine.set(key, sql);
      }
    }
    return this.sqlByMachine.get(machineKey);
  }
}

/** Registers the elements of files and resolves their references; reports duplicates and unresolved names. */
export function resolveFiles(files: readonly CheckedFile[]): { index: SymbolIndex; diagnostics: Diagnostic[] } {
  const index = new SymbolIndex();
  const diagnostics: Diagnostic[] = [];
  // One "did you mean" budget for the whole stamp: past it, unresolved names are reported without a suggestion.
  const budget = new SuggestionBudget();

  // Every reference value with its holder, in the order a walk of `index.all` meets them, collected while declaring
  // (the index keeps this list: the references in the order they are resolved below).
  const references = index.references;
  // (Indexed loops: a `for … of` that runs before the walk is optimised makes an iterator and a result per step.)
  const collectReferences = (values: Record<string, Value[]>, holder: Element): void => {
    for (const key in values) {
      const list = values[key];
      for (let index = 0; index < list.length; index++) if (list[index].type === 'ref') references.push({ value: list[index], holder });
    }
  };
  // The first element of each kind and name (or, for a singleton, of each kind) declared in each block so far. A block
  // of a few children reads its earlier siblings; a block of many (replicas, logins, port rules) keeps a table, so that
  // thousands of children find their duplicates without reading their siblings each time.
  const declaredIn = new Map<Element, Map<string, Element>>();
  const firstInBlock = (parent: Element, element: Element, named: boolean): Element | undefined => {
    const siblings = parent.children;
    if (siblings.length <= 16) {
      // Only earlier siblings are declared so far (a block's children are declared in order), and a sibling counts
      // only where it was declared the same way (by name, or as a singleton without a name).
      for (const sibling of siblings) {
        if (sibling === element) return undefined;
        if (sibling.kind.id === element.kind.id && (named ? sibling.key === element.key && sibling.name !== '' : sibling.name === '' || sibling.kind.header.length === 0)) return sibling;
      }
      return undefined;
    }
    const key = named ? `${element.kind.id}\u0000${element.key}` : element.kind.id;
    let declared = declaredIn.get(parent);
    if (!declared) declaredIn.set(parent, (declared = new Map()));
    const first = declared.get(key);
    if (!first) declared.set(key, element);
    return first;
  };
  const declare = (element: Element): void => {
    index.all.push(element);
    collectReferences(element.header, element);
    const properties = element.properties.all();
    for (let index = 0; index < properties.length; index++) collectReferences(properties[index].args, element);
    if (element.name !== '' && element.kind.header.length > 0) {
      let first: Element | undefined;
      if (element.kind.scope === 'global') {
        first = index.declareGlobal(element);
      } else if (element.parent) {
        // Earlier siblings only (a block's children are declared in order), so an element never finds itself. Imports
        // are parent-scoped with no parent at the top level, so a repeated import is no duplicate.
        first = firstInBlock(element.parent, element, true);
      }
      if (first) {
        diagnostics.push({
          uri: element.uri,
          start: element.nameSpan.start,
          end: element.nameSpan.end,
          severity: 'error',
          code: 'SCH005',
          message: `${capitalize(element.kind.label)} \`${element.name}\` is declared twice; the first declaration is on line ${lineOf(first)}${first.uri !== element.uri ? ` of ${baseName(first.uri)}` : ''}.`,
          related: [{ uri: first.uri, start: first.nameSpan.start, end: first.nameSpan.end, message: `first declaration of ${element.kind.label} \`${first.name}\`` }],
        });
      }
    } else if (element.kind.singleton && element.parent) {
      const first = firstInBlock(element.parent, element, false);
      if (first) {
        diagnostics.push({
          uri: element.uri, start: element.statement.keywordStart, end: element.statement.keywordEnd, severity: 'error', code: 'SCH005',
          message: `\`${element.kind.keyword}\` appears twice in \`${element.parent.kind.keyword} ${element.parent.name}\`; write it once.`,
          related: [{ uri: first.uri, start: first.statement.keywordStart, end: first.statement.keywordEnd, message: 'first one' }],
        });
      }
    }
    const children = element.children;
    for (let index = 0; index < children.length; index++) declare(children[index]);
  };
  for (const file of files) for (const element of file.elements) declare(element);

  reportComputerNameClashes(index, diagnostics);

  // Elements outlive one analysis (unchanged files and statements are re-used): forget every previous target first,
  // so that a reference resolved later in this pass reads as unresolved until then, exactly as in a first analysis.
  // (Only reference values ever get a target.)
  for (const reference of references) reference.value.target = undefined;
  // Resolve references in a second pass, when every declaration is known.
  for (const reference of references) resolveReference(reference.value, reference.holder, index, diagnostics, budget);
  return { index, diagnostics };
}

/**
 * The kinds whose names are computer names in Active Directory: hosts, VMs, cluster name objects, listeners and
 * Replica Brokers (virtual computer objects). One domain cannot hold two computers of one name, and a reference that
 * may name several of these kinds (`nodes`, `on`, `replication … to`) would be ambiguous.
 */
export const computerNameKinds: ReadonlySet<string> = new Set(['host', 'vm', 'cluster', 'listener', 'replica_broker']);

/** The first element of another computer-name kind that holds a name (case-insensitive), if any. */
export function computerNameHolder(index: SymbolIndex, key: string, except: Element): Element | undefined {
  for (const kindId of computerNameKinds) {
    const holder = index.lookup(kindId, key);
    // Another kind than the element's own: the element itself, and a namesake of its own kind (SCH005), are not it.
    if (holder && holder.kind.id !== except.kind.id) return holder;
  }
  return undefined;
}

/** SCH010: two elements of different computer-name kinds with one name; reported on the later declaration. */
function reportComputerNameClashes(index: SymbolIndex, diagnostics: Diagnostic[]): void {
  const first = new Map<string, Element>();
  for (const element of index.all) {
    if (!computerNameKinds.has(element.kind.id) || element.name === '') continue;
    const earlier = first.get(element.key);
    if (!earlier) {
      first.set(element.key, element);
      continue;
    }
    if (earlier.kind.id === element.kind.id) continue; // the same kind twice is SCH005
    diagnostics.push({
      uri: element.uri,
      start: element.nameSpan.start,
      end: element.nameSpan.end,
      severity: 'error',
      code: 'SCH010',
      message: `${capitalize(element.kind.label)} \`${element.name}\` has the name of ${earlier.kind.label} \`${earlier.name}\` (line ${lineOf(earlier)}${earlier.uri !== element.uri ? ` of ${baseName(earlier.uri)}` : ''}); hosts, VMs, clusters, listeners and Replica Brokers are computers in one domain and need different names.`,
      related: [{ uri: earlier.uri, start: earlier.nameSpan.start, end: earlier.nameSpan.end, message: `${earlier.kind.label} \`${earlier.name}\`` }],
    });
  }
}

/** Finds the element a reference names, looking in the scope its kind implies. */
function resolveReference(value: Value, holder: Element, index: SymbolIndex, diagnostics: Diagnostic[], budget: SuggestionBudget): void {
  // The checker gives every reference value its kinds and its case-folded key.
  const kinds = value.kinds!;
  const key = value.key!;
  let target: Element | undefined;
  for (const kindId of kinds) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: the scan finds the same first declaration as the index (the index is the fast path)
    target = elementKind(kindId).scope === 'global' ? index.lookup(kindId, key) : findScoped(kindId, holder, index, key);
    if (target) break;
  }
  // A reference to a SQL instance may name the instance or the machine it runs on.
  if (!target && kinds.includes('sql')) target = index.sqlOnMachine(key);
  if (target) {
    value.target = target;
    return;
  }
  // Only an unresolved name pays for the candidate list, for the "did you mean" hint, and only while the
  // analysis's suggestion budget lasts.
  const labels = kinds.map((kindId) => elementKind(kindId).label);
  let suggestion: string | undefined;
  // Stryker disable next-line ConditionalExpression: with the budget spent, closestName suggests nothing anyway (cost only)
  if (!budget.exhausted) {
    const candidates: Element[] = [];
    for (const kindId of kinds) for (const candidate of scopedCandidates(kindId, holder, index)) candidates.push(candidate);
    budget.remaining -= candidates.length;
    suggestion = closestName(value.text, candidates.map((candidate) => candidate.name), budget);
  }
  const scope = scopeDescription(kinds, holder);
  diagnostics.push({
    uri: holder.uri,
    start: value.start,
    end: value.end,
    severity: 'error',
    code: 'SCH006',
    message: `No ${labels.join(' or ')} named \`${value.text}\`${scope}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
  });
}

/** The machines (hosts) a VM can run on: its host, or the nodes of its cluster. */
export function hostsOfPlacement(vm: Element): Element[] {
  const placement = vm.header.placement?.[0].target;
  if (!placement) return [];
  if (placement.kind.id === 'host') return [placement];
  const nodes = readPropValues(placement, 'nodes');
  // Most clusters' nodes are all hosts: their targets in order, one list.
  let hosts = true;
  for (const value of nodes) if (value.target?.kind.id !== 'host') hosts = false;
  if (hosts) return nodes.map((value) => value.target!);
  return nodes.map((value) => value.target).filter((target): target is Element => target?.kind.id === 'host');
}

/** The elements a reference of one kind may name from where it is written. */
function scopedCandidates(kindId: string, holder: Element, index: SymbolIndex): Element[] {
  // Global kinds too: every declaration of the kind (for the "did you mean" hint only; lookups use the index).
  // Parent-scoped kinds: look near the holder first, then anywhere of that kind.
  const owner = ownerMachine(holder);
  switch (kindId) {
    case 'vswitch': {
      // Switch references are written inside a host or a VM (a nic's \`switch\`), so there is always an owner.
      const hosts = owner!.kind.id === 'vm' ? hostsOfPlacement(owner!) : [owner!];
      const near = hosts.flatMap((host) => childrenOf(host, 'vswitch'));
      return near.length > 0 ? near : index.allOfKind('vswitch');
    }
    case 'nic':
    case 'team':
      // Adapter and team references are written inside a host or a VM too (a switch's uplink, a team's members).
      return childrenOf(owner!, kindId);
    case 'csv': {
      const near = csvCandidates(holder);
      return near.length > 0 ? near : index.allOfKind('csv');
    }
    default:
      return index.allOfKind(kindId as KindId);
  }
}

/**
 * The first of `scopedCandidates(kindId, holder, index)` whose key is `key`, found without building the list: a stamp
 * has a switch, a CSV or an adapter reference on most of its VMs and hosts.
 */
function findScoped(kindId: string, holder: Element, index: SymbolIndex, key: string): Element | undefined {
  const owner = ownerMachine(holder);
  switch (kindId) {
    case 'vswitch': {
      // The switches of the hosts the owner may run on, if they have any; else every switch.
      let near = false;
      const hosts = owner!.kind.id === 'vm' ? hostsOfPlacement(owner!) : undefined;
      for (const host of hosts ?? [owner!]) {
        for (const child of host.children) {
          if (child.kind.id !== 'vswitch') continue;
          if (child.key === key) return child;
          near = true;
        }
      }
      return near ? undefined : firstWithKey(index.allOfKind('vswitch'), key);
    }
    case 'nic':
    case 'team':
      for (const child of owner!.children) if (child.kind.id === kindId && child.key === key) return child;
      return undefined;
    case 'csv': {
      const scope = csvScope(holder);
      let near = false;
      for (const child of scope?.children ?? []) {
        if (child.kind.id !== 'csv') continue;
        if (child.key === key) return child;
        near = true;
      }
      return near ? undefined : firstWithKey(index.allOfKind('csv'), key);
    }
    default:
      return firstWithKey(index.allOfKind(kindId as KindId), key);
  }
}

function firstWithKey(elements: readonly Element[], key: string): Element | undefined {
  for (const element of elements) if (element.key === key) return element;
  return undefined;
}

/** The CSVs a `storage csv` or `witness` reference should look at first. */
function csvCandidates(holder: Element): Element[] {
  const scope = csvScope(holder);
  return scope ? childrenOf(scope, 'csv') : [];
}

/** Where a `storage csv` or `witness` reference looks for CSVs first. */
function csvScope(holder: Element): Element | undefined {
  // The cluster a VM runs on, a replication targets, or the cluster itself (a witness disk). Only clusters hold CSVs,
  // so a VM on a host or a replication to a host finds none here.
  return holder.kind.id === 'vm' ? holder.header.placement?.[0].target : holder.kind.id === 'replication' ? holder.header.target?.[0].target : holder;
}

/** The host or VM a nested element (nic, team, vswitch) belongs to. */
function ownerMachine(element: Element): Element | undefined {
  for (let current: Element | undefined = element; current; current = current.parent) {
    if (current.kind.id === 'host' || current.kind.id === 'vm') return current;
  }
  return undefined;
}

function scopeDescription(kinds: readonly string[], holder: Element): string {
  // Switch and adapter references are written inside a host or a VM only, so they always have an owner machine.
  if (kinds.includes('vswitch')) {
    // A VM's switches are looked for on the hosts it may run on; a host has no placement, and names no other host.
    const hosts = hostsOfPlacement(ownerMachine(holder)!).map((host) => host.name);
    return hosts.length > 0 ? ` on ${hosts.join(' or ')}` : '';
  }
  // References to adapters name adapters or teams (\`ref('nic', 'team')\`): both are looked for in the owner only.
  if (kinds.includes('nic')) {
    const owner = ownerMachine(holder)!;
    return ` in ${owner.kind.keyword} ${owner.name}`;
  }
  return '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function baseName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** The one-based line of an element's keyword, for messages. */
function lineOf(element: Element): number {
  return element.line;
}
