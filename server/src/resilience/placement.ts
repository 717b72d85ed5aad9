// Memory placement of the VMs of a Hyper-V cluster, as failover clustering does it: priority order, startup memory
// against each node's memory after its reserve, anti-affinity as a preference, preferred and possible owners, and
// preemption of lower-priority VMs.
import type { Element } from '../../../grammar/src/elements.js';
import type { Cluster, Host, StampModel, Vm, VmPriority } from '../../../grammar/src/model.js';

/** The cluster group priority values (CLUSTER_GROUP_PRIORITY): higher starts first. */
export const priorityValue: Record<VmPriority, number> = { high: 3000, medium: 2000, low: 1000, no_auto_start: 0 };
/** The cluster's defaults: groups from `low` up may preempt (MinimumPreemptorPriority 1); `high` is never preempted (MinimumNeverPreemptPriority 3000). */
const minimumPreemptor = 1;
const minimumNeverPreempt = 3000;

/** What the placement did with one VM. */
export type VmPlacementState = 'running' | 'no_capacity' | 'preempted' | 'not_started' | 'no_owner';

export interface VmPlacement {
  vm: Vm;
  state: VmPlacementState;
  /** The node it runs on (running), or was preempted from. */
  host?: Host;
  /** Running on another node than in normal operation: it restarted there. */
  moved: boolean;
  /** Why it is not running, in an operator's words. */
  reason?: string;
  /** The VM that took its place (preempted). */
  preemptedBy?: Vm;
}

/** One decision of the placement, in the order the cluster makes them: a VM kept on its node, started, or left off. */
export interface PlacementDecision {
  vm: Vm;
  /** running, no_capacity, not_started or no_owner. */
  state: VmPlacementState;
  host?: Host;
  /** The VMs it preempted to get its place. */
  preempted: Vm[];
}

/** The memory of one host under a placement. */
export interface HostLoad {
  host: Host;
  /** Memory VMs may use: memory minus reserve; undefined when the host's memory is not written. */
  capacityGB?: number;
  /** The startup memory of the VMs running there (VMs without memory count 0). */
  usedGB: number;
  /** The VMs running there: fixed VMs and placed clustered VMs. */
  vms: Vm[];
}

export interface ClusterPlacement {
  cluster: Cluster;
  /** True when every node's memory and at least one clustered VM's memory are written: the placement is meaningful. */
  known: boolean;
  loads: Map<Host, HostLoad>;
  /** Every clustered VM that was eligible to run, with what happened to it. */
  vms: Map<Vm, VmPlacement>;
  /** Every eligible VM runs. */
  complete: boolean;
  /**
   * The decisions in the order they were made. With more memory on a host or one VM fewer (and the same failures),
   * the first decision that differs never leaves a VM off that was started before (docs/language.md, *Capacity*).
   */
  decisions: PlacementDecision[];
}

/** What the placement needs to know about the failure being simulated. */
export interface PlacementInput {
  /** Is this node running? */
  nodeUp(host: Host): boolean;
  /** Can this clustered VM run at all (not failed itself, its storage survives)? */
  vmEligible(vm: Vm): boolean;
  /** Is this fixed VM (placed on a host) running? */
  fixedRunning(vm: Vm): boolean;
  /** The placement with nothing failed: VMs whose node survives stay where they were. */
  normal?: ClusterPlacement;
}

const gb = (value: number): string => `${Math.round(value * 100) / 100}`;

interface ClusterFacts { fixed: Map<Host, Vm[]>; placed: Vm[]; known: boolean }
const factsCache = new WeakMap<StampModel, Map<Cluster, ClusterFacts>>();

