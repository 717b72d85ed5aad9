// Writes an estate as `.stamp` text in the contract's terms, one file or one file per cluster, through the formatter;
// facts the language cannot hold become `// not mapped: …` comments.
import { formatStamp } from '../../grammar/src/format.js';
import { versionOrder } from '../../grammar/src/schema.js';
import type { DataSource, Estate, EstateCluster, EstateNic, EstateVm } from './estate.js';
import { formatBytes } from './estate.js';

/** One file of an import. */
export interface EmittedFile {
  /** The file name, relative to the main file's folder. */
  name: string;
  text: string;
}

export interface EmitOptions {
  /** The name of the main file (`estate.stamp`). */
  mainName: string;
  /** One file per cluster (its hosts, VMs, SQL instances and availability groups), imported by the main file. */
  split?: boolean;
  /** The name of the `stamp` statement. */
  stampName?: string;
}

/** A name as the language writes it: bare when it is an identifier, else in double quotes. */
export function word(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : `"${name}"`;
}

/** True when a name can be written at all (a string has no escapes, so no `"` and no line break). */
export function writable(name: string): boolean {
  return name !== '' && !/["\r\n]/.test(name);
}

/** A size for the language: the largest unit that divides it exactly (8GB, 500GB, 2TB). */
export function size(bytes: number): string {
  return formatBytes(bytes);
}

/** A link speed in bits per second as the language writes it. */
export function speed(bps: number): string {
  if (bps >= 1e9 && bps % 1e9 === 0) return `${bps / 1e9}Gbps`;
  if (bps >= 1e6 && bps % 1e6 === 0) return `${bps / 1e6}Mbps`;
  if (bps >= 1e9) return `${Math.round(bps / 1e8) / 10}Gbps`;
  return `${Math.max(1, Math.round(bps / 1e6))}Mbps`;
}

/** A replication interval as the language writes it. */
export function duration(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

const comment = (text: string): string => `// not mapped: ${text.replace(/[\r\n]+/g, ' ')}`;
const list = (names: string[]): string => names.map(word).join(', ');

/** A statement being written: a header, properties and child statements. */
class Block {
  readonly lines: string[] = [];
  constructor(readonly header: string) {}
  add(line: string | undefined): this {
    if (line !== undefined) this.lines.push(line);
    return this;
  }
  child(block: Block): this {
    this.lines.push(...block.render());
    return this;
  }
  note(notes: readonly string[]): this {
    for (const note of notes) this.lines.push(comment(note));
    return this;
  }
  render(): string[] {
    if (this.lines.length === 0) return [this.header];
    return [`${this.header} {`, ...this.lines.map((line) => `  ${line}`), '}'];
  }
}

/** Collects the statements of one file. */
class FileText {
  readonly parts: string[][] = [];
  add(lines: string[]): void {
    this.parts.push(lines);
  }
  text(): string {
    return formatStamp(`${this.parts.map((lines) => lines.join('\n')).join('\n\n')}\n`);
  }
}

/** Writes the estate as one or more formatted `.stamp` files; the first is the main file. */
export function emitStamp(estate: Estate, options: EmitOptions): EmittedFile[] {
  const main = new FileText();
  const clusterFiles = new Map<string, { name: string; file: FileText }>();
  const fileOfCluster = (cluster: string | undefined): FileText => {
    if (!options.split || !cluster) return main;
    let entry = clusterFiles.get(cluster.toLowerCase());
    if (!entry) clusterFiles.set(cluster.toLowerCase(), (entry = { name: `${cluster.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}.stamp`, file: new FileText() }));
    return entry.file;
  };
  const clusterOfHost = new Map<string, string>();
  for (const cluster of estate.clusters) for (const node of cluster.nodes) clusterOfHost.set(node.toLowerCase(), cluster.name);
  const clusterOfMachine = (machine: string): string | undefined => {
    const vm = estate.vms.find((candidate) => candidate.name.toLowerCase() === machine.toLowerCase());
    return clusterOfHost.get(machine.toLowerCase()) ?? (vm ? (vm.cluster ?? clusterOfHost.get(vm.host.toLowerCase())) : undefined);
  };

  const header: string[] = [];
  header.push('// Imported by `stamp import` from a read-only inventory. Facts a running estate cannot tell (the names of SANs and');
  header.push('// components, passwords, database owners, design intent) are for the architect to add.');
  for (const warning of estate.warnings) header.push(`// collector warning: ${warning.replace(/[\r\n]+/g, ' ')}`);
  main.add(header);
  const stamp = new Block(`stamp ${word(options.stampName ?? 'imported')}`);
  if (estate.domain && writable(estate.domain.name)) stamp.add(`domain "${estate.domain.name}"`);
  const windows = lowest(estate.hosts.map((host) => host.os).filter((os): os is string => os !== undefined), windowsOrder);
  if (windows) stamp.add(`windows ${windows}`);
  main.add(stamp.render());
  if (estate.domain && writable(estate.domain.name)) {
    main.add(new Block(`domain "${estate.domain.name}"`).add(estate.domain.netbios && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(estate.domain.netbios) ? `netbios ${estate.domain.netbios}` : undefined).render());
  }
  if (estate.notMapped.length > 0) main.add(estate.notMapped.map(comment));
  for (const san of estate.sans) {
    const block = new Block(`san ${word(san.name)}`).add(san.protocol ? `protocol ${san.protocol}` : undefined);
    main.add([`// identified by: ${san.identity.replace(/[\r\n]+/g, ' ')}`, ...block.render()]);
  }

  for (const host of estate.hosts) {
    const block = new Block(`host ${word(host.name)}`);
    if (host.os) block.add(`os ${host.os}`);
    if (host.memoryBytes) block.add(`memory ${size(host.memoryBytes)}`);
    if (host.integrationServices) block.add(`integration_services ${host.integrationServices.split('.').slice(0, 3).join('.')}`);
    if (host.reserveBytes) block.add(`reserve ${size(host.reserveBytes)}`);
    for (const nic of host.nics) if (writable(nic.name)) block.child(nicBlock(nic));
    for (const team of host.teams) {
      if (!writable(team.name)) continue;
      const teamBlock = new Block(`team ${word(team.name)}`);
      const members = team.members.filter(writable);
      if (members.length > 0) teamBlock.add(`members ${list(members)}`);
      if (team.mode) teamBlock.add(`mode ${team.mode}`);
      if (team.balancing) teamBlock.add(`balancing ${team.balancing}`);
      block.child(teamBlock);
    }
    for (const vswitch of host.switches) {
      if (!writable(vswitch.name)) continue;
      const switchBlock = new Block(`vswitch ${word(vswitch.name)}`);
      if (vswitch.type) switchBlock.add(`type ${vswitch.type}`);
      if (vswitch.uplink && writable(vswitch.uplink)) switchBlock.add(`uplink ${word(vswitch.uplink)}`);
      if (vswitch.sriov) switchBlock.add('sriov');
      block.child(switchBlock);
    }
    if (host.replicaServer) {
      const replica = new Block('replica_server');
      if (host.replicaServer.auth) replica.add(`auth ${host.replicaServer.auth}`);
      if (host.replicaServer.storage && writable(host.replicaServer.storage)) replica.add(`storage "${host.replicaServer.storage}"`);
      if (replica.lines.length === 0) replica.add('// enabled');
      block.child(replica);
    }
    block.note(host.notMapped);
    fileOfCluster(clusterOfHost.get(host.name.toLowerCase())).add(block.render());
  }

  for (const cluster of estate.clusters) fileOfCluster(cluster.name).add(clusterBlock(cluster).render());

  for (const vm of estate.vms) fileOfCluster(vm.cluster ?? clusterOfHost.get(vm.host.toLowerCase())).add(vmBlock(vm).render());

  for (const sql of estate.sql) {
    const block = new Block(sql.instance ? `sql ${word(sql.instance)} on ${word(sql.machine)}` : `sql on ${word(sql.machine)}`);
    if (sql.version) block.add(`version ${sql.version}`);
    if (sql.edition) block.add(`edition ${sql.edition}`);
    if (sql.auth) block.add(`auth ${sql.auth}`);
    if (sql.hadr !== undefined) block.add(sql.hadr ? 'hadr' : 'hadr no');
    if (sql.sa) block.add(sql.sa.enabled ? 'sa enabled' : 'sa disabled');
    for (const login of sql.logins) {
      if (!writable(login.name)) continue;
      const loginBlock = new Block(`login ${word(login.name)}`).add(`type ${login.type}`);
      const roles = login.roles.filter(writable);
      if (roles.length > 0) loginBlock.add(`role ${list(roles)}`);
      if (login.sid && writable(login.sid)) loginBlock.add(`sid "${login.sid}"`);
      if (login.disabled) loginBlock.note(['the login is disabled']);
      block.child(loginBlock);
    }
    fileOfCluster(clusterOfMachine(sql.machine)).add(block.render());
  }

  for (const ag of estate.ags) {
    if (!ag.cluster) {
      main.add([comment(`availability group ${ag.name}: no collected cluster has all its replicas as nodes`)]);
      continue;
    }
    const block = new Block(`availability_group ${word(ag.name)} on ${word(ag.cluster)}`);
    for (const replica of ag.replicas) {
      const replicaBlock = new Block(`replica ${word(replica.instance)}`);
      if (replica.commit) replicaBlock.add(`commit ${replica.commit}`);
      if (replica.failover) replicaBlock.add(`failover ${replica.failover}`);
      if (replica.primary) replicaBlock.add('primary');
      if (replica.readable) replicaBlock.add(`readable ${replica.readable}`);
      block.child(replicaBlock);
    }
    if (ag.listener && writable(ag.listener.name)) {
      const listener = new Block(`listener ${word(ag.listener.name)}`);
      if (ag.listener.ips.length > 0) listener.add(`ip ${ag.listener.ips.join(', ')}`);
      if (ag.listener.port) listener.add(`port ${ag.listener.port}`);
      if (ag.listener.dhcp) listener.add('dhcp');
      block.child(listener);
    }
    for (const database of ag.databases) {
      if (!writable(database.name)) continue;
      const databaseBlock = new Block(`database ${word(database.name)}`);
      if (database.recovery) databaseBlock.add(`recovery ${database.recovery}`);
      if (database.backup) databaseBlock.add(`backup ${database.backup}`);
      const logins = database.logins.filter(writable);
      if (logins.length > 0) databaseBlock.add(`logins ${list(logins)}`);
      if (database.readOnly) databaseBlock.add('read_only');
      if (database.autoClose) databaseBlock.add('auto_close');
      if (database.contained) databaseBlock.add('contained');
      databaseBlock.note(['owner (which component uses it) cannot be read from SQL Server']);
      block.child(databaseBlock);
    }
    fileOfCluster(ag.cluster).add(block.render());
  }

  for (const nlb of estate.nlbs) {
    const block = new Block(`nlb ${word(nlb.name)}`);
    if (nlb.mode) block.add(`mode ${nlb.mode}`);
    if (nlb.ip) block.add(`ip ${nlb.ip}`);
    if (writable(nlb.internetName)) block.add(`internet_name "${nlb.internetName}"`);
    const hosts = nlb.hosts.filter(writable);
    if (hosts.length > 0) block.add(`hosts ${list(hosts)}`);
    for (const rule of nlb.portRules) {
      const ruleBlock = new Block(`port_rule ${rule.from === rule.to ? rule.from : `${rule.from}-${rule.to}`}`);
      if (rule.protocol) ruleBlock.add(`protocol ${rule.protocol}`);
      if (rule.affinity) ruleBlock.add(`affinity ${rule.affinity}`);
      if (rule.filtering) ruleBlock.add(`filtering ${rule.filtering}`);
      block.child(ruleBlock);
    }
    main.add(block.render());
  }
  for (const record of estate.dns) if (writable(record.name)) main.add([`dns_record "${record.name}" ${record.address}`]);
  for (const certificate of estate.certificates) {
    if (!writable(certificate.cn)) continue;
    const block = new Block(`certificate "${certificate.cn}"`);
    if (certificate.issuer) block.add(`issuer ${certificate.issuer}`);
    const sans = certificate.sans.filter(writable);
    if (sans.length > 0) block.add(`san ${sans.map((san) => `"${san}"`).join(', ')}`);
    const installed = certificate.installedOn.filter(writable);
    if (installed.length > 0) block.add(`installed_on ${list(installed)}`);
    main.add(block.render());
  }
  const databaseServer = (source: DataSource | undefined, block: Block, component: string): void => {
    if (!source) return;
    const target = databaseServerName(estate, source);
    if (target && writable(target)) block.add(`database_server ${word(target)}`);
    else block.note([`${component} connects to ${source.instance ? `${source.host}\\${source.instance}` : source.host}, which is neither a listener nor a SQL instance read`]);
    if (source.database && writable(source.database) && component !== 'WAP') block.add(`database ${word(source.database)}`);
  };
  if (estate.vmm) {
    const block = new Block('vmm VMM');
    if (estate.vmm.servers.length > 0) block.add(`servers ${list(estate.vmm.servers.filter(writable))}`);
    databaseServer(estate.vmm.database, block, 'VMM');
    if (estate.vmm.serviceAccount && writable(estate.vmm.serviceAccount)) block.add(`service_account "${estate.vmm.serviceAccount}"`);
    const admins = estate.vmm.administrators.filter(writable);
    if (admins.length > 0) block.add(`administrators ${admins.map((admin) => `"${admin}"`).join(', ')}`);
    if (estate.vmm.library && writable(estate.vmm.library)) block.add(`library "${estate.vmm.library}"`);
    if (!estate.vmm.database) block.note(['database_server and database: the VMM server\'s database settings were not read']);
    block.note(estate.vmm.notMapped);
    main.add(block.render());
  }
  if (estate.spf) {
    const spf = estate.spf;
    const block = new Block('spf SPF');
    if (spf.servers.length > 0) block.add(`servers ${list(spf.servers.filter(writable))}`);
    if (spf.port) block.add(`port ${spf.port}`);
    databaseServer(spf.database, block, 'SPF');
    if (spf.serviceAccount && writable(spf.serviceAccount)) block.add(`service_account "${spf.serviceAccount}"`);
    const vmmNames = new Set((estate.vmm?.servers ?? []).map((name) => name.toLowerCase()));
    const vmmServers = spf.vmmServers ?? [];
    if (estate.vmm && vmmServers.length > 0 && vmmServers.every((name) => vmmNames.has(name.toLowerCase()))) block.add('vmm VMM');
    else if (vmmServers.length > 0) block.note([`SPF talks to the VMM server ${vmmServers.join(', ')}, which the inventory does not hold`]);
    block.note(spf.notMapped);
    main.add(block.render());
  }
  if (estate.wap) {
    const wap = estate.wap;
    const block = new Block('wap WAP');
    if (wap.servers.length > 0) block.add(`servers ${list(wap.servers.filter(writable))}`);
    databaseServer(wap.database, block, 'WAP');
    if (wap.database?.user && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(wap.database.user)) block.add(`sql_login ${wap.database.user}`);
    if (wap.spfUrl && writable(wap.spfUrl)) block.add(`spf_url "${wap.spfUrl}"`);
    if (wap.spfAccount && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(wap.spfAccount)) block.add(`spf_account ${wap.spfAccount}`);
    block.note(wap.notMapped);
    main.add(block.render());
  }
  for (const replication of estate.replications) {
    const block = new Block(`replication ${word(replication.vm)} to ${word(replication.target)}`);
    if (replication.frequencySec) block.add(`frequency ${duration(replication.frequencySec)}`);
    if (replication.auth) block.add(`auth ${replication.auth}`);
    if (replication.recoveryPoints !== undefined && replication.recoveryPoints > 0 && replication.recoveryPoints <= 24) block.add(`recovery_points ${replication.recoveryPoints}`);
    main.add(block.render());
  }

  const files: EmittedFile[] = [];
  if (clusterFiles.size > 0) {
    const imports = [...clusterFiles.values()].map((entry) => `import "${entry.name}"`);
    main.parts.splice(1, 0, imports);
  }
  files.push({ name: options.mainName, text: main.text() });
  for (const entry of clusterFiles.values()) files.push({ name: entry.name, text: entry.file.text() });
  return files;
}

/** The design's name for where a connection string points: the listener of that name, else the SQL instance on that machine. */
function databaseServerName(estate: Estate, source: DataSource): string | undefined {
  const host = source.host.split('.')[0].toLowerCase();
  const listener = estate.ags.map((ag) => ag.listener).find((candidate) => candidate && candidate.name.split('.')[0].toLowerCase() === host);
  if (listener && !source.instance) return listener.name;
  const sql = estate.sql.find((candidate) => candidate.machine.toLowerCase() === host && (candidate.instance ?? '').toLowerCase() === (source.instance ?? '').toLowerCase());
  return sql ? (sql.instance ? `${sql.machine}\\${sql.instance}` : sql.machine) : undefined;
}

function nicBlock(nic: EstateNic): Block {
  const block = new Block(`nic ${word(nic.name)}`);
  if (nic.speedBps) block.add(`speed ${speed(nic.speedBps)}`);
  if (nic.rdma) block.add('rdma');
  if (nic.sriov) block.add('sriov');
  if (nic.virtual) block.add('virtual');
  if (nic.switch && writable(nic.switch)) block.add(`switch ${word(nic.switch)}`);
  if (nic.ips.length > 0) block.add(`ip ${nic.ips[0]}`);
  if (nic.macSpoofing) block.add('mac_spoofing');
  if (nic.allowTeaming) block.add('allow_teaming');
  if (nic.ips.length > 1) block.note([`more addresses: ${nic.ips.slice(1).join(', ')}`]);
  return block;
}

function clusterBlock(cluster: EstateCluster): Block {
  const block = new Block(`cluster ${word(cluster.name)}`);
  if (cluster.kind) block.add(`kind ${cluster.kind}`);
  const nodes = cluster.nodes.filter(writable);
  if (nodes.length > 0) block.add(`nodes ${list(nodes)}`);
  for (const vote of cluster.votes) block.add(`vote ${word(vote.node)} ${vote.weight}`);
  if (cluster.witness?.type === 'share' && cluster.witness.path && writable(cluster.witness.path)) block.add(`witness share "${cluster.witness.path}"`);
  else if (cluster.witness?.type === 'cloud' || cluster.witness?.type === 'none') block.add(`witness ${cluster.witness.type}`);
  else if (cluster.witness?.type === 'disk' && cluster.witness.san) block.add(`witness disk ${word(cluster.witness.san)}`);
  for (const csv of cluster.csvs) {
    if (!writable(csv.name)) continue;
    const csvBlock = new Block(`csv ${word(csv.name)}`);
    if (csv.san) csvBlock.add(`san ${word(csv.san)}`);
    if (csv.freeBytes !== undefined) csvBlock.add(`free ${size(csv.freeBytes)}`);
    if (!csv.san) csvBlock.note(['the SAN behind the volume was not identified (no iSCSI session or Fibre Channel disk matched it)']);
    block.child(csvBlock);
  }
  if (cluster.replicaBroker && writable(cluster.replicaBroker.name)) {
    block.child(new Block(`replica_broker ${word(cluster.replicaBroker.name)}`).add(cluster.replicaBroker.ip ? `ip ${cluster.replicaBroker.ip}` : undefined));
  }
  block.note(cluster.notMapped);
  return block;
}

function vmBlock(vm: EstateVm): Block {
  const block = new Block(`vm ${word(vm.name)} on ${word(vm.cluster ?? vm.host)}`);
  if (vm.memoryBytes) block.add(`memory ${size(vm.memoryBytes)}`);
  if (vm.storage === 'local') block.add('storage local');
  else if (vm.storage && writable(vm.storage.csv)) block.add(`storage csv ${word(vm.storage.csv)}`);
  if (vm.generation) block.add(`generation ${vm.generation}`);
  if (vm.priority && vm.priority !== 'medium') block.add(`priority ${vm.priority}`);
  if (vm.dynamicMemory) {
    const dynamic = new Block('dynamic_memory');
    if (vm.dynamicMemory.minimumBytes) dynamic.add(`minimum ${size(vm.dynamicMemory.minimumBytes)}`);
    if (vm.dynamicMemory.maximumBytes) dynamic.add(`maximum ${size(vm.dynamicMemory.maximumBytes)}`);
    if (dynamic.lines.length === 0) dynamic.add('// enabled');
    block.child(dynamic);
  }
  if (vm.antiAffinity && writable(vm.antiAffinity)) block.add(`anti_affinity ${word(vm.antiAffinity)}`);
  const preferred = vm.preferredOwners.filter(writable);
  if (preferred.length > 0) block.add(`preferred_owners ${list(preferred)}`);
  const possible = vm.possibleOwners.filter(writable);
  if (possible.length > 0) block.add(`possible_owners ${list(possible)}`);
  if (vm.integrationServices) block.add(`integration_services ${vm.integrationServices.split('.').slice(0, 3).join('.')}`);
  for (const nic of vm.nics) if (writable(nic.name)) block.child(nicBlock(nic));
  if (vm.cluster) block.note([`running on ${vm.host}`]);
  block.note(vm.notMapped);
  return block;
}

const windowsOrder = versionOrder.windows;
function lowest(values: string[], order: readonly string[]): string | undefined {
  return values.sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
}
