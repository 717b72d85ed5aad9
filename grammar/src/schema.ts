// The schema of the `.stamp` language (language.md section 3, plus the documented extensions): one table, read by
// the checker, hovers, completion, the outline and the formatter.
import type { ArgForm, ArgSpec, ElementKind, PropertySpec, ValueType } from './schema-types.js';
import { registerProcessCache } from './process-caches.js';

export type { ArgForm, ArgSpec, ElementKind, PropertySpec, ValueType } from './schema-types.js';

const learn = 'https://learn.microsoft.com';
export const links = {
  agPrereqs: `${learn}/sql/database-engine/availability-groups/windows/prereqs-restrictions-recommendations-always-on-availability`,
  agOverview: `${learn}/sql/database-engine/availability-groups/windows/overview-of-always-on-availability-groups-sql-server`,
  agLogins: `${learn}/sql/database-engine/availability-groups/windows/logins-and-jobs-for-availability-group-databases`,
  revlogin: `${learn}/troubleshoot/sql/database-engine/security/transfer-logins-passwords-between-instances`,
  agModes: `${learn}/sql/database-engine/availability-groups/windows/availability-modes-always-on-availability-groups`,
  agFailover: `${learn}/sql/database-engine/availability-groups/windows/failover-and-failover-modes-always-on-availability-groups`,
  listener: `${learn}/sql/database-engine/availability-groups/windows/create-or-configure-an-availability-group-listener-sql-server`,
  authMode: `${learn}/sql/database-engine/configure-windows/change-server-authentication-mode`,
  wapSql: `${learn}/previous-versions/azure/windows-server-azure-pack/dn469343(v=technet.10)`,
  quorum: `${learn}/sql/sql-server/failover-clusters/windows/wsfc-quorum-modes-and-voting-configuration-sql-server`,
  setQuorum: `${learn}/powershell/module/failoverclusters/set-clusterquorum`,
  affinity: `${learn}/windows-server/failover-clustering/cluster-affinity`,
  nlbHyperV: 'https://techcommunity.microsoft.com/blog/failoverclustering/deploying-network-load-balancing-nlb-and-virtual-machines-on-windows-server-2008/371631',
  nlbLimits: `${learn}/previous-versions/windows/it-pro/windows-server-2003/cc758275(v=ws.10)`,
  spfUrl: `${learn}/previous-versions/dn296441(v=technet.10)`,
  spfInstall: `${learn}/previous-versions/system-center/system-center-2012-R2/jj642904(v=sc.12)`,
  replicaWhatsNew: `${learn}/virtualization/community/team-blog/2013/20131022-whats-new-in-hyper-v-replica-in-windows-server-2012-r2`,
  replicaSetup: `${learn}/windows-server/virtualization/hyper-v/manage/set-up-hyper-v-replica`,
  replicaExtend: `${learn}/virtualization/community/team-blog/2013/20131209-hyper-v-replica-extend-replication`,
  replicaBroker: `${learn}/virtualization/community/team-blog/2012/20120327-why-is-the-hyper-v-replica-broker-required`,
  failoverIp: `${learn}/virtualization/community/team-blog/2012/20120528-inject-ip-address-into-the-vm-during-failover`,
  nicTeaming: `${learn}/windows-server/networking/technologies/nic-teaming/nic-teaming`,
  virtualDcs: `${learn}/windows-server/identity/ad-ds/get-started/virtual-dc/virtualized-domain-controllers-hyper-v`,
  asrScripts: `${learn}/azure/site-recovery/hyper-v-vmm-recovery-script`,
  vmm: `${learn}/system-center/vmm/overview`,
  wap: `${learn}/previous-versions/azure/windows-server-azure-pack/dn296435(v=technet.10)`,
  certificates: `${learn}/previous-versions/azure/windows-server-azure-pack/dn469334(v=technet.10)`,
  csv: `${learn}/windows-server/failover-clustering/failover-cluster-csvs`,
  vswitch: `${learn}/windows-server/virtualization/hyper-v/plan/plan-hyper-v-networking-in-windows-server`,
  integration: `${learn}/windows-server/virtualization/hyper-v/manage/manage-hyper-v-integration-services`,
  basicAg: `${learn}/sql/database-engine/availability-groups/windows/basic-availability-groups-always-on-availability-groups`,
  multiSubnet: `${learn}/sql/database-engine/availability-groups/windows/listeners-client-connectivity-application-failover`,
  newVmSwitch: `${learn}/powershell/module/hyper-v/new-vmswitch`,
  vmq: `${learn}/powershell/module/netadapter/set-netadaptervmq`,
  vmqFeatures: `${learn}/windows-server/networking/technologies/hpn/hpn-software-hardware-features`,
  asrVmm: `${learn}/azure/site-recovery/hyper-v-vmm-disaster-recovery`,
  vmMemory: `${learn}/powershell/module/hyper-v/set-vmmemory`,
  rootReserve: 'https://techcommunity.microsoft.com/t5/failover-clustering/vm-scale-with-clustering-physical-memory-reservations/ba-p/371469',
  groupPriority: `${learn}/windows/win32/api/clusapi/ne-clusapi-cluster_group_priority`,
  preemption: `${learn}/previous-versions/windows/desktop/mscs/clusters-minimumpreemptorpriority`,
  ownerNodes: `${learn}/powershell/module/failoverclusters/set-clusterownernode`,
  nestedVirtualization: `${learn}/virtualization/hyper-v-on-windows/user-guide/nested-virtualization`,
} as const;

// Value-type shorthands.
const name: ValueType = { type: 'name' };
const string: ValueType = { type: 'string' };
const number: ValueType = { type: 'number' };
const port: ValueType = { type: 'number', min: 1, max: 65535 };
const bytes: ValueType = { type: 'quantity', unit: 'bytes' };
const bitrate: ValueType = { type: 'quantity', unit: 'bitrate' };
const windows: ValueType = { type: 'version', family: 'windows' };
const sqlVersion: ValueType = { type: 'version', family: 'sql' };
const systemCenter: ValueType = { type: 'version', family: 'system_center' };
const address: ValueType = { type: 'address', prefix: 'optional' };
const dotted: ValueType = { type: 'dotted' };
const yesNo: ValueType = { type: 'bool', words: 'yes_no' };
const enumOf = (...values: string[]): ValueType => ({ type: 'enum', values });
const ref = (...kinds: string[]): ValueType => ({ type: 'ref', kinds });
const word = (text: string): ArgSpec => ({ name: text, value: { type: 'word', word: text } });

/** The forms of a property with one value. */
const one = (value: ValueType, argName = 'value'): ArgForm[] => [[{ name: argName, value }]];
/** The forms of a property with a comma-separated list of values. */
const list = (value: ValueType, argName = 'values'): ArgForm[] => [[{ name: argName, value, list: true }]];
/** The forms of a flag: written alone or with yes/no. */
const flagForms: ArgForm[] = [[{ name: 'value', value: yesNo, optional: true }]];

// The entry helpers keep each keyword's literal type, so the table's kind ids and property keywords are types
// (`KindId`, `PropertyKeyword`) that model access is checked against: a misspelled keyword does not compile.
function property<const K extends string>(keyword: K, forms: ArgForm[], doc: string, extra: Partial<PropertySpec> = {}): PropertySpec & { keyword: K } {
  return { keyword, forms, doc, ...extra } as PropertySpec & { keyword: K };
}
function flag<const K extends string>(keyword: K, doc: string, extra: Partial<PropertySpec> = {}): PropertySpec & { keyword: K } {
  return { keyword, forms: flagForms, doc, flag: true, ...extra } as PropertySpec & { keyword: K };
}
function props<const S extends ReadonlyArray<PropertySpec & { keyword: string }>>(...specs: S): { [P in S[number] as P['keyword']]: PropertySpec } {
  return Object.fromEntries(specs.map((spec) => [spec.keyword, spec])) as { [P in S[number] as P['keyword']]: PropertySpec };
}