/** The VMs fixed to each node and placed by the cluster, and whether its capacity is known: computed once per model. */
function clusterFacts(model: StampModel, cluster: Cluster): ClusterFacts {
  let byCluster = factsCache.get(model);
  if (!byCluster) {
    byCluster = new Map();
    factsCache.set(model, byCluster);
    const fixed = new Map<Cluster, Map<Host, Vm[]>>();
    const placed = new Map<Cluster, Vm[]>();
    const nodeClusters = new Map<Element, Cluster[]>();
    for (const each of model.clusters) {
      fixed.set(each, new Map());
      placed.set(each, []);
      if (each.kind === 'hyperv') {
        for (const node of each.nodes) {
          const list = nodeClusters.get(node);
          if (list) list.push(each);
          else nodeClusters.set(node, [each]);
        }
      }
    }
    const add = (owner: Cluster, host: Host | undefined, vm: Vm): void => {
      if (!host) return;
      const map = fixed.get(owner)!;
      const list = map.get(host);
      if (list) list.push(vm);
      else map.set(host, [vm]);
    };
    for (const vm of model.vms) {
      if (vm.host) for (const owner of nodeClusters.get(vm.host.element) ?? []) add(owner, vm.host, vm);
      // A clustered VM on local storage (HV002) is still the cluster's to place: which node holds its files is not
      // written, so it is not pinned to any one node; it runs where the cluster starts it and cannot move from there.
      if (vm.cluster && vm.cluster.kind === 'hyperv') placed.get(vm.cluster)!.push(vm);
    }
    for (const each of model.clusters) {
      const hosts = nodeHostsOf(model, each);
      const known = each.kind === 'hyperv' && hosts.length > 0 && hosts.length === each.nodes.length && hosts.every((host) => host.memoryGB !== undefined) && placed.get(each)!.some((vm) => vm.startupGB !== undefined);
      byCluster.set(each, { fixed: fixed.get(each)!, placed: placed.get(each)!, known });
    }
  }
  return byCluster.get(cluster) ?? { fixed: new Map(), placed: [], known: false };
}

/** The VMs that run on a node of a Hyper-V cluster without being placed by it: VMs placed `on` the node itself. */
export function fixedVmsOf(model: StampModel, cluster: Cluster): Map<Host, Vm[]> {
  return clusterFacts(model, cluster).fixed;
}

/** The clustered VMs the cluster places: every VM on this Hyper-V cluster (on local storage too: see `staysWhereItRan`). */
export function placedVmsOf(model: StampModel, cluster: Cluster): Vm[] {
  return clusterFacts(model, cluster).placed;
}

/** The nodes of a cluster as hosts. */
export function nodeHostsOf(model: StampModel, cluster: Cluster): Host[] {
  return cluster.nodes.map((node) => model.hostOf.get(node)).filter((host): host is Host => host !== undefined);
}

/** Whether the capacity of a cluster is known: every node has memory and some placed VM has memory. */
export function capacityKnown(model: StampModel, cluster: Cluster): boolean {
  return clusterFacts(model, cluster).known;
}

/** The memory a host gives VMs: its memory after the reserve, never below zero. */
export function hostCapacityGB(host: Host): number | undefined {
  return host.memoryGB === undefined ? undefined : Math.max(0, host.memoryGB - host.reserveGB);
}

