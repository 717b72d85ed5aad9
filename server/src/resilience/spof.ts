// Single points of failure and the resilience summary: which single part takes a service down, and how many
// failures each service survives.
import type { Element } from '../../../grammar/src/elements.js';
import type { StampModel } from '../../../grammar/src/model.js';
import { FailureGraph } from './failure-graph.js';
import { evaluateService, FailureSimulator, failableParts, joinNames, servicesOf, type Service } from './simulate.js';

/** A part whose loss alone takes services down. */
export interface SinglePointOfFailure {
  part: Element;
  services: Service[];
  /** Why, in the architect's terms: "Volume1 holds SQL1, SQL2 and 8 more". */
  path: string;
}

/**
 * Which services each part can affect: every service is evaluated once with nothing failed, noting the parts it
 * consulted. A service that never asked whether a part failed gets the same answers when it does, so its outcome
 * cannot change: only the services that consulted a part need evaluating when that part fails.
 */
export function servicesByPart(model: StampModel): Map<Element, Service[]> {
  const byPart = new Map<Element, Service[]>();
  drain(servicesByPartInSteps(model, byPart));
  return byPart;
}

/** `servicesByPart` as steps (one per service), filling `byPart`, so that a caller can pause between them. */
function* servicesByPartInSteps(model: StampModel, byPart: Map<Element, Service[]>): Generator<void, void, void> {
  // Every part a service consulted is noted, failable or not: the readers ask only about failable parts.
  for (const service of servicesOf(model)) {
    // Stryker disable next-line ArrayDeclaration: a failed list holding a string fails no part: the same simulator.
    const probe = new FailureSimulator(model, []);
    evaluateService(model, probe, service);
    for (const part of probe.consulted) {
      const list = byPart.get(part);
      if (list) list.push(service);
      else byPart.set(part, [service]);
    }
    yield;
  }
}

/** Runs steps to the end. */
function drain(steps: Iterator<void, void, void>): void {
  while (!steps.next().done) {
    // Each step did its work already.
  }
}

/** The parts that any service depends on. */
export function relevantParts(model: StampModel): Element[] {
  const byPart = servicesByPart(model);
  return failableParts(model).filter((part) => byPart.has(part));
}

/** Explains a failure by the machines it took down, grouped by what took them down. */
export function describePath(simulator: FailureSimulator, part: Element): string {
  /** By cause: its kind and name, the machines it took down, and why the first of them is down. */
  const groups = new Map<string, { kind: string; name: string; names: string[]; firstWhy: string }>();
  for (const [machine, outcome] of simulator.machines()) {
    // Only a machine something else took down names a cause (simulate.ts): not the failed part itself, nor one still up.
    if (!outcome.cause) continue;
    const key = `${outcome.cause.kind}:${outcome.cause.name}`;
    const group = groups.get(key) ?? { kind: outcome.cause.kind, name: outcome.cause.name, names: [], firstWhy: outcome.why };
    group.names.push(machine.name);
    groups.set(key, group);
  }
  const sentences = [...groups.values()]
    .sort((a, b) => b.names.length - a.names.length)
    .map((group) => {
      const names = joinNames(group.names);
      if (group.kind === 'storage') return `${group.name} holds ${names}`;
      if (group.kind === 'host') return `${group.name} runs ${names}`;
      // The first VM's placement reason: "BIG needs 24 GB, P2 has 10 GB free after its 2 GB reserve".
      // Stryker disable next-line Regex: the reason starts with "no capacity: " and never holds it again, so the anchor changes nothing.
      if (group.kind === 'capacity') return `no capacity on ${group.name} for ${names} (${group.firstWhy.replace(/^no capacity: /, '')})`;
      // A cluster that loses quorum, or a VM left without a node it may run on.
      return `${group.name}, stopping ${names}`;
    });
  if (sentences.length === 0) return `nothing takes over from ${part.name}`;
  return sentences.slice(0, 2).join('; ');
}

/** Every part whose loss alone takes at least one service down. */
export function singlePointsOfFailure(model: StampModel): SinglePointOfFailure[] {
  const results: SinglePointOfFailure[] = [];
  drain(singlePointsOfFailureInSteps(model, results));
  return results;
}

