// The typed model of a stamp: every element with its product defaults applied and the derived facts the rules share.
import type { Element, Span, Value } from './elements.js';
import { childrenOf, firstChildOf, prop, propFlag, propValue, propValues, readPropValues } from './elements.js';
import type { SymbolIndex } from './resolve.js';
import { hostsOfPlacement } from './resolve.js';
import { versionOrder, type KindId, type PropertyKeyword } from './schema.js';

/** A product version with its rank in release order, and whether it was written or inherited. */
export interface Version {
  text: string;
  rank: number;
}

export interface Domain { element: Element; name: string; netbios?: string; controllers: Element[] }
export interface Nic {
  element: Element; owner: Element; name: string;
  rdma: boolean; sriov: boolean; switch?: Element; ip?: Value;
  macSpoofing: boolean; allowTeaming: boolean; networkVirtualization: boolean; virtual: boolean; physicalSwitch?: string;
  /** The link speed in Gbps, when written. */
  speedGbps?: number;
  /** VMQ as written (`vmq yes|no`); undefined when not written. */
  vmq?: boolean;
  baseProcessor?: number; maxProcessors?: number;
}
/** Physical switches declared as one stack or MLAG pair; `switches` holds their names' keys (lower case). */
export interface SwitchStack { element: Element; name: string; kind: 'stack' | 'mlag'; switches: string[] }
export interface VSwitch { element: Element; host: Element; name: string; type?: string; uplink?: Element; sriov: boolean }
export interface Team {
  element: Element; owner: Element; location: 'host' | 'vm'; name: string;
  members: Element[]; memberValues: Value[]; mode: string; balancing?: string; vendor: string;
}
export interface Host {
  element: Element; name: string; os?: Version; integrationServices?: Value;
  /** Physical memory, when written; the memory VMs may use is this minus the reserve. */
  memoryGB?: number;
  /** The memory kept for the management OS: `reserve`, else the documented default. */
  reserveGB: number; reserveWritten: boolean;
  nics: Nic[]; vswitches: VSwitch[]; teams: Team[]; replicaServer?: Element;
  /** The authentication types the replica server allows, when written. */
  replicaAuth?: string[];
  /** Hyper-V clusters this host is a node of. */
  clusters: Cluster[];
}
export interface Witness { type: 'disk' | 'share' | 'cloud' | 'none' | 'disk_only'; target?: Element; path?: string; span: Span }
export interface Csv { element: Element; cluster: Cluster; name: string; san?: Element; freeGB?: number }
export interface Cluster {
  element: Element; name: string; kind: 'hyperv' | 'guest'; nodes: Element[];
  /** Each node's vote: 1 unless a `vote` statement says otherwise. */
  votes: Map<Element, number>;
  witness?: Witness; csvs: Csv[]; replicaBroker?: Element;
  /** The authentication types the Replica Broker allows, when written. */
  replicaBrokerAuth?: string[];
}
export interface Vm {
  element: Element; name: string; placement?: Element; cluster?: Cluster; host?: Host;
  /** The hosts the VM can run on: its host, or its cluster's nodes. */
  possibleHosts: Host[];
  storage?: { type: 'csv'; csv?: Csv; span: Span } | { type: 'local'; span: Span };
  memoryGB?: number; os?: Version; integrationServices?: Value; dns: Value[]; antiAffinity?: string;
  critical: boolean; sharedVhdx: boolean; nics: Nic[]; teams: Team[];
  /** Dynamic Memory, when a `dynamic_memory` block is written. */
  dynamicMemory?: { element: Element; startupGB?: number; maximumGB?: number };
  /** Derived: the memory a host must have free to start the VM (dynamic startup, else `memory`); unknown when neither is written. */
  startupGB?: number;
  /** Derived: the size of the .BIN memory file on 2012/2012 R2 (the dynamic maximum, else the startup memory). */
  memoryFileGB?: number;
  /** The failover priority of the VM's cluster group: `medium` unless written. */
  priority: VmPriority;
  /** Preferred owners in order, and possible owners (empty: every node of the cluster). */
  preferredOwners: Element[]; possibleOwners: Element[];
}
export type VmPriority = 'high' | 'medium' | 'low' | 'no_auto_start';
/** The memory a host keeps for itself when `reserve` is not written (Microsoft's guidance for a dedicated Hyper-V host). */
export const defaultHostReserveGB = 2;
export interface Login {
  element: Element; sql: SqlInstance; name: string; key: string; type: 'windows' | 'sql'; typeWritten: boolean;
  roles: string[]; sid?: string; password?: string;
}
export interface SqlInstance {
  element: Element; name: string; key: string; machine?: Element; version?: Version;
  /** The edition as written (`Standard`, `Enterprise`, …), when written. */
  edition?: string;
  auth: 'windows' | 'mixed'; authWritten: boolean;
  sa: { enabled: boolean; element?: Element; password?: string };
  logins: Login[]; hadr: boolean;
  /** Availability groups this instance holds a replica of. */
  replicaOf: AvailabilityGroup[];
}
export interface Replica {
  element: Element; ag: AvailabilityGroup; instance?: SqlInstance;
  commit?: 'synchronous' | 'asynchronous'; failover: 'automatic' | 'manual'; primary: boolean;
  /** Read access in the secondary role: `no` (the product default), `yes` or `read_only`. */
  readable: 'yes' | 'no' | 'read_only';
}
export interface Listener {
  element: Element; ag: AvailabilityGroup; name: string; ips: Value[]; port: number; dhcp: boolean;
  /** RegisterAllProvidersIP: true (what SQL Server sets) unless written `no`. */
  registerAllProvidersIp: boolean;
  /** HostRecordTTL in seconds: 1200 unless written. */
  hostRecordTtlSec: number;
}
export interface Database {
  element: Element; ag: AvailabilityGroup; name: string; key: string;
  recovery?: string; backup?: string; owner?: string; logins: Value[];
  readOnly: boolean; autoClose: boolean; system: boolean; contained: boolean;
}
/** A login an availability group needs on every replica, and why. */
export interface RequiredLogin {
  name: string; key: string;
  /** What uses it: a database name or a component, for messages. */
  usedBy: string[];
  /** The type the login must have when it is created: sql for SQL credentials, windows for domain accounts. */
  type?: 'windows' | 'sql';
}
export interface AvailabilityGroup {
  element: Element; name: string; cluster?: Cluster; replicas: Replica[]; listener?: Listener; databases: Database[];
  /** Declared a Basic availability group (`basic`). */
  basic: boolean;
  /** The lowest SQL Server version among the replicas' instances. */
  lowestVersion?: Version;
  /** The initial primary: the replica marked `primary`, else the first replica. */
  primary?: Replica;
  /** Derived: database logins plus the credentials of components that use this group. */
  requiredLogins: RequiredLogin[];
  /** Derived: the components whose database server resolves to this group. */
  components: Component[];
}
export interface PortRule { element?: Element; from: number; to: number; protocol: 'tcp' | 'udp' | 'both'; affinity: string; filtering: string }
export interface Nlb {
  element: Element; name: string; mode: 'unicast' | 'multicast' | 'igmp_multicast'; modeWritten: boolean; ip?: Value; internetName?: Value;
  hosts: Element[]; hostValues: Value[]; nicsPerHost: number; clusterNic?: string;
  /** The written port rules, or the product's default rule (0-65535, both) when none is written. */
  portRules: PortRule[];
  /** Derived: the SPF and WAP components whose servers are this NLB's hosts. */
  fronts: Component[];
}
export interface LoadBalancer {
  element: Element; name: string; vip?: Value; fqdn?: Value; realServers: Element[]; hostHeaderBinding?: string;
  healthCheck?: { element: Element; protocol?: string; hostHeader?: string };
  /** The forwarded ports (virtual services), when written; undefined means unknown. */
  ports?: Array<{ from: number; to: number; value: Value }>;
  fronts: Component[];
}
export interface DnsRecord { element: Element; name: string; key: string; address?: Value }
export interface Certificate { element: Element; cn: string; key: string; issuer?: string; sans: string[]; installedOn: Element[]; internetFacing: boolean }
export interface ServerFacts {
  element: Element; machine?: Element; name: string; vmmConsole: boolean;
  localAccounts: Array<{ element: Element; name: string; key: string; password?: string }>;
  groups: Array<{ element: Element; name: string; members: Value[] }>;
  passphrase?: Value; operators: Value[];
}
/** Where a component's database server points. */
export interface DatabaseTarget { ag?: AvailabilityGroup; listener?: Listener; instance?: SqlInstance; viaReplica: boolean }
export interface Component {
  element: Element; kind: 'vmm' | 'spf' | 'wap' | 'app'; name: string; servers: Element[]; serverValues: Value[];
  databaseServer?: Value; database?: DatabaseTarget; databases: Value[]; serviceAccount?: Value; ha: boolean;
  /** The component connects with MultiSubnetFailover=True. */
  multiSubnetFailover: boolean;
  /** Derived: the NLBs and load balancers in front of it. */
  frontedBy: Array<Nlb | LoadBalancer>;
}
/**
 * How messages name a component: its kind in capitals and its name (`SQL SQLCLUSTER`, `WAP 'Portal'` when quoted).
 * The model names the users of a required login this way (unquoted); rules quote the name where a sentence needs it.
 */
