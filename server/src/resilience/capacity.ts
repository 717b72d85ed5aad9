// The capacity outcome of a stamp in words: per Hyper-V cluster, its memory use per node and its headroom after losing
// its largest node; used by the resilience summary (`stamp simulate` without --fail) and the preview's memory bars.
import type { Element } from '../../../grammar/src/elements.js';
import type { Cluster, Host, StampModel, Vm } from '../../../grammar/src/model.js';
import { capacityKnown, formatGB, hostCapacityGB, nodeHostsOf, normalPlacement, type ClusterPlacement, type HostLoad } from './placement.js';
import { FailureSimulator, joinNames } from './simulate.js';

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
  /** VMs that would not restart after losing the largest node. */
  lost: Vm[];
}

/** The memory of every host with `memory`: fixed VMs plus the clustered VMs placed there. */
export function hostMemories(model: StampModel, placements: readonly ClusterPlacement[] = defaultPlacements(model)): Map<Element, HostMemory> {
  const result = new Map<Element, HostMemory>();
  const loads = new Map<Host, { usedGB: number }>();
  for (const placement of placements) for (const load of placement.loads.values()) loads.set(load.host, load);
  for (const host of model.hosts) {
    const capacityGB = hostCapacityGB(host);
    if (capacityGB === undefined) continue;
    let usedGB = loads.get(host)?.usedGB;
    if (usedGB === undefined) usedGB = model.vms.filter((vm) => vm.host === host).reduce((sum, vm) => sum + (vm.startupGB ?? 0), 0);
    result.set(host.element, { host, capacityGB, usedGB, overcommitted: usedGB > capacityGB + 1e-9 });
  }
  return result;
}

/** The placement of every Hyper-V cluster whose capacity is known, with nothing failed. */
function defaultPlacements(model: StampModel): ClusterPlacement[] {
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
    if (!known) {
      result.push({ cluster, known, unknownNodes, nodes: [], lost: [] });
      continue;
    }
    const normal = normalPlacement(model, cluster);
    const nodes = [...normal.loads.values()].map((load: HostLoad) => ({ host: load.host, capacityGB: load.capacityGB ?? 0, usedGB: load.usedGB, overcommitted: load.usedGB > (load.capacityGB ?? 0) + 1e-9 }));
    const largest = [...nodes].sort((a, b) => b.capacityGB - a.capacityGB)[0]?.host;
    let headroomGB: number | undefined;
    let lost: Vm[] = [];
    if (largest && nodes.length > 1) {
      const demand = nodes.reduce((sum, node) => sum + node.usedGB, 0) - (normal.loads.get(largest)?.vms.filter((vm) => !normal.vms.has(vm)).reduce((sum, vm) => sum + (vm.startupGB ?? 0), 0) ?? 0);
      const survivors = nodes.filter((node) => node.host !== largest).reduce((sum, node) => sum + node.capacityGB, 0);
      headroomGB = survivors - demand;
      const after = new FailureSimulator(model, [largest.element]).placement(cluster);
      if (after) lost = [...after.vms.values()].filter((placed) => placed.state !== 'running' && normal.vms.get(placed.vm)?.state === 'running').map((placed) => placed.vm);
    }
    result.push({ cluster, known, unknownNodes, nodes, largest, headroomGB, lost });
  }
  return result;
}

/** One line per Hyper-V cluster, in a cluster admin's words. */
export function capacityLines(model: StampModel): string[] {
  const lines: string[] = [];
  for (const entry of clusterCapacities(model)) {
    const name = entry.cluster.name;
    if (!entry.known) {
      lines.push(entry.unknownNodes.length > 0
        ? `${name}: capacity unknown: ${entry.unknownNodes.length} of ${entry.cluster.nodes.length} nodes lack memory (${joinNames(entry.unknownNodes.map((host) => host.name))})`
        : `${name}: capacity unknown: no clustered VM declares memory`);
      continue;
    }
    const use = entry.nodes.map((node) => `${node.host.name} ${formatGB(node.usedGB)}/${formatGB(node.capacityGB)} GB${node.overcommitted ? ' over-committed' : ''}`).join(', ');
    let headroom = '';
    if (entry.largest && entry.headroomGB !== undefined) {
      const after = `after losing ${entry.largest.name}, its largest node`;
      if (entry.lost.length > 0) headroom = `; ${after}, ${joinNames(entry.lost.map((vm) => vm.name))} would not restart (${entry.headroomGB < 0 ? `${formatGB(-entry.headroomGB)} GB missing` : 'no single node has room'})`;
      else headroom = `; ${after}, ${formatGB(entry.headroomGB)} GB to spare`;
    } else if (entry.nodes.length === 1) {
      headroom = '; one node: nothing to fail over to';
    }
    lines.push(`${name}: ${use}${headroom}`);
  }
  // Hosts that are no Hyper-V cluster's node: their fixed VMs.
  const memories = hostMemories(model);
  for (const host of model.hosts) {
    if (host.clusters.length > 0) continue;
    const memory = memories.get(host.element);
    const vms = model.vms.filter((vm) => vm.host === host);
    if (!memory || vms.length === 0) continue;
    lines.push(`${host.name} (not clustered): ${formatGB(memory.usedGB)}/${formatGB(memory.capacityGB)} GB${memory.overcommitted ? ` over-committed by ${formatGB(memory.usedGB - memory.capacityGB)} GB` : ''}`);
  }
  const unknownHosts = model.hosts.filter((host) => host.memoryGB === undefined).length;
  if (model.hosts.length > 0) lines.push(unknownHosts === 0 ? 'Every host declares memory.' : `${unknownHosts} of ${model.hosts.length} hosts lack memory: their capacity is not checked.`);
  return lines;
}
