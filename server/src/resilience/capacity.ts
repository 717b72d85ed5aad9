// The capacity outcome of a stamp in words: per Hyper-V cluster, its memory use per node and its headroom after losing
// its largest node; used by the resilience summary (`stamp simulate` without --fail) and the preview's memory bars.
import type { Element } from '../../../grammar/src/elements.js';
import type { Cluster, Host, StampModel, Vm } from '../../../grammar/src/model.js';
import { capacityKnown, formatGB, hostCapacityGB, nodeHostsOf, normalPlacement, placedVmsOf, type ClusterPlacement, type HostLoad } from './placement.js';
import { FailureSimulator, joinNames, type SimulationResult } from './simulate.js';

/** The memory of one host in normal operation. */
export interface HostMemory {
  host: Host;
  /** Memory VMs may use (memory minus reserve). */
  capacityGB: number;
  /** Startup memory of the VMs running there. */
  usedGB: number;
  overcommitted: boolean;
}

export interface ClusterCapacity {
  cluster: Cluster;
  known: boolean;
  /** Nodes without `memory`. */
  unknownNodes: Host[];
  nodes: HostMemory[];
  /** The node with the most memory for VMs, whose loss the headroom assumes. */
  largest?: Host;
  /** Memory to spare on the other nodes after losing the largest one (negative: missing). */
  headroomGB?: number;
  /** The node whose loss leaves the most memory of VMs off for lack of room (as CAP001 finds it); none when N+1 holds. */
  worst?: Host;
  /** The VMs that ran and would find no room after losing `worst` (preempted or no capacity; never no_auto_start or owner limits). */
  lost: Vm[];
  /** The memory those VMs need beyond what the surviving nodes have free (0: enough in total, but no single node has room). */
  missingGB?: number;
  /** Nodes whose loss alone takes the cluster's quorum: memory does not decide then. */
  quorumLost: Host[];
  /** The VMs that find no room even with every node up (CAP003): N+1 is about the others. */
  offWithNothingFailed: Vm[];
}

/** The memory of every host with `memory`: fixed VMs plus the clustered VMs placed there. */
export function hostMemories(model: StampModel, placements: readonly ClusterPlacement[] = defaultPlacements(model)): Map<Element, HostMemory> {
  const result = new Map<Element, HostMemory>();
  const loads = new Map<Host, { usedGB: number }>();
  for (const placement of placements) for (const load of placement.loads.values()) loads.set(load.host, load);
  const fixed = vmsByHost(model);
  for (const host of model.hosts) {
    const capacityGB = hostCapacityGB(host);
    if (capacityGB === undefined) continue;
    let usedGB = loads.get(host)?.usedGB;
    // Stryker disable next-line ArrayDeclaration: a list holding a string adds nothing (a string has no startupGB: it counts 0).
    if (usedGB === undefined) usedGB = (fixed.get(host) ?? []).reduce((sum, vm) => sum + (vm.startupGB ?? 0), 0);
    // Stryker disable next-line EqualityOperator: with the 1e-9 tolerance, > and >= differ only at exactly 1e-9 GB over, which no written size gives.
    result.set(host.element, { host, capacityGB, usedGB, overcommitted: usedGB > capacityGB + 1e-9 });
  }
  return result;
}

/** The VMs placed on each host (`on HOST`), in the model's order. */
function vmsByHost(model: StampModel): Map<Host, Vm[]> {
  const byHost = new Map<Host, Vm[]>();
  for (const vm of model.vms) {
    // Stryker disable next-line ConditionalExpression: a VM without a host would be filed under `undefined`, which no host asks for.
    if (!vm.host) continue;
    const list = byHost.get(vm.host);
    if (list) list.push(vm);
    else byHost.set(vm.host, [vm]);
  }
  return byHost;
}