export function componentLabel(component: Component, options: { quoteName?: boolean } = {}): string {
  return options.quoteName ? `${component.kind.toUpperCase()} '${component.name}'` : `${component.kind.toUpperCase()} ${component.name}`;
}
export interface Vmm extends Component { kind: 'vmm'; administrators: Value[]; library?: Value; scriptLibrary?: Value }
export interface Spf extends Component {
  kind: 'spf'; port: number; portWritten: boolean; vmm?: Vmm; certificate?: Value;
  registrationAccount?: { name: string; element?: Element; local: boolean };
  serverFacts: ServerFacts[];
}
export interface Wap extends Component {
  kind: 'wap'; mode?: string; sqlLogin?: Value; spfUrl?: Value; spfAccount?: Value; administrators: Value[];
  tenantSite?: { element: Element; port: number; portWritten: boolean; certificate?: Value; internetFacing: boolean };
  serverFacts: ServerFacts[]; drAddOn: boolean;
}
export interface App extends Component { kind: 'app' }
export interface Replication {
  element: Element; vm?: Vm; target?: Element; frequencySec: number;
  storage?: { type: 'csv'; csv?: Csv; span: Span } | { type: 'local'; span: Span };
  failoverIp?: Value; auth?: string; recoveryPoints?: number;
  extended?: { element: Element; to?: Element; frequencySec?: number };
}
export interface RecoveryGroup {
  element: Element; order: number; vms: Vm[];
  steps: Array<{ when: 'before' | 'after'; script: string; tags: string[] }>;
}
export interface RecoveryPlan { element: Element; name: string; vmm?: Vmm; primaryCloud?: Value; recoveryCloud?: Value; networkMapping: boolean; groups: RecoveryGroup[] }
export interface San { element: Element; name: string }

