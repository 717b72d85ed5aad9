// Reads a validated inventory into the estate: what the running system says, in the language's terms, plus the
// facts that were collected but have no place in the language ("not mapped").
import { bool, date, enumName, enums, integer, many, nameOf, shortName, strings, text, version, type RawObject } from './raw.js';

export interface EstateNic {
  name: string;
  speedBps?: number; rdma?: boolean; sriov?: boolean; virtual?: boolean;
  switch?: string; ips: string[]; macSpoofing?: boolean; allowTeaming?: boolean;
}
export interface EstateSwitch { name: string; type?: string; uplink?: string; sriov?: boolean }
export interface EstateTeam { name: string; members: string[]; mode?: string; balancing?: string }
export interface EstateHost {
  name: string; os?: string; memoryBytes?: number; integrationServices?: string;
  nics: EstateNic[]; switches: EstateSwitch[]; teams: EstateTeam[];
  replicaServer?: { auth?: string; storage?: string };
  /** The MemoryReserve an administrator set, in bytes; absent when Hyper-V keeps its own default. */
  reserveBytes?: number;
  notMapped: string[];
}
export interface EstateCluster {
  name: string; kind?: 'hyperv' | 'guest'; nodes: string[]; votes: Array<{ node: string; weight: number }>;
  witness?: { type: 'share' | 'cloud' | 'none' | 'disk'; path?: string; san?: string };
  csvs: Array<{ name: string; freeBytes?: number; san?: string }>;
  replicaBroker?: { name: string; ip?: string };
  notMapped: string[];
}
export interface EstateVm {
  name: string; host: string; cluster?: string; memoryBytes?: number; storage?: { csv: string } | 'local';
  dynamicMemory?: { minimumBytes?: number; maximumBytes?: number }; priority?: string;
  /** The cluster group's preferred owners in order, and the VM resource's possible owners when they are not every node. */
  preferredOwners: string[]; possibleOwners: string[];
  generation?: number; antiAffinity?: string; integrationServices?: string; nics: EstateNic[];
  notMapped: string[];
}
export interface EstateLogin { name: string; type: 'windows' | 'sql'; sid?: string; disabled?: boolean; roles: string[] }
export interface EstateSql {
  machine: string; instance?: string; version?: string; edition?: string; auth?: 'windows' | 'mixed'; hadr?: boolean;
  sa?: { enabled: boolean }; logins: EstateLogin[];
}
export interface EstateReplica { instance: string; commit?: 'synchronous' | 'asynchronous'; failover?: 'automatic' | 'manual'; primary: boolean; readable?: string }
export interface EstateDatabase {
  name: string; recovery?: string; backup?: 'full' | 'none'; logins: string[];
  readOnly?: boolean; autoClose?: boolean; contained?: boolean;
}
export interface EstateAg {
  name: string; cluster?: string; replicas: EstateReplica[];
  listener?: { name: string; ips: string[]; port?: number; dhcp?: boolean };
  databases: EstateDatabase[];
}
export interface EstatePortRule { from: number; to: number; protocol?: string; affinity?: string; filtering?: string }
export interface EstateNlb { name: string; internetName: string; ip?: string; mode?: string; hosts: string[]; portRules: EstatePortRule[] }
export interface EstateReplication { vm: string; target: string; frequencySec?: number; auth?: string; recoveryPoints?: number }
export interface EstateCertificate { cn: string; issuer?: 'self_signed'; sans: string[]; installedOn: string[] }
/** Where a component's connection string points: the host of its data source (a listener or a machine) and the catalog. */
export interface DataSource { host: string; instance?: string; database?: string; user?: string }
export interface EstateComponent {
  servers: string[]; library?: string; administrators: string[];
  /** The database the component is wired to, from its connection string or settings (without secrets). */
  database?: DataSource; serviceAccount?: string;
  /** SPF: the VMM servers it talks to, and its web service's port. */
  vmmServers?: string[]; port?: number;
  /** WAP: the SPF endpoint it registered (scheme, host and port) and the account it authenticates with. */
  spfUrl?: string; spfAccount?: string;
  notMapped: string[];
}
/** A storage array, told apart by what the hosts see of it (iSCSI target portals, or a Fibre Channel array's make). */
export interface EstateSan { name: string; protocol?: 'iscsi' | 'fc'; identity: string }

/** The sources an inventory may hold; a source not collected leaves its facts unknown. */
export const inventorySources = ['clusters', 'hyperv', 'network', 'nlb', 'sql', 'dns', 'certificates', 'vmm', 'spf', 'wap'] as const;
export type InventorySource = (typeof inventorySources)[number];

/** Everything the inventory says, in the language's terms. */
export interface Estate {
  collected: Set<InventorySource>;
  domain?: { name: string; netbios?: string };
  hosts: EstateHost[]; clusters: EstateCluster[]; vms: EstateVm[]; sql: EstateSql[]; ags: EstateAg[];
  nlbs: EstateNlb[]; dns: Array<{ name: string; address: string }>; certificates: EstateCertificate[];
  replications: EstateReplication[]; sans: EstateSan[];
  vmm?: EstateComponent; spf?: EstateComponent; wap?: EstateComponent;
  /** Facts of the estate as a whole that have no statement in the language. */
  notMapped: string[];
  /** The collector's own warnings (sources skipped). */
  warnings: string[];
}