/** The placement of every Hyper-V cluster whose capacity is known, with nothing failed. */
function defaultPlacements(model: StampModel): ClusterPlacement[] {
  // Stryker disable next-line MethodExpression: the placement of a cluster whose capacity is unknown holds only its nodes' fixed VMs, which is what a host without a placement counts.
  return model.clusters.filter((cluster) => capacityKnown(model, cluster)).map((cluster) => normalPlacement(model, cluster));
}

/** The capacity of each Hyper-V cluster. */
export function clusterCapacities(model: StampModel): ClusterCapacity[] {
  const result: ClusterCapacity[] = [];
  for (const cluster of model.clusters) {
    if (cluster.kind !== 'hyperv') continue;
    const hosts = nodeHostsOf(model, cluster);
    const unknownNodes = hosts.filter((host) => host.memoryGB === undefined);
    const known = capacityKnown(model, cluster);
    // Stryker disable next-line ConditionalExpression,BlockStatement: an unknown cluster's entry is read only for `known` and `unknownNodes` (capacityStatements), which the full computation fills the same (its placement holds only fixed VMs).
    if (!known) {
      // Stryker disable next-line ArrayDeclaration: as above, these lists of an unknown cluster are not read.
      result.push({ cluster, known, unknownNodes, nodes: [], lost: [], quorumLost: [], offWithNothingFailed: [] });
      continue;
    }
    const normal = normalPlacement(model, cluster);
    // With the capacity known, every node has memory, and the cluster has a node.
    // Stryker disable next-line EqualityOperator: the tolerance (as above).
    const nodes = [...normal.loads.values()].map((load: HostLoad) => ({ host: load.host, capacityGB: load.capacityGB!, usedGB: load.usedGB, overcommitted: load.usedGB > load.capacityGB! + 1e-9 }));
    const largest = [...nodes].sort((a, b) => b.capacityGB - a.capacityGB)[0].host;
    let headroomGB: number | undefined;
    let worst: { host: Host; lost: Vm[]; lostGB: number; missingGB: number } | undefined;
    const quorumLost: Host[] = [];
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a one-node cluster's headroom and losses are not read: its statement says it has one node (capacityStatements).
    if (nodes.length > 1) {
      const demand = nodes.reduce((sum, node) => sum + node.usedGB, 0) - normal.loads.get(largest)!.vms.filter((vm) => !normal.vms.has(vm)).reduce((sum, vm) => sum + (vm.startupGB ?? 0), 0);
      const survivors = nodes.filter((node) => node.host !== largest).reduce((sum, node) => sum + node.capacityGB, 0);
      headroomGB = survivors - demand;
      // Every node in turn, as CAP001 does: N+1 means any one node.
      for (const node of nodes) {
        const simulator = new FailureSimulator(model, [node.host.element]);
        if (simulator.quorum(cluster).state !== 'up') {
          quorumLost.push(node.host);
          continue;
        }
        // With quorum and the capacity known, the cluster is placed; every VM it places is in the normal placement.
        const after = simulator.placement(cluster)!;
        const lost = [...after.vms.values()].filter((placed) => (placed.state === 'no_capacity' || placed.state === 'preempted') && normal.vms.get(placed.vm)!.state === 'running').map((placed) => placed.vm);
        if (lost.length === 0) continue;
        const lostGB = lost.reduce((sum, vm) => sum + (vm.startupGB ?? 0), 0);
        let freeGB = 0;
        for (const load of after.loads.values()) if (load.host !== node.host) freeGB += Math.max(0, load.capacityGB! - load.usedGB);
        if (!worst || lostGB > worst.lostGB) worst = { host: node.host, lost, lostGB, missingGB: Math.max(0, lostGB - freeGB) };
      }
    }
    const offWithNothingFailed = [...normal.vms.values()].filter((placed) => placed.state === 'no_capacity').map((placed) => placed.vm);
    // Stryker disable next-line ArrayDeclaration: `lost` is read only with a `worst` (capacityStatements).
    result.push({ cluster, known, unknownNodes, nodes, largest, headroomGB, worst: worst?.host, lost: worst?.lost ?? [], missingGB: worst?.missingGB, quorumLost, offWithNothingFailed });
  }
  return result;
}