/** The whole stamp, as the rules, hovers, the graph and the CLI read it. */
export interface StampModel {
  index: SymbolIndex;
  /** The source text of every file in the stamp, by URI, for edits and positions. */
  texts: Map<string, string>;
  stamp?: Element;
  defaults: { windows?: Version; sql?: Version; systemCenter?: Version };
  domains: Domain[]; sans: San[]; hosts: Host[]; clusters: Cluster[]; vms: Vm[];
  sqlInstances: SqlInstance[]; availabilityGroups: AvailabilityGroup[];
  nlbs: Nlb[]; loadBalancers: LoadBalancer[]; dnsRecords: DnsRecord[]; certificates: Certificate[]; switchStacks: SwitchStack[];
  vmms: Vmm[]; spfs: Spf[]; waps: Wap[]; apps: App[]; components: Component[];
  replications: Replication[]; recoveryPlans: RecoveryPlan[];
  /**
   * Derived: the machines each machine depends on to start its service. A component's servers depend on the machines
   * behind its database server (the AG replicas); SPF servers also on the VMM servers, WAP servers also on the SPF
   * servers it registers. Used by ASR005 and the failure analysis.
   */
  vmDependencies: Map<Element, Element[]>;
  /** Derived: the machines (VMs or hosts) that are domain controllers. */
  domainControllers: Set<Element>;
  /** Typed objects by element, for features that start from a position in the text. */
  hostOf: Map<Element, Host>; vmOf: Map<Element, Vm>; clusterOf: Map<Element, Cluster>; sqlOf: Map<Element, SqlInstance>;
  agOf: Map<Element, AvailabilityGroup>; nlbOf: Map<Element, Nlb>; componentOf: Map<Element, Component>; csvOf: Map<Element, Csv>;
  nicOf: Map<Element, Nic>; teamOf: Map<Element, Team>; listenerOf: Map<Element, Listener>;
}

const enumValue = (element: Element, keyword: PropertyKeyword): string | undefined => propValue(element, keyword)?.text;
const flagOn = (element: Element, keyword: PropertyKeyword): boolean => propFlag(element, keyword) === true;
/** The elements a list names, each once (a name written twice is SCH011's warning, and counts once). */
function targets(values: readonly Value[]): Element[] {
  // Most lists name distinct elements, all found: their targets in order, one list. A short list is searched for a
  // repeat; a long one keeps a set.
  const count = values.length;
  let plain = true;
  if (count > 16) {
    const seen = new Set<Element>();
    for (const value of values) {
      const target = value.target;
      if (target === undefined || seen.has(target)) {
        plain = false;
        break;
      }
      seen.add(target);
    }
  } else {
    for (let index = 0; index < count && plain; index++) {
      const target = values[index].target;
      if (target === undefined) plain = false;
      for (let earlier = 0; earlier < index && plain; earlier++) if (values[earlier].target === target) plain = false;
    }
  }
  if (plain) return values.map((value) => value.target!);
  return [...new Set(values.map((value) => value.target).filter((target): target is Element => target !== undefined))];
}
const versionOf = (value: Value | undefined): Version | undefined => (value?.rank === undefined ? undefined : { text: value.text, rank: value.rank });
/** The first value of a header or form argument (a single value: a list argument is read with `propValues`). */
const firstOf = (values: Value[] | undefined): Value | undefined => values?.[0];

/** The lower of two versions, ignoring unknown ones. */
export function lowerVersion(a: Version | undefined, b: Version | undefined): Version | undefined {
  if (!a) return b;
  if (!b) return a;
  // Stryker disable next-line EqualityOperator: equal ranks are the same release (the checker writes a version's text from its rank), so either is the lower
  return a.rank <= b.rank ? a : b;
}

/** True when a version is at least the named release of its family. */
export function versionAtLeast(version: Version, family: keyof typeof versionOrder, release: string): boolean {
  return version.rank >= versionOrder[family].indexOf(release);
}

/** Builds the typed model from resolved elements. Never throws on incomplete input: missing parts stay undefined. */
export function buildModel(index: SymbolIndex, texts: Map<string, string>): StampModel {
  const stamp = index.allOfKind('stamp')[0];
  const defaults = {
    windows: stamp ? versionOf(propValue(stamp, 'windows')) : undefined,
    sql: stamp ? versionOf(propValue(stamp, 'sql_version')) : undefined,
    systemCenter: stamp ? versionOf(propValue(stamp, 'system_center')) : undefined,
  };
  const model: StampModel = {
    index, texts, stamp, defaults,
    domains: [], sans: [], hosts: [], clusters: [], vms: [], sqlInstances: [], availabilityGroups: [],
    nlbs: [], loadBalancers: [], dnsRecords: [], certificates: [], switchStacks: [], vmms: [], spfs: [], waps: [], apps: [], components: [],
    replications: [], recoveryPlans: [], vmDependencies: new Map(), domainControllers: new Set(),
    hostOf: new Map(), vmOf: new Map(), clusterOf: new Map(), sqlOf: new Map(), agOf: new Map(), nlbOf: new Map(),
    componentOf: new Map(), csvOf: new Map(), nicOf: new Map(), teamOf: new Map(), listenerOf: new Map(),
  };

  // Area by area, in dependency order: each area reads what the areas before it built.
  buildFabric(model);
  buildSql(model);
  buildComponents(model);
  buildFrontEnds(model);
  buildNamesAndCertificates(model);
  buildRecovery(model);
  deriveAvailabilityGroupUsage(model);
  deriveVmDependencies(model);
  return model;
}

