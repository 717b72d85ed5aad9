// Memory placement of the VMs of a Hyper-V cluster, as failover clustering does it: priority order, startup memory
// against each node's memory after its reserve, anti-affinity as a preference, preferred and possible owners, and
// preemption of lower-priority VMs.
import type { Cluster, Host, StampModel, Vm, VmPriority } from '../../../grammar/src/model.js';

/** The cluster group priority values (CLUSTER_GROUP_PRIORITY): higher starts first. */
export const priorityValue: Record<VmPriority, number> = { high: 3000, medium: 2000, low: 1000, no_auto_start: 0 };
/** The cluster's defaults: groups from `low` up may preempt (MinimumPreemptorPriority 1); `high` is never preempted (MinimumNeverPreemptPriority 3000). */
// (Groups below MinimumPreemptorPriority, `no_auto_start`, find nothing of a lower priority to preempt; nothing is above
// `high`, so nothing preempts it: both defaults follow from comparing priorities.)

/** What the placement did with one VM. */
export type VmPlacementState = 'running' | 'no_capacity' | 'preempted' | 'not_started' | 'no_owner';

export interface VmPlacement {
  vm: Vm;
  state: VmPlacementState;
  /** The node it runs on (running), or was preempted from. */
  host?: Host;
  /** Running on another node than in normal operation: it restarted there (running VMs only). */
  moved?: boolean;
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
  // Stryker disable next-line ConditionalExpression: computing the facts again on every call gives the same facts (cost only).
  if (!byCluster) {
    byCluster = new Map();
    // Stryker disable next-line CallExpression: not kept, the facts are computed again on the next call, the same (cost only).
    factsCache.set(model, byCluster);
    const fixed = new Map<Cluster, Map<Host, Vm[]>>();
    const placed = new Map<Cluster, Vm[]>();
    for (const each of model.clusters) {
      fixed.set(each, new Map());
      placed.set(each, []);
    }
    const add = (owner: Cluster, host: Host, vm: Vm): void => {
      const map = fixed.get(owner)!;
      const list = map.get(host);
      if (list) list.push(vm);
      else map.set(host, [vm]);
    };
    for (const vm of model.vms) {
      // A host's `clusters` are the Hyper-V clusters it is a node of.
      if (vm.host) for (const owner of vm.host.clusters) add(owner, vm.host, vm);
      // A clustered VM on local storage (HV002) is still the cluster's to place: which node holds its files is not
      // written, so it is not pinned to any one node; it runs where the cluster starts it and cannot move from there.
      if (vm.cluster && vm.cluster.kind === 'hyperv') placed.get(vm.cluster)!.push(vm);
    }
    for (const each of model.clusters) {
      const hosts = nodeHostsOf(model, each);
      // Only Hyper-V clusters place VMs (a guest cluster's list is empty): their capacity alone can be known.
      const known = hosts.length > 0 && hosts.length === each.nodes.length && hosts.every((host) => host.memoryGB !== undefined) && placed.get(each)!.some((vm) => vm.startupGB !== undefined);
      byCluster.set(each, { fixed: fixed.get(each)!, placed: placed.get(each)!, known });
    }
  }
  // Every cluster of the model has its facts (callers pass the model's clusters).
  return byCluster.get(cluster)!;
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
  // Stryker disable next-line ArrayDeclaration: without the index every key ends in undefined, which compare equal, and choose keeps the first of equal nodes in node order, as the index does
  const hostIndex = new Map(hosts.map((host, index) => [host, index]));
  // A node's state does not change while its cluster is placed: asked once per node (each answer may be a simulation's lookup).
  const upNodes = new Map<Host, boolean>();
  const nodeUp = (host: Host): boolean => {
    let up = upNodes.get(host);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: cost only: asking again gives the same answer.
    if (up === undefined) upNodes.set(host, (up = input.nodeUp(host)));
    return up;
  };
  const loads = new Map<Host, HostLoad>();
  // Kept with each node's list of running VMs: how many of them hold each anti-affinity class (in lower case), and how
  // many of the VMs the cluster placed there have each priority. A VM finds nothing to preempt on a node without a
  // placed VM of a lower priority, which is then known without looking at the node's VMs (on a full cluster of VMs of
  // one priority, each VM left off would otherwise read every VM placed before it, in every failure simulated).
  const counts = new Map<HostLoad, { classes: Map<string, number>; placedByPriority: Map<VmPriority, number> }>();
  for (const host of hosts) {
    const load: HostLoad = { host, capacityGB: hostCapacityGB(host), usedGB: 0, vms: [] };
    loads.set(host, load);
    counts.set(load, { classes: new Map(), placedByPriority: new Map() });
  }
  const countClass = (load: HostLoad, vm: Vm, change: number): void => {
    if (vm.antiAffinity === undefined) return;
    const { classes } = counts.get(load)!;
    const name = vm.antiAffinity.toLowerCase();
    classes.set(name, (classes.get(name) ?? 0) + change);
  };
  const placement: ClusterPlacement = { cluster, known, loads, vms: new Map(), complete: true, decisions: [] };
  // Stryker disable next-line ArrayDeclaration: the decision log is read only by the property test of test/capacity.test.ts, which compares two placements made by the same code; no output shows it.
  const decide = (vm: Vm, state: VmPlacementState, host?: Host, preempted: Vm[] = []): void => {
    placement.decisions.push({ vm, state, host, preempted });
  };
  for (const [host, vms] of fixedVmsOf(model, cluster)) {
    // The hosts VMs are fixed to are the cluster's nodes.
    const load = loads.get(host)!;
    // Stryker disable next-line ConditionalExpression: a VM fixed to a node that is down is not running either (fixedRunning answers false: a VM goes down with its host), so asking each VM gives the same loads.
    if (!nodeUp(host)) continue;
    for (const vm of vms) {
      if (!input.fixedRunning(vm)) continue;
      load.vms.push(vm);
      load.usedGB += vm.startupGB ?? 0;
      countClass(load, vm, 1);
    }
  }
  // Stryker disable next-line ConditionalExpression: every caller places a cluster only when its capacity is known (capacityKnown first), so this return is a precondition no input reaches.
  if (!known) return placement;