const machines = ['vm', 'host'];

/** The connection-string option of a component that connects to a listener, shared by every component kind. */
const multiSubnetFailover = flag('multi_subnet_failover', 'The component connects with `MultiSubnetFailover=True`, so its client tries every listener address in parallel. Needed when the listener has addresses in several subnets and registers them all in DNS.', { link: links.multiSubnet, defaultText: 'no' });

/** The schema table, declared `as const` so that its kind ids and property keywords are types (`KindId`, `PropertyKeyword`). */
const declaredKinds = [
  {
    id: 'import', keyword: 'import', label: 'import', parents: ['file'], scope: 'parent', symbol: 'file',
    header: [[{ name: 'path', value: string }]], properties: {},
    doc: 'Makes the elements of another `.stamp` file, given relative to this one, visible here, so that one stamp can be split across files (fabric, SQL, portal tier, one file per site). Imports may chain; a cycle is reported.',
  },
  {
    id: 'stamp', keyword: 'stamp', label: 'stamp', parents: ['file'], scope: 'global', symbol: 'namespace', singleton: false,
    header: [[{ name: 'name', value: name }]],
    doc: 'The management stamp this file describes. Its properties give the defaults that every element without its own version inherits.',
    properties: props(
      property('domain', one(string), 'The Active Directory domain (FQDN) the stamp joins.'),
      property('windows', one(windows), 'The Windows Server version of hosts and VMs that do not declare `os`. The lowest version of a replication pair decides which Hyper-V Replica features exist.', { link: links.replicaWhatsNew }),
      property('system_center', one(systemCenter), 'The System Center version (VMM, SPF). From 2012 R2, SPF accepts HTTPS only.', { link: links.spfInstall }),
      property('sql_version', one(sqlVersion), 'The SQL Server version of instances that do not declare `version`. The lowest version among an availability group\'s replicas decides its limits.', { link: links.agPrereqs }),
    ),
  },
  {
    id: 'domain', keyword: 'domain', label: 'domain', parents: ['file'], scope: 'global', symbol: 'namespace',
    header: [[{ name: 'name', value: string }]],
    doc: 'An Active Directory domain. Everything in the stamp authenticates against its domain controllers, so run at least two, on different hosts and different storage.',
    link: links.virtualDcs,
    properties: props(
      property('netbios', one(name), 'The NetBIOS name of the domain, as used in `DOMAIN\\account` names.'),
      property('controllers', list(ref(...machines)), 'The domain controllers: VMs or physical hosts. Put them on different hosts and storage, and point every VM\'s DNS at two of them.', { link: links.virtualDcs }),
    ),
  },
  {
    id: 'host', keyword: 'host', label: 'host', parents: ['file'], scope: 'global', symbol: 'class',
    header: [[{ name: 'name', value: name }]],
    doc: 'A physical Hyper-V host. It can be a node of a Hyper-V cluster, hold VMs directly, and be a Hyper-V Replica server.',
    properties: props(
      property('os', one(windows), 'The Windows Server version of the host. The older OS of a replication pair decides the allowed frequencies.'),
      property('memory', one(bytes), 'The physical memory of the host. The failure analysis places VMs by it; a host without `memory` is neither full nor empty: capacity is not checked there.', { link: links.rootReserve }),
      property('reserve', one(bytes), 'The memory the host keeps for its management OS and the cluster service, which VMs never get. Microsoft\'s guidance for a dedicated Hyper-V host is to leave about 2 GB to the parent partition (the cluster\'s RootMemoryReserved plays the same part); write `reserve` where the host needs more (backup agents, storage software) or less.', { link: links.rootReserve, defaultText: '2GB' }),
      property('integration_services', one(dotted), 'The Hyper-V integration services version on this host. Guests should run the same version, and all nodes of one cluster should match.', { link: links.integration }),
      property('storage', one(name), 'The local storage of the host (for example a RAID volume), used for VMs placed on the host and for replicas.'),
    ),
  },
  {
    id: 'nic', keyword: 'nic', label: 'network adapter', parents: ['host', 'vm'], scope: 'parent', symbol: 'field',
    header: [[{ name: 'name', value: name }]],
    doc: 'A network adapter. On a host it is a physical NIC (or, with `virtual`, a management-OS vNIC); in a VM it is a virtual adapter connected to a virtual switch.',
    properties: props(
      property('speed', one(bitrate), 'The link speed, for example `10Gbps`.'),
      flag('rdma', 'The adapter carries RDMA (SMB Direct). RDMA needs the NIC to keep its own IP address, so it must not be teamed; use SMB Multichannel instead.', { link: links.nicTeaming }),
      flag('sriov', 'SR-IOV: virtual functions go straight from the VM to the physical NIC, bypassing the host stack, a team and the switch\'s security policies.', { link: links.nicTeaming }),
      property('switch', one(ref('vswitch')), 'The virtual switch this VM adapter connects to. It resolves among the switches of the VM\'s host or cluster nodes; on a cluster every node needs a switch of that exact name.', { link: links.vswitch }),
      property('ip', one(address), 'A static IPv4 address, with its prefix length (`172.21.5.131/24`) so the subnet is known.'),
      flag('mac_spoofing', 'MAC address spoofing on this VM adapter. Off by default. Unicast NLB replaces the adapter\'s MAC with the cluster MAC, which Hyper-V blocks unless spoofing is on; enable it only on the NLB cluster adapter.', { link: links.nlbHyperV, defaultText: 'no' }),
      flag('allow_teaming', 'Lets the VM adapter be part of a team inside the guest. Required on both members of an in-guest team.', { link: links.nicTeaming, defaultText: 'no' }),
      flag('network_virtualization', 'The adapter is on a Hyper-V Network Virtualization (HNV/NVGRE) VM network. Windows NLB has been seen failing on such networks; prefer a (virtual) hardware load balancer there.', { defaultText: 'no' }),
      flag('virtual', 'A management-OS vNIC exposed by a Hyper-V switch, not a physical adapter. Such vNICs must not be teamed.', { link: links.nicTeaming, defaultText: 'no' }),
      property('physical_switch', one(name), 'The physical switch this adapter is cabled to. Switch-dependent team modes (static, LACP) need all members on one switch, or on switches that a `switch_stack` declares a stack or MLAG pair.', { link: links.nicTeaming }),
      flag('vmq', 'Virtual Machine Queue on this physical adapter (`Set-NetAdapterVmq`). Windows leaves it off on 1 GbE adapters by default; on 10 GbE and faster it spreads incoming VM traffic over processors. Unknown when not written.', { link: links.vmq }),
      property('base_processor', one({ type: 'number', min: 0, max: 639 }), 'The first logical processor VMQ uses for this adapter (`-BaseProcessorNumber`). The members of a Sum-of-Queues team (switch independent with Hyper-V port or dynamic balancing) need processor sets that do not overlap.', { link: links.vmq }),
      property('max_processors', one({ type: 'number', min: 1, max: 640 }), 'How many processors VMQ may use for this adapter, counted from `base_processor` (`-MaxProcessors`).', { link: links.vmq }),
    ),
  },
  {
    id: 'vswitch', keyword: 'vswitch', label: 'virtual switch', parents: ['host'], scope: 'parent', symbol: 'interface',
    header: [[{ name: 'name', value: name }]],
    doc: 'A Hyper-V virtual switch. VM adapters refer to it by name, so every node of a Hyper-V cluster needs an identically named switch or VMs cannot fail over or live-migrate there.',
    link: links.vswitch,
    properties: props(
      property('type', one(enumOf('external', 'internal', 'private')), 'External switches are bound to a physical NIC or team; internal ones connect VMs and the host; private ones connect VMs only.', {
        values: { external: 'Bound to a physical adapter or team: VMs reach the physical network.', internal: 'VMs and the management OS only.', private: 'VMs on this host only.' },
      }),
      property('uplink', one(ref('nic', 'team')), 'The physical adapter or team an external switch is bound to.'),
      flag('sriov', 'SR-IOV (IOV) is enabled on the switch. It can only be set when the switch is created (`New-VMSwitch -EnableIov`); a switch created without it gives VM adapters the synthetic path only. It needs a dedicated physical NIC; a team hides SR-IOV from the VMs.', { link: links.newVmSwitch, defaultText: 'no' }),
    ),
  },
  {
    id: 'team', keyword: 'team', label: 'NIC team', parents: ['host', 'vm'], scope: 'parent', symbol: 'interface',
    header: [[{ name: 'name', value: name }]],
    doc: 'Windows NIC Teaming (LBFO): 1 to 32 Ethernet adapters of one machine acting as one. It works on hosts and inside guests; teams of teams, host vNICs, SR-IOV and RDMA are not supported through a team.',
    link: links.nicTeaming,
    properties: props(
      property('members', list(ref('nic', 'team')), 'The adapters in the team (adapters of the same host or VM).'),
      property('mode', one(enumOf('switch_independent', 'static', 'lacp')), 'How the team relates to the physical switch.', {
        values: {
          switch_independent: 'The switch knows nothing of the team, so members may go to different switches. The only mode allowed inside a VM.',
          static: 'Switch-dependent static teaming (802.3ad): all members on one switch or stack.',
          lacp: 'Switch-dependent LACP (802.1ax): all members on one switch, stack or MLAG pair.',
        },
        defaultText: 'switch_independent',
      }),
      property('balancing', one(enumOf('hyperv_port', 'address_hash', 'dynamic')), 'How outgoing traffic is spread over the members.', {
        values: {
          hyperv_port: 'By VM switch port: one VM never exceeds one member\'s bandwidth. Meaningless inside a guest.',
          address_hash: 'By a hash of addresses and ports; one TCP stream stays on one member. Required in guests.',
          dynamic: 'Flowlet-based balancing (2012 R2 and later); a good default on hosts.',
        },
      }),
      property('vendor', one(enumOf('windows', 'intel', 'broadcom', 'other')), 'Who built the team: Windows LBFO, or a vendor\'s teaming software. A vendor team cannot be a member of a Windows team.', { defaultText: 'windows' }),
    ),
  },
  {
    id: 'switch_stack', keyword: 'switch_stack', label: 'physical switch stack', parents: ['file'], scope: 'global', symbol: 'module',
    header: [[{ name: 'name', value: name }]],
    doc: 'Physical switches that act as one for link aggregation: a stack, or an MLAG (multi-chassis LAG, vPC) pair. A switch-dependent team (static or LACP) may spread its members over the switches of one stack; switches not declared together are separate switches.',
    link: links.nicTeaming,
    properties: props(
      property('switches', list(name), 'The physical switches, as adapters name them in `physical_switch`.'),
      property('kind', one(enumOf('stack', 'mlag')), 'How the switches aggregate links.', { values: { stack: 'A stack managed as one switch.', mlag: 'Two switches presenting one LAG to the host (MLAG, vPC, MC-LAG).' }, defaultText: 'stack' }),
    ),
  },
  {
    id: 'san', keyword: 'san', label: 'SAN', parents: ['file'], scope: 'global', symbol: 'module',
    header: [[{ name: 'name', value: name }]],
    doc: 'A storage system behind one or more Cluster Shared Volumes. With a single SAN, the SAN remains the cluster\'s single point of failure: replicate critical VMs to storage outside it.',
    properties: props(
      property('protocol', one(enumOf('iscsi', 'fc', 'smb')), 'How the hosts reach the storage.', { values: { iscsi: 'iSCSI over Ethernet.', fc: 'Fibre Channel.', smb: 'SMB 3 file shares (Scale-Out File Server).' } }),
      property('capacity', one(bytes), 'The usable capacity.'),
    ),
  },
  {
    id: 'cluster', keyword: 'cluster', label: 'cluster', parents: ['file'], scope: 'global', symbol: 'module',
    header: [[{ name: 'name', value: name }]],
    doc: 'A Windows Server failover cluster: a Hyper-V host cluster (`kind hyperv`, nodes are hosts) or a guest cluster (`kind guest`, nodes are VMs, for example the SQL Server AlwaysOn cluster). It stays up while more than half of its quorum votes are reachable.',
    link: links.quorum,
    properties: props(
      property('kind', one(enumOf('hyperv', 'guest')), 'What the nodes are.', { values: { hyperv: 'Physical Hyper-V hosts that run highly available VMs.', guest: 'VMs clustered together, for example for an availability group.' }, defaultText: 'hyperv' }),
      property('nodes', list(ref(...machines)), 'The cluster nodes: hosts for a Hyper-V cluster, VMs for a guest cluster.'),
      property('vote', [[{ name: 'node', value: ref(...machines) }, { name: 'weight', value: { type: 'number', min: 0, max: 1 } }]], 'A node\'s quorum vote (NodeWeight), 1 by default. Nodes hosting the primary replica or an automatic-failover target should vote; nodes at a DR site usually do not.', { repeatable: true, link: links.quorum, defaultText: '1 for every node' }),
      property('witness', [
        [word('disk'), { name: 'target', value: ref('san', 'csv') }],
        [word('share'), { name: 'path', value: string }],
        [word('cloud')],
        [word('none')],
        [word('disk_only'), { name: 'target', value: ref('san', 'csv') }],
      ], 'The quorum witness, an extra vote that breaks ties. Aim for an odd number of votes in total. A file share witness must not live on a node of the cluster it arbitrates; `disk_only` quorum makes one disk the only vote and is not recommended.', {
        link: links.quorum,
        values: { disk: 'Node and Disk Majority: a small clustered disk votes.', share: 'Node and File Share Majority: a share on a server outside the cluster votes.', cloud: 'A cloud witness (Windows Server 2016 and later).', none: 'Node Majority only.', disk_only: 'Disk Only quorum: the disk is the only vote, a single point of failure.' },
      }),
    ),
  },
  {
    id: 'csv', keyword: 'csv', label: 'Cluster Shared Volume', parents: ['cluster'], scope: 'parent', symbol: 'struct',
    header: [[{ name: 'name', value: name }]],
    doc: 'A Cluster Shared Volume: a shared LUN every node opens at once (`C:\\ClusterStorage\\VolumeN`). Highly available VMs keep their configuration and disks here. On 2012/2012 R2 each VM also reserves a .BIN file as large as its memory on this volume.',
    link: links.csv,
    properties: props(
      property('san', one(ref('san')), 'The storage system the volume lives on.'),
      property('free', one(bytes), 'Free space on the volume. It must cover the memory of the VMs stored there (their .BIN files) on Windows Server 2012 and 2012 R2.'),
    ),
  },
  {
    id: 'replica_broker', keyword: 'replica_broker', label: 'Hyper-V Replica Broker', parents: ['cluster'], scope: 'global', symbol: 'object',
    header: [[{ name: 'name', value: name }]],
    doc: 'The Hyper-V Replica Broker cluster role, with its own client access point (name and IP). Any cluster that is the primary or the replica side of Hyper-V Replica needs one; replication targets the broker\'s name, not the nodes.',
    link: links.replicaBroker,
    properties: props(
      property('ip', one(address), 'The static IP address of the broker\'s client access point.'),
      property('auth', list(enumOf('kerberos', 'certificate')), 'The authentication types the broker\'s replica server settings allow for the whole cluster: `kerberos` (HTTP, port 80), `certificate` (HTTPS, port 443), or both. A replication to the cluster must use one of them.', { link: links.replicaSetup, values: { kerberos: 'HTTP on port 80.', certificate: 'HTTPS on port 443 with certificates.' } }),
    ),
  },
  {
    id: 'replica_server', keyword: 'replica_server', label: 'replica server settings', parents: ['host'], scope: 'parent', symbol: 'object', singleton: true,
    header: [],
    doc: 'Enables this host as a Hyper-V Replica server, the receiving side of replication.',
    link: links.replicaSetup,
    properties: props(
      property('auth', list(enumOf('kerberos', 'certificate')), 'The authentication types the replica server allows: Kerberos over HTTP (port 80, same or trusted domain), certificates over HTTPS (port 443), or both (`auth kerberos, certificate`). A replication must use one of them.', { link: links.replicaSetup, values: { kerberos: 'HTTP on port 80; both servers in trusting domains.', certificate: 'HTTPS on port 443 with certificates; works across domains.' } }),
      property('storage', one(name), 'Where replica VMs are stored on this server.'),
    ),
  },
  {
    id: 'vm', keyword: 'vm', label: 'VM', parents: ['file'], scope: 'global', symbol: 'object',
    header: [[{ name: 'name', value: name }, word('on'), { name: 'placement', value: ref('cluster', 'host') }]],
    doc: 'A virtual machine. Placed `on` a Hyper-V cluster it is highly available (restarted on another node after a host failure, if its files are on a CSV); placed on a host it is fixed to that host.',
    properties: props(
      property('memory', one(bytes), 'The memory the VM is given at start (Startup RAM): all of it for static memory, and the startup amount when `dynamic_memory` does not say `startup`. A host must have this much free, after its reserve, to start the VM. On 2012/2012 R2 a .BIN file as large as the VM\'s memory is reserved on its volume; a VM whose volume lacks that space fails to start (events 3050/3320).', { link: links.vmMemory }),
      property('storage', [[word('csv'), { name: 'csv', value: ref('csv') }], [word('local')]], 'Where the VM\'s files live: a Cluster Shared Volume of its cluster, or the local disks of its host. A clustered VM on local storage cannot fail over.', {
        link: links.csv, values: { csv: 'A Cluster Shared Volume of the VM\'s cluster.', local: 'The local disks of the host.' },
      }),
      property('os', one(windows), 'The guest\'s Windows Server version.'),
      property('integration_services', one(dotted), 'The integration services version inside the guest. Keep it equal to the host\'s; older guests are logged in the Hyper-V-Integration event log.', { link: links.integration }),
      property('dns', list(ref(...machines)), 'The DNS servers the VM uses, in order. Point them at the primary and the secondary domain controller, so name resolution survives the loss of one.'),
      property('anti_affinity', one(name), 'The AntiAffinityClassNames value of the VM\'s cluster group. VMs sharing a value are kept on different nodes where possible (a soft rule; ClusterEnforcedAntiAffinity makes it hard). Give guest-cluster nodes, AG replicas, NLB members and DCs a shared class.', { link: links.affinity }),
      flag('critical', 'A design flag: this VM must survive the loss of the shared storage, so it needs a replica outside the SAN.'),
      flag('shared_vhdx', 'The VM uses a shared VHDX (guest-cluster shared disk). On Windows Server 2012 R2 neither Hyper-V Replica nor ASR replicates it; 2016 VHD Sets can be replicated.'),
      property('generation', one({ type: 'number', min: 1, max: 2 }), 'The VM generation (1 or 2).'),
      property('priority', one(enumOf('high', 'medium', 'low', 'no_auto_start')), 'The failover priority of the VM\'s cluster group (Windows Server 2012 and later). After a failure the cluster starts VMs in priority order; a VM that finds no room may take the place of running VMs of lower priority (preemption), while high-priority VMs are never preempted.', {
        link: links.groupPriority, defaultText: 'medium',
        values: { high: 'Started first; never preempted.', medium: 'The default.', low: 'Started last and preempted first.', no_auto_start: 'Fails over but is not started: an operator starts it.' },
      }),
      property('preferred_owners', list(ref('host')), 'The cluster nodes the VM prefers, in order (the group\'s preferred owners): after a failure the cluster tries them first, then the other nodes.', { link: links.ownerNodes }),
      property('possible_owners', list(ref('host')), 'The only cluster nodes the VM may run on (the possible owners of its resource). Without it, every node of its cluster may run it.', { link: links.ownerNodes }),
    ),
  },
  {
    id: 'dynamic_memory', keyword: 'dynamic_memory', label: 'dynamic memory', parents: ['vm'], scope: 'parent', symbol: 'property', singleton: true,
    header: [],
    doc: 'Hyper-V Dynamic Memory: the VM starts with its startup memory, then Hyper-V adds or takes memory between the minimum and the maximum as the guest needs it. A host must have the startup memory free to start (or fail over) the VM; the .BIN file on 2012/2012 R2 grows with the memory, up to the maximum.',
    link: links.vmMemory,
    properties: props(
      property('startup', one(bytes), 'The memory the VM starts with; the cluster needs this much free on a node to start the VM there. Without it, the VM\'s `memory` is the startup memory.', { link: links.vmMemory }),
      property('minimum', one(bytes), 'The least memory Hyper-V leaves the running VM.', { link: links.vmMemory }),
      property('maximum', one(bytes), 'The most memory Hyper-V may give the VM.', { link: links.vmMemory }),
    ),
  },
  {
    id: 'sql', keyword: 'sql', label: 'SQL instance', parents: ['file'], scope: 'global', symbol: 'struct',
    header: [
      [word('on'), { name: 'machine', value: ref(...machines) }],
      [{ name: 'instance', value: name }, word('on'), { name: 'machine', value: ref(...machines) }],
    ],
    doc: 'A SQL Server instance: `sql on SQL1` is the default instance, named like its machine; `sql INST on SQL1` is the named instance `SQL1\\INST`. Logins live in each instance\'s master database and are not replicated by availability groups.',
    link: links.agLogins,
    properties: props(
      property('version', one(sqlVersion), 'The SQL Server version. The lowest version among an availability group\'s replicas decides its replica, synchronous and automatic-failover limits.', { link: links.agPrereqs }),
      property('edition', one(name), 'The edition (`Enterprise`, `Standard`, `Developer`, …; case does not matter). Availability groups need Enterprise; from SQL Server 2016, Standard hosts only Basic availability groups (2 replicas, 1 database, no readable secondary).', { link: links.basicAg }),
      property('auth', one(enumOf('windows', 'mixed')), 'The server authentication mode. Windows Azure Pack connects with SQL authentication, so every replica it uses needs mixed mode. A change takes effect after the SQL Server service restarts.', {
        link: links.authMode, defaultText: 'windows', values: { windows: 'Windows authentication only: SQL logins such as sa cannot connect.', mixed: 'SQL Server and Windows authentication: required by Windows Azure Pack.' },
      }),
      flag('hadr', 'The Always On availability groups feature is enabled on the instance (SQL Server Configuration Manager, then a service restart).'),
    ),
  },
  {
    id: 'sa', keyword: 'sa', label: 'sa login', parents: ['sql'], scope: 'parent', symbol: 'key', singleton: true,
    header: [[{ name: 'state', value: { type: 'bool', words: 'enabled_disabled' }, optional: true }]],
    doc: 'The built-in `sa` login. Setup leaves it disabled when Windows authentication was chosen, and switching to mixed mode does not enable it. If Windows Azure Pack authenticates as `sa`, enable it with the same strong password on every replica (or use a dedicated SQL login with sysadmin rights).',
    link: links.authMode,
    properties: props(property('password', one(name), 'An opaque token for the password: equal tokens mean equal passwords.')),
  },
  {
    id: 'login', keyword: 'login', label: 'login', parents: ['sql'], scope: 'parent', symbol: 'key',
    header: [[{ name: 'name', value: name }]],
    doc: 'A server login. Availability groups copy databases, not logins, so every instance that can become primary needs the same logins. A Windows login only has to be created (its SID comes from Active Directory); a SQL login must be copied with its SID and password hash (`sp_help_revlogin`).',
    link: links.agLogins,
    properties: props(
      property('type', one(enumOf('windows', 'sql')), 'A Windows (domain) login or a SQL Server authentication login.', { values: { windows: 'A domain user or group; its SID is the same everywhere.', sql: 'A SQL Server login with its own SID and password hash, which must be copied to every replica.' }, defaultText: 'windows for names with a backslash, sql otherwise' }),
      property('role', list(name), 'Server roles of the login, for example `sysadmin`.'),
      property('sid', one(name), 'An opaque token for the login\'s SID: equal tokens mean the same SID. A SQL login re-created by hand gets a new SID and orphans its database users.', { link: links.revlogin }),
      property('password', one(name), 'An opaque token for the password hash: equal tokens mean the same password.', { link: links.revlogin }),
    ),
  },
  {
    id: 'availability_group', keyword: 'availability_group', label: 'availability group', parents: ['file'], scope: 'global', symbol: 'module',
    header: [[{ name: 'name', value: name }, word('on'), { name: 'cluster', value: ref('cluster') }]],
    doc: 'An AlwaysOn availability group: user databases that fail over together between SQL Server replicas on different nodes of one failover cluster. Up to 5 replicas on SQL Server 2012 and 9 from 2014; clients connect through the listener, which always points at the primary.',
    link: links.agOverview,
    properties: props(
      flag('basic', 'A Basic availability group (SQL Server 2016 and later, Standard edition only): two replicas, one database, no readable secondary. Every replica must run Standard edition.', { link: links.basicAg, defaultText: 'no' }),
    ),
  },
  {
    id: 'replica', keyword: 'replica', label: 'replica', parents: ['availability_group'], scope: 'parent', symbol: 'field',
    header: [[{ name: 'instance', value: ref('sql') }]],
    doc: 'An availability replica on a SQL instance. Each replica needs its own instance on its own node of the group\'s cluster.',
    link: links.agOverview,
    properties: props(
      property('commit', one(enumOf('synchronous', 'asynchronous')), 'The availability mode.', {
        link: links.agModes,
        values: {
          synchronous: 'The primary waits until this secondary hardens the log: no data loss once synchronized, at some commit latency. At most 3 synchronous replicas (including the primary) up to SQL Server 2017, 5 from 2019. Needed for automatic failover.',
          asynchronous: 'The primary commits without waiting: suited to distant DR copies. Only forced failover, with possible data loss.',
        },
      }),
      property('failover', one(enumOf('automatic', 'manual')), 'The failover mode.', {
        link: links.agFailover,
        values: {
          automatic: 'Automatic failover happens only between synchronous replicas that are all automatic: the primary plus at least one secondary. The set is 2 replicas on 2012/2014, 3 on 2016/2017 and up to 5 from 2019.',
          manual: 'Planned manual failover without data loss when synchronized, otherwise forced failover.',
        },
        defaultText: 'manual',
      }),
      flag('primary', 'This replica is the initial primary, where setup creates the databases and logins first.'),
      property('readable', one(enumOf('yes', 'no', 'read_only')), 'Whether the replica accepts read connections in the secondary role. Basic availability groups have no readable secondary.', { values: { yes: 'All connections.', no: 'No connections.', read_only: 'Only connections that declare read intent.' }, defaultText: 'no' }),
    ),
  },
  {
    id: 'listener', keyword: 'listener', label: 'listener', parents: ['availability_group'], scope: 'global', symbol: 'interface',
    header: [[{ name: 'name', value: name }]],
    doc: 'The availability group listener: a virtual network name and IP addresses owned by the group\'s cluster role. Clients connect to it and always reach the current primary. The name may have letters, digits, `-` and `_`, at most 63 characters, and NetBIOS sees only the first 15.',
    link: links.listener,
    properties: props(
      property('ip', list(address), 'Static addresses with prefix, one for every subnet that holds a replica; after a cross-subnet failover the cluster brings the new primary\'s address online.', { link: links.listener }),
      property('port', one(port), 'The listener\'s TCP port. Clients must name it when it is not 1433.', { defaultText: '1433' }),
      flag('dhcp', 'The listener takes its address from DHCP. That works only within one subnet and is not advised in production.', { link: links.listener }),
      flag('register_all_providers_ip', 'The RegisterAllProvidersIP setting of the listener\'s network name. With `yes` (what SQL Server sets) DNS holds every listener address, and clients must connect with MultiSubnetFailover to try them in parallel; with `no` DNS holds only the online address, and a short `host_record_ttl` lets clients find the new one after a cross-subnet failover.', { link: links.multiSubnet, defaultText: 'yes' }),
      property('host_record_ttl', one({ type: 'quantity', unit: 'duration' }), 'The HostRecordTTL of the listener\'s network name: how long clients cache its DNS record. With `register_all_providers_ip no`, use 5 minutes or less so clients find the new address soon after a cross-subnet failover.', { link: links.multiSubnet, defaultText: '20m' }),
    ),
  },
  {
    id: 'database', keyword: 'database', label: 'availability database', parents: ['availability_group'], scope: 'parent', symbol: 'field',
    header: [[{ name: 'name', value: name }]],
    doc: 'A database in the availability group. It must be a read-write user database in FULL recovery with at least one full backup, and not in another group.',
    link: links.agPrereqs,
    properties: props(
      property('recovery', one(enumOf('full', 'simple', 'bulk_logged')), 'The recovery model. Availability groups ship log records, so only FULL works; after switching, take a full backup to start the log chain.', {
        link: links.agPrereqs, values: { full: 'Full log chain: required for availability databases.', simple: 'Truncates the log: not allowed in an availability group.', bulk_logged: 'Minimally logged bulk operations: not allowed in an availability group.' },
      }),
      property('backup', one(enumOf('full', 'none')), 'Whether a full backup exists. A database joins a group only after a full backup, which usually also seeds the secondaries.', { link: links.agPrereqs, values: { full: 'A full backup has been taken.', none: 'No full backup yet.' } }),
      property('owner', one(enumOf('spf', 'wap', 'vmm', 'app')), 'The component that owns the database.'),
      property('logins', list(name), 'The logins the database is used through. Each must exist on every replica, or the component fails to log in after a failover.', { link: links.agLogins }),
      flag('read_only', 'The database is read-only; read-only databases cannot join an availability group.'),
      flag('auto_close', 'AUTO_CLOSE is on; such databases cannot join an availability group.'),
      flag('system', 'A system database (master, msdb, model, tempdb); these cannot join an availability group.'),
      flag('contained', 'A contained database: its users authenticate in the database, so they need no server logins.'),
    ),
  },
  {
    id: 'nlb', keyword: 'nlb', label: 'NLB cluster', parents: ['file'], scope: 'global', symbol: 'module',
    header: [[{ name: 'name', value: name }]],
    doc: 'A Windows Network Load Balancing cluster: up to 32 hosts sharing one cluster IP for a stateless web tier (SPF, the WAP portals). NLB does not monitor services; a host leaves only when its heartbeats stop.',
    link: links.nlbLimits,
    properties: props(
      property('mode', one(enumOf('unicast', 'multicast', 'igmp_multicast')), 'How the cluster MAC is presented.', {
        link: links.nlbHyperV,
        defaultText: 'unicast',
        values: {
          unicast: 'The cluster MAC replaces each member\'s own MAC on the cluster adapter. On Hyper-V this needs MAC address spoofing on that VM adapter; switches cannot learn the MAC, so inbound traffic floods the VLAN; with one NIC per host NLB Manager on a member may not reach the others.',
          multicast: 'Members keep their MAC and add a multicast cluster MAC; routers need a static ARP entry for the cluster IP.',
          igmp_multicast: 'Multicast with IGMP, so switches that snoop IGMP send cluster traffic only to member ports.',
        },
      }),
      property('ip', one(address), 'The cluster (virtual) IP shared by all members. It needs a DNS record for the full internet name.'),
      property('internet_name', one(string), 'The FQDN clients use for the cluster IP. It needs an A record, must equal the certificate\'s name, and is the host name in the component URLs (for SPF, `https://NAME:8090`).'),
      property('hosts', list(ref(...machines)), 'The members of the NLB cluster. An NLB fronts the SPF or WAP whose servers are its hosts.'),
      property('nics_per_host', one({ type: 'number', min: 1, max: 2 }), 'Adapters per member: 1, or 2 (a cluster adapter plus a management adapter, which avoids the unicast manager limitation).', { defaultText: '1' }),
      property('cluster_nic', one(name), 'The name of the cluster adapter on each member, when members have more than one adapter.'),
    ),
  },
  {
    id: 'port_rule', keyword: 'port_rule', label: 'port rule', parents: ['nlb'], scope: 'parent', symbol: 'field',
    header: [[{ name: 'ports', value: { type: 'ports' } }]],
    doc: 'An NLB port rule: only traffic that matches a rule is balanced. Without any rule NLB uses 0-65535 for TCP and UDP. SPF needs 8090; the WAP tenant site needs 443 (30081 before rebinding).',
    link: links.spfUrl,
    properties: props(
      property('protocol', one(enumOf('tcp', 'udp', 'both')), 'The protocols the rule covers.', { defaultText: 'both' }),
      property('affinity', one(enumOf('none', 'single', 'network')), 'Client affinity.', {
        defaultText: 'single',
        values: { none: 'Any host serves any connection.', single: 'One client IP sticks to one host: the usual choice for HTTPS portals.', network: 'Every client of one class C (/24) network sticks to one host.' },
      }),
      property('filtering', one(enumOf('multiple', 'single', 'disabled')), 'Filtering mode: `multiple` balances across hosts, `single` sends everything to one host, `disabled` blocks the ports.', { defaultText: 'multiple' }),
    ),
  },
  {
    id: 'load_balancer', keyword: 'load_balancer', label: 'load balancer', parents: ['file'], scope: 'global', symbol: 'module',
    header: [[{ name: 'name', value: name }]],
    doc: 'A hardware or virtual load-balancing appliance (for example a KEMP LoadMaster) in front of real servers, with health checks: the alternative to Windows NLB, and the only one on network-virtualized VM networks.',
    properties: props(
      property('vip', one(address), 'The virtual IP the appliance answers on.'),
      property('fqdn', one(string), 'The name clients use for the virtual IP; it must match the certificate.'),
      property('real_servers', list(ref(...machines)), 'The servers the appliance forwards to. A load balancer fronts the SPF or WAP whose servers are its real servers.'),
      property('host_header_binding', one(string), 'The host name the real servers\' IIS sites are bound to. A health check must then send HTTP/1.1 with that host name.'),
      property('ports', list({ type: 'ports' }), 'The ports the appliance forwards for its virtual IP (its virtual services), as numbers or ranges: `ports 443, 30071, 30006`. A WAP tenant site published here needs the tenant authentication site (30071) and the tenant public API (30006) behind the same entry. Unknown when not written.', { link: links.wap }),
    ),
  },
  {
    id: 'health_check', keyword: 'health_check', label: 'health check', parents: ['load_balancer'], scope: 'parent', symbol: 'event', singleton: true,
    header: [],
    doc: 'How the appliance decides a real server is up. HTTP/1.0 checks send no Host header, so IIS sites bound to a host name fail them.',
    properties: props(
      property('protocol', one(enumOf('http10', 'http11', 'tcp')), 'The check protocol.', { values: { http10: 'HTTP/1.0: no Host header.', http11: 'HTTP/1.1 with a Host header.', tcp: 'A TCP connect only.' } }),
      property('host_header', one(string), 'The Host header an HTTP/1.1 check sends.'),
    ),
  },
  {
    id: 'dns_record', keyword: 'dns_record', label: 'DNS record', parents: ['file'], scope: 'global', symbol: 'constant',
    header: [[{ name: 'name', value: string }, { name: 'address', value: { type: 'address', prefix: 'forbidden' } }]],
    doc: 'A DNS A record. NLB does not register its cluster name, so the full internet name needs a record pointing at the cluster IP.',
    properties: props(),
  },
  {
    id: 'certificate', keyword: 'certificate', label: 'certificate', parents: ['file'], scope: 'global', symbol: 'key',
    header: [[{ name: 'name', value: string }]],
    doc: 'A web server certificate, named by its common name. It must carry the name clients use (the NLB full internet name) and be installed, with its private key, on every server behind the load balancer.',
    link: links.certificates,
    properties: props(
      property('issuer', one(enumOf('public', 'enterprise', 'self_signed')), 'Who issued it. Internet-facing endpoints need a public CA, because tenants\' browsers do not trust internal or self-signed ones.', { values: { public: 'A public certificate authority.', enterprise: 'An internal (enterprise) CA.', self_signed: 'Self-signed, as setup creates.' } }),
      property('san', list(string), 'Subject alternative names.'),
      property('installed_on', list(ref(...machines)), 'The servers the certificate is installed on.'),
      flag('internet_facing', 'The certificate protects an endpoint reached from the Internet.'),
    ),
  },
  {
    id: 'vmm', keyword: 'vmm', label: 'VMM', parents: ['file'], scope: 'global', symbol: 'class',
    header: [[{ name: 'name', value: name }]],
    doc: 'System Center Virtual Machine Manager, the fabric controller. Highly available VMM is a clustered role with its database behind the availability group listener and a remote library share.',
    link: links.vmm,
    properties: props(
      property('servers', list(ref(...machines)), 'The VMM management servers.'),
      property('database_server', one(ref('listener', 'sql')), 'The SQL Server VMM connects to: the availability group listener, so the connection follows the primary after a failover.', { link: links.listener }),
      property('database', one(name), 'The VMM database (VirtualManagerDB).'),
      property('service_account', one(string), 'The domain account the VMM service runs as. It needs a login on every replica.'),
      property('administrators', list(string), 'Members of the VMM Administrator user role. The SPF service account must be one of them.'),
      property('library', one(string), 'The UNC path of the library share. Recovery-plan scripts are read from the library.'),
      property('script_library', one(string), 'ScriptLibraryPath for Azure Site Recovery: the fully qualified UNC path of a remote library share, ending with `\\` (for example `\\\\fs.contoso.com\\library\\`). Current docs keep it under HKLM\\SOFTWARE\\Microsoft\\Azure Site Recovery\\Registration; the Hyper-V Recovery Manager era used the VMM DRAdapter\\Registration key.', { link: links.asrScripts }),
      flag('ha', 'VMM runs as a highly available clustered role.'),
      multiSubnetFailover,
    ),
  },
  {
    id: 'spf', keyword: 'spf', label: 'SPF', parents: ['file'], scope: 'global', symbol: 'class',
    header: [[{ name: 'name', value: name }]],
    doc: 'System Center Service Provider Foundation: an OData REST web service in front of VMM that Windows Azure Pack uses, backed by the SCSPFDB database. It listens on port 8090 and, from System Center 2012 R2, accepts HTTPS only.',
    link: links.spfInstall,
    properties: props(
      property('servers', list(ref(...machines)), 'The SPF web servers. Two or more need a load balancer in front of them.'),
      property('port', one(port), 'The port of the SPF web services: 8090 unless SPF was installed on another port. WAP\'s registration URL must name it explicitly, and the NLB port rules must cover it.', { link: links.spfUrl, defaultText: '8090' }),
      property('database_server', one(ref('listener', 'sql')), 'The SQL Server SPF connects to: the availability group listener.', { link: links.listener }),
      property('database', one(name), 'The SPF database (SCSPFDB). It must be in the availability group.'),
      property('service_account', one(string), 'The domain account of the SPF application pools. It needs sysadmin on the primary during setup, a login on every replica, the VMM Administrator role and membership of SPF_Admin, SPF_Provider and SPF_VMM on every SPF server.', { link: links.spfInstall }),
      property('vmm', one(ref('vmm')), 'The VMM that SPF fronts.'),
      property('certificate', one(string), 'The common name of the SPF web certificate; it must match the NLB full internet name.'),
      flag('ha', 'SPF is meant to be highly available (two or more servers behind a load balancer).'),
      multiSubnetFailover,
    ),
  },
  {
    id: 'registration_account', keyword: 'registration_account', label: 'registration account', parents: ['spf'], scope: 'parent', symbol: 'key',
    header: [[{ name: 'name', value: name }]],
    doc: 'The local account WAP uses to register the SPF endpoint. Through the load balancer any SPF server may answer, so the same local account with the same password must exist on every SPF server.',
    link: links.spfInstall,
    properties: props(flag('local', 'A local account on each SPF server (the usual choice).', { defaultText: 'yes' })),
  },
  {
    id: 'wap', keyword: 'wap', label: 'Windows Azure Pack', parents: ['file'], scope: 'global', symbol: 'class',
    header: [[{ name: 'name', value: name }]],
    doc: 'Windows Azure Pack: admin and tenant portals, APIs and resource providers. Highly available WAP means two or more servers behind a load balancer, its five MgmtSvc databases in the availability group, and SQL authentication on every replica.',
    link: links.wap,
    properties: props(
      property('mode', one(enumOf('express', 'distributed')), 'Express puts every WAP role on each server; distributed spreads the roles over servers.', { values: { express: 'All roles on each server.', distributed: 'Roles spread over dedicated servers; needs a full SQL Server on its own machine.' } }),
      property('servers', list(ref(...machines)), 'The WAP servers.'),
      property('database_server', one(ref('listener', 'sql')), 'The SQL Server WAP uses: the availability group listener.', { link: links.listener }),
      property('sql_login', one(name), 'The SQL authentication login WAP setup uses (`sa` or a dedicated sysadmin login). It must exist with the same password, and be enabled, on every replica.', { link: links.wapSql }),
      property('spf_url', one(string), 'The SPF endpoint WAP registers: `https://<SPF NLB name>:8090`. The port is required.', { link: links.spfUrl }),
      property('spf_account', one(name), 'The SPF registration account WAP authenticates with.'),
      property('administrators', list(string), 'Domain users or groups that administer WAP; they go into the local MgmtSvc Operators group on every WAP server.'),
      flag('dr_add_on', 'The WAP DR add-on (Update Rollup 4) is used: tenant VMs are protected with ASR through a second WAP and SPF at the recovery side.'),
      flag('ha', 'WAP is meant to be highly available.'),
      multiSubnetFailover,
    ),
  },
  {
    id: 'server', keyword: 'server', label: 'server', parents: ['spf', 'wap'], scope: 'parent', symbol: 'object',
    header: [[{ name: 'machine', value: ref(...machines) }]],
    doc: 'Per-server facts of an SPF or WAP server: local accounts, local groups, the WAP configuration-store passphrase, installed consoles.',
    properties: props(
      flag('vmm_console', 'The VMM Administrator Console is installed. SPF talks to VMM through it, so every SPF server needs the console matching the VMM version.', { link: links.spfInstall }),
      property('passphrase', one(name), 'An opaque token for the WAP configuration-store passphrase. Every WAP server must use the passphrase of the first.'),
      property('operators', list(string), 'Members of the local MgmtSvc Operators group, who may sign in to the WAP admin site.'),
    ),
  },
  {
    id: 'local_account', keyword: 'local_account', label: 'local account', parents: ['server'], scope: 'parent', symbol: 'key',
    header: [[{ name: 'name', value: name }]],
    doc: 'A local user account on this server, such as the SPF registration account.',
    properties: props(property('password', one(name), 'An opaque token for the password: equal tokens mean equal passwords.')),
  },
  {
    id: 'group', keyword: 'group', label: 'local group', parents: ['server'], scope: 'parent', symbol: 'variable',
    header: [[{ name: 'name', value: name }]],
    doc: 'A local security group on the server. SPF setup creates SPF_Admin, SPF_Provider, SPF_VMM and SPF_Usage; each gates one web service, and the membership must be repeated on every SPF server. On WAP servers, `MgmtSvc Operators` may sign in to the admin site.',
    link: links.spfInstall,
    properties: props(property('members', list(name), 'The accounts in the group.')),
  },
  {
    id: 'tenant_site', keyword: 'tenant_site', label: 'tenant site', parents: ['wap'], scope: 'parent', symbol: 'interface', singleton: true,
    header: [],
    doc: 'The WAP tenant portal (MgmtSvc-TenantSite). Setup binds it to 30081 with a self-signed certificate; for Internet tenants rebind it to 443 with the public certificate on every portal server. The admin site is on 30091.',
    link: links.wap,
    properties: props(
      property('port', one(port), 'The tenant site\'s port: 30081 after setup, 443 once rebound.', { defaultText: '30081' }),
      property('certificate', one(string), 'The certificate the tenant site is bound to.'),
      flag('internet_facing', 'Tenants reach the site from the Internet.'),
    ),
  },
  {
    id: 'replication', keyword: 'replication', label: 'replication', parents: ['file'], scope: 'global', symbol: 'event',
    header: [[{ name: 'vm', value: ref('vm') }, word('to'), { name: 'target', value: ref('host', 'cluster') }]],
    doc: 'Hyper-V Replica: asynchronous replication of a VM to a replica server (a host, or a cluster through its Replica Broker), over HTTP with Kerberos or HTTPS with certificates. A replica comes up only by a failover an operator starts.',
    link: links.replicaSetup,
    properties: props(
      property('frequency', one({ type: 'quantity', unit: 'duration' }), 'How often changes are sent: fixed at 5 minutes on Windows Server 2012; 30s, 5m or 15m from 2012 R2. The older OS of the pair decides.', { link: links.replicaWhatsNew, defaultText: '5m' }),
      property('storage', [[word('csv'), { name: 'csv', value: ref('csv') }], [word('local')]], 'Where the replica is stored on the target. It should not share the primary\'s SAN, or one storage failure loses both copies.'),
      property('failover_ip', one(address), 'The IP configuration injected into the replica at failover. Without it (and without a network mapping) the VM comes up with an APIPA address.', { link: links.failoverIp }),
      property('auth', one(enumOf('kerberos', 'certificate')), 'Kerberos over HTTP (port 80) or certificates over HTTPS (port 443).', { values: { kerberos: 'HTTP on port 80.', certificate: 'HTTPS on port 443.' } }),
      property('recovery_points', one({ type: 'number', min: 0, max: 24 }), 'Additional hourly recovery points: up to 24 from 2012 R2, 16 on 2012; the older OS of the pair decides. More points cost storage and IOPS on the replica.', { link: links.replicaWhatsNew }),
    ),
  },
  {
    id: 'extended', keyword: 'extended', label: 'extended replication', parents: ['replication'], scope: 'parent', symbol: 'event', singleton: true,
    header: [],
    doc: 'Extended (chained) replication from the replica to a third server, from Windows Server 2012 R2: 5 or 15 minutes only, never more frequent than the first hop.',
    link: links.replicaExtend,
    properties: props(
      property('to', one(ref('host', 'cluster')), 'The third server.'),
      property('frequency', one({ type: 'quantity', unit: 'duration' }), 'The interval of the second hop: 5m or 15m.', { link: links.replicaExtend }),
    ),
  },
  {
    id: 'recovery_plan', keyword: 'recovery_plan', label: 'recovery plan', parents: ['file'], scope: 'global', symbol: 'event',
    header: [[{ name: 'name', value: name }]],
    doc: 'An Azure Site Recovery plan: it fails VMs over group by group, with scripts before and after each group. Scripts run from the VMM library under the VMM service account.',
    link: links.asrScripts,
    properties: props(
      property('vmm', one(ref('vmm')), 'The VMM whose clouds the plan protects.'),
      property('primary_cloud', one(name), 'The VMM cloud VMs run in.'),
      property('recovery_cloud', one(name), 'The VMM cloud VMs fail over to; it must differ from the primary cloud.'),
      flag('network_mapping', 'VM networks are mapped from the primary to the recovery cloud, so replicas get valid addresses.'),
    ),
  },
  {
    id: 'plan_group', keyword: 'group', label: 'recovery group', parents: ['recovery_plan'], scope: 'parent', symbol: 'variable',
    header: [[{ name: 'order', value: number }]],
    doc: 'A boot group of a recovery plan: groups start in order, so start the database tier first, then SPF and VMM, then the portals.',
    link: links.asrScripts,
    properties: props(
      property('vms', list(ref('vm')), 'The VMs started by this group.'),
      property('before', [[{ name: 'script', value: string }, { name: 'tags', value: name, list: true, optional: true }]], 'A script that runs before the group fails over. Tag a script that fixes networking with `network`.'),
      property('after', [[{ name: 'script', value: string }, { name: 'tags', value: name, list: true, optional: true }]], 'A script that runs after the group fails over.'),
    ),
  },
  {
    id: 'app', keyword: 'app', label: 'application', parents: ['file'], scope: 'global', symbol: 'class',
    header: [[{ name: 'name', value: name }]],
    doc: 'Any other component with a database on the stamp\'s SQL Server: its database server should be the listener and its database should be in the availability group.',
    properties: props(
      property('servers', list(ref(...machines)), 'The application servers.'),
      property('database_server', one(ref('listener', 'sql')), 'The SQL Server the application connects to.'),
      property('database', list(name), 'The application\'s databases.'),
      property('service_account', one(string), 'The account the application connects as; it needs a login on every replica.'),
      flag('ha', 'The application is meant to be highly available.'),
      multiSubnetFailover,
    ),
  },
] as const satisfies readonly ElementKind[];