/**
 * `singlePointsOfFailure` as steps (one per service, then one per part), filling `results`: the language server runs
 * them a slice at a time, so that requests are answered and a newer edit can cancel the search.
 *
 * The services are evaluated once with nothing failed, recording what each outcome read (`FailureGraph`); a part's
 * failure then re-evaluates only the outcomes that read it and, upwards, those whose inputs changed. Only a part that
 * takes a service down is simulated in full, for its explanation. The cost follows the parts and what their failure
 * changes, not parts times services. A design whose evaluation meets a cycle is searched exhaustively.
 */
export function* singlePointsOfFailureInSteps(model: StampModel, results: SinglePointOfFailure[]): Generator<void, void, void> {
  const graph = new FailureGraph(model);
  yield* graph.recordInSteps();
  // Stryker disable next-line ConditionalExpression: the exhaustive search gives the same answer (test/spof-graph-designs.test.ts compares them), at a higher cost.
  if (graph.cyclic) {
    yield* exhaustiveSinglePointsOfFailureInSteps(model, results);
    return;
  }
  for (const part of failableParts(model)) {
    // Stryker disable next-line ConditionalExpression: a part no outcome read changes nothing (newlyDown finds no service down): skipping it saves the look-up only.
    if (!graph.reads(part)) continue;
    const down = graph.newlyDown(part);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: simulating a part that takes no service down finds none (cost only).
    if (down === undefined || down.length > 0) {
      const affected = graph.servicesReaching(part).filter((index) => !graph.downAlready.has(index)).map((index) => graph.services[index]);
      const found = yield* simulateOneInSteps(graph.simulatorFor(part), part, affected);
      if (found) results.push(found);
    }
    yield;
  }
}

/** One part failed, over the services that depend on it, one service per step (a part that many services depend on is not one long step): the services it takes down and why. */
function* simulateOneInSteps(simulator: FailureSimulator, part: Element, affected: readonly Service[]): Generator<void, SinglePointOfFailure | undefined, void> {
  const down: Service[] = [];
  for (const service of affected) {
    if (evaluateService(simulator.model, simulator, service).state === 'down') down.push(service);
    yield;
  }
  return down.length > 0 ? { part, services: down, path: describePath(simulator, part) } : undefined;
}

/** `singlePointsOfFailure` by simulating every part's failure in full over the services that consulted it. */
export function singlePointsOfFailureExhaustive(model: StampModel): SinglePointOfFailure[] {
  const results: SinglePointOfFailure[] = [];
  drain(exhaustiveSinglePointsOfFailureInSteps(model, results));
  return results;
}

function* exhaustiveSinglePointsOfFailureInSteps(model: StampModel, results: SinglePointOfFailure[]): Generator<void, void, void> {
  const byPart = new Map<Element, Service[]>();
  yield* servicesByPartInSteps(model, byPart);
  // A service already down with nothing failed (a cluster without room for it, CAP003) has no single point of failure.
  // Stryker disable next-line ArrayDeclaration: a failed list holding a string fails no part: the same simulator.
  const baseline = new FailureSimulator(model, []);
  const downAlready = new Set(servicesOf(model).filter((service) => evaluateService(model, baseline, service).state === 'down').map((service) => service.id));
  for (const part of failableParts(model)) {
    const affected = byPart.get(part)?.filter((service) => !downAlready.has(service.id));
    // Stryker disable next-line ConditionalExpression: simulating a part over no service finds nothing (cost only).
    if (!affected || affected.length === 0) continue;
    const found = yield* simulateOneInSteps(new FailureSimulator(model, [part]), part, affected);
    if (found) results.push(found);
    yield;
  }
}

/** The least number of simultaneous part failures that takes each service down (searched up to `limit`). */
export interface ResilienceEntry {
  service: Service;
  /** undefined when no combination of up to `limit` failures takes it down. */
  minimumFailures?: number;
  /** One smallest set of parts that takes it down. */
  example?: Element[];
}

/**
 * The resilience summary. `exhaustive` simulates every single failure over every service instead of over the
 * dependency graph (the same answer, in time parts × services; kept to check the graph against).
 */