/** Hosts, clusters with their CSVs, VMs (with their NICs and teams), SANs and domains. */
function buildFabric(model: StampModel): void {
  const ofKind = (id: KindId): Element[] => model.index.allOfKind(id);
  for (const element of ofKind('san')) model.sans.push({ element, name: element.name });
  for (const element of ofKind('host')) {
    const host = hostModel(model, element);
    model.hosts.push(host);
    model.hostOf.set(element, host);
  }
  for (const element of ofKind('cluster')) {
    const nodes = targets(readPropValues(element, 'nodes'));
    const votes = new Map<Element, number>(nodes.map((node) => [node, 1]));
    for (const vote of element.properties.get('vote') ?? []) {
      const node = firstOf(vote.args.node)?.target;
      const weight = firstOf(vote.args.weight)?.number;
      if (node && weight !== undefined) votes.set(node, weight);
    }
    const witnessProperty = prop(element, 'witness');
    const witness: Witness | undefined = witnessProperty?.formWord
      ? { type: witnessProperty.formWord as Witness['type'], target: firstOf(witnessProperty.args.target)?.target, path: firstOf(witnessProperty.args.path)?.text, span: statementSpan(witnessProperty.statement) }
      : undefined;
    const cluster: Cluster = {
      element, name: element.name, kind: (enumValue(element, 'kind') as Cluster['kind']) ?? (nodes.some((node) => node.kind.id === 'vm') ? 'guest' : 'hyperv'),
      nodes, votes, witness, csvs: [], replicaBroker: firstChildOf(element, 'replica_broker'),
    };
    if (cluster.replicaBroker && prop(cluster.replicaBroker, 'auth')) cluster.replicaBrokerAuth = readPropValues(cluster.replicaBroker, 'auth').map((value) => value.text);
    for (const csv of childrenOf(element, 'csv')) {
      const built: Csv = { element: csv, cluster, name: csv.name, san: propValue(csv, 'san')?.target, freeGB: propValue(csv, 'free')?.number };
      cluster.csvs.push(built);
      model.csvOf.set(csv, built);
    }
    model.clusters.push(cluster);
    model.clusterOf.set(element, cluster);
    if (cluster.kind === 'hyperv') for (const node of nodes) model.hostOf.get(node)?.clusters.push(cluster);
  }
  for (const element of ofKind('vm')) {
    const vm = vmModel(model, element);
    model.vms.push(vm);
    model.vmOf.set(element, vm);
  }
  for (const element of ofKind('domain')) {
    // A controller listed twice in `controllers` is still one controller.
    const domain: Domain = { element, name: element.name, netbios: propValue(element, 'netbios')?.text, controllers: targets(readPropValues(element, 'controllers')) };
    model.domains.push(domain);
    for (const controller of domain.controllers) model.domainControllers.add(controller);
  }
  for (const element of ofKind('switch_stack')) {
    model.switchStacks.push({
      element, name: element.name, kind: (enumValue(element, 'kind') as SwitchStack['kind']) ?? 'stack',
      switches: readPropValues(element, 'switches').map((value) => value.text.toLowerCase()),
    });
  }
}

/** A network adapter of a host or a VM (registered in `nicOf`). */
function nicModel(model: StampModel, element: Element, owner: Element): Nic {
  const nic: Nic = {
    element, owner, name: element.name,
    rdma: flagOn(element, 'rdma'), sriov: flagOn(element, 'sriov'), switch: propValue(element, 'switch')?.target, ip: propValue(element, 'ip'),
    macSpoofing: flagOn(element, 'mac_spoofing'), allowTeaming: flagOn(element, 'allow_teaming'),
    networkVirtualization: flagOn(element, 'network_virtualization'), virtual: flagOn(element, 'virtual'),
    physicalSwitch: propValue(element, 'physical_switch')?.text,
    speedGbps: propValue(element, 'speed')?.number, vmq: propFlag(element, 'vmq'),
    baseProcessor: propValue(element, 'base_processor')?.number, maxProcessors: propValue(element, 'max_processors')?.number,
  };
  model.nicOf.set(element, nic);
  return nic;
}

/** A NIC team of a host or a VM (registered in `teamOf`). */
function teamModel(model: StampModel, element: Element, owner: Element): Team {
  const memberValues = propValues(element, 'members');
  const team: Team = {
    element, owner, location: owner.kind.id === 'vm' ? 'vm' : 'host', name: element.name,
    members: targets(memberValues), memberValues,
    mode: enumValue(element, 'mode') ?? 'switch_independent',
    balancing: enumValue(element, 'balancing'), vendor: enumValue(element, 'vendor') ?? 'windows',
  };
  model.teamOf.set(element, team);
  return team;
}

/** A host with its adapters, switches and teams (its `clusters` are filled by the clusters that name it). */
function hostModel(model: StampModel, element: Element): Host {
  const host: Host = {
    element, name: element.name, os: versionOf(propValue(element, 'os')) ?? model.defaults.windows, integrationServices: propValue(element, 'integration_services'),
    nics: childrenOf(element, 'nic').map((nic) => nicModel(model, nic, element)),
    vswitches: childrenOf(element, 'vswitch').map((sw) => ({ element: sw, host: element, name: sw.name, type: enumValue(sw, 'type'), uplink: propValue(sw, 'uplink')?.target, sriov: flagOn(sw, 'sriov') })),
    teams: childrenOf(element, 'team').map((team) => teamModel(model, team, element)),
    replicaServer: firstChildOf(element, 'replica_server'), clusters: [],
    memoryGB: propValue(element, 'memory')?.number,
    reserveGB: propValue(element, 'reserve')?.number ?? defaultHostReserveGB, reserveWritten: propValue(element, 'reserve') !== undefined,
  };
  if (host.replicaServer && prop(host.replicaServer, 'auth')) host.replicaAuth = readPropValues(host.replicaServer, 'auth').map((value) => value.text);
  return host;
}