/** Every element kind of the language, for code that walks the table. */
export const elementKinds: readonly ElementKind[] = declaredKinds;

/** An element kind as the table declares it (literal id and property keywords). */
type DeclaredKind = (typeof declaredKinds)[number];
/** The id of an element kind of the table: `'vm'`, `'availability_group'`. */
export type KindId = DeclaredKind['id'];
/** The property keywords of one element kind. */
export type KindProperty<K extends KindId> = keyof Extract<DeclaredKind, { id: K }>['properties'] & string;
/** A property keyword of any element kind. */
export type PropertyKeyword = { [K in KindId]: KindProperty<K> }[KindId];

/** An element kind of the table, its id typed: comparing `element.kind.id` with a misspelled id does not compile. */
export type KnownKind = ElementKind & { readonly id: KindId };

const kindsById = new Map<string, KnownKind>(declaredKinds.map((kind) => [kind.id, kind]));
const childKindsByParent = new Map<string, Map<string, KnownKind>>();
for (const kind of declaredKinds as readonly KnownKind[]) {
  for (const parent of kind.parents) {
    let byKeyword = childKindsByParent.get(parent);
    if (!byKeyword) childKindsByParent.set(parent, (byKeyword = new Map()));
    byKeyword.set(kind.keyword, kind);
  }
}