/** Places the VMs of a Hyper-V cluster for one failure situation. */
export function placeCluster(model: StampModel, cluster: Cluster, input: PlacementInput): ClusterPlacement {
  const known = capacityKnown(model, cluster);
  const hosts = nodeHostsOf(model, cluster);
  const loads = new Map<Host, HostLoad>();
  for (const host of hosts) loads.set(host, { host, capacityGB: hostCapacityGB(host), usedGB: 0, vms: [] });
  const placement: ClusterPlacement = { cluster, known, loads, vms: new Map(), complete: true, decisions: [] };
  const decide = (vm: Vm, state: VmPlacementState, host?: Host, preempted: Vm[] = []): void => {
    placement.decisions.push({ vm, state, host, preempted });
  };
  for (const [host, vms] of fixedVmsOf(model, cluster)) {
    const load = loads.get(host);
    if (!load || !input.nodeUp(host)) continue;
    for (const vm of vms) {
      if (!input.fixedRunning(vm)) continue;
      load.vms.push(vm);
      load.usedGB += vm.startupGB ?? 0;
    }
  }
  if (!known) return placement;

  const order = new Map<Vm, number>();
  const queue: Vm[] = [];
  const placed = placedVmsOf(model, cluster);
  placed.forEach((vm, index) => order.set(vm, index));
  const put = (vm: Vm, load: HostLoad, moved: boolean): void => {
    load.vms.push(vm);
    load.usedGB += vm.startupGB ?? 0;
    placement.vms.set(vm, { vm, state: 'running', host: load.host, moved });
    decide(vm, 'running', load.host);
  };
  for (const vm of placed) {
    if (!input.vmEligible(vm)) continue;
    const before = input.normal?.vms.get(vm);
    const home = before?.state === 'running' ? before.host : undefined;
    const load = home ? loads.get(home) : undefined;
    if (load && input.nodeUp(load.host)) put(vm, load, false);
    // Its files are on the lost node's disks: it goes down with that node, and no other node can restart it.
    else if (input.normal && staysWhereItRan(vm)) continue;
    else queue.push(vm);
  }
  const byPriority = (a: Vm, b: Vm): number => priorityValue[b.priority] - priorityValue[a.priority] || order.get(a)! - order.get(b)!;
  queue.sort(byPriority);

  const free = (load: HostLoad): number => (load.capacityGB === undefined ? Infinity : load.capacityGB - load.usedGB);
  const fits = (vm: Vm, load: HostLoad): boolean => (vm.startupGB ?? 0) <= free(load) + 1e-9;
  const candidatesOf = (vm: Vm): HostLoad[] => {
    const allowed = vm.possibleOwners.length > 0 ? new Set(vm.possibleOwners) : undefined;
    return hosts.filter((host) => input.nodeUp(host) && (!allowed || allowed.has(host.element))).map((host) => loads.get(host)!);
  };
  const conflicts = (vm: Vm, load: HostLoad): boolean => {
    const name = vm.antiAffinity?.toLowerCase();
    if (name === undefined) return false;
    for (const other of load.vms) if (other !== vm && other.antiAffinity !== undefined && other.antiAffinity.toLowerCase() === name) return true;
    return false;
  };
  const preferenceRank = (vm: Vm, load: HostLoad): number => {
    const index = vm.preferredOwners.indexOf(load.host.element);
    return index < 0 ? vm.preferredOwners.length : index;
  };
  /** The cluster's choice among nodes with room: away from its anti-affinity class, then its preferred owners, then the most free memory. */
  const choose = (vm: Vm, candidates: HostLoad[]): HostLoad | undefined => {
    let best: HostLoad | undefined;
    let bestKey: number[] = [];
    for (const load of candidates) {
      if (!fits(vm, load)) continue;
      const key = [conflicts(vm, load) ? 1 : 0, preferenceRank(vm, load), -free(load), load.vms.length, hosts.indexOf(load.host)];
      if (!best || compareKeys(key, bestKey) < 0) {
        best = load;
        bestKey = key;
      }
    }
    return best;
  };

  let guard = placed.length * 4 + 16;
  while (queue.length > 0 && guard-- > 0) {
    const vm = queue.shift()!;
    const before = input.normal?.vms.get(vm);
    const movedFrom = before?.state === 'running' ? before.host : undefined;
    const candidates = candidatesOf(vm);
    if (candidates.length === 0) {
      const owners = vm.possibleOwners.map((owner) => owner.name);
      placement.vms.set(vm, { vm, state: 'no_owner', moved: false, reason: owners.length > 0 ? `none of its possible owners (${owners.join(', ')}) is running` : `no node of ${cluster.name} is running` });
      decide(vm, 'no_owner');
      continue;
    }
    // A VM that must be restarted by an operator is not started by the cluster.
    if (vm.priority === 'no_auto_start' && input.normal) {
      placement.vms.set(vm, { vm, state: 'not_started', moved: false, reason: `${vm.name} has priority no_auto_start: the cluster moves it but an operator must start it` });
      decide(vm, 'not_started');
      continue;
    }
    const chosen = choose(vm, candidates);
    if (chosen) {
      put(vm, chosen, input.normal !== undefined && movedFrom !== chosen.host);
      continue;
    }
    const preemption = priorityValue[vm.priority] >= minimumPreemptor ? planPreemption(vm, candidates, free, placement) : undefined;
    if (preemption) {
      for (const victim of preemption.victims) {
        const load = preemption.load;
        load.vms.splice(load.vms.indexOf(victim), 1);
        load.usedGB -= victim.startupGB ?? 0;
        placement.vms.set(victim, { vm: victim, state: 'preempted', host: load.host, moved: false, preemptedBy: vm, reason: `was preempted by ${vm.name} (priority ${vm.priority}) on ${load.host.name}` });
        if (victim.priority !== 'no_auto_start' && !staysWhereItRan(victim)) {
          // Preempted VMs are restarted later, in priority order, wherever there is room.
          const at = queue.findIndex((other) => byPriority(victim, other) < 0);
          queue.splice(at < 0 ? queue.length : at, 0, victim);
        }
      }
      put(vm, preemption.load, input.normal !== undefined && movedFrom !== preemption.load.host);
      placement.decisions[placement.decisions.length - 1].preempted = preemption.victims;
      continue;
    }
    // With nothing failed, the question is whether an arrangement exists, not what the first-come start gives: an
    // operator places VMs. Before leaving a VM off, try moving VMs placed earlier to other nodes to make room.
    const repair = input.normal === undefined ? planMoves(vm, candidates, free, candidatesOf, placement) : undefined;
    if (repair) {
      const { from, moves } = repair;
      for (const { mover, to } of moves) {
        from.vms.splice(from.vms.indexOf(mover), 1);
        from.usedGB -= mover.startupGB ?? 0;
        to.vms.push(mover);
        to.usedGB += mover.startupGB ?? 0;
        placement.vms.set(mover, { ...placement.vms.get(mover)!, host: to.host });
        // The mover's decision keeps its place in the sequence, with the node it runs on now.
        const decision = placement.decisions.find((each) => each.vm === mover && each.state === 'running');
        if (decision) decision.host = to.host;
      }
      put(vm, from, false);
      continue;
    }
    const previous = placement.vms.get(vm);
    const reason = noRoomReason(vm, candidates, free);
    if (previous?.state === 'preempted') placement.vms.set(vm, { ...previous, reason: `${previous.reason} and ${reason}` });
    else placement.vms.set(vm, { vm, state: 'no_capacity', moved: false, reason });
    decide(vm, 'no_capacity');
  }
  for (const placed of placement.vms.values()) if (placed.state !== 'running') placement.complete = false;
  return placement;
}