/** A VM with its adapters, teams and dynamic memory; reads the clusters, hosts and CSVs already built. */
function vmModel(model: StampModel, element: Element): Vm {
  const placement = firstOf(element.header.placement)?.target;
  const vm: Vm = {
    element, name: element.name, placement,
    cluster: placement ? model.clusterOf.get(placement) : undefined, host: placement ? model.hostOf.get(placement) : undefined,
    // hostsOfPlacement gives hosts only, and every host has its model.
    possibleHosts: hostsOfPlacement(element).map((host) => model.hostOf.get(host)!),
    storage: storageOf(model, element), memoryGB: propValue(element, 'memory')?.number,
    os: versionOf(propValue(element, 'os')) ?? model.defaults.windows, integrationServices: propValue(element, 'integration_services'),
    dns: propValues(element, 'dns'), antiAffinity: propValue(element, 'anti_affinity')?.text,
    critical: flagOn(element, 'critical'), sharedVhdx: flagOn(element, 'shared_vhdx'),
    nics: childrenOf(element, 'nic').map((nic) => nicModel(model, nic, element)),
    teams: childrenOf(element, 'team').map((team) => teamModel(model, team, element)),
    priority: (enumValue(element, 'priority') as VmPriority | undefined) ?? 'medium',
    preferredOwners: targets(readPropValues(element, 'preferred_owners')), possibleOwners: targets(readPropValues(element, 'possible_owners')),
  };
  const dynamicElement = firstChildOf(element, 'dynamic_memory');
  if (dynamicElement) {
    vm.dynamicMemory = {
      element: dynamicElement, startupGB: propValue(dynamicElement, 'startup')?.number, maximumGB: propValue(dynamicElement, 'maximum')?.number,
    };
  }
  vm.startupGB = vm.dynamicMemory?.startupGB ?? vm.memoryGB;
  vm.memoryFileGB = vm.dynamicMemory?.maximumGB ?? vm.startupGB;
  return vm;
}

/**
 * After a value edit that changed only the own values of some hosts and VMs (or of their adapters, switches, teams,
 * replica server settings or dynamic memory), writes their model objects again in place: every other object that
 * holds them (a VM's host, a replication's VM, the `hostOf` and `vmOf` maps) sees the new values, and nothing else
 * of the model reads those values. A host keeps the clusters that name it (references, which a value edit keeps). The
 * new objects have the same fields as the old ones (the optional ones, a host's `replicaAuth` and a VM's
 * `dynamicMemory`, follow statements a value edit keeps), so assigning them replaces every field.
 */
export function refreshMachineValues(model: StampModel, machines: Iterable<Element>): void {
  for (const element of machines) {
    if (element.kind.id === 'host') {
      const host = model.hostOf.get(element)!;
      Object.assign(host, hostModel(model, element), { clusters: host.clusters });
    } else {
      Object.assign(model.vmOf.get(element)!, vmModel(model, element));
    }
  }
}

/**
 * A statement's span that follows the statement: an analysis re-used after an edit that moved the statement (see
 * `analyzeReusing`) reads its new offsets.
 */
function statementSpan(statement: Span): Span {
  return new StatementSpan(statement);
}

/**
 * One field and two getters on the prototype: an object literal with getters made two closures and their accessor
 * pairs for each span (about 270 bytes against 32; 10,000 spans at 100k lines).
 */
class StatementSpan implements Span {
  constructor(private readonly statement: Span) {}

  get start(): number {
    return this.statement.start;
  }

  get end(): number {
    return this.statement.end;
  }
}

/** Where a VM (or a replica) keeps its disks: local storage or a CSV, when written. */
function storageOf(model: StampModel, element: Element): Vm['storage'] {
  const storage = prop(element, 'storage');
  if (!storage?.formWord) return undefined;
  const span = statementSpan(storage.statement);
  if (storage.formWord === 'local') return { type: 'local', span };
  const csvElement = firstOf(storage.args.csv)?.target;
  return { type: 'csv', csv: csvElement ? model.csvOf.get(csvElement) : undefined, span };
  }

/** SQL instances with their logins, and availability groups with their replicas, listener and databases. */
function buildSql(model: StampModel): void {
  const ofKind = (id: KindId): Element[] => model.index.allOfKind(id);
  const defaults = model.defaults;
  for (const element of ofKind('sql')) {
    const saElement = firstChildOf(element, 'sa');
    const sql: SqlInstance = {
      element, name: element.name, key: element.key, machine: firstOf(element.header.machine)?.target,
      version: versionOf(propValue(element, 'version')) ?? defaults.sql, edition: propValue(element, 'edition')?.text,
      auth: (enumValue(element, 'auth') as SqlInstance['auth']) ?? 'windows', authWritten: prop(element, 'auth') !== undefined,
      // `sa` written alone, or with `enabled`, enables it; absent means the product default: disabled.
      // Stryker disable next-line ObjectLiteral: `{}` leaves `enabled` undefined, which every reader (a truth test) takes as disabled
      sa: saElement ? { enabled: firstOf(saElement.header.state)?.bool !== false, element: saElement, password: propValue(saElement, 'password')?.text } : { enabled: false },
      logins: [], hadr: flagOn(element, 'hadr'), replicaOf: [],
    };
    for (const login of childrenOf(element, 'login')) {
      const typeText = enumValue(login, 'type');
      sql.logins.push({
        element: login, sql, name: login.name, key: login.key,
        type: (typeText as Login['type']) ?? (login.name.includes('\\') ? 'windows' : 'sql'), typeWritten: typeText !== undefined,
        roles: readPropValues(login, 'role').map((value) => value.text.toLowerCase()),
        sid: propValue(login, 'sid')?.text, password: propValue(login, 'password')?.text,
      });
    }
    model.sqlInstances.push(sql);
    model.sqlOf.set(element, sql);
  }

  for (const element of ofKind('availability_group')) {
    const clusterElement = firstOf(element.header.cluster)?.target;
    const ag: AvailabilityGroup = {
      element, name: element.name, cluster: clusterElement ? model.clusterOf.get(clusterElement) : undefined,
      replicas: [], databases: [], requiredLogins: [], components: [], basic: flagOn(element, 'basic'),
    };
    for (const replica of childrenOf(element, 'replica')) {
      const instanceElement = firstOf(replica.header.instance)?.target;
      ag.replicas.push({
        element: replica, ag, instance: instanceElement ? model.sqlOf.get(instanceElement) : undefined,
        commit: enumValue(replica, 'commit') as Replica['commit'], failover: (enumValue(replica, 'failover') as Replica['failover'] | undefined) ?? 'manual',
        primary: flagOn(replica, 'primary'), readable: (enumValue(replica, 'readable') as Replica['readable']) ?? 'no',
      });
    }
    const listenerElement = firstChildOf(element, 'listener');
    if (listenerElement) {
      ag.listener = {
        element: listenerElement, ag, name: listenerElement.name, ips: propValues(listenerElement, 'ip'), port: propValue(listenerElement, 'port')?.number ?? 1433, dhcp: flagOn(listenerElement, 'dhcp'),
        registerAllProvidersIp: propFlag(listenerElement, 'register_all_providers_ip') !== false, hostRecordTtlSec: propValue(listenerElement, 'host_record_ttl')?.number ?? 1200,
      };
      model.listenerOf.set(listenerElement, ag.listener);
    }
    for (const database of childrenOf(element, 'database')) {
      ag.databases.push({
        element: database, ag, name: database.name, key: database.key,
        recovery: enumValue(database, 'recovery'), backup: enumValue(database, 'backup'), owner: enumValue(database, 'owner'),
        logins: propValues(database, 'logins'),
        readOnly: flagOn(database, 'read_only'), autoClose: flagOn(database, 'auto_close'),
        system: flagOn(database, 'system') || ['master', 'msdb', 'model', 'tempdb'].includes(database.key), contained: flagOn(database, 'contained'),
      });
    }
    ag.primary = ag.replicas.find((replica) => replica.primary) ?? ag.replicas[0];
    for (const replica of ag.replicas) {
      if (!replica.instance) continue;
      ag.lowestVersion = lowerVersion(ag.lowestVersion, replica.instance.version);
      replica.instance.replicaOf.push(ag);
    }
    model.availabilityGroups.push(ag);
    model.agOf.set(element, ag);
  }
}