/** How a cluster or standalone host stands: `fits` (N+1 holds, or a host with room), `short` (VMs would stay off after losing the largest node), `overcommitted` (too little memory with nothing failed), `single` (one node: nothing to fail over to), `unknown` (memory not written). */
export type CapacityState = 'fits' | 'short' | 'overcommitted' | 'single' | 'unknown';

/** One capacity statement of the resilience summary: a Hyper-V cluster or a host that is no cluster's node. */
export interface CapacityStatement {
  subject: Element;
  state: CapacityState;
  /** In a cluster admin's words: "CLUSTER1: N+1 holds: after losing NODE1 (its largest node) every VM restarts, 7 GB to spare. In use: …" */
  text: string;
}

/** "NODE1 18 of 30 GB" (over-committed nodes say by how much). */
function nodeUse(node: HostMemory): string {
  return `${node.host.name} ${formatGB(node.usedGB)} of ${formatGB(node.capacityGB)} GB${node.overcommitted ? ` (over-committed by ${formatGB(node.usedGB - node.capacityGB)} GB)` : ''}`;
}

/** The capacity of each Hyper-V cluster and of each host that is no cluster's node and runs VMs, in words. */
export function capacityStatements(model: StampModel): CapacityStatement[] {
  const statements: CapacityStatement[] = [];
  const withoutMemory = placedVmsWithoutMemory(model);
  for (const entry of clusterCapacities(model)) {
    const name = entry.cluster.name;
    if (!entry.known) {
      const text = entry.unknownNodes.length > 0
        ? `${name}: capacity unknown: ${entry.unknownNodes.length} of ${entry.cluster.nodes.length} nodes lack memory (${joinNames(entry.unknownNodes.map((host) => host.name))})`
        : entry.cluster.nodes.length === 0 ? `${name}: capacity unknown: it has no nodes` : `${name}: capacity unknown: no clustered VM declares memory`;
      statements.push({ subject: entry.cluster.element, state: 'unknown', text });
      continue;
    }
    const use = `In use, of the memory for VMs after the reserve: ${entry.nodes.map(nodeUse).join(', ')}.`;
    const overcommitted = entry.nodes.filter((node) => node.overcommitted);
    const lacking = withoutMemory.get(entry.cluster) ?? 0;
    const uncounted = lacking > 0 ? ` ${lacking} clustered VM${lacking === 1 ? ' lacks' : 's lack'} memory and ${lacking === 1 ? 'is' : 'are'} not counted.` : '';
    let state: CapacityState;
    let verdict: string;
    if (entry.nodes.length === 1) {
      state = overcommitted.length > 0 ? 'overcommitted' : 'single';
      verdict = 'one node: nothing to fail over to';
    } else {
      // Two nodes or more: the largest and the headroom are known.
      // The largest node is one of the nodes.
      const capacityOf = (host: Host): number => entry.nodes.find((node) => node.host === host)!.capacityGB;
      const largest = entry.largest!;
      // Stryker disable next-line EqualityOperator: the tolerance (as above).
      const ties = entry.nodes.filter((node) => Math.abs(node.capacityGB - capacityOf(largest)) < 1e-9).length;
      const which = ties > 1 ? `${largest.name} (its nodes have the same memory)` : `${largest.name} (its largest node)`;
      // A worst node is one whose loss leaves VMs off (clusterCapacities).
      if (entry.worst) {
        state = 'short';
        const named = entry.worst === largest ? which : entry.worst.name;
        const missing = (entry.missingGB ?? 0) > 0 ? `${formatGB(entry.missingGB!)} GB missing` : 'the others have the memory in total, but no single node has room';
        verdict = `N+1 fails: after losing ${named}, ${joinNames(entry.lost.map((vm) => vm.name))} would stay off (${missing})`;
      } else {
        state = overcommitted.length > 0 ? 'overcommitted' : 'fits';
        verdict = `N+1 holds: after losing any one node every VM restarts; after losing ${which}, ${formatGB(Math.max(0, entry.headroomGB!))} GB to spare`;
      }
      if (entry.quorumLost.length > 0) {
        // Stryker disable next-line Regex: the verdict starts with the phrase when it holds it at all.
        verdict = verdict.replace(/^N\+1 holds: /, 'enough memory for N+1: ');
        verdict += `; but losing ${joinNames(entry.quorumLost.map((host) => host.name))} takes the cluster's quorum, and then no VM runs`;
      }
    }
    if (overcommitted.length > 0 && state !== 'short') verdict += `; over-committed with nothing failed on ${joinNames(overcommitted.map((node) => node.host.name))}`;
    // A VM that never finds room runs nowhere: whatever N+1 says is about the VMs that do run.
    const off = entry.offWithNothingFailed;
    if (off.length > 0) {
      const never = `${joinNames(off.map((vm) => vm.name))} ${off.length === 1 ? 'finds' : 'find'} no room even with every node up`;
      // Stryker disable next-line Regex: the verdict starts with the phrase when it holds it at all.
      verdict = `${never}; ${verdict.replace(/^N\+1 holds: after losing any one node every VM restarts/, 'N+1 holds for the VMs that run: after losing any one node each of them restarts').replace(/^enough memory for N\+1: after losing any one node every VM restarts/, 'enough memory for N+1 for the VMs that run: after losing any one node each of them restarts')}`;
      if (state === 'fits' || state === 'single') state = 'overcommitted';
    }
    const local = placedVmsOf(model, entry.cluster).filter((vm) => vm.storage?.type === 'local');
    const stuck = local.length > 0 ? ` ${joinNames(local.map((vm) => vm.name))} ${local.length === 1 ? 'keeps its' : 'keep their'} files on local storage: ${local.length === 1 ? 'it runs' : 'they run'} where the cluster starts ${local.length === 1 ? 'it' : 'them'} and cannot fail over (HV002), so N+1 leaves ${local.length === 1 ? 'it' : 'them'} out.` : '';
    statements.push({ subject: entry.cluster.element, state, text: `${name}: ${verdict}. ${use}${uncounted}${stuck}` });
  }
  // Hosts that are no Hyper-V cluster's node: their fixed VMs.
  const memories = hostMemories(model);
  const fixed = vmsByHost(model);
  for (const host of model.hosts) {
    if (host.clusters.length > 0) continue;
    const memory = memories.get(host.element);
    const vms = fixed.get(host) ?? [];
    if (!memory || vms.length === 0) continue;
    statements.push({
      subject: host.element,
      state: memory.overcommitted ? 'overcommitted' : 'fits',
      text: `${host.name} (not clustered): ${memory.overcommitted ? `over-committed by ${formatGB(memory.usedGB - memory.capacityGB)} GB with nothing failed` : `${formatGB(memory.capacityGB - memory.usedGB)} GB to spare`}; ${formatGB(memory.usedGB)} of ${formatGB(memory.capacityGB)} GB in use`,
    });
  }
  return statements;
}

