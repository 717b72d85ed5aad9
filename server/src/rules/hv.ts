// HV rules of the catalog (rules.md 2.5): Hyper-V hosts, host clusters, CSVs and where VMs run.
import type { Fix, TextEdit } from '../../../grammar/src/diagnostic.js';
import type { Element, Value } from '../../../grammar/src/elements.js';
import { childrenOf, prop, propValues } from '../../../grammar/src/elements.js';
import { insertStatement, nameText, setProperty } from '../../../grammar/src/edits.js';
import type { Cluster, Csv, Host, Nlb, Replication, StampModel, Vm, VSwitch } from '../../../grammar/src/model.js';
import { registerProcessCache } from '../../../grammar/src/process-caches.js';
import { links, type KindId } from '../../../grammar/src/schema.js';
import { replicaInstances } from './logins.js';
import { blockIsOneLine, joinNames, removeStatementAt, siblingsUseOneLineBlocks, statementWithBlock, childIndentation } from './fix-text.js';
import { nlbAdapterOf } from './network.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';

/** Compares dotted versions (`6.2.9200` < `6.3.9600`) part by part; negative when a is older. */
export function compareDotted(a: string, b: string): number {
  const left = dottedParts(a);
  const right = dottedParts(b);
  // Stryker disable next-line EqualityOperator: one step past the longer version both parts read as 0, which differ in nothing
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The numbers of a dotted version, read once per distinct text (a stamp writes a handful of versions, compared per VM). */
const dottedCache = new Map<string, readonly number[]>();
// Stryker disable next-line all: the mutation runner calls this between mutants (freshCaches); no test can
registerProcessCache(() => dottedCache.clear());
function dottedParts(text: string): readonly number[] {
  let parts = dottedCache.get(text);
  // Stryker disable next-line ConditionalExpression: equivalent as `true`: reading the version again gives the same numbers (cost only); `false` (never read) is the `!parts` → `parts` mutant, killed
  if (!parts) {
    parts = text.split('/')[0].split('.').map(Number);
    // Bounded: a stamp with many distinct version texts reads them again rather than growing the cache.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement,MethodExpression,CallExpression: equivalent: when the cache is emptied changes memory only, never a version's numbers
    if (dottedCache.size >= 1_000) dottedCache.clear();
    // Stryker disable next-line CallExpression: equivalent: without it each version is read again (cost only)
    dottedCache.set(text, parts);
  }
  return parts;
}

const gigabytes = (value: number): string => `${Math.round(value * 100) / 100}`;

/** A set of VMs whose guest-level availability depends on running on different hosts (HV005). */
interface PeerGroup { element: Element; label: string; className: string; members: Vm[] }

/** The peer groups of a stamp: guest-cluster nodes, availability-group replica VMs, NLB members and domain controllers. */
export function peerGroups(model: StampModel): PeerGroup[] {
  const vmsOf = (elements: readonly (Element | undefined)[]): Vm[] => {
    const vms: Vm[] = [];
    for (const element of elements) {
      const vm = element ? model.vmOf.get(element) : undefined;
      if (vm && !vms.includes(vm)) vms.push(vm);
    }
    return vms;
  };
  const groups: PeerGroup[] = [
    ...model.clusters.filter((cluster) => cluster.kind === 'guest').map((cluster) => ({ element: cluster.element, label: `guest cluster ${cluster.name}`, className: cluster.name, members: vmsOf(cluster.nodes) })),
    ...model.availabilityGroups.map((ag) => ({ element: ag.element, label: `the replicas of availability group ${ag.name}`, className: ag.name, members: vmsOf(replicaInstances(ag).map((instance) => instance.machine)) })),
    ...model.nlbs.map((nlb) => ({ element: nlb.element, label: `NLB ${nlb.name}`, className: nlb.name, members: vmsOf(nlb.hosts) })),
    ...model.domains.map((domain) => ({ element: domain.element, label: `the domain controllers of ${domain.name}`, className: 'DC', members: vmsOf(domain.controllers) })),
  ];
  // Two groups with the same members (a guest cluster and the availability group on it) are one peer group.
  const seen = new Set<string>();
  return groups.filter((group) => {
    // Stryker disable next-line ConditionalExpression,BooleanLiteral: equivalent: a group of one VM has no peer to share a host or a cluster with, so it reports nothing (and only shadows a group of the same one VM)
    if (group.members.length < 2) return false;
    // Stryker disable next-line StringLiteral: not testable: element ids come from a process-wide counter, so no design can choose two groups whose ids run together without the comma (1,23 and 12,3)
    const signature = group.members.map((vm) => vm.element.id).sort((a, b) => a - b).join(',');
    if (seen.has(signature)) return false;
    seen.add(signature);
    return true;
  });
}

/**
 * True when a VM reserves a .BIN file: its hosts' OS (or the stamp default) is 2012 or 2012 R2, else, with no host's
 * OS known, the VM's own; with none known, nothing is assumed.
 */
function reservesBinFile(vm: Vm): boolean {
  const fromHosts = vm.possibleHosts.map((host) => host.os?.text).filter((text) => text !== undefined);
  const texts = fromHosts.length > 0 ? fromHosts : [vm.os?.text];
  return texts.some((os) => os === '2012' || os === '2012R2');
}

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed. Only HV003 (the memory file) reads the memory of VMs and hosts.
const hvKinds: KindId[] = ['host', 'vm', 'cluster', 'san', 'switch_stack', 'domain', 'availability_group', 'sql', 'nlb', 'replication', 'vmm', 'spf', 'wap', 'app'];
const hvReads = reading(hvKinds, [...memoryFacts]);

export const hvRules: Rule[] = declareReads(hvReads, [
  defineRule({
    id: 'HV001', family: 'HV', severity: 'error', seed: 'S',
    title: 'Every node of a Hyper-V cluster needs the same virtual switches',
    explanation:
      'A VM\'s network adapter refers to its virtual switch by name. If the destination node has no switch with exactly that name, the VM is refused migration or starts disconnected.\n\n' +
      'Create identically named external switches on every node. A VMM logical switch deployed to all nodes, as in seed 002, enforces this.',
    fix: 'Adds the missing `vswitch` (same name and type; the uplink when the host has an adapter of the same name) to the host.',
    sources: [
      { label: 'seed 003 ("the names of virtual switches on each node must also be the same")' },
      { label: 'seed 002 ("deploy the logical switch … to all nodes")' },
      { label: 'Plan for Hyper-V networking', url: links.vswitch },
    ],
    check(model, report) {
      for (const cluster of model.clusters) {
        if (cluster.kind !== 'hyperv') continue;
        const nodeValues = propValues(cluster.element, 'nodes');
        const hosts = cluster.nodes.map((node) => model.hostOf.get(node)).filter((host): host is Host => host !== undefined);
        const switchKeys: string[] = [];
        for (const host of hosts) for (const vswitch of host.vswitches) if (!switchKeys.includes(vswitch.element.key)) switchKeys.push(vswitch.element.key);
        for (const key of switchKeys) {
          const owner = hosts.find((host) => host.vswitches.some((vswitch) => vswitch.element.key === key))!;
          const source = owner.vswitches.find((vswitch) => vswitch.element.key === key)!;
          for (const host of hosts) {
            if (host.vswitches.some((vswitch) => vswitch.element.key === key)) continue;
            const inner: string[] = [];
            if (source.type) inner.push(`type ${source.type}`);
            const uplinkKey = source.uplink?.key;
            const uplink = uplinkKey ? [...host.nics, ...host.teams].find((adapter) => adapter.element.key === uplinkKey) : undefined;
            if (uplink) inner.push(`uplink ${nameText(uplink.name)}`);
            const hostOneLine = blockIsOneLine(model.texts, host.element);
            const oneLine = hostOneLine || siblingsUseOneLineBlocks(model.texts, [...childrenOf(host.element, 'vswitch'), ...childrenOf(host.element, 'nic')], blockIsOneLine(model.texts, source.element));
            // Stryker disable next-line StringLiteral: equivalent: a statement for a one-line block is written on one line, without indentation
            const indentation = hostOneLine ? '' : childIndentation(model.texts, host.element);
            const statement = statementWithBlock(`vswitch ${nameText(source.name)}`, inner, oneLine, indentation);
            const value = nodeValues.find((candidate) => candidate.target === host.element);
            report({
              element: cluster.element, span: value ? { start: value.start, end: value.end } : undefined,
              message: `Virtual switch '${source.name}' exists on ${owner.name} but not on ${host.name}; clustered VMs using it cannot fail over or live-migrate to ${host.name}.`,
              fixes: [{ title: `Add vswitch ${source.name} to host ${host.name}`, edits: [insertStatement(model.texts, host.element, statement)], preferred: true }],
            });
          }
        }
      }
    },
  }),
  defineRule({
    id: 'HV002', family: 'HV', severity: 'error', seed: 'S',
    title: 'Clustered VMs must live on a Cluster Shared Volume of their cluster',
    explanation:
      'Failover clustering can restart a VM on another node only if that node can open the VM\'s configuration and virtual disks.\n\n' +
      'Seed 003 publishes one iSCSI volume to every node, adds it as a Cluster Shared Volume, and points the Hyper-V default paths of each node at it.',
    fix: 'Sets `storage csv` to the first CSV of the VM\'s cluster.',
    sources: [
      { label: 'seed 003 ("To cluster virtual machines, we need Cluster Shared Volume (CSV)")' },
      { label: 'Cluster Shared Volumes', url: links.csv },
    ],
    check(model, report) {
      for (const vm of model.vms) {
        const cluster = vm.cluster;
        const storage = vm.storage;
        if (!cluster || cluster.kind !== 'hyperv' || !storage) continue;
        let message: string;
        if (storage.type === 'local') {
          message = `VM ${vm.name} is clustered on ${cluster.name} but its files are on local storage of its host; place them on a Cluster Shared Volume.`;
        } else if (storage.csv && storage.csv.cluster !== cluster) {
          message = `VM ${vm.name} is clustered on ${cluster.name} but its files are on CSV ${storage.csv.name} of cluster ${storage.csv.cluster.name}; place them on a Cluster Shared Volume of ${cluster.name}.`;
        } else {
          continue;
        }
        const first = cluster.csvs[0];
        const fixes: Fix[] = first ? [{ title: `Set storage csv ${first.name} on ${vm.name}`, edits: [setProperty(model.texts, vm.element, 'storage', `csv ${nameText(first.name)}`)], preferred: true }] : [];
        report({ element: vm.element, span: storage.span, message, fixes });
      }
    },
  }),
  defineRule({
    id: 'HV003', family: 'HV', severity: 'warning', seed: 'S',
    title: 'The CSV must have room for the VM\'s memory file',
    explanation:
      'On Windows Server 2012 and 2012 R2 every VM reserves a .BIN file next to its configuration, as large as its assigned memory, so that it can be saved. Without that space the VM fails to start or to be reconfigured (Hyper-V-Worker events 3050 and 3320; VMM reports cluster error 0x139F).\n\n' +
      'Keep the free space of each CSV at least as large as the memory of the VMs stored there: the `memory` of a VM, or the `maximum` of its `dynamic_memory`, since the file grows with the memory Hyper-V gives the VM. The check uses the OS of the VM\'s hosts (or the stamp\'s `windows` default).',
    sources: [
      { label: 'seed 004 ("the BIN file actually requires the same disk space as the amount of physical memory assigned")' },
      { label: 'Cluster Shared Volumes', url: links.csv },
    ],
    check(model, report) {
      for (const vm of model.vms) {
        const csv: Csv | undefined = vm.storage?.type === 'csv' ? vm.storage.csv : undefined;
        // The .BIN file is as large as the VM's memory; with Dynamic Memory it grows up to the maximum.
        const fileGB = vm.memoryFileGB;
        if (!csv || csv.freeGB === undefined || fileGB === undefined || fileGB <= csv.freeGB) continue;
        if (!reservesBinFile(vm)) continue;
        const dynamic = vm.dynamicMemory?.maximumGB !== undefined;
        report({
          element: vm.element,
          message: `VM ${vm.name} ${dynamic ? `can grow to ${gigabytes(fileGB)} GB of memory (its dynamic maximum)` : `has ${gigabytes(fileGB)} GB of memory`} but CSV ${csv.name} has only ${gigabytes(csv.freeGB)} GB free; the VM may fail to start (events 3050/3320).`,
        });
      }
    },
  }),
  defineRule({
    id: 'HV004', family: 'HV', severity: 'warning', seed: 'S',
    title: 'Integration services and Hyper-V versions must match',
    explanation:
      'Guest integration services should match the host\'s version; Hyper-V logs a warning in the Hyper-V-Integration log for every older guest.\n\n' +
      'All nodes of a cluster should run the same OS version and patch level, so that guests stay consistent after live migration.',
    fix: 'Sets the VM\'s `integration_services` to the host\'s version.',
    sources: [
      { label: 'seed 004 ("These need to be in sync with the one running on the hosts … all the hosts in a cluster should be running the same version")' },
      { label: 'Manage Hyper-V integration services', url: links.integration },
    ],
    check(model, report) {
      for (const vm of model.vms) {
        const guest = vm.integrationServices;
        if (!guest) continue;
        let newest: { host: Host; value: Value } | undefined;
        for (const host of vm.possibleHosts) {
          const value = host.integrationServices;
          if (value && (!newest || compareDotted(value.text, newest.value.text) > 0)) newest = { host, value };
        }
        if (!newest || compareDotted(guest.text, newest.value.text) >= 0) continue;
        const property = prop(vm.element, 'integration_services')!;
        report({
          element: vm.element, span: { start: property.statement.start, end: property.statement.end },
          message: `Integration services in ${vm.name} (${guest.text}) are older than on host ${newest.host.name} (${newest.value.text}).`,
          fixes: [{ title: `Set integration_services ${newest.value.text} on ${vm.name}`, edits: [setProperty(model.texts, vm.element, 'integration_services', newest.value.text)], preferred: true }],
        });
      }
      for (const cluster of model.clusters) {
        if (cluster.kind !== 'hyperv') continue;
        const hosts = cluster.nodes.map((node) => model.hostOf.get(node)).filter((host): host is Host => host !== undefined);
        const osDiffers = new Set(hosts.map((host) => host.os?.text).filter((text) => text !== undefined)).size > 1;
        const servicesDiffer = new Set(hosts.map((host) => host.integrationServices?.text).filter((text) => text !== undefined)).size > 1;
        if (!osDiffers && !servicesDiffer) continue;
        const list = hosts.map((host) => [host.name, osDiffers ? host.os?.text ?? '?' : undefined, servicesDiffer ? host.integrationServices?.text ?? '?' : undefined].filter((part) => part !== undefined).join(' '));
        report({ element: cluster.element, message: `Nodes of ${cluster.name} run different Hyper-V versions (${list.join(', ')}).` });
      }
    },
  }),
  defineRule({
    id: 'HV005', family: 'HV', severity: 'warning', seed: 'S',
    title: 'Peers of a highly available service must run on different hosts',
    explanation:
      'Guest-level high availability (a guest cluster, availability-group replicas, NLB members, redundant domain controllers) helps only if the peers run on different physical hosts.\n\n' +
      'On a Hyper-V cluster, give the peers the same `anti_affinity` class (AntiAffinityClassNames, a soft rule), or also enable ClusterEnforcedAntiAffinity (a hard rule). VMM availability sets achieve the same. VMs fixed to one host cannot be separated by the cluster at all.',
    fix: 'Gives every clustered member of the group the same `anti_affinity` class.',
    sources: [
      { label: 'seed 004 (SOFS: "if these are virtual machines they always reside on different nodes in a failover cluster")' },
      { label: 'Cluster affinity', url: links.affinity },
    ],
    check(model, report) {
      // Each group's members by Hyper-V cluster, visited in the model's cluster order.
      for (const group of peerGroups(model)) {
        const reasons: string[] = [];
        const byHost = new Map<Element, Vm[]>();
        for (const vm of group.members) {
          if (vm.cluster || !vm.host) continue;
          byHost.set(vm.host.element, [...(byHost.get(vm.host.element) ?? []), vm]);
        }
        for (const [host, vms] of byHost) {
          if (vms.length > 1) reasons.push(`${vms.length === group.members.length ? (vms.length === 2 ? 'both' : 'all') : joinNames(vms.map((vm) => vm.name))} run on the same host ${host.name}`);
        }
        const fixedConflict = reasons.length > 0;
        const edits: TextEdit[] = [];
        const classes: string[] = [];
        const membersByCluster = new Map<Cluster, Vm[]>();
        for (const vm of group.members) {
          if (vm.cluster?.kind !== 'hyperv') continue;
          const list = membersByCluster.get(vm.cluster);
          if (list) list.push(vm);
          else membersByCluster.set(vm.cluster, [vm]);
        }
        // In the design's order of the clusters, not the order the group lists its members in.
        const clusters = model.clusters.filter((cluster) => membersByCluster.has(cluster));
        for (const cluster of clusters) {
          const vms = membersByCluster.get(cluster)!;
          if (vms.length < 2) continue;
          // Stryker disable next-line MethodExpression: equivalent: the written classes are compared with each other only, so folding them all to upper case decides alike
          const written = vms.map((vm) => vm.antiAffinity?.toLowerCase());
          if (written[0] !== undefined && written.every((value) => value === written[0])) continue;
          reasons.push(`${vms.length === group.members.length ? 'they' : joinNames(vms.map((vm) => vm.name))} share cluster ${cluster.name} without a common anti_affinity class`);
          // The class most members already use, else one named after the group.
          const counts = new Map<string, { text: string; count: number }>();
          for (const vm of vms) if (vm.antiAffinity) counts.set(vm.antiAffinity.toLowerCase(), { text: vm.antiAffinity, count: (counts.get(vm.antiAffinity.toLowerCase())?.count ?? 0) + 1 });
          const chosen = [...counts.values()].sort((a, b) => b.count - a.count)[0]?.text ?? group.className;
          // One class per name: two clusters whose members get the same class name it once in the fix's title.
          if (!classes.some((other) => other.toLowerCase() === chosen.toLowerCase())) classes.push(chosen);
          for (const vm of vms) if (vm.antiAffinity?.toLowerCase() !== chosen.toLowerCase()) edits.push(setProperty(model.texts, vm.element, 'anti_affinity', nameText(chosen)));
        }
        if (reasons.length === 0) continue;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a cluster's reason always comes with an edit (some member lacks the class chosen), and without one the fix is never built
        const hasEdits = edits.length > 0;
        const fixes: Fix[] = !fixedConflict && hasEdits ? [{ title: `Add anti_affinity ${joinNames(classes)} to each clustered member of ${group.label}`, edits, preferred: true }] : [];
        report({
          element: group.element, fixes,
          message: `${joinNames(group.members.map((vm) => vm.name))} form ${group.label}, but ${reasons.join(', and ')}; one host failure can take them all down.`,
        });
      }
    },
  }),
  defineRule({
    id: 'HV006', family: 'HV', severity: 'warning', seed: 'S',
    title: 'Critical VMs must survive the loss of the SAN',
    explanation:
      'Clustering protects against the failure of a host, not against losing the shared storage.\n\n' +
      'Seed 003 removes the SAN, its last single point of failure, by running a second domain controller on a separate server and replicating the critical VMs to that server with Hyper-V Replica.',
    sources: [{ label: 'seed 003 ("we still have one point of failure – this is our SAN … We will replicate critical machines … to our 4 server")' }],
    check(model, report) {
      // Each VM's replications, in model order, built once (each critical VM searched every replication).
      const replicationsOf = new Map<Vm, Replication[]>();
      for (const replication of model.replications) {
        // Stryker disable next-line ConditionalExpression: equivalent: replications without a VM are filed under `undefined`, which no VM asks for
        if (!replication.vm) continue;
        const list = replicationsOf.get(replication.vm);
        if (list) list.push(replication);
        else replicationsOf.set(replication.vm, [replication]);
      }
      for (const vm of model.vms) {
        if (!vm.critical || vm.storage?.type !== 'csv') continue;
        const csv = vm.storage.csv;
        const san = csv?.san;
        if (!csv || !san) continue;
        const clusterSans = new Set(csv.cluster.csvs.map((other) => other.san).filter((other) => other !== undefined));
        if (clusterSans.size !== 1) continue;
        const protectedElsewhere = (replicationsOf.get(vm) ?? []).some((replication) => {
          const storage = replication.storage;
          if (storage?.type === 'local') return true;
          // Unknown storage counts as outside the SAN: the rule never guesses.
          if (storage?.type === 'csv') return storage.csv?.san !== san;
          const target = replication.target;
          // Stryker disable next-line ConditionalExpression: equivalent: without a target the cluster lookup below finds nothing and returns true as well
          if (!target) return true;
          // A replication names a host or a cluster (language.md); a host is outside every CSV.
          const cluster = model.clusterOf.get(target);
          if (!cluster) return true;
          return !(cluster.csvs.length > 0 && cluster.csvs.every((other) => other.san === san));
        });
        if (protectedElsewhere) continue;
        report({ element: vm.element, message: `Critical VM ${vm.name} depends only on SAN ${san.name}; replicate it with Hyper-V Replica to a host that does not use that SAN.` });
      }
    },
  }),
  defineRule({
    id: 'HV007', family: 'HV', severity: 'warning', seed: '—',
    title: 'SR-IOV VM adapter on a switch created without SR-IOV',
    explanation: [
      'A VM adapter gets an SR-IOV virtual function only when its virtual switch was created with SR-IOV (`New-VMSwitch -EnableIov $true`). That choice is fixed at creation: an existing switch cannot be changed, it has to be re-created.',
      'On a switch without it, the adapter silently uses the synthetic path through the host, with none of the latency and CPU savings it was designed for. On a cluster, every node\'s switch of that name needs SR-IOV, or the VM loses it after a migration.',
    ].join('\n\n'),
    fix: 'Adds `sriov` to the switch (re-create it with `-EnableIov`), when the switch is not bound to a team.',
    sources: [
      { label: 'New-VMSwitch -EnableIov ("SR-IOV … can be enabled only when the switch is created")', url: links.newVmSwitch },
      { label: 'Plan for Hyper-V networking', url: links.vswitch },
    ],
    check(model, report) {
      const askers = new Map<VSwitch, string[]>();
      for (const vm of model.vms) {
        for (const nic of vm.nics) {
          if (!nic.sriov || !nic.switch) continue;
          const key = nic.switch.key;
          for (const host of vm.possibleHosts) {
            const vswitch = host.vswitches.find((candidate) => candidate.element.key === key);
            if (!vswitch || vswitch.sriov) continue;
            const list = askers.get(vswitch) ?? [];
            list.push(`${vm.name}/${nic.name}`);
            askers.set(vswitch, list);
          }
        }
      }
      for (const [vswitch, adapters] of askers) {
        const teamed = vswitch.uplink ? model.teamOf.has(vswitch.uplink) : false;
        report({
          element: vswitch.element,
          message: `${adapters.length === 1 ? 'VM adapter' : 'VM adapters'} ${joinNames(adapters)} ${adapters.length === 1 ? 'asks' : 'ask'} for SR-IOV, but virtual switch ${vswitch.name} on ${vswitch.host.name} was created without SR-IOV; the traffic falls back to the synthetic path.`,
          fixes: teamed ? [] : [{ title: `Create switch ${vswitch.name} on ${vswitch.host.name} with SR-IOV`, preferred: true, edits: [setProperty(model.texts, vswitch.element, 'sriov', '')] }],
        });
      }
    },
  }),
  defineRule({
    id: 'HV009', family: 'HV', severity: 'error', seed: '—',
    title: 'VM placed on a guest cluster',
    explanation: [
      'A guest cluster is a failover cluster whose nodes are themselves virtual machines. It makes roles inside those VMs highly available (an availability group, a file server), but it is not a Hyper-V host cluster: running a VM inside it would need nested virtualization, which Windows Server 2012 R2 does not have (it arrived with Windows Server 2016), and the design gives it no Hyper-V role, switches or CSVs for VMs.',
      'A VM written `on` a guest cluster therefore has no host to run on, and Stamp cannot tell which physical hosts it shares with its peers. Place it on the Hyper-V cluster (or host) that runs the guest cluster\'s nodes.',
    ].join('\n\n'),
    fix: 'Places the VM on the Hyper-V cluster that runs every node of the guest cluster, when they all run on one.',
    sources: [
      { label: 'Nested virtualization (requirements and supported scenarios)', url: links.nestedVirtualization },
      { label: 'Failover clustering: cluster affinity of VMs on a Hyper-V cluster', url: links.affinity },
    ],
    check(model, report) {
      for (const vm of model.vms) {
        const cluster = vm.cluster;
        if (!cluster || cluster.kind !== 'guest') continue;
        // Stryker disable next-line OptionalChaining: equivalent: a VM has a cluster only through its written placement
        const placement = vm.element.header.placement?.[0];
        // Stryker disable next-line ConditionalExpression: equivalent: see above
        if (!placement) continue;
        // The one Hyper-V cluster that runs every node of the guest cluster, if there is one.
        const homes = new Set(cluster.nodes.map((node) => model.vmOf.get(node)?.cluster).map((home) => (home?.kind === 'hyperv' ? home : undefined)));
        const home = homes.size === 1 ? [...homes][0] : undefined;
        // A cluster written `kind guest` over hosts (or no declared nodes) is no place for a VM either, but do not call its nodes VMs.
        const nodesAreVms = cluster.nodes.length > 0 && cluster.nodes.every((node) => model.vmOf.has(node));
        const what = nodesAreVms ? 'a guest cluster whose nodes are VMs' : 'a cluster written `kind guest`';
        report({
          element: vm.element, span: { start: placement.start, end: placement.end },
          message: `${vm.name} is placed on ${cluster.name}, ${what}; a VM runs on a Hyper-V host or a Hyper-V host cluster${home ? `, such as ${home.name}, which runs ${cluster.name}'s nodes` : ''}.`,
          fixes: home ? [{ title: `Place ${vm.name} on ${home.name}`, preferred: true, edits: [{ uri: vm.element.uri, start: placement.start, end: placement.end, newText: nameText(home.name) }] }] : [],
        });
      }
    },
  }),
  defineRule({
    id: 'HV008', family: 'HV', severity: 'warning', seed: '—',
    title: 'MAC address spoofing where nothing needs it',
    explanation: [
      'MAC address spoofing lets the guest send frames with any source MAC address and makes the Hyper-V switch learn them, which undoes the port security the switch otherwise gives.',
      'Enable it only where the design needs it: on the cluster adapter of a unicast NLB member (NLB001), and on the adapters of an in-guest team. Elsewhere, turn it off.',
    ].join('\n\n'),
    fix: 'Removes `mac_spoofing` from the adapter.',
    sources: [
      { label: 'Deploying NLB and virtual machines (Microsoft failover clustering blog): enable MAC spoofing on the NLB adapter', url: links.nlbHyperV },
      { label: 'Plan for Hyper-V networking', url: links.vswitch },
    ],
    check(model, report) {
      // The NLBs each machine is a member of, built once (each spoofing adapter searched every NLB's members).
      const nlbsOf = new Map<Element, Nlb[]>();
      for (const nlb of model.nlbs) {
        for (const host of new Set(nlb.hosts)) {
          const list = nlbsOf.get(host);
          if (list) list.push(nlb);
          else nlbsOf.set(host, [nlb]);
        }
      }
      for (const vm of model.vms) {
        for (const nic of vm.nics) {
          if (!nic.macSpoofing) continue;
          const nlbAdapter = (nlbsOf.get(vm.element) ?? []).some((nlb) => nlbAdapterOf(model, nlb, vm.element) === nic);
          const teamed = vm.teams.some((team) => team.members.includes(nic.element));
          if (nlbAdapter || teamed) continue;
          const written = prop(nic.element, 'mac_spoofing')!;
          report({
            element: nic.element, span: { start: written.statement.start, end: written.statement.end },
            message: `MAC address spoofing is on for ${vm.name}/${nic.name}, which is neither an NLB cluster adapter nor an in-guest team member; turn it off.`,
            fixes: [{ title: `Turn off MAC address spoofing on ${vm.name}/${nic.name}`, preferred: true, edits: [removeStatementAt(model.texts, nic.element.uri, written.statement)] }],
          });
        }
      }
    },
  }),
], { HV003: reading(hvKinds) });