/** The management components (VMM, SPF, WAP, applications) with their servers and databases. */
function buildComponents(model: StampModel): void {
  const ofKind = (id: KindId): Element[] => model.index.allOfKind(id);
  const componentBase = <K extends Component['kind']>(element: Element, kind: K): Component & { kind: K } => {
    const serverValues = propValues(element, 'servers');
    const component: Component & { kind: K } = {
      element, kind, name: element.name, servers: targets(serverValues), serverValues,
      databaseServer: propValue(element, 'database_server'), databases: propValues(element, 'database'),
      serviceAccount: propValue(element, 'service_account'), ha: flagOn(element, 'ha'), multiSubnetFailover: flagOn(element, 'multi_subnet_failover'), frontedBy: [],
    };
    component.database = databaseTargetOf(component.databaseServer, model, component.databases);
    model.components.push(component);
    model.componentOf.set(element, component);
    return component;
  };
  const serverFactsOf = (element: Element): ServerFacts[] =>
    childrenOf(element, 'server').map((server) => ({
      element: server, machine: firstOf(server.header.machine)?.target, name: server.name, vmmConsole: flagOn(server, 'vmm_console'),
      localAccounts: childrenOf(server, 'local_account').map((account) => ({ element: account, name: account.name, key: account.key, password: propValue(account, 'password')?.text })),
      groups: childrenOf(server, 'group').map((group) => ({ element: group, name: group.name, members: propValues(group, 'members') })),
      passphrase: propValue(server, 'passphrase'), operators: propValues(server, 'operators'),
    }));

  for (const element of ofKind('vmm')) {
    const vmm = Object.assign(componentBase(element, 'vmm'), {
      administrators: propValues(element, 'administrators'), library: propValue(element, 'library'), scriptLibrary: propValue(element, 'script_library'),
    });
    model.vmms.push(vmm);
  }
  for (const element of ofKind('spf')) {
    const registration = firstChildOf(element, 'registration_account');
    const vmmElement = propValue(element, 'vmm')?.target;
    const portValue = propValue(element, 'port');
    const spf: Spf = Object.assign(componentBase(element, 'spf'), {
      port: portValue?.number ?? 8090, portWritten: portValue !== undefined,
      vmm: model.vmms.find((vmm) => vmm.element === vmmElement), certificate: propValue(element, 'certificate'),
      registrationAccount: registration ? { name: registration.name, element: registration, local: propFlag(registration, 'local') !== false } : undefined,
      serverFacts: serverFactsOf(element),
    });
    model.spfs.push(spf);
  }
  for (const element of ofKind('wap')) {
    const site = firstChildOf(element, 'tenant_site');
    const sitePort = site ? propValue(site, 'port') : undefined;
    const wap: Wap = Object.assign(componentBase(element, 'wap'), {
      mode: enumValue(element, 'mode'), sqlLogin: propValue(element, 'sql_login'), spfUrl: propValue(element, 'spf_url'),
      spfAccount: propValue(element, 'spf_account'), administrators: propValues(element, 'administrators'),
      tenantSite: site ? { element: site, port: sitePort?.number ?? 30081, portWritten: sitePort !== undefined, certificate: propValue(site, 'certificate'), internetFacing: flagOn(site, 'internet_facing') } : undefined,
      serverFacts: serverFactsOf(element), drAddOn: flagOn(element, 'dr_add_on'),
    });
    model.waps.push(wap);
  }
  for (const element of ofKind('app')) model.apps.push(componentBase(element, 'app'));

  // The registration account of an SPF defaults to the account WAP registers with.
  for (const spf of model.spfs) {
    if (spf.registrationAccount) continue;
    const account = model.waps.map((wap) => wap.spfAccount).find((value) => value !== undefined);
    if (account) spf.registrationAccount = { name: account.text, local: true };
  }
}