/** The lowest-priority running VMs a VM may preempt on one node to fit, on the node where that costs least. */
function planPreemption(vm: Vm, candidates: HostLoad[], free: (load: HostLoad) => number, placement: ClusterPlacement): { load: HostLoad; victims: Vm[] } | undefined {
  const need = vm.startupGB ?? 0;
  let best: { load: HostLoad; victims: Vm[]; key: number[] } | undefined;
  for (const load of candidates) {
    if (load.capacityGB === undefined || need > load.capacityGB) continue;
    const preemptible = load.vms
      .filter((other) => placement.vms.has(other) && priorityValue[other.priority] < priorityValue[vm.priority] && priorityValue[other.priority] < minimumNeverPreempt)
      .sort((a, b) => priorityValue[a.priority] - priorityValue[b.priority] || (b.startupGB ?? 0) - (a.startupGB ?? 0));
    let room = free(load);
    const victims: Vm[] = [];
    for (const other of preemptible) {
      if (need <= room + 1e-9) break;
      victims.push(other);
      room += other.startupGB ?? 0;
    }
    if (need > room + 1e-9 || victims.length === 0) continue;
    const key = [Math.max(...victims.map((other) => priorityValue[other.priority])), victims.length, -room];
    if (!best || compareKeys(key, best.key) < 0) best = { load, victims, key };
  }
  return best;
}