/** For each cluster, how many clustered VMs it places lack memory (they count as none). */
function placedVmsWithoutMemory(model: StampModel): Map<Cluster, number> {
  const counts = new Map<Cluster, number>();
  for (const vm of model.vms) {
    if (vm.cluster && vm.startupGB === undefined) counts.set(vm.cluster, (counts.get(vm.cluster) ?? 0) + 1);
  }
  return counts;
}

/** How many hosts lack `memory`: "Every host declares memory." or "2 of 4 hosts lack memory (HV01 and HV02): their capacity is not checked."; undefined without hosts. */
export function memoryCoverage(model: StampModel): string | undefined {
  if (model.hosts.length === 0) return undefined;
  const unknown = model.hosts.filter((host) => host.memoryGB === undefined);
  if (unknown.length === 0) return 'Every host declares memory.';
  return `${unknown.length} of ${model.hosts.length} hosts lack memory (${joinNames(unknown.map((host) => host.name))}): their capacity is not checked.`;
}

/** The capacity statements and the memory coverage as lines (`stamp simulate` without --fail). */
export function capacityLines(model: StampModel): string[] {
  const coverage = memoryCoverage(model);
  return [...capacityStatements(model).map((statement) => statement.text), ...(coverage ? [coverage] : [])];
}

/**
 * The capacity outcome of a simulated failure, one sentence per Hyper-V cluster that lost a node or holds VMs that
 * found no room: "CLUSTER1 after losing NODE1: DC1 and WEB2 restarted on NODE2; nothing stays off for lack of memory;
 * NODE2 uses 23 of 30 GB for VMs." A cluster whose memory is unknown says so instead of guessing.
 */
