// HVR rules of the catalog (rules.md section 2.10): Hyper-V Replica frequencies, extended replication, brokers, storage.
import type { Element } from '../../../grammar/src/elements.js';
import { prop } from '../../../grammar/src/elements.js';
import type { Cluster, Replication, StampModel, Version, Vm } from '../../../grammar/src/model.js';
import { lowerVersion } from '../../../grammar/src/model.js';
import { insertStatement, setProperty } from '../../../grammar/src/edits.js';
import { links, versionOrder } from '../../../grammar/src/schema.js';
import { hyperVReplicaLimits } from './limits.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';

/** The lowest Windows version of the hosts a VM can run on; the guest's own OS only when no host is known. */
function vmSideOs(vm: Vm): Version | undefined {
  let lowest: Version | undefined;
  for (const host of vm.possibleHosts) lowest = lowerVersion(lowest, host.os);
  return lowest ?? vm.os;
}

/** The lowest Windows version of a replication target: a host, or every node of a cluster. */
function targetOs(model: StampModel, target: Element | undefined): Version | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent: without a target both lookups below find nothing
  if (!target) return undefined;
  const host = model.hostOf.get(target);
  if (host) return host.os;
  // A replication's target resolves to a host or a cluster only, so a target that is no host is a cluster.
  const cluster = model.clusterOf.get(target)!;
  let lowest: Version | undefined;
  for (const node of cluster.nodes) lowest = lowerVersion(lowest, model.hostOf.get(node)?.os ?? model.vmOf.get(node)?.os);
  return lowest;
}

/**
 * The Windows version that decides what a replication may use: the lowest OS among the primary's hosts and the replica
 * server (and the extended target when asked), falling back to the stamp's `windows`.
 */
export function replicationOs(model: StampModel, replication: Replication, withExtended = false): Version | undefined {
  let lowest = replication.vm ? vmSideOs(replication.vm) : undefined;
  lowest = lowerVersion(lowest, targetOs(model, replication.target));
  // Stryker disable next-line OptionalChaining: equivalent: only HVR002 asks for the extended target, after checking there is one
  if (withExtended) lowest = lowerVersion(lowest, targetOs(model, replication.extended?.to));
  return lowest ?? model.defaults.windows;
}

/** A Windows version as Microsoft writes it: 2012 R2 rather than 2012R2. */
function windowsName(version: Version): string {
  // Stryker disable next-line Regex: equivalent: a Windows version's text holds R2 only at its end (2008R2, 2012R2)
  return version.text.replace(/R2$/, ' R2');
}

const seconds = (values: readonly number[]) => values.map((value) => `${value}s`).join(', ');
/** A frequency in whole minutes (`15m`): the values given, the extended frequencies (300 or 900 s), always are. */
const minutesText = (value: number) => `${value / 60}m`;
/** The replicated VM's name: as declared, else as the replication writes it (its element's name). */
const vmName = (replication: Replication) => replication.vm?.name ?? replication.element.name;

/** The clusters on either side of a replication: the primary VM's cluster, the replica target, the extended target. */
function replicationClusters(model: StampModel, replication: Replication): Cluster[] {
  const found: Cluster[] = [];
  const add = (cluster: Cluster | undefined) => {
    if (cluster && !found.includes(cluster)) found.push(cluster);
  };
  if (replication.vm?.cluster?.kind === 'hyperv') add(replication.vm.cluster);
  // Stryker disable next-line ConditionalExpression: equivalent: without a target the lookup finds no cluster and nothing is added
  if (replication.target) add(model.clusterOf.get(replication.target));
  if (replication.extended?.to) add(model.clusterOf.get(replication.extended.to));
  return found;
}

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const hvrReads = reading(['replication', 'recovery_plan', 'vm', 'host', 'cluster', 'san', 'domain', 'vmm'], [...memoryFacts]);

