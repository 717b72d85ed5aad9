// CAP rules: memory capacity of Hyper-V hosts and clusters, from the failure analysis's placement (server/src/resilience/placement.ts).
import { headSpan } from '../../../grammar/src/edits.js';
import { prop, type Element, type Span } from '../../../grammar/src/elements.js';
import type { Host, StampModel, Vm } from '../../../grammar/src/model.js';
import { links } from '../../../grammar/src/schema.js';
import { capacityKnown, formatGB, hostCapacityGB, nodeHostsOf, normalPlacement, type ClusterPlacement } from '../resilience/placement.js';
import { FailureSimulator, joinNames } from '../resilience/simulate.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, reading } from './reads.js';

/** The statement that sets a VM's startup memory: `startup` in its dynamic_memory block, else `memory`, else the VM's head. */
function startupSpan(vm: Vm): Span {
  const dynamic = vm.dynamicMemory?.element;
  // Stryker disable next-line OptionalChaining: equivalent: read only when the VM has a dynamic_memory block
  const written = (dynamic && vm.dynamicMemory?.startupGB !== undefined ? prop(dynamic, 'startup') : undefined) ?? prop(vm.element, 'memory');
  return written ? { start: written.statement.start, end: written.statement.end } : headSpan(vm.element);
}

const sumGB = (vms: readonly Vm[]): number => vms.reduce((sum, vm) => sum + (vm.startupGB ?? 0), 0);

/** "30 GB for VMs (32 GB minus its 2 GB reserve)". */
function capacityText(host: Host): string {
  return `${formatGB(hostCapacityGB(host) ?? 0)} GB for VMs (${formatGB(host.memoryGB ?? 0)} GB minus its ${formatGB(host.reserveGB)} GB reserve)`;
}

/** The VMs fixed to each host: those placed `on` it (a clustered VM on local storage is the cluster's to place). */
function fixedLoads(model: StampModel): Map<Host, Vm[]> {
  const result = new Map<Host, Vm[]>();
  for (const vm of model.vms) {
    if (vm.host) result.set(vm.host, [...(result.get(vm.host) ?? []), vm]);
  }
  return result;
}

/**
 * Whether every VM the cluster runs on a node finds room elsewhere when that node is lost, without placing the cluster
 * again: their startup memory together fits in the free memory of each other node (with nothing failed). Under the
 * node's loss the other nodes keep their VMs and fixed VMs, so each node starts with that free memory; however the
 * cluster then spreads the lost node's VMs, a node has lost at most the memory of the VMs placed before, so every VM
 * still fits on any node it may run on, and nothing is preempted or left without room. (A VM with no surviving owner,
 * or one an operator must start, is not lost to capacity either.) When this is false, the cluster is placed again.
 */
function surelyAbsorbed(normal: ClusterPlacement, lost: Element): boolean {
  let movingGB = 0;
  let leastFreeGB = Infinity;
  for (const load of normal.loads.values()) {
    if (load.host.element === lost) {
      for (const vm of load.vms) if (normal.vms.has(vm)) movingGB += Math.max(0, vm.startupGB ?? 0);
    } else {
      // With the capacity known, every node has memory.
      leastFreeGB = Math.min(leastFreeGB, load.capacityGB! - load.usedGB);
    }
  }
  // Stryker disable next-line EqualityOperator: with the 1e-9 tolerance (as `fits` in placement.ts), < and <= differ only at one exact float
  return movingGB <= leastFreeGB + 1e-9;
}

/** The VMs that ran before and find no room after a node is lost. */
function lostToCapacity(normal: ClusterPlacement, after: ClusterPlacement): Vm[] {
  const lost: Vm[] = [];
  for (const [vm, placed] of after.vms) {
    // Stryker disable next-line OptionalChaining: equivalent: a placement after a failure places no VM the normal one does not
    if ((placed.state === 'no_capacity' || placed.state === 'preempted') && normal.vms.get(vm)?.state === 'running') lost.push(vm);
  }
  return lost;
}

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed.
const capReads = reading(['host', 'vm', 'cluster', 'san']);