/**
 * VMs already placed that can move to other nodes they may run on, leaving room for a VM on the node they leave: one
 * VM if one is enough (the smallest that makes room), else the largest first until the room is made, on one node.
 */
function planMoves(
  vm: Vm, candidates: HostLoad[], free: (load: HostLoad) => number,
  candidatesOf: (vm: Vm) => HostLoad[], placement: ClusterPlacement,
): { from: HostLoad; moves: Array<{ mover: Vm; to: HostLoad }> } | undefined {
  const need = vm.startupGB ?? 0;
  const size = (other: Vm): number => other.startupGB ?? 0;
  const movable = (from: HostLoad): Vm[] => from.vms.filter((other) => placement.vms.get(other)?.state === 'running' && !staysWhereItRan(other));
  for (const from of candidates) {
    // The smallest mover that makes enough room alone, so that as little as possible changes.
    const movers = movable(from).filter((other) => need <= free(from) + size(other) + 1e-9).sort((a, b) => size(a) - size(b));
    for (const mover of movers) {
      const to = candidatesOf(mover).find((load) => load !== from && size(mover) <= free(load) + 1e-9);
      if (to) return { from, moves: [{ mover, to }] };
    }
  }
  for (const from of candidates) {
    if (from.capacityGB !== undefined && need > from.capacityGB + 1e-9) continue;
    // Several movers, the largest first, each to a node that still has room after the moves planned before it.
    const taken = new Map<HostLoad, number>();
    const moves: Array<{ mover: Vm; to: HostLoad }> = [];
    let room = free(from);
    for (const mover of movable(from).sort((a, b) => size(b) - size(a))) {
      if (need <= room + 1e-9) break;
      const to = candidatesOf(mover).find((load) => load !== from && size(mover) <= free(load) - (taken.get(load) ?? 0) + 1e-9);
      if (!to) continue;
      taken.set(to, (taken.get(to) ?? 0) + size(mover));
      moves.push({ mover, to });
      room += size(mover);
    }
    if (need <= room + 1e-9) return { from, moves };
  }
  return undefined;
}

/** A clustered VM on local storage cannot move to another node: it stays on the node that started it, or stays down. */
function staysWhereItRan(vm: Vm): boolean {
  return vm.storage?.type === 'local';
}

/** "needs 8 GB, HV02 has 3 GB free after its reserve (HV03 2 GB)". */
function noRoomReason(vm: Vm, candidates: HostLoad[], free: (load: HostLoad) => number): string {
  const sorted = [...candidates].sort((a, b) => free(b) - free(a));
  const [first, ...rest] = sorted;
  const others = rest.slice(0, 2).map((load) => `${load.host.name} ${gb(Math.max(0, free(load)))} GB`);
  const more = rest.length > 2 ? ` and ${rest.length - 2} more` : '';
  return `needs ${gb(vm.startupGB ?? 0)} GB, ${first.host.name} has ${gb(Math.max(0, free(first)))} GB free after its ${gb(first.host.reserveGB)} GB reserve${others.length > 0 ? ` (${others.join(', ')}${more})` : ''}`;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index] - b[index];
  return 0;
}

const normalCache = new WeakMap<StampModel, Map<Cluster, ClusterPlacement>>();

/** The placement with nothing failed, computed once per model. */
export function normalPlacement(model: StampModel, cluster: Cluster): ClusterPlacement {
  let byCluster = normalCache.get(model);
  if (!byCluster) normalCache.set(model, (byCluster = new Map()));
  let placement = byCluster.get(cluster);
  if (!placement) {
    placement = placeCluster(model, cluster, { nodeUp: () => true, vmEligible: () => true, fixedRunning: () => true });
    byCluster.set(cluster, placement);
  }
  return placement;
}

/** The load of hosts that are no Hyper-V cluster's node: their fixed VMs. */
export function standaloneLoad(host: Host, vms: readonly Vm[]): HostLoad {
  return { host, capacityGB: hostCapacityGB(host), usedGB: vms.reduce((sum, vm) => sum + (vm.startupGB ?? 0), 0), vms: [...vms] };
}

export { gb as formatGB };