export function failureCapacityLines(model: StampModel, result: SimulationResult): string[] {
  const lines: string[] = [];
  const failed = new Set(result.failed);
  const placements = new Map(result.placements.map((placement) => [placement.cluster, placement]));
  for (const cluster of model.clusters) {
    if (cluster.kind !== 'hyperv') continue;
    const lost = cluster.nodes.filter((node) => failed.has(node));
    const placement = placements.get(cluster);
    const subject = `${cluster.name}${lost.length > 0 ? ` after losing ${joinNames(lost.map((node) => node.name))}` : ''}`;
    if (!placement) {
      if (lost.length === 0) continue;
      // simulate() places no VM of a cluster that lost quorum: its memory is known but does not decide.
      if (capacityKnown(model, cluster)) {
        lines.push(`${subject}: ${cluster.name} loses quorum, so no VM runs there; memory does not decide.`);
        continue;
      }
      const unknown = nodeHostsOf(model, cluster).filter((host) => host.memoryGB === undefined);
      lines.push(`${subject}: capacity unknown (${unknown.length > 0 ? `${joinNames(unknown.map((host) => host.name))} ${unknown.length === 1 ? 'lacks' : 'lack'} memory` : 'no clustered VM declares memory'}): whether the VMs find room is not checked.`);
      continue;
    }
    const placed = [...placement.vms.values()];
    // Only running VMs have `moved`.
    const moved = placed.filter((entry) => entry.moved);
    const off = placed.filter((entry) => entry.state === 'no_capacity' || entry.state === 'preempted');
    const waiting = placed.filter((entry) => entry.state === 'not_started' || entry.state === 'no_owner');
    if (lost.length === 0 && off.length === 0 && moved.length === 0) continue;
    const parts: string[] = [];
    const targets = [...new Set(moved.map((entry) => entry.host!.name))];
    if (moved.length > 0) parts.push(`${joinNames(moved.map((entry) => entry.vm.name))} restarted on ${joinNames(targets)}`);
    parts.push(off.length > 0 ? `${joinNames(off.map((entry) => (entry.state === 'preempted' ? `${entry.vm.name} (preempted by ${entry.preemptedBy!.name})` : entry.vm.name)))} ${off.length === 1 ? 'stays' : 'stay'} off for lack of memory` : 'nothing stays off for lack of memory');
    if (waiting.length > 0) parts.push(`${joinNames(waiting.map((entry) => entry.vm.name))} ${waiting.length === 1 ? 'waits' : 'wait'} for an operator or a possible owner`);
    const use = [...placement.loads.values()]
      .filter((load) => !failed.has(load.host.element))
      .map((load) => `${load.host.name} ${formatGB(load.usedGB)} of ${formatGB(load.capacityGB!)} GB`);
    if (use.length > 0) parts.push(`in use: ${use.join(', ')}`);
    else parts.push('no node left');
    lines.push(`${subject}: ${parts.join('; ')}.`);
  }
  return lines;
}
