// Answers the failure-analysis requests (`stamp/failableParts`, `stamp/simulate`, `stamp/resilience`) from an analysis:
// elements become graph node ids and offset ranges; server/src/lsp turns those into line/character ranges.
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { Element } from '../../../grammar/src/elements.js';
import type {
  CapacityLine, FailablePart, OffsetRange, ResilienceLine, SimulatedMemory, ResilienceResult, ServiceState, SimulateResult, SimulatedService,
} from '../../../protocol/src/protocol.js';
import { graphNodeIdsOf } from '../graph/graph.js';
import { memoryShare, memoryTitle } from '../graph/memory-bar.js';
import { capacityStatements, memoryCoverage } from './capacity.js';
import { failableParts, joinNames, simulate } from './simulate.js';
import { resilienceSummary } from './spof.js';

/** How many simultaneous failures the resilience summary searches at most. */
export const resilienceSearchLimit = 3;

/** The parts whose failure can be simulated, with the ids of their preview nodes. */
export function handleFailablePartsRequest(analysis: Analysis, uri: string): Array<FailablePart<OffsetRange>> {
  const context = new RequestContext(analysis, uri);
  return failableParts(analysis.model).map((element) => ({
    id: context.idOf(element),
    kind: element.kind.id,
    name: element.name,
    uri: element.uri,
    range: context.rangeOf(element),
  }));
}

/** Simulates the failure of the parts named by graph node ids; ids that name no failable part are reported back. */
export function handleSimulateRequest(analysis: Analysis, uri: string, failedIds: readonly string[]): SimulateResult<OffsetRange> {
  const context = new RequestContext(analysis, uri);
  const partById = new Map<string, Element>();
  for (const element of failableParts(analysis.model)) partById.set(context.idOf(element), element);
  const failed: Element[] = [];
  const failedFound: string[] = [];
  const unknown: string[] = [];
  for (const id of new Set(failedIds)) {
    const element = partById.get(id);
    if (element) {
      failed.push(element);
      failedFound.push(id);
    } else {
      unknown.push(id);
    }
  }
  const result = simulate(analysis.model, failed);
  const elementStates: Record<string, ServiceState> = {};
  for (const [element, state] of result.elements) {
    const id = context.nodeIdOf(element);
    if (id) elementStates[id] = state;
  }
  // Parts drawn apart from the element the analysis follows take its state: a listener and its availability group, a
  // replica and the SQL instance it runs on.
  for (const ag of analysis.model.availabilityGroups) {
    const agState = result.elements.get(ag.element);
    const listenerId = ag.listener ? context.nodeIdOf(ag.listener.element) : undefined;
    if (listenerId && agState) elementStates[listenerId] = agState;
    for (const replica of ag.replicas) {
      const replicaId = context.nodeIdOf(replica.element);
      const instanceState = replica.instance ? result.elements.get(replica.instance.element) : undefined;
      if (replicaId && instanceState) elementStates[replicaId] = instanceState;
    }
  }
  const services: Array<SimulatedService<OffsetRange>> = result.services.map((service) => ({
    label: service.label,
    state: service.state,
    why: service.why,
    uri: service.element.uri,
    range: context.rangeOf(service.element),
    ...(context.nodeIdOf(service.element) ? { nodeId: context.nodeIdOf(service.element) } : {}),
  }));
  const noRoom: Record<string, string> = {};
  const withoutRoom = new Set<string>();
  const hostMemory: Record<string, SimulatedMemory> = {};
  for (const placement of result.placements) {
    for (const placed of placement.vms.values()) {
      if (placed.state !== 'no_capacity' && placed.state !== 'preempted') continue;
      withoutRoom.add(placed.vm.name);
      // The preview draws every VM and every host; the placement gives every VM it leaves off a reason.
      noRoom[context.nodeIdOf(placed.vm.element)!] = `no capacity: ${placed.vm.name} ${placed.reason}`;
    }
    for (const load of placement.loads.values()) {
      const id = context.nodeIdOf(load.host.element)!;
      // A cluster is placed only when every node's memory is known; the placement evaluated each node.
      const capacityGB = load.capacityGB!;
      const hostFailed = result.machines.get(load.host.element)!.state === 'down';
      // Stryker disable next-line EqualityOperator: with the 1e-9 tolerance, > and >= differ only at exactly 1e-9 GB over, which no written size gives.
      const overcommitted = !hostFailed && load.usedGB > capacityGB + 1e-9;
      const memory = { usedGB: hostFailed ? 0 : load.usedGB, capacityGB, totalGB: load.host.memoryGB ?? 0, reserveGB: load.host.reserveGB, overcommitted };
      hostMemory[id] = {
        usedGB: memory.usedGB,
        capacityGB: memory.capacityGB,
        overcommitted: memory.overcommitted,
        share: memoryShare(memory),
        title: hostFailed ? `Memory: ${load.host.name} is down and runs no VM` : memoryTitle(memory, 'Memory after the failure'),
        failed: hostFailed,
      };
    }
  }
  return { services, elementStates, failed: failedFound, unknown, summary: summarize(failed, services, [...withoutRoom]), noRoom, hostMemory };
}