  const order = new Map<Vm, number>();
  const queue: Vm[] = [];
  const placed = placedVmsOf(model, cluster);
  placed.forEach((vm, index) => order.set(vm, index));
  // A VM the cluster placed starts running on a node, or stops (preempted, or moved off it): its list, memory and counts.
  const enter = (load: HostLoad, vm: Vm): void => {
    load.vms.push(vm);
    load.usedGB += vm.startupGB ?? 0;
    countPlaced(load, vm, 1);
  };
  const leave = (load: HostLoad, vm: Vm): void => {
    load.vms.splice(load.vms.indexOf(vm), 1);
    load.usedGB -= vm.startupGB ?? 0;
    countPlaced(load, vm, -1);
  };
  const countPlaced = (load: HostLoad, vm: Vm, change: number): void => {
    countClass(load, vm, change);
    const { placedByPriority } = counts.get(load)!;
    placedByPriority.set(vm.priority, (placedByPriority.get(vm.priority) ?? 0) + change);
  };
  const hasPlacedBelow = (load: HostLoad, priority: VmPriority): boolean => {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: cost only (as the filter of planPreemption's nodes below): a node kept wrongly gives planPreemption no victim
    for (const [each, placedThere] of counts.get(load)!.placedByPriority) if (placedThere > 0 && priorityValue[each] < priorityValue[priority]) return true;
    // Stryker disable next-line BooleanLiteral: cost only (as above)
    return false;
  };
  const put = (vm: Vm, load: HostLoad, moved: boolean): void => {
    enter(load, vm);
    placement.vms.set(vm, { vm, state: 'running', host: load.host, moved });
    decide(vm, 'running', load.host);
  };
  for (const vm of placed) {
    if (!input.vmEligible(vm)) continue;
    const before = input.normal?.vms.get(vm);
    const home = before?.state === 'running' ? before.host : undefined;
    const load = home ? loads.get(home) : undefined;
    if (load && nodeUp(load.host)) put(vm, load, false);
    // Its files are on the lost node's disks: it goes down with that node, and no other node can restart it.
    else if (input.normal && staysWhereItRan(vm)) continue;
    else queue.push(vm);
  }
  const byPriority = (a: Vm, b: Vm): number => priorityValue[b.priority] - priorityValue[a.priority] || order.get(a)! - order.get(b)!;
  queue.sort(byPriority);

  // With the capacity known, every node has memory.
  const free = (load: HostLoad): number => load.capacityGB! - load.usedGB;
  const fits = (vm: Vm, load: HostLoad): boolean => {
    // Stryker disable next-line EqualityOperator: with the 1e-9 tolerance, < and <= differ only for a VM needing exactly 1e-9 GB more than is free, which no written size gives.
    return (vm.startupGB ?? 0) <= free(load) + 1e-9;
  };
  /** The free memory of every running node together (no node counts below zero). */
  const freeInAll = (): number => {
    let total = 0;
    // Stryker disable next-line ConditionalExpression: cost only: a down node's free memory only lets planMoves look, and it moves VMs between running nodes, so it finds an arrangement only when the running nodes' free memory suffices
    for (const load of loads.values()) if (nodeUp(load.host)) total += Math.max(0, free(load));
    return total;
  };
  const candidatesOf = (vm: Vm): HostLoad[] => {
    const allowed = vm.possibleOwners.length > 0 ? new Set(vm.possibleOwners) : undefined;
    return hosts.filter((host) => nodeUp(host) && (!allowed || allowed.has(host.element))).map((host) => loads.get(host)!);
  };
  const conflicts = (vm: Vm, load: HostLoad): boolean => {
    // (A VM without a class matches none. The VM being placed is in no load yet.)
    // Stryker disable next-line BooleanLiteral: a VM without a class that conflicted everywhere would rank every node alike, and choose the same node
    if (vm.antiAffinity === undefined) return false;
    return (counts.get(load)!.classes.get(vm.antiAffinity.toLowerCase()) ?? 0) > 0;
  };
  const preferenceRank = (vm: Vm, load: HostLoad): number => {
    const index = vm.preferredOwners.indexOf(load.host.element);
    return index < 0 ? vm.preferredOwners.length : index;
  };
  /** The cluster's choice among nodes with room: away from its anti-affinity class, then its preferred owners, then the most free memory. */
  const choose = (vm: Vm, candidates: HostLoad[]): HostLoad | undefined => {
    let best: { load: HostLoad; key: number[] } | undefined;
    for (const load of candidates) {
      if (!fits(vm, load)) continue;
      const key = [conflicts(vm, load) ? 1 : 0, preferenceRank(vm, load), -free(load), load.vms.length, hostIndex.get(load.host)!];
      // Stryker disable next-line EqualityOperator: the keys end with the node's index, so no two are equal and <= chooses as < does.
      if (!best || compareKeys(key, best.key) < 0) best = { load, key };
    }
    return best?.load;
  };

  // The loop ends on its own: a VM goes back into the queue only when a VM of a higher priority preempts it, behind every
  // queued VM of its priority or above, so the queue stays in priority order and VMs leave it in non-increasing priority;
  // a VM taken from the queue is then never preempted (only a higher priority preempts), and each VM is taken at most
  // once (placementWithoutLeftOffVm relies on it). The guard bounds the cost all the same; no input comes near it.
  // Stryker disable next-line ArithmeticOperator: the cost bound (as below).
  let guard = placed.length * 4 + 16;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UpdateOperator: the cost bound above: the queue empties long before it in every design the tests have (not reachable short of thousands of preemptions).
  while (queue.length > 0 && guard-- > 0) {
    const vm = queue.shift()!;
    const candidates = candidatesOf(vm);
    if (candidates.length === 0) {
      const owners = vm.possibleOwners.map((owner) => owner.name);
      // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: without possible owners, no candidate means no node runs; its VMs are then down for lack of nodes before the placement is read (simulate.ts), and capacity counts only VMs off for memory: the second wording is never shown.
      const reason = owners.length > 0 ? `none of its possible owners (${owners.join(', ')}) is running` : `no node of ${cluster.name} is running`;
      placement.vms.set(vm, { vm, state: 'no_owner', reason });
      // Stryker disable next-line StringLiteral,CallExpression: the decision log is read only by the property test of test/capacity.test.ts, which compares two placements made by the same code.
      decide(vm, 'no_owner');
      continue;
    }
    // A VM that must be restarted by an operator is not started by the cluster.
    if (vm.priority === 'no_auto_start' && input.normal) {
      placement.vms.set(vm, { vm, state: 'not_started', reason: `${vm.name} has priority no_auto_start: the cluster moves it but an operator must start it` });
      // Stryker disable next-line StringLiteral,CallExpression: the decision log (as above).
      decide(vm, 'not_started');
      continue;
    }
    const chosen = choose(vm, candidates);
    // Under a failure, a VM the queue starts was not running (its node is down, it found no room before, or it was
    // preempted just now): it restarts, even on the node it ran on.
    if (chosen) {
      put(vm, chosen, input.normal !== undefined);
      continue;
    }
    // Stryker disable next-line MethodExpression,ArrowFunction: cost only: on a node without a placed VM of a lower priority planPreemption finds no victim, and the VM does not fit there (choose found no node).
    const preemption = planPreemption(vm, candidates.filter((load) => hasPlacedBelow(load, vm.priority)), free, placement);
    if (preemption) {
      for (const victim of preemption.victims) {
        const load = preemption.load;
        leave(load, victim);
        placement.vms.set(victim, { vm: victim, state: 'preempted', host: load.host, preemptedBy: vm, reason: `was preempted by ${vm.name} (priority ${vm.priority}) on ${load.host.name}` });
        if (victim.priority !== 'no_auto_start' && !staysWhereItRan(victim)) {
          // Preempted VMs are restarted later, in priority order, wherever there is room.
          // Stryker disable next-line EqualityOperator: byPriority is 0 only for a VM against itself (the order breaks ties), and a victim is not in the queue.
          const at = queue.findIndex((other) => byPriority(victim, other) < 0);
          queue.splice(at < 0 ? queue.length : at, 0, victim);
        }
      }
      // Only under a failure: with nothing failed the queue is in priority order and nothing placed is below the VM.
      put(vm, preemption.load, true);
      placement.decisions[placement.decisions.length - 1].preempted = preemption.victims;
      continue;
    }
    // With nothing failed, the question is whether an arrangement exists, not what the first-come start gives: an
    // operator places VMs. Before leaving a VM off, try moving VMs placed earlier to other nodes to make room.
    // (Moves only shift free memory between running nodes: when all of it together is less than the VM needs, no
    // arrangement fits it, and an overcommitted cluster does not look for one for each VM it leaves off.)
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,LogicalOperator: cost only: with less free memory in all running nodes together than the VM needs, planMoves finds no arrangement either.
    const repair = input.normal === undefined && freeInAll() + 1e-6 >= (vm.startupGB ?? 0) ? planMoves(vm, candidates, free, candidatesOf, placement) : undefined;
    if (repair) {
      const { from, moves } = repair;
      for (const { mover, to } of moves) {
        leave(from, mover);
        enter(to, mover);
        placement.vms.set(mover, { ...placement.vms.get(mover)!, host: to.host });
        // The mover's decision keeps its place in the sequence, with the node it runs on now.
        // (Moves happen with nothing failed, where nothing is preempted: a mover has one running decision, made by put().)
        // Stryker disable next-line ConditionalExpression,LogicalOperator: the decision log is read only by the property test of test/capacity.test.ts; no output shows it.
        const decision = placement.decisions.find((each) => each.vm === mover && each.state === 'running')!;
        decision.host = to.host;
      }
      put(vm, from, false);
      continue;
    }
    const previous = placement.vms.get(vm);
    const reason = noRoomReason(vm, candidates, free);
    if (previous?.state === 'preempted') placement.vms.set(vm, { ...previous, reason: `${previous.reason} and ${reason}` });
    else placement.vms.set(vm, { vm, state: 'no_capacity', reason });
    // Stryker disable next-line StringLiteral: the decision log (as above).
    decide(vm, 'no_capacity');
  }
  if (!everyVmRuns(placement.vms)) placement.complete = false;
  return placement;
}

/** Whether every VM of a placement runs (its `complete`). */
function everyVmRuns(vms: Map<Vm, VmPlacement>): boolean {
  for (const placed of vms.values()) if (placed.state !== 'running') return false;
  return true;
}

/** The lowest-priority running VMs a VM may preempt on one node to fit, on the node where that costs least. */
function planPreemption(vm: Vm, candidates: HostLoad[], free: (load: HostLoad) => number, placement: ClusterPlacement): { load: HostLoad; victims: Vm[] } | undefined {
  const need = vm.startupGB ?? 0;
  let best: { load: HostLoad; victims: Vm[]; key: number[] } | undefined;
  for (const load of candidates) {
    // Fixed VMs (not placed by the cluster) are not preempted; nothing has a priority above `high`.
    const preemptible = load.vms
      .filter((other) => placement.vms.has(other) && priorityValue[other.priority] < priorityValue[vm.priority])
      .sort((a, b) => priorityValue[a.priority] - priorityValue[b.priority] || (b.startupGB ?? 0) - (a.startupGB ?? 0));
    let room = free(load);
    const victims: Vm[] = [];
    for (const other of preemptible) {
      // Stryker disable next-line EqualityOperator: the tolerance (as above).
      if (need <= room + 1e-9) break;
      victims.push(other);
      room += other.startupGB ?? 0;
    }
    // (No node had room for the VM, so at least one victim was needed wherever it fits now.)
    // Stryker disable next-line EqualityOperator: with the 1e-9 tolerance, > and >= differ only at exactly 1e-9 GB, which no written size gives.
    if (need > room + 1e-9) continue;
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
    // Stryker disable next-line EqualityOperator: the 1e-9 tolerance: < and <= differ only at exactly 1e-9 GB, which no written size gives.
    const movers = movable(from).filter((other) => need <= free(from) + size(other) + 1e-9).sort((a, b) => size(a) - size(b));
    for (const mover of movers) {
      // Stryker disable next-line EqualityOperator,ArithmeticOperator: the tolerance (as above); without it, a mover that fills its target exactly is left to the several-VM move below, which takes the same VM (nothing larger fits that target, and VMs of one size keep their order in both sorts).
      const to = candidatesOf(mover).find((load) => load !== from && size(mover) <= free(load) + 1e-9);
      if (to) return { from, moves: [{ mover, to }] };
    }
  }
  for (const from of candidates) {
    // (A node whose memory is less than the VM needs never makes room: the room checked below never exceeds it.)
    // Several movers, the largest first, each to a node that still has room after the moves planned before it.
    const taken = new Map<HostLoad, number>();
    const moves: Array<{ mover: Vm; to: HostLoad }> = [];
    let room = free(from);
    for (const mover of movable(from).sort((a, b) => size(b) - size(a))) {
      // Stryker disable next-line EqualityOperator: the tolerance (as above); the other forms are killed by CR.
      if (need <= room + 1e-9) break;
      // Stryker disable next-line EqualityOperator: the tolerance (as above).
      const to = candidatesOf(mover).find((load) => load !== from && size(mover) <= free(load) - (taken.get(load) ?? 0) + 1e-9);
      if (!to) continue;
      taken.set(to, (taken.get(to) ?? 0) + size(mover));
      moves.push({ mover, to });
      room += size(mover);
    }
    // Stryker disable next-line EqualityOperator: the tolerance (as above).
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

/** Orders two keys of one length, element by element. */
function compareKeys(a: readonly number[], b: readonly number[]): number {
  // Stryker disable next-line EqualityOperator: one step past the end both keys read undefined, which compare equal
  for (let index = 0; index < a.length; index++) {
    if (a[index] !== b[index]) return a[index] - b[index];
  }
  return 0;
}

/** A placement kept per model and cluster: `compute` runs once for each. */
function memoPerCluster(cache: WeakMap<StampModel, Map<Cluster, ClusterPlacement>>, model: StampModel, cluster: Cluster, compute: () => ClusterPlacement): ClusterPlacement {
  let byCluster = cache.get(model);
  // Stryker disable next-line ConditionalExpression: a new map on every call only loses the memo (cost only).
  if (!byCluster) cache.set(model, (byCluster = new Map()));
  let placement = byCluster.get(cluster);
  // Stryker disable next-line ConditionalExpression: placing again gives an equal placement (cost only): no reader compares two by identity but simulate.ts's replay of the normal placement, which evaluates the same machines either way.
  if (!placement) {
    placement = compute();
    // Stryker disable next-line CallExpression: not kept, the placement is made again (as above).
    byCluster.set(cluster, placement);
  }
  return placement;
}

const normalCache = new WeakMap<StampModel, Map<Cluster, ClusterPlacement>>();

/** The placement with nothing failed, computed once per model. */
export function normalPlacement(model: StampModel, cluster: Cluster): ClusterPlacement {
  return memoPerCluster(normalCache, model, cluster, () => placeCluster(model, cluster, { nodeUp: () => true, vmEligible: () => true, fixedRunning: () => true }));
}

const unchangedCache = new WeakMap<StampModel, Map<Cluster, ClusterPlacement>>();

/**
 * The placement under a failure that changes none of its inputs (every node up, every VM eligible, every fixed VM
 * running): the normal placement's running VMs stay where they are, and the others are tried again in priority order,
 * now with preemption and without moves. Computed once per model.
 */
function placementUnderNoChange(model: StampModel, cluster: Cluster): ClusterPlacement {
  return memoPerCluster(unchangedCache, model, cluster, () => placeCluster(model, cluster, {
    nodeUp: () => true,
    // Stryker disable next-line ArrowFunction,BooleanLiteral: with no VM eligible this placement has no VM, so placementWithoutLeftOffVm (its only reader) finds none left off and the cluster is placed again, the same (cost only).
    vmEligible: () => true,
    fixedRunning: () => true,
    normal: normalPlacement(model, cluster),
  }));
}

/**
 * The placement under the failure of one clustered VM while every node runs, without placing the cluster again, when
 * that VM changes nothing for the others: placed under no change at all, it was left off (no room, no owner, not
 * started) without preempting anything, so it never held memory on a node, and the other VMs are placed exactly as
 * without it. The result is what `placeCluster` gives for that failure: the placement under no change without the
 * VM's entry and decision. Undefined when the VM ran there (its memory is freed: the cluster must be placed again).
 * (Every other input is the same under the VM's failure: its nodes are hosts, which a VM's failure leaves running; the
 * other VMs' storage and the fixed VMs do not depend on it.)
 */
// Stryker disable next-line BlockStatement: an empty body answers undefined, the cluster is placed again, the same (cost only).
export function placementWithoutLeftOffVm(model: StampModel, cluster: Cluster, vm: Vm): ClusterPlacement | undefined {
  const unchanged = placementUnderNoChange(model, cluster);
  const state = unchanged.vms.get(vm)?.state;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: each form that declines the shortcut for a VM left off places the cluster again, the same (cost only); the `false` forms, the shortcut for a VM that ran or was preempted, are killed.
  if (state !== 'no_capacity' && state !== 'no_owner' && state !== 'not_started') return undefined;
  // A VM preempted and then left off has the state `preempted`; one left off once has exactly one decision, and the
  // placement's loop never meets its cost bound (each VM is taken from the queue at most once: see placeCluster), so the
  // failure's placement is this one without that decision.
  // Stryker disable next-line MethodExpression,ArrowFunction,ConditionalExpression,EqualityOperator: the decision log is read only by the property test of test/capacity.test.ts, over placements under node failures (which never take this shortcut); no output shows it.
  const decisions = unchanged.decisions.filter((decision) => decision.vm !== vm);
  const vms = new Map(unchanged.vms);
  vms.delete(vm);
  return { cluster, known: unchanged.known, loads: unchanged.loads, vms, complete: everyVmRuns(vms), decisions };
}

export { gb as formatGB };
