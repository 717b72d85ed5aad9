// Test-only: renders a design as the inventory its running estate would give Get-StampInventory.ps1, shaped as
// ConvertTo-Json writes the cmdlets' objects (enums as numbers, one result without an array, /Date(…)/ dates).
// Facts the design leaves unknown are left out, as a collector could not invent them either.
import type { Element } from '../../grammar/src/elements.js';
import { childrenOf, propFlag, propValue } from '../../grammar/src/elements.js';
import type { StampModel } from '../../grammar/src/model.js';
import type { PropertyKeyword } from '../../grammar/src/schema.js';

type Json = Record<string, unknown>;

/** ConvertTo-Json unrolls a list of one into the item itself, and writes an empty pipeline as null. */
function oneOrMany<T>(items: T[]): T | T[] | null {
  if (items.length === 0) return null;
  return items.length === 1 ? items[0] : items;
}

const kernels: Record<string, [string, string]> = {
  '2008': ['6.0.6002', 'Microsoft Windows Server 2008 Enterprise'], '2008R2': ['6.1.7601', 'Microsoft Windows Server 2008 R2 Enterprise'],
  '2012': ['6.2.9200', 'Microsoft Windows Server 2012 Datacenter'], '2012R2': ['6.3.9600', 'Microsoft Windows Server 2012 R2 Datacenter'],
  '2016': ['10.0.14393', 'Microsoft Windows Server 2016 Datacenter'], '2019': ['10.0.17763', 'Microsoft Windows Server 2019 Datacenter'],
  '2022': ['10.0.20348', 'Microsoft Windows Server 2022 Datacenter'], '2025': ['10.0.26100', 'Microsoft Windows Server 2025 Datacenter'],
};
const sqlVersions: Record<string, string> = {
  '2008': '10.0.6000.29', '2008R2': '10.50.6000.34', '2012': '11.0.7001.0', '2014': '12.0.6024.0', '2016': '13.0.5026.0',
  '2017': '14.0.3456.2', '2019': '15.0.4355.3', '2022': '16.0.4095.4', '2025': '17.0.1000.7',
};
const gib = 2 ** 30;
const bytesOf = (element: Element, keyword: PropertyKeyword): number | undefined => {
  const value = propValue(element, keyword)?.number;
  return value === undefined ? undefined : Math.round(value * gib);
};
const maskOf = (prefix: number): string => {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bits >>> shift) & 255).join('.');
};
const versionObject = (text: string): Json => {
  const [Major, Minor, Build = -1, Revision = -1] = text.split('.').map(Number);
  return { Major, Minor, Build, Revision, MajorRevision: -1, MinorRevision: -1 };
};
const fqdn = (name: string, domain: string | undefined): string => (domain ? `${name}.${domain}` : name);
const hexOf = (token: string): string => `0x${[...token].map((char) => char.charCodeAt(0).toString(16).padStart(2, '0')).join('').toUpperCase().padEnd(32, '0').slice(0, 32)}`;
const backupTime = '/Date(1732000000000)/';