// Stryker disable next-line BooleanLiteral: the exhaustive search gives the same answer (test/spof-graph-designs.test.ts compares them), at a higher cost.
export function resilienceSummary(model: StampModel, limit = 3, maxParts = 60, exhaustive = false): ResilienceEntry[] {
  const services = servicesOf(model);
  const recorded = exhaustive ? undefined : FailureGraph.record(model);
  // Stryker disable next-line ConditionalExpression: as above (no graph: the exhaustive search).
  const graph = recorded && !recorded.cyclic ? recorded : undefined;
  const parts = graph ? failableParts(model).filter((part) => graph.reads(part)) : relevantParts(model);
  const entries: ResilienceEntry[] = services.map((service) => ({ service }));
  let openCount = entries.length;
  const found = (entry: ResilienceEntry, failed: readonly Element[]): void => {
    entry.minimumFailures = failed.length;
    entry.example = [...failed];
    // Stryker disable next-line UpdateOperator: the count only ends the search early once every service is down (cost only); the other forms are killed.
    openCount--;
  };
  /** Evaluates the services not yet taken down with these parts failed; returns the parts the evaluation read. */
  const tryFailures = (failed: readonly Element[]): Set<Element> => {
    const simulator = new FailureSimulator(model, failed);
    for (const entry of entries) {
      if (entry.minimumFailures === undefined && evaluateService(model, simulator, entry.service).state === 'down') found(entry, failed);
    }
    return simulator.consulted;
  };
  // A service down with nothing failed needs no failure at all.
  tryFailures([]);
  // One part at a time: over the dependency graph only the outcomes a part's failure changes are evaluated.
  for (const part of parts) {
    // Stryker disable next-line ConditionalExpression: going on with every service down finds nothing more (cost only).
    if (openCount === 0) break;
    const down = graph?.newlyDown(part);
    // Stryker disable next-line ConditionalExpression: simulating the part in full finds the services the graph says it takes down (cost only).
    if (down === undefined) tryFailures([part]);
    else for (const index of down) if (entries[index].minimumFailures === undefined) found(entries[index], [part]);
  }
  // Several parts at once. A set of failed parts changes a service only through a part that the evaluation of the set
  // without it read (a part it did not read gives the same answers failed or not), so the sets of each size are those of
  // the size below, each grown by a part its simulation read. That reaches parts read only after a failure, such as the
  // target of a replica, which the parts read with nothing failed miss.
  const order = new Map(failableParts(model).map((part, at) => [part, at]));
  const byOrder = (a: Element, b: Element): number => order.get(a)! - order.get(b)!;
  let level: Element[][] = parts.map((part) => [part]);
  let reads: Array<Set<Element>> | undefined;
  for (let size = 2; size <= limit && openCount > 0 && parts.length <= maxParts; size++) {
    const readBy = reads ?? level.map((set) => {
      const simulator = new FailureSimulator(model, set);
      // Stryker disable next-line ConditionalExpression: evaluating a service already down reads more parts, so more sets are grown, but every set that takes an open service down is grown from that service's own reads anyway, and the sets are tried in the same order (cost only).
      for (const entry of entries) if (entry.minimumFailures === undefined) evaluateService(model, simulator, entry.service);
      return simulator.consulted;
    });
    const grown = new Map<string, Element[]>();
    level.forEach((set, at) => {
      for (const part of readBy[at]) {
        if (!order.has(part) || set.includes(part)) continue;
        const larger = [...set, part].sort(byOrder);
        // Stryker disable next-line StringLiteral: without a separator two sets' keys meet only when part numbers of three digits are involved (1,234 and 12,34): not reached by the tests' designs.
        const key = larger.map((each) => order.get(each)).join(',');
        // The same key is the same set of parts.
        grown.set(key, larger);
      }
    });
    level = [...grown.values()].sort((a, b) => {
      // Stryker disable next-line EqualityOperator: past the end both sets read undefined, which are equal.
      for (let at = 0; at < a.length; at++) if (a[at] !== b[at]) return byOrder(a[at], b[at]);
      return 0;
    });
    reads = [];
    for (const set of level) {
      // Stryker disable next-line ConditionalExpression: going on with every service down finds nothing more (cost only).
      if (openCount === 0) break;
      reads.push(tryFailures(set));
    }
  }
  return entries;
}