/** True when a string (read from the table, such as a reference's kinds) is the id of an element kind. */
// Stryker disable next-line BlockStatement: its one caller (completion) asks after elementKind(id) found the kind, to narrow the type; a false answer lists the same elements by scanning them all
export function isKindId(id: string): id is KindId {
  return kindsById.has(id);
}

/** The element kind with this id. */
export function elementKind(id: string): KnownKind {
  const kind = kindsById.get(id);
  // Stryker disable next-line all: every id asked for comes from the table itself (kinds' parents, references' kinds), checked when it loads; a guard against an error in the table
  if (!kind) throw new Error(`unknown element kind ${id}`);
  return kind;
}

/** The child element kinds allowed in a parent (`file` for the top level), by keyword. */
export function childKinds(parentKindId: string): ReadonlyMap<string, KnownKind> {
  return childKindsByParent.get(parentKindId) ?? new Map();
}

/** What a keyword means inside a parent: a child element kind, a property, or nothing. */
export function lookupKeyword(parentKindId: string, keyword: string): KeywordMeaning | undefined {
  // Looked up for every statement: answers are schema facts, kept once per parent and keyword (unknown ones too).
  // The cache changes the cost only: findKeyword gives the same answer each time (so these mutants are equivalent).
  let byKeyword = keywordMeanings.get(parentKindId);
  // Stryker disable next-line ConditionalExpression: a new, empty cache for every lookup only finds nothing cached
  if (!byKeyword) keywordMeanings.set(parentKindId, (byKeyword = new Map()));
  let meaning = byKeyword.get(keyword);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: looking a cached keyword up again gives the cached answer
  if (meaning === undefined && !byKeyword.has(keyword)) {
    meaning = findKeyword(parentKindId, keyword);
    // Bounded: the keywords of the schema plus at most a few thousand misspellings per parent.
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,CallExpression: what is kept, and the bound, change only what is found again in the cache
    if (meaning || byKeyword.size < 4096) byKeyword.set(keyword, meaning);
  }
  return meaning;
}