/** The inventory of the estate a design describes. */
export function renderInventory(model: StampModel): Json {
  const domain = model.domains[0];
  const dnsRoot = domain?.name;
  const inventory: Json = {
    schemaVersion: 1,
    collector: { name: 'Get-StampInventory', version: '1.0.0', psVersion: '5.1.14393.7155', computerName: 'MGMT', started: '/Date(1732000000000)/' },
    collected: ['clusters', 'hyperv', 'network', 'nlb', 'sql', 'dns', 'certificates', 'vmm', 'spf', 'wap'],
    warnings: null,
    domain: domain ? { DNSRoot: domain.name, NetBIOSName: domain.netbios ?? null } : null,
  };

  // Where each VM runs: its host, or a node of its cluster, spreading anti-affinity classes over the nodes.
  const runsOn = new Map<Element, Element>();
  const turn = new Map<string, number>();
  for (const vm of model.vms) {
    if (vm.host) runsOn.set(vm.element, vm.host.element);
    else if (vm.cluster && vm.cluster.nodes.length > 0) {
      const classKey = `${vm.cluster.name}|${vm.antiAffinity ?? vm.name}`;
      const index = turn.get(classKey) ?? 0;
      turn.set(classKey, index + 1);
      runsOn.set(vm.element, vm.cluster.nodes[index % vm.cluster.nodes.length]);
    }
  }

  inventory.clusters = oneOrMany(model.clusters.map((cluster) => {
    const witness = cluster.witness;
    const vms = model.vms.filter((vm) => vm.cluster === cluster);
    const broker = cluster.replicaBroker;
    const resources: Json[] = [];
    const groups: Json[] = vms.map((vm) => ({
      Name: vm.name, GroupType: 111, OwnerNode: { Name: runsOn.get(vm.element)?.name ?? null },
      Priority: { high: 3000, medium: 2000, low: 1000, no_auto_start: 0 }[propValue(vm.element, 'priority')?.text ?? 'medium'] ?? 2000,
      AntiAffinityClassNames: vm.antiAffinity ? [vm.antiAffinity] : [], State: 0,
      // Get-ClusterOwnerNode: the preferred owners in order (none by default); the possible owners (every node by default).
      PreferredOwners: vm.preferredOwners.map((owner) => owner.name),
      PossibleOwners: (vm.possibleOwners.length > 0 ? vm.possibleOwners : cluster.nodes).map((owner) => owner.name),
    }));
    if (broker) {
      groups.push({ Name: broker.name, GroupType: 114, OwnerNode: { Name: cluster.nodes[0]?.name ?? null }, Priority: 3000, AntiAffinityClassNames: [], State: 0 });
      resources.push({ Name: 'Virtual Machine Replication Broker', ResourceType: 'Virtual Machine Replication Broker', OwnerGroup: broker.name, State: 2 });
      const ip = propValue(broker, 'ip')?.text;
      if (ip) resources.push({ Name: `IP Address ${ip}`, ResourceType: 'IP Address', OwnerGroup: broker.name, State: 2, Address: ip, SubnetMask: '255.255.255.0' });
    }
    return {
      cluster: { Name: cluster.name, Domain: dnsRoot ?? null },
      nodes: oneOrMany(cluster.nodes.map((node) => ({ Name: node.name, State: 0, NodeWeight: cluster.votes.get(node) ?? 1, DynamicWeight: 1 }))),
      quorum: { Cluster: cluster.name, QuorumResource: witness && witness.type !== 'none' ? 'Witness' : null, QuorumType: witness?.type === 'disk_only' ? 3 : 1 },
      witness: !witness || witness.type === 'none'
        ? null
        : witness.type === 'share'
          ? { Name: 'File Share Witness', ResourceType: { Name: 'File Share Witness' }, SharePath: witness.path ?? null }
          : witness.type === 'cloud'
            ? { Name: 'Cloud Witness', ResourceType: { Name: 'Cloud Witness' }, AccountName: 'stampwitness' }
            : { Name: 'Cluster Disk 1', ResourceType: { Name: 'Physical Disk' }, DiskIdGuid: witness.target ? diskGuid(`${cluster.name}|witness`) : null, DiskSignature: 0 },
      sharedVolumes: oneOrMany(cluster.csvs.map((csv, index) => ({
        Name: `Cluster Disk ${index + 2}`, State: 2, OwnerNode: { Name: cluster.nodes[0]?.name ?? null },
        SharedVolumeInfo: [{ FriendlyVolumeName: `C:\\ClusterStorage\\${csv.name}`, Partition: { Size: 4 * 2 ** 40, FreeSpace: bytesOf(csv.element, 'free') ?? null } }],
        DiskIdGuid: diskGuid(`${cluster.name}|${csv.name}`), DiskSignature: 0,
      }))),
      groups: oneOrMany(groups),
      resources: oneOrMany(resources),
    };
  }));

  inventory.hosts = oneOrMany(model.hosts.map((host) => {
    const os = host.os ? kernels[host.os.text] : undefined;
    const vms = model.vms.filter((vm) => runsOn.get(vm.element) === host.element);
    const physical = host.nics.filter((nic) => !nic.virtual);
    const adapters: Json[] = physical.map((nic) => {
      const gbps = propValue(nic.element, 'speed')?.number;
      return { Name: nic.name, InterfaceDescription: `Intel(R) Ethernet Server Adapter #${nic.name}`, Status: 'Up', Speed: gbps === undefined ? null : Math.round(gbps * 1e9), LinkSpeed: gbps === undefined ? null : `${gbps} Gbps`, Virtual: false, ifIndex: 10 };
    });
    for (const team of host.teams) adapters.push({ Name: team.name, InterfaceDescription: `Microsoft Network Adapter Multiplexor Driver #${team.name}`, Status: 'Up', Speed: null, LinkSpeed: null, Virtual: true });
    const management = host.nics.filter((nic) => nic.virtual).map((nic) => ({ Name: nic.name, VMName: null, IsManagementOs: true, SwitchName: host.vswitches[0]?.name ?? null, MacAddressSpoofing: 2, AllowTeaming: 2, IPAddresses: null }));
    const vmAdapters = vms.flatMap((vm) => vm.nics.map((nic) => ({
      Name: nic.name, VMName: vm.name, IsManagementOs: false, SwitchName: propValue(nic.element, 'switch')?.text ?? null,
      MacAddressSpoofing: nic.macSpoofing ? 1 : 2, AllowTeaming: nic.allowTeaming ? 1 : 2,
      IPAddresses: nic.ip ? [nic.ip.text.split('/')[0], 'fe80::215:5dff:fe00:101'] : [], MacAddress: '00155D000101',
    })));
    const replicated = model.replications.filter((replication) => replication.vm && runsOn.get(replication.vm.element) === host.element);
    const replicaServer = host.replicaServer;
    const flagRows = (keyword: 'rdma' | 'sriov'): Json[] => physical.filter((nic) => propFlag(nic.element, keyword) !== undefined).map((nic) => ({ Name: nic.name, InterfaceDescription: 'x', Enabled: propFlag(nic.element, keyword) === true }));
    // The cluster disks this host sees (its clusters' CSVs and disk witness), each on the array the design puts it on.
    const disks: Json[] = [{ Number: 0, FriendlyName: 'DELL PERC H730 SCSI Disk Device', Manufacturer: 'DELL', Model: 'PERC H730', BusType: 8, Guid: '{0d7c1a4e-0000-4000-8000-00000000000a}', Signature: 0, Size: 2 ** 40, IsClustered: false }];
    const sessions = new Map<Element, number[]>();
    for (const cluster of host.clusters) {
      const clustered: Array<[string, Element | undefined]> = cluster.csvs.map((csv) => [`${cluster.name}|${csv.name}`, csv.san]);
      if (cluster.witness?.type === 'disk' || cluster.witness?.type === 'disk_only') clustered.push([`${cluster.name}|witness`, sanOfTarget(cluster.witness.target)]);
      for (const [id, san] of clustered) {
        const protocol = san ? propValue(san, 'protocol')?.text : undefined;
        const number = disks.length;
        const make = san ? arrayMake(san) : ['Msft', 'Virtual Disk'];
        disks.push({
          Number: number, FriendlyName: `${make.join(' ')} SCSI Disk Device`, Manufacturer: make[0], Model: make[1], SerialNumber: `${number}0001`,
          BusType: protocol === 'fc' ? 6 : protocol === 'iscsi' ? 9 : san ? 10 : 14, Guid: diskGuid(id), Signature: 0, Size: 4 * 2 ** 40, IsClustered: true,
          UniqueId: `60014050000000000000000000000${number}`,
        });
        if (san && protocol === 'iscsi') sessions.set(san, [...(sessions.get(san) ?? []), number]);
      }
    }
    const iscsiSessions = [...sessions].map(([san, numbers]) => ({
      TargetNodeAddress: `iqn.2010-08.org.illumos:02:${san.name.toLowerCase()}`, TargetAddresses: [portalOf(san, model)], DiskNumbers: numbers,
    }));
    return {
      computerName: host.name,
      os: os ? { Caption: os[1], Version: os[0], OSArchitecture: '64-bit' } : null,
      memoryReserve: host.reserveWritten ? Math.round(host.reserveGB * 1024) : null,
      disks: oneOrMany(disks),
      iscsiSessions: oneOrMany(iscsiSessions),
      integrationServicesVersion: host.integrationServices?.text ?? null,
      vmHost: { ComputerName: host.name, MemoryCapacity: bytesOf(host.element, 'memory') ?? null, LogicalProcessorCount: 32, VirtualMachinePath: 'C:\\ProgramData\\Microsoft\\Windows\\Hyper-V' },
      vms: oneOrMany(vms.map((vm) => {
        const path = vm.storage?.type === 'csv' ? `C:\\ClusterStorage\\${vm.storage.csv?.name}\\${vm.name}` : vm.storage?.type === 'local' ? `D:\\Hyper-V\\${vm.name}` : null;
        const memory = bytesOf(vm.element, 'memory') ?? null;
        const generation = propValue(vm.element, 'generation')?.number;
        const ic = propValue(vm.element, 'integration_services')?.text;
        const dynamic = childrenOf(vm.element, 'dynamic_memory')[0];
        return {
          Name: vm.name, State: 2, Generation: generation ?? null, MemoryStartup: memory,
          MemoryMinimum: dynamic ? bytesOf(dynamic, 'minimum') ?? 536870912 : 536870912, MemoryMaximum: dynamic ? bytesOf(dynamic, 'maximum') ?? 1099511627776 : 1099511627776,
          DynamicMemoryEnabled: dynamic !== undefined,
          Path: path, ConfigurationLocation: path, IsClustered: vm.cluster !== undefined && !vm.host, ProcessorCount: 4,
          IntegrationServicesVersion: ic ? versionObject(ic) : null,
          ReplicationMode: model.replications.some((replication) => replication.vm === vm) ? 1 : 0,
          Uptime: { Ticks: 12345670000, Days: 0, Hours: 0, Minutes: 20 }, VMId: '6f1a0c8e-0000-4000-8000-000000000001',
        };
      })),
      vmNetworkAdapters: oneOrMany([...management, ...vmAdapters]),
      vmSwitches: oneOrMany(host.vswitches.map((vswitch) => {
        const type = vswitch.type === 'external' ? 2 : vswitch.type === 'internal' ? 1 : vswitch.type === 'private' ? 0 : null;
        const uplink = vswitch.uplink;
        const description = uplink ? (host.teams.some((team) => team.element === uplink) ? `Microsoft Network Adapter Multiplexor Driver #${uplink.name}` : `Intel(R) Ethernet Server Adapter #${uplink.name}`) : null;
        return { Name: vswitch.name, SwitchType: type, NetAdapterInterfaceDescription: description, IovEnabled: propFlag(vswitch.element, 'sriov') === true, BandwidthReservationMode: 1 };
      })),
      vmReplication: oneOrMany(replicated.map((replication) => {
        const target = replication.target;
        const broker = target ? model.clusterOf.get(target)?.replicaBroker : undefined;
        return {
          VMName: replication.vm!.name, Mode: 1, State: 3, Health: 1, PrimaryServer: fqdn(host.name, dnsRoot),
          ReplicaServer: target ? fqdn(broker?.name ?? target.name, dnsRoot) : null, FrequencySec: replication.frequencySec,
          AuthType: replication.auth === 'certificate' ? 2 : replication.auth === 'kerberos' ? 1 : null,
          RecoveryHistory: propValue(replication.element, 'recovery_points')?.number ?? 0,
        };
      })),
      vmReplicationServer: replicaServer
        ? { RepEnabled: true, AllowedAuthenticationType: propValue(replicaServer, 'auth')?.text === 'certificate' ? 2 : 1, DefaultStorageLocation: propValue(replicaServer, 'storage')?.text ?? null, KerbAuthPort: 80 }
        : { RepEnabled: false, AllowedAuthenticationType: 1, DefaultStorageLocation: null },
      netAdapters: oneOrMany(adapters),
      lbfoTeams: oneOrMany(host.teams.map((team) => ({
        Name: team.name, Members: team.memberValues.map((value) => value.text),
        TeamingMode: team.mode === 'static' ? 0 : team.mode === 'lacp' ? 2 : 1,
        LoadBalancingAlgorithm: team.balancing === 'hyperv_port' ? 4 : team.balancing === 'address_hash' ? 0 : team.balancing === 'dynamic' ? 5 : null, Status: 0,
      }))),
      rdma: oneOrMany(flagRows('rdma')),
      sriov: oneOrMany(flagRows('sriov')),
      vmq: null,
    };
  }));

  inventory.nlbClusters = oneOrMany(model.nlbs.map((nlb) => {
    const name = nlb.internetName?.text ?? nlb.ip?.text ?? nlb.name;
    return {
      cluster: { Name: name, IPAddress: nlb.ip?.text ?? null, SubnetMask: '255.255.255.0', Mode: nlb.mode === 'multicast' ? 1 : nlb.mode === 'igmp_multicast' ? 2 : 0 },
      nodes: oneOrMany(nlb.hostValues.map((host, index) => ({ Name: host.text, State: 2, HostPriority: index + 1, InterfaceName: 'Ethernet' }))),
      portRules: oneOrMany(nlb.portRules.map((rule) => ({
        IPAddress: '0.0.0.0', StartPort: rule.from, EndPort: rule.to,
        Protocol: rule.protocol === 'tcp' ? 0 : rule.protocol === 'udp' ? 1 : 2,
        Mode: rule.filtering === 'single' ? 1 : rule.filtering === 'disabled' ? 2 : 0,
        Affinity: rule.affinity === 'none' ? 0 : rule.affinity === 'network' ? 2 : 1, Timeout: 0,
      }))),
    };
  }));

  inventory.sqlInstances = oneOrMany(model.sqlInstances.map((sql) => {
    const machine = sql.machine?.name ?? sql.name.split('\\')[0];
    const instanceName = sql.element.header.instance?.[0]?.text;
    const ags = model.availabilityGroups.filter((ag) => ag.replicas.some((replica) => replica.instance === sql));
    const edition = propValue(sql.element, 'edition')?.text;
    const logins: Json[] = [
      { name: 'sa', type: 'S', type_desc: 'SQL_LOGIN', sid: '0x01', is_disabled: sql.sa.enabled ? 0 : 1 },
      { name: '##MS_PolicyTsqlExecutionLogin##', type: 'S', type_desc: 'SQL_LOGIN', sid: '0x8E2B0A', is_disabled: 1 },
      { name: 'NT SERVICE\\SQLWriter', type: 'U', type_desc: 'WINDOWS_LOGIN', sid: '0x010600', is_disabled: 0 },
      ...sql.logins.map((login) => ({
        name: login.name, type: login.type === 'sql' ? 'S' : 'U', type_desc: login.type === 'sql' ? 'SQL_LOGIN' : 'WINDOWS_LOGIN',
        sid: login.type === 'sql' ? hexOf(login.sid ?? `${sql.name}-${login.name}`) : '0x0105000000000005150000001A2B3C4D', is_disabled: 0,
      })),
    ];
    const databases = ags.flatMap((ag) => ag.databases);
    return {
      instance: instanceName ? `${machine}\\${instanceName}` : machine,
      server: {
        ServerName: instanceName ? `${machine}\\${instanceName}` : machine, MachineName: machine, InstanceName: instanceName ?? null,
        Edition: edition ? `${edition} Edition (64-bit)` : null, ProductVersion: sql.version ? sqlVersions[sql.version.text] : null,
        IsIntegratedSecurityOnly: sql.auth === 'windows' ? 1 : 0, IsHadrEnabled: propFlag(sql.element, 'hadr') === true ? 1 : 0,
      },
      logins: oneOrMany(logins),
      roleMembers: oneOrMany(sql.logins.flatMap((login) => login.roles.map((role) => ({ role, member: login.name })))),
      availabilityGroups: oneOrMany(ags.map((ag) => ({ group_id: `00000000-0000-0000-0000-${String(ag.element.id).padStart(12, '0')}`, name: ag.name }))),
      availabilityReplicas: oneOrMany(ags.flatMap((ag) => ag.replicas.map((replica) => ({
        group_name: ag.name, replica_server_name: replica.instance?.name ?? replica.element.name,
        availability_mode: replica.commit === 'synchronous' ? 1 : replica.commit === 'asynchronous' ? 0 : null,
        failover_mode: replica.failover === 'automatic' ? 0 : 1,
        secondary_role_allow_connections: ((readable) => (readable === 'no' ? 0 : readable === 'read_only' ? 1 : readable === 'yes' ? 2 : null))(propValue(replica.element, 'readable')?.text),
        role: replica === ag.primary ? 1 : 2,
      })))),
      listeners: oneOrMany(ags.filter((ag) => ag.listener).map((ag) => ({ group_name: ag.name, dns_name: ag.listener!.name, port: ag.listener!.port, is_dhcp: ag.listener!.dhcp ? 1 : 0 }))),
      listenerIps: oneOrMany(ags.flatMap((ag) => (ag.listener?.ips ?? []).map((ip) => ({ dns_name: ag.listener!.name, ip_address: ip.text.split('/')[0], ip_subnet_mask: ip.prefix !== undefined ? maskOf(ip.prefix) : null, state: 1 })))),
      databases: oneOrMany([
        { name: 'master', database_id: 1, recovery_model: 3, containment: 0, is_read_only: 0, is_auto_close_on: 0 },
        ...databases.map((database, index) => ({
          name: database.name, database_id: 5 + index,
          recovery_model: database.recovery === 'full' ? 1 : database.recovery === 'bulk_logged' ? 2 : database.recovery === 'simple' ? 3 : null,
          containment: database.contained ? 1 : 0, is_read_only: database.readOnly ? 1 : 0, is_auto_close_on: database.autoClose ? 1 : 0,
        })),
      ]),
      availabilityDatabases: oneOrMany(ags.flatMap((ag) => ag.databases.map((database) => ({ group_name: ag.name, database_name: database.name })))),
      backups: oneOrMany(databases.filter((database) => database.backup === 'full').map((database) => ({ database_name: database.name, last_full_backup: backupTime }))),
      databaseUsers: oneOrMany(databases.flatMap((database) => database.logins.map((login) => ({ database_name: database.name, user_name: login.text, login_name: login.text })))),
    };
  }));

  inventory.dnsRecords = oneOrMany(model.dnsRecords.filter((record) => record.address).map((record) => ({ Name: record.name, Type: 1, TTL: 3600, Section: 1, IPAddress: record.address!.text })));

  const certificateSets = new Map<string, Json[]>();
  for (const certificate of model.certificates) {
    for (const machine of certificate.installedOn) {
      const thumbprint = hexOf(certificate.cn).slice(2, 42).padEnd(40, 'A');
      const list = certificateSets.get(machine.name) ?? [];
      list.push({
        Subject: `CN=${certificate.cn}, O=Stamp`, Issuer: certificate.issuer === 'self_signed' ? `CN=${certificate.cn}, O=Stamp` : 'CN=Issuing CA, O=Example',
        Thumbprint: thumbprint, NotAfter: '/Date(1893456000000)/', HasPrivateKey: true,
        DnsNameList: [certificate.cn, ...certificate.sans].map((name) => ({ Punycode: name, Unicode: name })),
      });
      certificateSets.set(machine.name, list);
    }
  }
  inventory.certificates = oneOrMany([...certificateSets].map(([computerName, certificates]) => ({
    computerName,
    bindings: oneOrMany(certificates.map((certificate) => ({ protocol: 'https', bindingInformation: '*:443:', certificateHash: certificate.Thumbprint }))),
    certificates: oneOrMany(certificates),
  })));

  const vmm = model.vmms[0];
  // Where a component's database server points, as a connection string names it (a listener or an instance).
  const dataSource = (component: { databaseServer?: { text: string } } | undefined): string | null => {
    const server = component?.databaseServer?.text;
    if (!server) return null;
    const [machine, instance] = server.split('\\');
    return `${fqdn(machine, dnsRoot)}${instance ? `\\${instance}` : ''}`;
  };
  inventory.vmm = vmm
    ? {
        servers: oneOrMany(vmm.serverValues.map((server) => ({ Name: server.text, FullyQualifiedDomainName: fqdn(server.text, dnsRoot), Port: 8100 }))),
        libraryShares: vmm.library ? { Path: vmm.library.text, Name: 'MSSCVMMLibrary' } : null,
        administrators: oneOrMany(vmm.administrators.map((admin) => admin.text)),
        databases: {
          ComputerName: vmm.serverValues[0]?.text ?? null, OnRemoteServer: 1,
          MachineName: dataSource(vmm)?.split('\\')[0] ?? null, InstanceName: dataSource(vmm)?.split('\\')[1] ?? 'MSSQLSERVER',
          DatabaseName: propValue(vmm.element, 'database')?.text ?? null,
          ConnectionString: dataSource(vmm) ? `Data Source=${dataSource(vmm)};Initial Catalog=${propValue(vmm.element, 'database')?.text ?? 'VirtualManagerDB'};Integrated Security=True` : null,
          ServiceAccount: vmm.serviceAccount?.text ?? 'LocalSystem',
        },
      }
    : null;
  const spf = model.spfs[0];
  inventory.spf = spf
    ? {
        servers: oneOrMany(spf.serverValues.map((server) => ({
          computerName: server.text.toUpperCase(),
          connectionString: dataSource(spf) ? `Data Source=${dataSource(spf)};Initial Catalog=${propValue(spf.element, 'database')?.text ?? 'SCSPFDB'};Integrated Security=True` : null,
          settings: { Name: 'UsageDatabase', SettingType: 'DatabaseConnectionString', ServerName: server.text, Value: 'Data Source=USAGE;Initial Catalog=Microsoft.MgmtSvc.Usage;User ID=usage' },
          vmmServers: spf.vmm ? oneOrMany(spf.vmm.serverValues.map((value) => fqdn(value.text, dnsRoot))) : null,
          bindings: spf.portWritten ? { protocol: 'https', bindingInformation: `*:${spf.port}:`, certificateHash: null } : null,
          appPoolAccounts: spf.serviceAccount ? spf.serviceAccount.text : 'IIS APPPOOL\\Admin',
        }))),
      }
    : null;
  const wap = model.waps[0];
  inventory.wap = wap
    ? {
        servers: oneOrMany(wap.serverValues.map((server) => ({
          computerName: server.text,
          sites: [{ Name: 'MgmtSvc-AdminAPI', Bindings: { protocol: 'https', bindingInformation: '*:30004:', certificateHash: null } }],
          connectionStrings: dataSource(wap)
            ? { Name: 'ManagementDatabase', ConnectionString: `Data Source=${dataSource(wap)};Initial Catalog=Microsoft.MgmtSvc.Store;${wap.sqlLogin ? `User ID=${wap.sqlLogin.text}` : 'Integrated Security=True'}` }
            : null,
          systemCenter: wap.spfUrl || wap.spfAccount
            ? { Name: 'systemcenter', AdminForwardingAddress: wap.spfUrl ? `${wap.spfUrl.text.replace(/\/+$/, '')}/SC2012R2/Admin/Microsoft.Management.Odata.svc/` : null, AdminUsername: wap.spfAccount?.text ?? null }
            : null,
        }))),
      }
    : null;
  return inventory;
}

/** A cluster disk's GUID, the same on every node and in the Physical Disk resource's DiskIdGuid. */
function diskGuid(id: string): string {
  let hash = 2166136261;
  for (const char of id) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return `{${hash.toString(16).padStart(8, '0')}-5a17-4c00-8000-${hash.toString(16).padStart(12, '0')}}`;
}

/** The SAN a disk witness names (a SAN, or a CSV on one). */
function sanOfTarget(target: Element | undefined): Element | undefined {
  if (!target) return undefined;
  return target.kind.id === 'san' ? target : propValue(target, 'san')?.target;
}

/** The make and model a Fibre Channel or SAS array reports on its disks: one per array. */
function arrayMake(san: Element): [string, string] {
  return [`VENDOR${san.name.length}`, `ARRAY-${san.name.toUpperCase()}`];
}

/** The iSCSI target portal of an array: one address per SAN of the design. */
function portalOf(san: Element, model: StampModel): string {
  return `192.168.100.${10 + model.sans.findIndex((candidate) => candidate.element === san)}`;
}