/** The least number of failures that takes each service down, with one example set, and each cluster's capacity. */
export function handleResilienceRequest(analysis: Analysis, uri: string): ResilienceResult<OffsetRange> {
  const context = new RequestContext(analysis, uri);
  const services = resilienceSummary(analysis.model, resilienceSearchLimit).map((entry): ResilienceLine<OffsetRange> => {
    const minimum = entry.minimumFailures ?? null;
    const nodeId = context.nodeIdOf(entry.service.element);
    return {
      service: entry.service.label,
      minimumFailures: minimum,
      example: (entry.example ?? []).map((element) => element.name),
      text: minimum === null ? `more than ${resilienceSearchLimit}` : minimum === 0 ? '0: down with nothing failed' : minimum === 1 ? '1: single point of failure' : String(minimum),
      uri: entry.service.element.uri,
      range: context.rangeOf(entry.service.element),
      ...(nodeId ? { nodeId } : {}),
    };
  });
  const capacity = capacityStatements(analysis.model).map((statement): CapacityLine<OffsetRange> => {
    const nodeId = context.nodeIdOf(statement.subject);
    return {
      subject: statement.subject.name,
      state: statement.state,
      text: statement.text,
      uri: statement.subject.uri,
      range: context.rangeOf(statement.subject),
      ...(nodeId ? { nodeId } : {}),
    };
  });
  return { services, capacity, memoryCoverage: memoryCoverage(analysis.model) ?? null };
}

/** "SAN01 failed: 4 services down, 1 up." and, as `stamp simulate` says it, "BIG2 stays off for lack of memory." */
function summarize(failed: readonly Element[], services: ReadonlyArray<SimulatedService<OffsetRange>>, withoutRoom: readonly string[]): string {
  const names = failed.map((element) => element.name);
  const subject = names.length === 0 ? 'Nothing failed' : `${joinNames(names, Infinity)} failed`;
  const order: ServiceState[] = ['down', 'degraded', 'failover', 'up'];
  const counts = order
    .map((state) => ({ state, count: services.filter((service) => service.state === state).length }))
    .filter((entry) => entry.count > 0)
    .map((entry, index) => `${entry.count}${index === 0 ? ` service${entry.count === 1 ? '' : 's'}` : ''} ${entry.state === 'failover' ? 'failing over' : entry.state}`);
  const outcome = counts.length > 0 ? `${subject}: ${counts.join(', ')}.` : `${subject}: the stamp declares no services.`;
  return withoutRoom.length > 0 ? `${outcome} ${joinNames(withoutRoom, 5)} ${withoutRoom.length === 1 ? 'stays' : 'stay'} off for lack of memory.` : outcome;
}

/** Graph node ids and ranges for one request. */
class RequestContext {
  private readonly nodeIds: Map<Element, string>;

  constructor(analysis: Analysis, uri: string) {
    this.nodeIds = graphNodeIdsOf(analysis, uri);
  }

  /** The preview node of an element, when it is drawn. */
  nodeIdOf(element: Element): string | undefined {
    return this.nodeIds.get(element);
  }

  /** The preview node id, or for an element the preview does not draw, an id of the same shape. */
  idOf(element: Element): string {
    const drawn = this.nodeIds.get(element);
    if (drawn) return drawn;
    const names: string[] = [];
    for (let current: Element | undefined = element; current; current = current.parent) names.unshift(current.key || current.kind.id);
    return `${element.kind.id}:${names.join('/')}`;
  }

  /** The element's whole statement. */
  rangeOf(element: Element): OffsetRange {
    return { uri: element.uri, start: element.statement.start, end: element.statement.end };
  }
}