const key = (name: string): string => name.toLowerCase();

/** Cluster group priorities (Get-ClusterGroup Priority) as the language names them. */
const groupPriorities: Record<number, string> = { 3000: 'high', 2000: 'medium', 1000: 'low', 0: 'no_auto_start' };

/** Windows Server releases by kernel version (Win32_OperatingSystem.Version). */
const windowsByKernel: Array<[string, string]> = [['6.0', '2008'], ['6.1', '2008R2'], ['6.2', '2012'], ['6.3', '2012R2']];
export function windowsRelease(os: RawObject | undefined): string | undefined {
  const caption = text(os?.Caption);
  const fromCaption = caption ? /Windows Server (20[0-9]{2})( R2)?/.exec(caption) : null;
  if (fromCaption) return `${fromCaption[1]}${fromCaption[2] ? 'R2' : ''}`;
  const kernel = text(os?.Version);
  if (!kernel) return undefined;
  const build = Number(kernel.split('.')[2]);
  for (const [prefix, release] of windowsByKernel) if (kernel.startsWith(`${prefix}.`)) return release;
  if (kernel.startsWith('10.0.')) return build >= 26100 ? '2025' : build >= 20348 ? '2022' : build >= 17763 ? '2019' : '2016';
  return undefined;
}

/** SQL Server releases by major version (SERVERPROPERTY('ProductVersion')). */
const sqlByMajor: Record<string, string> = { '10': '2008', '11': '2012', '12': '2014', '13': '2016', '14': '2017', '15': '2019', '16': '2022', '17': '2025' };
export function sqlRelease(productVersion: string | undefined): string | undefined {
  if (!productVersion) return undefined;
  const [major, minor] = productVersion.split('.');
  if (major === '10' && Number(minor) >= 50) return '2008R2';
  return sqlByMajor[major];
}

/** The CSV a path lies on: `C:\ClusterStorage\Volume1\VMs\SQL1` → `Volume1`. */
export function csvOfPath(path: string | undefined): string | undefined {
  const match = /^[A-Za-z]:\\ClusterStorage\\([^\\]+)/i.exec(path ?? '');
  return match ? match[1] : undefined;
}