export const capRules: Rule[] = declareReads(capReads, [
  defineRule({
    id: 'CAP001', family: 'CAP', severity: 'warning', seed: 'S',
    title: 'A Hyper-V cluster must restart every VM after losing any one node (N+1)',
    explanation:
      'When a node fails, failover clustering restarts its VMs on the surviving nodes in priority order, each where its startup memory fits after the node\'s reserve; a high-priority VM may preempt lower-priority ones. VMs that find no room stay off until an operator frees memory.\n\n' +
      'Stamp places the VMs of the cluster with every node up, then takes each node away in turn and places again. When some VMs that were running cannot restart, the finding names the node whose loss hurts most, the VMs left off and how much memory is missing. Add memory or a node, lower startup memory (Dynamic Memory), or give the VMs that may wait a `low` priority so that they make room. Hosts or VMs without `memory` are not assumed full or empty: a cluster with a node of unknown memory is not checked.',
    sources: [
      { label: 'seed 003 (four 32 GB servers sized for the whole project)' },
      { label: 'VM priority and preemption (CLUSTER_GROUP_PRIORITY)', url: links.groupPriority },
      { label: 'MinimumPreemptorPriority', url: links.preemption },
      { label: 'Physical memory reservations of clustered Hyper-V hosts', url: links.rootReserve },
    ],
    check(model, report) {
      for (const cluster of model.clusters) {
        // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent: a cluster of unknown capacity is placed without VMs (nothing is lost), and one node's loss takes its cluster's quorum
        if (!capacityKnown(model, cluster) || cluster.nodes.length < 2) continue;
        const normal = normalPlacement(model, cluster);
        let worst: { node: Element; lost: Vm[]; shortGB: number; lostGB: number } | undefined;
        for (const node of cluster.nodes) {
          // Only a cluster that runs all its VMs keeps them where they ran when a node is lost (see placeCluster).
          if (normal.complete && surelyAbsorbed(normal, node)) continue;
          const simulator = new FailureSimulator(model, [node]);
          if (simulator.quorum(cluster).state !== 'up') continue;
          const after = simulator.placement(cluster);
          // Stryker disable next-line ConditionalExpression: equivalent: a cluster of known capacity always has a placement
          if (!after) continue;
          const lost = lostToCapacity(normal, after);
          if (lost.length === 0) continue;
          const lostGB = sumGB(lost);
          let freeGB = 0;
          for (const load of after.loads.values()) if (load.host.element !== node) freeGB += Math.max(0, (load.capacityGB ?? 0) - load.usedGB);
          if (!worst || lostGB > worst.lostGB) worst = { node, lost, shortGB: Math.max(0, lostGB - freeGB), lostGB };
        }
        if (!worst) continue;
        const names = joinNames(worst.lost.map((vm) => vm.name));
        const shortage = worst.shortGB > 0
          ? `the surviving nodes are ${formatGB(worst.shortGB)} GB short`
          : 'the surviving nodes have the memory in total, but no single node has room for them';
        report({
          element: cluster.element,
          message: `${cluster.name} cannot absorb the loss of ${worst.node.name}: ${names} (${formatGB(worst.lostGB)} GB at start) would not restart; ${shortage}.`,
        });
      }
    },
  }),
  defineRule({
    id: 'CAP002', family: 'CAP', severity: 'warning', seed: 'S',
    title: 'A VM must fit on every node it may fail over to',
    explanation:
      'A node can start a VM only if its free memory, after the host\'s reserve and the VMs fixed to that node, covers the VM\'s startup memory. A VM larger than that can never fail over or live-migrate to the node: seed 004 meets a 50 GB VM in a cluster where one old node had only 48 GB.\n\n' +
      'Give the small node more memory, lower the VM\'s startup memory (Dynamic Memory starts lower and grows), or keep the VM off that node with `possible_owners`. Nodes or VMs without `memory` are not checked.',
    sources: [
      { label: 'seed 004 ("one of the old host was still a member of the cluster and \'only\' has 48GB of RAM")' },
      { label: 'Set-VMMemory (startup, minimum and maximum memory)', url: links.vmMemory },
      { label: 'Set-ClusterOwnerNode (possible and preferred owners)', url: links.ownerNodes },
    ],
    check(model, report) {
      const fixed = fixedLoads(model);
      for (const vm of model.vms) {
        const cluster = vm.cluster;
        if (!cluster || cluster.kind !== 'hyperv' || vm.storage?.type === 'local' || vm.startupGB === undefined) continue;
        const allowed = vm.possibleOwners.length > 0 ? new Set(vm.possibleOwners) : undefined;
        const nodes = nodeHostsOf(model, cluster).filter((host) => !allowed || allowed.has(host.element));
        const tooSmall: string[] = [];
        let known = 0;
        for (const host of nodes) {
          const capacity = hostCapacityGB(host);
          if (capacity === undefined) continue;
          known++;
          const pinned = fixed.get(host) ?? [];
          const room = capacity - sumGB(pinned);
          // Stryker disable next-line EqualityOperator: equivalent: with the 1e-9 tolerance, < and <= differ only at one exact float
          if (vm.startupGB <= room + 1e-9) continue;
          const pinnedText = pinned.length > 0 ? ` and ${formatGB(sumGB(pinned))} GB for ${joinNames(pinned.map((other) => other.name))}` : '';
          tooSmall.push(`${host.name} has ${formatGB(Math.max(0, room))} GB free (${formatGB(host.memoryGB!)} GB minus its ${formatGB(host.reserveGB)} GB reserve${pinnedText})`);
        }
        if (tooSmall.length === 0) continue;
        const everywhere = tooSmall.length === known && known === nodes.length;
        report({
          element: vm.element, span: startupSpan(vm),
          message: `VM ${vm.name} needs ${formatGB(vm.startupGB)} GB at start but ${tooSmall.join(', and ')}; ${everywhere ? `it cannot start on any node of ${cluster.name}` : `it can never fail over there`}.`,
        });
      }
    },
  }),
  defineRule({
    id: 'CAP003', family: 'CAP', severity: 'warning', seed: '—',
    title: 'A host or cluster must run its VMs with nothing failed',
    explanation:
      'Before any failure, every VM must find its startup memory on a host after the host\'s reserve. A host whose fixed VMs need more than it has, or a cluster whose VMs do not all fit on its nodes together, leaves VMs off in normal operation, and any failure makes it worse.\n\n' +
      'Stamp counts the startup memory of the VMs fixed to each host, and places the clustered VMs of each Hyper-V cluster in priority order by free memory, anti-affinity and preferred owners, as the cluster does. Hosts or VMs without `memory` are not checked.',
    sources: [
      { label: 'seed 003 ("Virtual machines can be \'inflated\' to the size of the resource node")' },
      { label: 'Physical memory reservations of clustered Hyper-V hosts', url: links.rootReserve },
      { label: 'Set-VMMemory (startup memory)', url: links.vmMemory },
    ],
    check(model, report) {
      for (const [host, vms] of fixedLoads(model)) {
        const capacity = hostCapacityGB(host);
        const needed = sumGB(vms);
        // Stryker disable next-line EqualityOperator: equivalent: with the 1e-9 tolerance, < and <= differ only at one exact float
        if (capacity === undefined || needed <= capacity + 1e-9) continue;
        report({
          element: host.element,
          message: `Host ${host.name} has ${capacityText(host)}, but ${joinNames(vms.map((vm) => vm.name))} ${vms.length === 1 ? 'needs' : 'need'} ${formatGB(needed)} GB at start; ${formatGB(needed - capacity)} GB is missing.`,
        });
      }
      for (const cluster of model.clusters) {
        // Stryker disable next-line ConditionalExpression: equivalent as `false`: a cluster of unknown capacity is placed without VMs, so none is off (the mark also covers the killed `true`)
        if (!capacityKnown(model, cluster)) continue;
        const off = [...normalPlacement(model, cluster).vms.values()].filter((placed) => placed.state !== 'running');
        if (off.length === 0) continue;
        const first = off[0];
        report({
          element: cluster.element,
          message: `${cluster.name} cannot run all its VMs even with every node up: ${joinNames(off.map((placed) => placed.vm.name))} ${off.length === 1 ? 'finds' : 'find'} no room (${first.vm.name}${first.state === 'no_owner' ? ':' : ''} ${first.reason}).`,
        });
      }
    },
  }),
]);