/** NLB clusters and load balancers, and which component each fronts. */
function buildFrontEnds(model: StampModel): void {
  const ofKind = (id: KindId): Element[] => model.index.allOfKind(id);
  for (const element of ofKind('nlb')) {
    const hostValues = propValues(element, 'hosts');
    const rules = childrenOf(element, 'port_rule').map((rule): PortRule => {
      const ports = firstOf(rule.header.ports);
      return {
        element: rule, from: ports?.number ?? 0, to: ports?.to ?? ports?.number ?? 65535,
        protocol: (enumValue(rule, 'protocol') as PortRule['protocol']) ?? 'both', affinity: enumValue(rule, 'affinity') ?? 'single', filtering: enumValue(rule, 'filtering') ?? 'multiple',
      };
    });
    const nlb: Nlb = {
      element, name: element.name, mode: (enumValue(element, 'mode') as Nlb['mode']) ?? 'unicast', modeWritten: prop(element, 'mode') !== undefined,
      ip: propValue(element, 'ip'), internetName: propValue(element, 'internet_name'),
      hosts: targets(hostValues), hostValues, nicsPerHost: propValue(element, 'nics_per_host')?.number ?? 1, clusterNic: propValue(element, 'cluster_nic')?.text,
      portRules: rules.length > 0 ? rules : [{ from: 0, to: 65535, protocol: 'both', affinity: 'single', filtering: 'multiple' }],
      fronts: [],
    };
    model.nlbs.push(nlb);
    model.nlbOf.set(element, nlb);
  }
  for (const element of ofKind('load_balancer')) {
    const check = firstChildOf(element, 'health_check');
    // A port value always has both ends (a single port is a range of one).
    const ports = prop(element, 'ports') ? readPropValues(element, 'ports').map((value) => ({ from: value.number!, to: value.to!, value })) : undefined;
    model.loadBalancers.push({
      element, name: element.name, vip: propValue(element, 'vip'), fqdn: propValue(element, 'fqdn'), realServers: targets(readPropValues(element, 'real_servers')),
      hostHeaderBinding: propValue(element, 'host_header_binding')?.text,
      healthCheck: check ? { element: check, protocol: enumValue(check, 'protocol'), hostHeader: propValue(check, 'host_header')?.text } : undefined,
      ports, fronts: [],
    });
  }
  // An NLB or load balancer fronts the SPF or WAP that shares servers with it, found through the fronts of each server:
  // a stamp of many pods has about as many NLBs as components, and comparing every pair grew with the square of it.
  const nlbsByServer = frontsByServer(model.nlbs.map((nlb) => nlb.hosts));
  const balancersByServer = frontsByServer(model.loadBalancers.map((balancer) => balancer.realServers));
  for (const component of [...model.spfs, ...model.waps, ...model.apps]) {
    for (const index of frontsOf(component.servers, nlbsByServer)) {
      const nlb = model.nlbs[index];
      nlb.fronts.push(component);
      component.frontedBy.push(nlb);
    }
    for (const index of frontsOf(component.servers, balancersByServer)) {
      const balancer = model.loadBalancers[index];
      balancer.fronts.push(component);
      component.frontedBy.push(balancer);
    }
  }
}

/** For each server, the indexes of the fronts (given by their servers, in order) that list it, in increasing order. */
function frontsByServer(serversOfEachFront: ReadonlyArray<readonly Element[]>): Map<Element, number[]> {
  const byServer = new Map<Element, number[]>();
  serversOfEachFront.forEach((servers, index) => {
    for (const server of servers) {
      // A front's servers are distinct (targets), so each front is listed once per server.
      const fronts = byServer.get(server);
      if (fronts) fronts.push(index);
      else byServer.set(server, [index]);
    }
  });
  return byServer;
}

/** The indexes of the fronts that list one of `servers`, each once, in increasing order (the order of the fronts). */
function frontsOf(servers: readonly Element[], byServer: ReadonlyMap<Element, readonly number[]>): number[] {
  const found = new Set<number>();
  for (const server of servers) for (const index of byServer.get(server) ?? []) found.add(index);
  return [...found].sort((a, b) => a - b);
}

/** DNS records and certificates. */
function buildNamesAndCertificates(model: StampModel): void {
  const ofKind = (id: KindId): Element[] => model.index.allOfKind(id);
  for (const element of ofKind('dns_record')) model.dnsRecords.push({ element, name: element.name, key: element.key, address: firstOf(element.header.address) });
  for (const element of ofKind('certificate')) {
    model.certificates.push({
      element, cn: element.name, key: element.key, issuer: enumValue(element, 'issuer'), sans: readPropValues(element, 'san').map((value) => value.text),
      installedOn: targets(readPropValues(element, 'installed_on')), internetFacing: flagOn(element, 'internet_facing'),
    });
  }
}

/** Hyper-V Replica relationships and ASR recovery plans. */
function buildRecovery(model: StampModel): void {
  const ofKind = (id: KindId): Element[] => model.index.allOfKind(id);
  for (const element of ofKind('replication')) {
    const vmElement = firstOf(element.header.vm)?.target;
    const extendedElement = firstChildOf(element, 'extended');
    model.replications.push({
      element, vm: vmElement ? model.vmOf.get(vmElement) : undefined, target: firstOf(element.header.target)?.target,
      frequencySec: propValue(element, 'frequency')?.number ?? 300, storage: storageOf(model, element),
      failoverIp: propValue(element, 'failover_ip'), auth: enumValue(element, 'auth'), recoveryPoints: propValue(element, 'recovery_points')?.number,
      extended: extendedElement ? { element: extendedElement, to: propValue(extendedElement, 'to')?.target, frequencySec: propValue(extendedElement, 'frequency')?.number } : undefined,
    });
  }
  for (const element of ofKind('recovery_plan')) {
    const vmmElement = propValue(element, 'vmm')?.target;
    model.recoveryPlans.push({
      element, name: element.name, vmm: model.vmms.find((vmm) => vmm.element === vmmElement) ?? (model.vmms.length === 1 ? model.vmms[0] : undefined),
      primaryCloud: propValue(element, 'primary_cloud'), recoveryCloud: propValue(element, 'recovery_cloud'), networkMapping: flagOn(element, 'network_mapping'),
      groups: childrenOf(element, 'plan_group').map((group) => ({
        element: group, order: firstOf(group.header.order)?.number ?? 0,
        // `vms` resolves to VMs only, and every VM has its model.
        vms: targets(readPropValues(group, 'vms')).map((vm) => model.vmOf.get(vm)!),
        steps: (['before', 'after'] as const).flatMap((when) =>
          (group.properties.get(when) ?? []).map((step) => ({ when, script: firstOf(step.args.script)?.text ?? '', tags: (step.args.tags ?? []).map((tag) => tag.text.toLowerCase()) })),
        ),
      })),
    });
  }
}