/** The prefix length of a dotted subnet mask, or undefined for a mask that is not contiguous. */
export function prefixOfMask(mask: string | undefined): number | undefined {
  if (!mask || !/^[0-9]+(\.[0-9]+){3}$/.test(mask)) return undefined;
  const bits = mask.split('.').map((part) => Number(part).toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') === -1 ? 32 : bits.indexOf('0') : undefined;
}

const isIpv4 = (address: string): boolean => /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(address);

/** Reads an inventory that passed the schema into the estate. Never throws on missing parts. */
export function readEstate(inventory: RawObject): Estate {
  const collected = new Set(strings(inventory.collected).map((source) => source.toLowerCase()).filter((source): source is InventorySource => (inventorySources as readonly string[]).includes(source)));
  const estate: Estate = {
    collected, hosts: [], clusters: [], vms: [], sql: [], ags: [], nlbs: [], dns: [], certificates: [], replications: [], sans: [],
    notMapped: [], warnings: strings(inventory.warnings),
  };
  const domain = inventory.domain as RawObject | null | undefined;
  if (domain && text(domain.DNSRoot)) estate.domain = { name: text(domain.DNSRoot)!, netbios: text(domain.NetBIOSName) };

  const clusterOfNode = new Map<string, string>();
  for (const raw of many(inventory.clusters)) {
    const cluster = readCluster(raw);
    estate.clusters.push(cluster);
    for (const node of cluster.nodes) clusterOfNode.set(key(node), cluster.name);
  }
  // Anti-affinity classes and failover priorities live on the VMs' cluster groups.
  const antiAffinity = new Map<string, string>();
  const priorityOf = new Map<string, string>();
  const ownersOf = new Map<string, { preferred: string[]; possible: string[] }>();
  for (const raw of many(inventory.clusters)) {
    const nodes = many(raw.nodes).map((node) => key(shortName(text(node.Name)!)));
    for (const group of many(raw.groups)) {
      const groupName = text(group.Name);
      if (groupName && enumName(group.GroupType, enums.groupType) === 'virtualmachine') {
        const preferred = strings(group.PreferredOwners).map(shortName);
        // Possible owners that are every node of the cluster are the default: nothing to write.
        const possible = strings(group.PossibleOwners).map(shortName);
        const everyNode = nodes.every((node) => possible.some((owner) => key(owner) === node));
        ownersOf.set(key(groupName), { preferred, possible: everyNode ? [] : possible });
      }
      const classes = strings(group.AntiAffinityClassNames);
      const name = text(group.Name);
      if (name && classes.length > 0) antiAffinity.set(key(name), classes[0]);
      const priority = groupPriorities[integer(group.Priority) ?? -1];
      if (name && priority && enumName(group.GroupType, enums.groupType) === 'virtualmachine') priorityOf.set(key(name), priority);
    }
  }

  const hostNames = new Set<string>();
  for (const raw of many(inventory.hosts)) {
    // A machine without Hyper-V answers (a guest-cluster node read by mistake) is not a host of the stamp.
    if (!raw.vmHost && many(raw.vms).length === 0) continue;
    const host = readHost(raw);
    estate.hosts.push(host);
    hostNames.add(key(host.name));
    const vmAdapters = many(raw.vmNetworkAdapters).filter((adapter) => bool(adapter.IsManagementOs) !== true && text(adapter.VMName));
    for (const vm of many(raw.vms)) {
      // A replica VM on a replica server is the copy of a VM listed on its primary, not a VM of its own.
      const replicationMode = enumName(vm.ReplicationMode, enums.replicationMode);
      if (replicationMode === 'replica' || replicationMode === 'extendedreplica') continue;
      const name = text(vm.Name)!;
      // The language's `memory` is the startup memory; dynamic memory adds its range.
      const dynamic = bool(vm.DynamicMemoryEnabled) === true;
      const memory = integer(vm.MemoryStartup);
      const path = text(vm.ConfigurationLocation) ?? text(vm.Path);
      const csv = csvOfPath(path);
      const cluster = bool(vm.IsClustered) === true ? clusterOfNode.get(key(host.name)) : undefined;
      const notMapped: string[] = [];
      estate.vms.push({
        name, host: host.name, cluster, memoryBytes: memory, storage: csv ? { csv } : path ? 'local' : undefined,
        dynamicMemory: dynamic ? { minimumBytes: integer(vm.MemoryMinimum), maximumBytes: integer(vm.MemoryMaximum) } : undefined,
        priority: cluster ? priorityOf.get(key(name)) : undefined,
        preferredOwners: cluster ? ownersOf.get(key(name))?.preferred ?? [] : [], possibleOwners: cluster ? ownersOf.get(key(name))?.possible ?? [] : [],
        generation: integer(vm.Generation), antiAffinity: antiAffinity.get(key(name)), integrationServices: version(vm.IntegrationServicesVersion),
        nics: vmAdapters.filter((adapter) => key(text(adapter.VMName)!) === key(name)).map(readVmAdapter),
        notMapped,
      });
    }
    for (const replication of many(raw.vmReplication)) {
      const mode = enumName(replication.Mode, enums.replicationMode);
      const vm = text(replication.VMName);
      const target = text(replication.ReplicaServer);
      if (mode !== 'primary' || !vm || !target) continue;
      const auth = enumName(replication.AuthType, enums.replicationAuth);
      estate.replications.push({
        vm, target: shortName(target), frequencySec: integer(replication.FrequencySec),
        auth: auth === 'kerberos' || auth === 'certificate' ? auth : undefined, recoveryPoints: integer(replication.RecoveryHistory),
      });
    }
  }
  // A cluster is a Hyper-V cluster when its nodes are the Hyper-V hosts collected, a guest cluster when they are VMs.
  const vmNames = new Set(estate.vms.map((vm) => key(vm.name)));
  for (const cluster of estate.clusters) {
    if (cluster.nodes.length > 0 && cluster.nodes.every((node) => vmNames.has(key(node)))) cluster.kind = 'guest';
    else if (cluster.nodes.some((node) => hostNames.has(key(node)))) cluster.kind = 'hyperv';
  }
  // Replication to a broker's name targets its cluster.
  const clusterOfBroker = new Map(estate.clusters.filter((cluster) => cluster.replicaBroker).map((cluster) => [key(cluster.replicaBroker!.name), cluster.name]));
  for (const replication of estate.replications) replication.target = clusterOfBroker.get(key(replication.target)) ?? replication.target;

  readStorage(inventory, estate);
  readSql(inventory, estate);
  for (const ag of estate.ags) {
    const machines = ag.replicas.map((replica) => key(shortName(replica.instance)));
    ag.cluster = estate.clusters.find((cluster) => machines.length > 0 && machines.every((machine) => cluster.nodes.some((node) => key(node) === machine)))?.name;
  }
  readNlb(inventory, estate);
  for (const record of many(inventory.dnsRecords)) {
    const name = text(record.Name);
    const address = text(record.IPAddress);
    if (name && address && isIpv4(address)) estate.dns.push({ name, address });
  }
  readCertificates(inventory, estate);
  readComponents(inventory, estate);
  return estate;
}

function readCluster(raw: RawObject): EstateCluster {
  const info = raw.cluster as RawObject;
  const cluster: EstateCluster = { name: shortName(text(info.Name)!), nodes: [], votes: [], csvs: [], notMapped: [] };
  for (const node of many(raw.nodes)) {
    const name = text(node.Name)!;
    cluster.nodes.push(shortName(name));
    const weight = integer(node.NodeWeight);
    if (weight === 0) cluster.votes.push({ node: shortName(name), weight });
  }
  const quorum = raw.quorum as RawObject | null | undefined;
  const witness = raw.witness as RawObject | null | undefined;
  const witnessType = nameOf(witness?.ResourceType)?.toLowerCase();
  if (quorum !== undefined || witness !== undefined) {
    if (!witness && quorum && !nameOf(quorum.QuorumResource)) cluster.witness = { type: 'none' };
    else if (witnessType === 'file share witness') cluster.witness = { type: 'share', path: text(witness?.SharePath) };
    else if (witnessType === 'cloud witness') cluster.witness = { type: 'cloud' };
    else if (witnessType === 'physical disk') cluster.witness = { type: 'disk' };
  }
  for (const volume of many(raw.sharedVolumes)) {
    const info = many(volume.SharedVolumeInfo)[0];
    const friendly = text(info?.FriendlyVolumeName);
    const name = csvOfPath(friendly ? `${friendly}\\` : undefined) ?? text(volume.Name)!;
    const partition = info?.Partition as RawObject | undefined;
    cluster.csvs.push({ name, freeBytes: integer(partition?.FreeSpace) });
  }
  const groups = many(raw.groups);
  const brokerGroup = groups.find((group) => enumName(group.GroupType, enums.groupType) === 'vmreplicabroker');
  const resources = many(raw.resources);
  const brokerResource = resources.find((resource) => nameOf(resource.ResourceType)?.toLowerCase() === 'virtual machine replication broker');
  const brokerGroupName = text(brokerGroup?.Name) ?? nameOf(brokerResource?.OwnerGroup);
  if (brokerGroupName) {
    const ip = resources.find((resource) => nameOf(resource.ResourceType)?.toLowerCase() === 'ip address' && key(nameOf(resource.OwnerGroup) ?? '') === key(brokerGroupName));
    cluster.replicaBroker = { name: brokerGroupName, ip: text(ip?.Address) };
  }
  return cluster;
}

function readHost(raw: RawObject): EstateHost {
  const name = shortName(text(raw.computerName)!);
  const vmHost = raw.vmHost as RawObject | null | undefined;
  const host: EstateHost = {
    name, os: windowsRelease(raw.os as RawObject | undefined), memoryBytes: integer(vmHost?.MemoryCapacity),
    integrationServices: version(raw.integrationServicesVersion), nics: [], switches: [], teams: [], notMapped: [],
  };
  const reserveMb = integer(raw.memoryReserve);
  if (reserveMb !== undefined && reserveMb > 0) host.reserveBytes = reserveMb * 2 ** 20;
  const rdma = new Map(many(raw.rdma).map((row) => [key(text(row.Name) ?? ''), bool(row.Enabled)]));
  const sriov = new Map(many(raw.sriov).map((row) => [key(text(row.Name) ?? ''), bool(row.Enabled)]));
  const teams = many(raw.lbfoTeams);
  const teamNames = new Set(teams.map((team) => key(text(team.Name)!)));
  const adapters = many(raw.netAdapters);
  const byDescription = new Map(adapters.map((adapter) => [key(text(adapter.InterfaceDescription) ?? ''), text(adapter.Name)!]));
  const managementVnics = many(raw.vmNetworkAdapters).filter((adapter) => bool(adapter.IsManagementOs) === true);
  for (const adapter of adapters) {
    const adapterName = text(adapter.Name)!;
    // A team's own interface is the team, and a management-OS vNIC is listed below from Hyper-V.
    if (teamNames.has(key(adapterName))) continue;
    if (/^vEthernet \(/i.test(adapterName)) continue;
    const speed = integer(adapter.Speed) ?? parseLinkSpeed(text(adapter.LinkSpeed));
    host.nics.push({
      name: adapterName, speedBps: speed, rdma: rdma.get(key(adapterName)) === true ? true : undefined,
      sriov: sriov.get(key(adapterName)) === true ? true : undefined, virtual: undefined, ips: [],
    });
  }
  for (const vnic of managementVnics) host.nics.push({ name: text(vnic.Name)!, virtual: true, ips: [] });
  for (const team of teams) {
    const mode = enumName(team.TeamingMode, enums.teamingMode);
    const balancing = enumName(team.LoadBalancingAlgorithm, enums.loadBalancing);
    host.teams.push({
      name: text(team.Name)!, members: strings(team.Members),
      mode: mode === 'switchindependent' ? 'switch_independent' : mode === 'static' || mode === 'lacp' ? mode : undefined,
      balancing: balancing === 'hypervport' ? 'hyperv_port' : balancing === 'dynamic' ? 'dynamic' : balancing === 'transportports' || balancing === 'ipaddresses' || balancing === 'macaddresses' ? 'address_hash' : undefined,
    });
  }
  for (const vswitch of many(raw.vmSwitches)) {
    const type = enumName(vswitch.SwitchType, enums.switchType);
    const description = text(vswitch.NetAdapterInterfaceDescription);
    host.switches.push({
      name: text(vswitch.Name)!, type: type === 'external' || type === 'internal' || type === 'private' ? type : undefined,
      uplink: description ? byDescription.get(key(description)) : undefined, sriov: bool(vswitch.IovEnabled) === true ? true : undefined,
    });
  }
  const replicaServer = raw.vmReplicationServer as RawObject | null | undefined;
  if (replicaServer && bool(replicaServer.RepEnabled) === true) {
    const auth = enumName(replicaServer.AllowedAuthenticationType, enums.replicationAuth);
    host.replicaServer = { auth: auth === 'kerberos' || auth === 'certificate' ? auth : undefined, storage: text(replicaServer.DefaultStorageLocation) };
    if (auth === 'certificateandkerberos') host.notMapped.push('replica server accepts both Kerberos and certificates');
  }
  return host;
}

function readVmAdapter(adapter: RawObject): EstateNic {
  const spoofing = enumName(adapter.MacAddressSpoofing, enums.onOff);
  const teaming = enumName(adapter.AllowTeaming, enums.onOff);
  return {
    name: text(adapter.Name)!, switch: text(adapter.SwitchName), ips: strings(adapter.IPAddresses).filter(isIpv4),
    macSpoofing: spoofing === 'on' ? true : spoofing === 'off' ? false : undefined,
    allowTeaming: teaming === 'on' ? true : teaming === 'off' ? false : undefined,
  };
}

/** `10 Gbps` → 10e9 bits per second. */
function parseLinkSpeed(speed: string | undefined): number | undefined {
  const match = /^([0-9.]+)\s*([KMG])bps$/i.exec(speed ?? '');
  if (!match) return undefined;
  return Number(match[1]) * { k: 1e3, m: 1e6, g: 1e9 }[match[2].toLowerCase() as 'k' | 'm' | 'g'];
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return 'unknown';
  const units: Array<[string, number]> = [['PB', 2 ** 50], ['TB', 2 ** 40], ['GB', 2 ** 30], ['MB', 2 ** 20], ['KB', 2 ** 10]];
  for (const [unit, size] of units) if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  for (const [unit, size] of units) if (bytes >= size) return `${Math.round(bytes / size)}${unit}`;
  return `${Math.max(1, Math.round(bytes / 1024))}KB`;
}

function readSql(inventory: RawObject, estate: Estate): void {
  const ags = new Map<string, EstateAg>();
  const agOf = (name: string): EstateAg => {
    let ag = ags.get(key(name));
    if (!ag) ags.set(key(name), (ag = { name, replicas: [], databases: [] }));
    return ag;
  };
  for (const raw of many(inventory.sqlInstances)) {
    const server = (raw.server ?? {}) as RawObject;
    const [machinePart, instancePart] = text(raw.instance)!.split('\\');
    const machine = shortName(text(server.MachineName) ?? machinePart);
    const instanceName = text(server.InstanceName) ?? instancePart;
    const instance = instanceName && key(instanceName) !== 'mssqlserver' ? instanceName : undefined;
    const integrated = bool(server.IsIntegratedSecurityOnly);
    const roles = new Map<string, string[]>();
    for (const row of many(raw.roleMembers)) {
      const member = key(text(row.member) ?? '');
      roles.set(member, [...(roles.get(member) ?? []), text(row.role)!]);
    }
    const sql: EstateSql = {
      machine, instance, version: sqlRelease(text(server.ProductVersion)), edition: editionWord(text(server.Edition)),
      auth: integrated === true ? 'windows' : integrated === false ? 'mixed' : undefined, hadr: bool(server.IsHadrEnabled), logins: [],
    };
    for (const login of many(raw.logins)) {
      const name = text(login.name)!;
      const type = text(login.type);
      if (key(name) === 'sa' || text(login.sid)?.toLowerCase() === '0x01') {
        sql.sa = { enabled: bool(login.is_disabled) !== true };
        continue;
      }
      // Certificate-mapped, internal (##MS_…##) and NT SERVICE logins are the product's own, not the design's.
      if (type !== 'S' && type !== 'U' && type !== 'G') continue;
      if (/^##.*##$/.test(name) || /^NT (SERVICE|AUTHORITY)\\/i.test(name)) continue;
      sql.logins.push({ name, type: type === 'S' ? 'sql' : 'windows', sid: type === 'S' ? text(login.sid) : undefined, disabled: bool(login.is_disabled), roles: (roles.get(key(name)) ?? []).filter((role) => role !== 'public') });
    }
    estate.sql.push(sql);

    // Each replica reports the group; rows are merged by name across instances.
    const roleOfReplica = new Map<string, number>();
    for (const row of many(raw.availabilityReplicas)) {
      const ag = agOf(text(row.group_name)!);
      const instance = text(row.replica_server_name)!;
      if (integer(row.role) !== undefined) roleOfReplica.set(`${key(ag.name)}|${key(instance)}`, integer(row.role)!);
      if (ag.replicas.some((replica) => key(replica.instance) === key(instance))) continue;
      const mode = integer(row.availability_mode);
      const failover = integer(row.failover_mode);
      const connections = integer(row.secondary_role_allow_connections);
      ag.replicas.push({
        instance,
        commit: mode === 1 ? 'synchronous' : mode === 0 ? 'asynchronous' : undefined,
        failover: failover === 0 ? 'automatic' : failover === 1 ? 'manual' : undefined,
        primary: false,
        readable: connections === 0 ? 'no' : connections === 1 ? 'read_only' : connections === 2 ? 'yes' : undefined,
      });
    }
    for (const ag of ags.values()) for (const replica of ag.replicas) if (roleOfReplica.get(`${key(ag.name)}|${key(replica.instance)}`) === 1) replica.primary = true;
    for (const row of many(raw.listeners)) {
      const ag = agOf(text(row.group_name)!);
      ag.listener ??= { name: text(row.dns_name)!, ips: [], port: integer(row.port), dhcp: bool(row.is_dhcp) };
    }
    for (const row of many(raw.listenerIps)) {
      const ag = [...ags.values()].find((candidate) => candidate.listener && key(candidate.listener.name) === key(text(row.dns_name)!));
      const ip = text(row.ip_address)!;
      if (!ag?.listener || !isIpv4(ip)) continue;
      if (bool(row.is_dhcp) === true) ag.listener.dhcp = true;
      const prefix = prefixOfMask(text(row.ip_subnet_mask));
      const written = prefix !== undefined ? `${ip}/${prefix}` : ip;
      if (!ag.listener.ips.includes(written)) ag.listener.ips.push(written);
    }
    const databases = new Map(many(raw.databases).map((row) => [key(text(row.name)!), row]));
    const backups = new Map(many(raw.backups).map((row) => [key(text(row.database_name)!), date(row.last_full_backup)]));
    const users = many(raw.databaseUsers);
    for (const row of many(raw.availabilityDatabases)) {
      const ag = agOf(text(row.group_name)!);
      const name = text(row.database_name)!;
      if (ag.databases.some((database) => key(database.name) === key(name))) continue;
      const info = databases.get(key(name));
      const recovery = integer(info?.recovery_model);
      ag.databases.push({
        name,
        recovery: recovery === 1 ? 'full' : recovery === 2 ? 'bulk_logged' : recovery === 3 ? 'simple' : undefined,
        backup: raw.backups === undefined ? undefined : backups.get(key(name)) ? 'full' : 'none',
        logins: users.filter((user) => key(text(user.database_name) ?? '') === key(name)).map((user) => text(user.login_name)!).filter((login, index, all) => all.findIndex((other) => key(other) === key(login)) === index),
        readOnly: bool(info?.is_read_only), autoClose: bool(info?.is_auto_close_on), contained: info ? integer(info.containment) === 1 : undefined,
      });
    }
  }
  estate.ags.push(...ags.values());
}

/** The first word of SERVERPROPERTY('Edition'): `Enterprise Edition (64-bit)` → `Enterprise`. */
function editionWord(edition: string | undefined): string | undefined {
  const word = edition?.split(/[\s:]/)[0];
  return word && /^[A-Za-z]+$/.test(word) ? word : undefined;
}

function readNlb(inventory: RawObject, estate: Estate): void {
  for (const raw of many(inventory.nlbClusters)) {
    const info = raw.cluster as RawObject;
    const internetName = text(info.Name)!;
    const mode = enumName(info.Mode, enums.nlbMode);
    const rules = many(raw.portRules).map((rule): EstatePortRule => {
      const protocol = enumName(rule.Protocol, enums.nlbProtocol);
      const affinity = enumName(rule.Affinity, enums.nlbAffinity);
      const filtering = enumName(rule.Mode, enums.nlbFiltering);
      return {
        from: integer(rule.StartPort)!, to: integer(rule.EndPort)!,
        protocol: protocol === 'tcp' || protocol === 'udp' || protocol === 'both' ? protocol : undefined,
        affinity: affinity === 'none' || affinity === 'single' || affinity === 'network' ? affinity : undefined,
        filtering: filtering === 'multiple' || filtering === 'single' || filtering === 'disabled' ? filtering : undefined,
      };
    });
    estate.nlbs.push({
      name: nlbName(internetName), internetName, ip: text(info.IPAddress),
      mode: mode === 'unicast' || mode === 'multicast' ? mode : mode === 'igmpmulticast' ? 'igmp_multicast' : undefined,
      hosts: many(raw.nodes).map((node) => shortName(text(node.Name)!)), portRules: rules,
    });
  }
}

/** The name the import gives an NLB cluster, from its full internet name: `spf.hyper-v.nu` → `SPF-NLB`. */
export function nlbName(internetName: string): string {
  const first = internetName.split('.')[0].replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z_]+/, '');
  return `${first.toUpperCase() || 'CLUSTER'}-NLB`;
}

function readCertificates(inventory: RawObject, estate: Estate): void {
  const byCn = new Map<string, EstateCertificate>();
  for (const set of many(inventory.certificates)) {
    const machine = shortName(text(set.computerName)!);
    // Only certificates bound to a web site count: a machine store holds many others.
    const bound = new Set(many(set.bindings).map((binding) => text(binding.certificateHash)?.toLowerCase()).filter(Boolean));
    for (const certificate of many(set.certificates)) {
      const thumbprint = text(certificate.Thumbprint)?.toLowerCase();
      if (bound.size > 0 && (!thumbprint || !bound.has(thumbprint))) continue;
      const subject = text(certificate.Subject) ?? '';
      const cn = /CN=([^,]+)/i.exec(subject)?.[1]?.trim();
      if (!cn) continue;
      let entry = byCn.get(key(cn));
      if (!entry) {
        const issuer = text(certificate.Issuer);
        entry = { cn, issuer: issuer && key(issuer) === key(subject) ? 'self_signed' : undefined, sans: [], installedOn: [] };
        byCn.set(key(cn), entry);
      }
      const names = many(certificate.DnsNameList).map((name) => text(name.Unicode) ?? text(name.Punycode)).concat(strings(certificate.DnsNameList));
      for (const name of names) if (name && key(name) !== key(cn) && !entry.sans.some((san) => key(san) === key(name))) entry.sans.push(name);
      if (!entry.installedOn.some((machineName) => key(machineName) === key(machine))) entry.installedOn.push(machine);
    }
  }
  estate.certificates.push(...byCn.values());
}

/** Parses the keys of a connection string that say where it points (never a password: the collector strips those). */
export function parseConnectionString(value: string | undefined): DataSource | undefined {
  if (!value) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim().toLowerCase().replace(/\s+/g, ' '), part.slice(at + 1).trim());
  }
  const source = ['data source', 'server', 'address', 'addr', 'network address'].map((name) => fields.get(name)).find(Boolean);
  if (!source) return undefined;
  // tcp:SQL.contoso.com,1433 or SQL\INST: the host, and the instance when there is one.
  const [hostPart, instance] = source.replace(/^[a-z]+:/i, '').split(',')[0].split('\\');
  if (!hostPart || /^(\.|\(local\)|localhost)$/i.test(hostPart)) return undefined;
  const catalog = ['initial catalog', 'database'].map((name) => fields.get(name)).find(Boolean);
  const integrated = /^(true|yes|sspi)$/i.test(fields.get('integrated security') ?? fields.get('trusted_connection') ?? '');
  const user = integrated ? undefined : ['user id', 'uid', 'user'].map((name) => fields.get(name)).find(Boolean);
  return { host: hostPart.trim(), instance: instance?.trim() || undefined, database: catalog, user };
}