/** What a keyword means inside a parent: a child element kind or a property. */
export type KeywordMeaning = Readonly<{ element: KnownKind }> | Readonly<{ property: PropertySpec }>;
const keywordMeanings = new Map<string, Map<string, KeywordMeaning | undefined>>();
// Stryker disable next-line BlockStatement,ArrowFunction: called by the mutation-testing runner between mutants, never by a test
registerProcessCache(() => keywordMeanings.clear());

function findKeyword(parentKindId: string, keyword: string): KeywordMeaning | undefined {
  const element = childKinds(parentKindId).get(keyword);
  if (element) return { element };
  const parent = kindsById.get(parentKindId);
  const spec = parent?.properties[keyword];
  if (spec && Object.prototype.hasOwnProperty.call(parent!.properties, keyword)) return { property: spec };
  return undefined;
}

/** Every keyword valid inside a parent: child kinds first, then properties. */
export function keywordsIn(parentKindId: string): string[] {
  const parent = kindsById.get(parentKindId);
  return [...childKinds(parentKindId).keys(), ...Object.keys(parent?.properties ?? {})];
}

/** Every place a keyword is valid, for "belongs inside" messages. */
export function placesOfKeyword(keyword: string): string[] {
  const places: string[] = [];
  for (const kind of elementKinds) {
    if (kind.keyword === keyword) places.push(...kind.parents);
    if (Object.prototype.hasOwnProperty.call(kind.properties, keyword)) places.push(kind.id);
  }
  return [...new Set(places)];
}

/** Windows, SQL Server and System Center versions in release order, as they are written. */
export const versionOrder: Record<'windows' | 'sql' | 'system_center', readonly string[]> = {
  windows: ['2008', '2008R2', '2012', '2012R2', '2016', '2019', '2022', '2025'],
  sql: ['2008', '2008R2', '2012', '2014', '2016', '2017', '2019', '2022', '2025'],
  system_center: ['2012', '2012SP1', '2012R2', '2016', '2019', '2022', '2025'],
};