/**
 * Resolves a component's `database_server` to an availability group, through its listener or one of its replicas. A
 * replica instance of several groups gives the group that holds one of the component's databases (in any case), else
 * its first group.
 */
function databaseTargetOf(value: Value | undefined, model: StampModel, databases: readonly Value[]): DatabaseTarget | undefined {
  const target = value?.target;
  if (!target) return undefined;
  // `database_server` resolves to a listener or an instance. Only a group's first listener is in the model.
  if (target.kind.id === 'listener') {
    const listener = model.listenerOf.get(target);
    return { ag: listener?.ag, listener, viaReplica: false };
  }
  // Every instance has its model.
  const instance = model.sqlOf.get(target)!;
  const groups = instance.replicaOf;
  const keys = databases.map((database) => database.text.toLowerCase());
  const ag = groups.find((group) => group.databases.some((database) => keys.includes(database.key))) ?? groups[0];
  return { ag, instance, viaReplica: groups.length > 0 };
}

/** Derives, once, which components use each availability group and which logins the group needs on every replica. */
function deriveAvailabilityGroupUsage(model: StampModel): void {
  for (const component of model.components) {
    const ag = component.database?.ag;
    if (ag && !ag.components.includes(component)) ag.components.push(component);
  }
  for (const ag of model.availabilityGroups) {
    const required = new Map<string, RequiredLogin>();
    const need = (name: string, usedBy: string, type?: 'windows' | 'sql'): void => {
      const key = name.toLowerCase();
      // sa is built in: its state is checked by SQL002, not as a missing login.
      if (key === 'sa') return;
      const entry = required.get(key) ?? { name, key, usedBy: [] };
      if (!entry.usedBy.includes(usedBy)) entry.usedBy.push(usedBy);
      entry.type ??= type;
      required.set(key, entry);
    };
    for (const database of ag.databases) {
      if (database.contained) continue;
      for (const login of database.logins) need(login.text, `database ${database.name}`);
    }
    for (const component of ag.components) {
      const label = componentLabel(component);
      if (component.serviceAccount) need(component.serviceAccount.text, label, 'windows');
      // Only a WAP has a `sql_login`.
      const sqlLogin = (component as Partial<Wap>).sqlLogin;
      if (sqlLogin) need(sqlLogin.text, label, 'sql');
    }
    ag.requiredLogins.push(...required.values());
  }
}

/** The SPF a WAP registers: the one whose client name (NLB, load balancer or certificate) is the `spf_url` host, else the only SPF. */
export function registeredSpfOf(model: StampModel, wap: Wap): Spf | undefined {
  const host = wap.spfUrl ? /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/:?#]+)/.exec(wap.spfUrl.text.trim())?.[1].toLowerCase() : undefined;
  // No client name is empty: a URL without a host finds nothing.
  // Stryker disable next-line StringLiteral: client names are DNS names (never empty, never a sentence): a key that is no DNS name finds nothing, as the empty one does
  const named = spfsByClientName(model).get(host ?? '');
  return named ?? (model.spfs.length === 1 ? model.spfs[0] : undefined);
}

const spfClientNames = new WeakMap<StampModel, Map<string, Spf>>();

/** Each client name of an SPF (certificate, NLB or load balancer name), lower-cased, to the first SPF with it; once per model. */
function spfsByClientName(model: StampModel): Map<string, Spf> {
  let byName = spfClientNames.get(model);
  // Stryker disable next-line ConditionalExpression: the map is kept per model only to save building it again; built again it is the same
  if (!byName) {
    byName = new Map();
    for (const spf of model.spfs) {
      for (const name of [spf.certificate?.text, ...spf.frontedBy.map((front) => ('realServers' in front ? front.fqdn?.text : front.internetName?.text))]) {
        const key = name?.toLowerCase();
        if (key && !byName.has(key)) byName.set(key, spf);
      }
    }
    // Stryker disable next-line CallExpression: cost only (see above)
    spfClientNames.set(model, byName);
  }
  return byName;
}

/** Derives, once, which machines each component server needs running first (database tier, then SPF and VMM, then WAP). */
function deriveVmDependencies(model: StampModel): void {
  const databaseMachines = (component: Component): Element[] => {
    const target = component.database;
    if (target?.ag) return target.ag.replicas.map((replica) => replica.instance?.machine).filter((machine): machine is Element => machine !== undefined);
    return target?.instance?.machine ? [target.instance.machine] : [];
  };
  for (const component of model.components) {
    const needs = [...databaseMachines(component)];
    // Only an SPF has a `vmm`.
    needs.push(...((component as Partial<Spf>).vmm?.servers ?? []));
    if (component.kind === 'wap') needs.push(...(registeredSpfOf(model, component as Wap)?.servers ?? []));
    for (const server of component.servers) {
      const list = model.vmDependencies.get(server) ?? [];
      for (const machine of needs) if (machine !== server && !list.includes(machine)) list.push(machine);
      model.vmDependencies.set(server, list);
    }
  }
}