/** `https://spf.contoso.com:8090/SC2012R2/Admin/…` → `https://spf.contoso.com:8090`, as written. */
function endpointBase(address: string | undefined): string | undefined {
  return address ? /^(https?:\/\/[^/?#\s]+)/i.exec(address)?.[1] : undefined;
}

/** The port of an IIS binding (`*:8090:` or `10.0.0.5:443:spf.contoso.com`). */
function bindingPort(binding: RawObject): number | undefined {
  const port = Number(text(binding.bindingInformation)?.split(':')[1]);
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined;
}

function readComponents(inventory: RawObject, estate: Estate): void {
  const vmm = inventory.vmm as RawObject | null | undefined;
  if (vmm) {
    const settings = many(vmm.databases)[0];
    const fromRegistry = text(settings?.MachineName);
    const instance = text(settings?.InstanceName);
    const database: DataSource | undefined = fromRegistry
      ? { host: fromRegistry, instance: instance && key(instance) !== 'mssqlserver' ? instance : undefined, database: text(settings?.DatabaseName) }
      : parseConnectionString(text(settings?.ConnectionString));
    estate.vmm = {
      servers: many(vmm.servers).map((server) => shortName(text(server.Name) ?? text(server.FullyQualifiedDomainName) ?? '')).filter(Boolean),
      library: many(vmm.libraryShares).map((share) => text(share.Path)).find(Boolean),
      administrators: strings(vmm.administrators),
      database: database ? { ...database, database: database.database ?? text(settings?.DatabaseName) } : undefined,
      serviceAccount: serviceAccount(text(settings?.ServiceAccount)),
      notMapped: [],
    };
  }
  const spf = inventory.spf as RawObject | null | undefined;
  if (spf) {
    const servers = many(spf.servers);
    const accounts = [...new Set(servers.flatMap((server) => strings(server.appPoolAccounts).map(serviceAccount).filter((account): account is string => account !== undefined)))];
    const ports = [...new Set(servers.flatMap((server) => many(server.bindings).map(bindingPort)).filter((port): port is number => port !== undefined))];
    const component: EstateComponent = {
      servers: servers.map((server) => shortName(text(server.computerName) ?? text(server.Name) ?? '')).filter(Boolean),
      administrators: [],
      database: servers.map((server) => parseConnectionString(text(server.connectionString))).find(Boolean),
      serviceAccount: accounts.length === 1 ? accounts[0] : undefined,
      vmmServers: [...new Set(servers.flatMap((server) => strings(server.vmmServers).map(shortName)))],
      port: ports.length === 1 ? ports[0] : undefined,
      notMapped: [],
    };
    if (accounts.length > 1) component.notMapped.push(`the application pools run as different accounts: ${accounts.join(', ')}`);
    estate.spf = component;
  }
  const wap = inventory.wap as RawObject | null | undefined;
  if (wap) {
    const servers = many(wap.servers);
    const connection = servers.flatMap((server) => many(server.connectionStrings)).map((row) => parseConnectionString(text(row.ConnectionString))).find(Boolean);
    const systemCenter = servers.map((server) => server.systemCenter as RawObject | null | undefined).find(Boolean);
    const user = text(systemCenter?.AdminUsername);
    estate.wap = {
      servers: servers.map((server) => shortName(text(server.computerName) ?? text(server.Name) ?? '')).filter(Boolean),
      administrators: [],
      database: connection,
      spfUrl: endpointBase(text(systemCenter?.AdminForwardingAddress)),
      spfAccount: user ? user.split('\\').pop() : undefined,
      notMapped: [],
    };
  }
}

/** A service's logon account as the design writes it: `HYPERVNU\SVC_VMM`; the machine's own accounts are not one. */
function serviceAccount(account: string | undefined): string | undefined {
  if (!account || /^(LocalSystem|NT AUTHORITY\\|NT SERVICE\\|IIS APPPOOL\\|ApplicationPoolIdentity$|NetworkService$|LocalService$)/i.test(account)) return undefined;
  return account;
}

/** MSFT_Disk.BusType, as documented (the values the importer needs). */
const busTypes: Record<number, string> = { 1: 'scsi', 6: 'fibre channel', 8: 'raid', 9: 'iscsi', 10: 'sas', 11: 'sata', 14: 'virtual', 16: 'storage spaces', 17: 'nvme' };

/** The identity of a clustered disk as both Get-Disk and the Physical Disk resource give it. */
function diskKey(guid: unknown, signature: unknown): string | undefined {
  const id = text(guid)?.replace(/[{}]/g, '').toLowerCase();
  if (id && !/^[0-]+$/.test(id)) return `guid ${id}`;
  const number = typeof signature === 'string' ? Number(signature) : integer(signature);
  return number !== undefined && Number.isInteger(number) && number > 0 ? `signature ${number}` : undefined;
}

/**
 * The storage arrays behind the cluster disks. Windows shows no array name, but it shows what tells arrays apart: the
 * iSCSI target portals a disk's session connects to, or for Fibre Channel the array's make and model on the disk.
 * Disks with the same identity are one SAN; a CSV or disk witness on such a disk lives on it.
 */
function readStorage(inventory: RawObject, estate: Estate): void {
  const identities = new Map<string, { protocol?: 'iscsi' | 'fc'; identity: string }>();
  for (const raw of many(inventory.hosts)) {
    const sessionOf = new Map<number, string>();
    for (const session of many(raw.iscsiSessions)) {
      const portals = strings(session.TargetAddresses).map((address) => address.toLowerCase()).sort();
      const target = portals.length > 0 ? `iSCSI target portal ${[...new Set(portals)].join(', ')}` : text(session.TargetNodeAddress) ? `iSCSI target ${text(session.TargetNodeAddress)}` : undefined;
      if (!target) continue;
      const numbers = session.DiskNumbers;
      for (const number of (Array.isArray(numbers) ? numbers : numbers && typeof numbers === 'object' ? ((numbers as RawObject).value as unknown[]) ?? [] : [numbers])) {
        if (typeof number === 'number') sessionOf.set(number, target);
      }
    }
    for (const disk of many(raw.disks)) {
      const id = diskKey(disk.Guid, disk.Signature);
      if (!id || identities.has(id)) continue;
      const bus = enumName(disk.BusType, busTypes);
      const make = [text(disk.Manufacturer), text(disk.Model)].filter(Boolean).join(' ');
      const number = integer(disk.Number);
      if (bus === 'iscsi') {
        const target = number !== undefined ? sessionOf.get(number) : undefined;
        identities.set(id, { protocol: 'iscsi', identity: target ?? `iSCSI disks ${make || 'of an unknown make'}` });
      } else if (bus === 'fibre channel' && make) identities.set(id, { protocol: 'fc', identity: `Fibre Channel array ${make}` });
      else if (bus === 'sas' && make) identities.set(id, { identity: `shared SAS enclosure ${make}` });
    }
  }
  const sanOf = (id: string | undefined): string | undefined => {
    const found = id ? identities.get(id) : undefined;
    if (!found) return undefined;
    let san = estate.sans.find((candidate) => candidate.identity === found.identity);
    if (!san) estate.sans.push((san = { name: `SAN${estate.sans.length + 1}`, protocol: found.protocol, identity: found.identity }));
    return san.name;
  };
  for (const raw of many(inventory.clusters)) {
    const cluster = estate.clusters.find((candidate) => key(candidate.name) === key(shortName(text((raw.cluster as RawObject).Name)!)));
    if (!cluster) continue;
    many(raw.sharedVolumes).forEach((volume, index) => {
      const csv = cluster.csvs[index];
      if (csv) csv.san = sanOf(diskKey(volume.DiskIdGuid, volume.DiskSignature));
    });
    if (cluster.witness?.type === 'disk') {
      const witness = raw.witness as RawObject;
      cluster.witness.san = sanOf(diskKey(witness.DiskIdGuid, witness.DiskSignature));
      if (!cluster.witness.san) cluster.notMapped.push(`disk witness "${text(witness.Name) ?? 'disk'}": the storage behind it was not identified; write \`witness disk SAN\``);
    }
  }
}