export const hvrRules: Rule[] = declareReads(hvrReads, [
  defineRule({
    id: 'HVR001', family: 'HVR', severity: 'error', seed: 'S',
    title: 'Replication frequency not available on the OS',
    explanation: [
      'Windows Server 2012 replicates every 5 minutes, a fixed interval. Windows Server 2012 R2 and later let you choose 30 seconds, 5 minutes or 15 minutes per VM.',
      'The older Windows Server of the pair decides: the hosts the primary VM runs on and the replica server (all nodes of a cluster). Without a written `os`, the stamp\'s `windows` applies.',
    ].join('\n\n'),
    fix: 'Sets `frequency 5m`, which every release supports.',
    sources: [
      { label: 'seed 003 ("The minimum replication period is 5 minutes")' },
      { label: 'What\'s new in Hyper-V Replica in Windows Server 2012 R2', url: links.replicaWhatsNew },
      { label: 'Set up Hyper-V Replica', url: links.replicaSetup },
    ],
    check(model, report) {
      for (const replication of model.replications) {
        const os = replicationOs(model, replication);
        const limits = hyperVReplicaLimits(os);
        if (!os || !limits || limits.frequenciesSec.includes(replication.frequencySec)) continue;
        const written = prop(replication.element, 'frequency');
        report({
          element: replication.element, span: written ? { start: written.statement.start, end: written.statement.end } : undefined,
          message: `A replication frequency of ${replication.frequencySec}s is not available on Windows Server ${windowsName(os)}; allowed values: ${seconds(limits.frequenciesSec)}.`,
          fixes: [{ title: 'Set the replication frequency to 5m', preferred: true, edits: [setProperty(model.texts, replication.element, 'frequency', '5m')] }],
        });
      }
    },
  }),
  defineRule({
    id: 'HVR002', family: 'HVR', severity: 'error', seed: '—',
    title: 'Invalid extended replication',
    explanation: [
      'Extended (chained) replication, from Windows Server 2012 R2, forwards the replica\'s changes to a third server. It offers only 5- or 15-minute intervals, never more frequent than the first hop, and no application-consistent snapshots.',
      'A primary cannot replicate straight to two replica servers: the third copy must chain from the replica. Every server of the chain must run 2012 R2 or later.',
    ].join('\n\n'),
    fix: 'Sets the extended frequency to 5m or 15m, at least the first hop\'s interval.',
    sources: [
      { label: 'Hyper-V Replica: extend replication', url: links.replicaExtend },
      { label: 'Set up Hyper-V Replica', url: links.replicaSetup },
    ],
    check(model, report) {
      for (const replication of model.replications) {
        const extended = replication.extended;
        if (!extended) continue;
        const os = replicationOs(model, replication, true);
        const limits = hyperVReplicaLimits(os);
        if (!os || !limits) continue;
        if (!limits.extendedReplication) {
          report({ element: extended.element, message: `Extended replication of ${vmName(replication)} needs Windows Server 2012 R2 or later; the chain includes Windows Server ${windowsName(os)}.` });
          continue;
        }
        const frequency = extended.frequencySec ?? 300;
        if (limits.extendedFrequenciesSec.includes(frequency) && frequency >= replication.frequencySec) continue;
        const wanted = limits.extendedFrequenciesSec.find((allowed) => allowed >= Math.max(300, replication.frequencySec)) ?? 900;
        const written = prop(extended.element, 'frequency');
        report({
          element: extended.element, span: written ? { start: written.statement.start, end: written.statement.end } : undefined,
          message: `Extended replication of ${vmName(replication)} must use 5 or 15 minutes and must not be more frequent than the first hop (${replication.frequencySec}s).`,
          fixes: [{ title: `Set the extended replication frequency to ${minutesText(wanted)}`, preferred: true, edits: [setProperty(model.texts, extended.element, 'frequency', minutesText(wanted))] }],
        });
      }
    },
  }),
  defineRule({
    id: 'HVR003', family: 'HVR', severity: 'error', seed: 'S',
    title: 'Cluster in Hyper-V Replica without a Replica Broker',
    explanation: [
      'When the primary or the replica server is a failover cluster, Hyper-V Replica needs the Hyper-V Replica Broker cluster role on it.',
      'The broker gives the cluster one client access point (a name and an IP address), authorizes all nodes at once, and keeps track of which node owns each replica VM after live migrations. On a replica cluster, the replication settings are configured on the broker in Failover Cluster Manager.',
    ].join('\n\n'),
    fix: 'Adds a placeholder `replica_broker <cluster>-HVRB { ip 0.0.0.0 }` to the cluster; set its real static IP address.',
    sources: [
      { label: 'seed 003 ("it is necessary to add the Hyper-V Replica Broker cluster role")' },
      { label: 'Why is the Hyper-V Replica Broker required?', url: links.replicaBroker },
    ],
    check(model, report) {
      const reported = new Set<Cluster>();
      for (const replication of model.replications) {
        for (const cluster of replicationClusters(model, replication)) {
          if (cluster.replicaBroker || reported.has(cluster)) continue;
          reported.add(cluster);
          report({
            element: cluster.element,
            message: `Cluster ${cluster.name} takes part in Hyper-V Replica but has no Hyper-V Replica Broker role.`,
            related: [{ uri: replication.element.uri, start: replication.element.nameSpan.start, end: replication.element.nameSpan.end, message: `replication of ${vmName(replication)}` }],
            fixes: [{ title: `Add a placeholder Replica Broker ${cluster.name}-HVRB to ${cluster.name} (set its IP)`, preferred: true, edits: [insertStatement(model.texts, cluster.element, `replica_broker ${cluster.name}-HVRB { ip 0.0.0.0 }`)] }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'HVR004', family: 'HVR', severity: 'warning', seed: 'S',
    title: 'Replica on the same storage as the primary',
    explanation: [
      'Hyper-V Replica is a disaster-recovery mechanism: the copy is worth something only if it survives what kills the primary.',
      'Seed 003 replicates to a separate server with local disks because the shared SAN was the remaining single point of failure. A replica stored on the primary\'s CSV or SAN is lost together with it.',
    ].join('\n\n'),
    sources: [{ label: 'seed 003' }],
    check(model, report) {
      for (const replication of model.replications) {
        const primary = replication.vm?.storage;
        const replica = replication.storage;
        if (primary?.type !== 'csv' || replica?.type !== 'csv' || !primary.csv || !replica.csv) continue;
        const sameCsv = primary.csv === replica.csv;
        const sameSan = primary.csv.san !== undefined && primary.csv.san === replica.csv.san;
        if (!sameCsv && !sameSan) continue;
        const shared = sameSan ? primary.csv.san!.name : primary.csv.name;
        report({
          element: replication.element, span: replica.span,
          message: `The replica of ${vmName(replication)} is stored on ${shared}, the same storage as the primary; a storage failure loses both copies.`,
        });
      }
    },
  }),
  defineRule({
    id: 'HVR005', family: 'HVR', severity: 'warning', seed: 'S*',
    title: 'Shared VHDX with Hyper-V Replica or ASR on 2012 R2',
    explanation: [
      'On Windows Server 2012 R2 a shared VHDX is not replicated with its VM, so neither Hyper-V Replica nor Azure Site Recovery protects the guest cluster\'s shared disk. Windows Server 2016 added replication of VHD Set shared disks.',
      'Seed 002 chose SQL Server AlwaysOn with per-VM disks because a shared-VHDX guest cluster "would have given us a headache" with Hyper-V Replica. For replicated stamps, prefer availability-group guest clusters without shared disks (uncertainty note U2: this is a warning, not an error).',
    ].join('\n\n'),
    sources: [
      { label: 'seed 002 ("A shared VHDX would have given us a headache and increased the complexity with Hyper-V Replica")' },
      { label: 'Msvm_SharedDiskSetReplicationRelationship (Windows Server 2016 minimum)' },
    ],
    check(model, report) {
      const before2016 = (os: Version | undefined) => os !== undefined && os.rank < versionOrder.windows.indexOf('2016');
      for (const vm of model.vms) {
        if (!vm.sharedVhdx) continue;
        const replications = model.replications.filter((replication) => replication.vm === vm);
        const planned = model.recoveryPlans.some((plan) => plan.groups.some((group) => group.vms.includes(vm)));
        const oses = replications.map((replication) => replicationOs(model, replication));
        // Stryker disable next-line ConditionalExpression: equivalent: a replication's OS is the lower of the VM's side (hosts and VMs default to the stamp's windows) and its targets, never above what this adds
        if (planned && replications.length === 0) oses.push(vmSideOs(vm) ?? model.defaults.windows);
        if (!oses.some(before2016)) continue;
        report({ element: vm.element, message: `${vm.name} uses a shared VHDX; Hyper-V Replica and ASR do not protect shared VHDX disks on Windows Server 2012 R2.` });
      }
    },
  }),
  defineRule({
    id: 'HVR006', family: 'HVR', severity: 'error', seed: '—',
    title: 'Replication with an authentication type the replica server does not allow',
    explanation: [
      'A replica server accepts replication only with the authentication types enabled in its Hyper-V Replica settings: Kerberos over HTTP (port 80), certificates over HTTPS (port 443), or both. On a cluster these settings belong to the Hyper-V Replica Broker and apply to every node.',
      'Enabling replication with a type the replica server does not allow fails: for example Kerberos/HTTP against a server that accepts only certificate-based HTTPS. Use an allowed type, or allow the type on the replica server (`auth` of its `replica_server` or `replica_broker`).',
    ].join('\n\n'),
    fix: 'Sets the replication\'s `auth` to the one type the replica server allows.',
    sources: [{ label: 'Set up Hyper-V Replica (authentication types, ports)', url: links.replicaSetup }],
    check(model, report) {
      for (const replication of model.replications) {
        if (!replication.auth || !replication.target) continue;
        const target = replication.target;
        const host = model.hostOf.get(target);
        // The target is a host or a cluster (language.md); the broker's settings are the cluster's.
        const cluster = model.clusterOf.get(target);
        // Stryker disable next-line OptionalChaining: equivalent: a target that is no host is a cluster (the target resolves to one of the two)
        const declared = host ? host.replicaAuth : cluster?.replicaBrokerAuth;
        // A kind written twice (`auth kerberos, kerberos`) is one kind.
        const allowed = declared ? [...new Set(declared)] : undefined;
        // Stryker disable next-line OptionalChaining: equivalent: see above
        const server = host ? `replica server ${host.name}` : cluster?.replicaBroker ? `Replica Broker ${cluster.replicaBroker.name} of ${cluster.name}` : undefined;
        if (!allowed || allowed.length === 0 || !server || allowed.includes(replication.auth)) continue;
        const describe = (auth: string): string => (auth === 'kerberos' ? 'Kerberos (HTTP)' : 'certificates (HTTPS)');
        const written = prop(replication.element, 'auth')!;
        // The two kinds together allow every replication, so the server of a reported one allows one kind.
        const only = allowed[0];
        report({
          element: replication.element, span: { start: written.statement.start, end: written.statement.end },
          message: `Replication of ${vmName(replication)} uses ${describe(replication.auth)}, but ${server} allows only ${describe(only)}; enabling replication fails.`,
          fixes: [{ title: `Use auth ${only} for the replication of ${vmName(replication)}`, preferred: true, edits: [setProperty(model.texts, replication.element, 'auth', only)] }],
        });
      }
    },
  }),
  defineRule({
    id: 'HVR007', family: 'HVR', severity: 'error', seed: '—',
    title: 'More recovery points than the OS allows',
    explanation: [
      'Windows Server 2012 R2 raised the number of additional hourly recovery points a replica keeps to 24; Windows Server 2012 keeps at most 16.',
      'As with the frequency, the older Windows Server of the pair decides: the hosts the primary VM runs on and the replica server (every node of a cluster), else the stamp\'s `windows`. A 2012 end cannot keep 24 recovery points.',
    ].join('\n\n'),
    fix: 'Sets `recovery_points` to the most the older OS allows.',
    sources: [{ label: 'What\'s new in Hyper-V Replica in Windows Server 2012 R2', url: links.replicaWhatsNew }],
    check(model, report) {
      for (const replication of model.replications) {
        if (replication.recoveryPoints === undefined) continue;
        const os = replicationOs(model, replication);
        const limits = hyperVReplicaLimits(os);
        if (!os || !limits || replication.recoveryPoints <= limits.maxRecoveryPoints) continue;
        const written = prop(replication.element, 'recovery_points')!;
        report({
          element: replication.element, span: { start: written.statement.start, end: written.statement.end },
          message: `Replication of ${vmName(replication)} keeps ${replication.recoveryPoints} recovery points; Windows Server ${windowsName(os)}, the older OS of the pair, allows at most ${limits.maxRecoveryPoints}.`,
          fixes: [{ title: `Set recovery_points ${limits.maxRecoveryPoints}`, preferred: true, edits: [setProperty(model.texts, replication.element, 'recovery_points', String(limits.maxRecoveryPoints))] }],
        });
      }
    },
  }),
]);
