// A readable text dump of the typed model: names, resolved references and derived facts, for golden tests.
import type { Element, Value } from '../../grammar/src/elements.js';
import type { Component, Nic, StampModel, Team, Version } from '../../grammar/src/model.js';
import { registeredSpfOf } from '../../grammar/src/model.js';

const names = (elements: readonly Element[]): string => (elements.length === 0 ? '-' : elements.map((element) => element.name).join(', '));
const texts = (values: readonly Value[]): string => (values.length === 0 ? '-' : values.map((value) => value.text).join(', '));
const version = (value: Version | undefined): string => value?.text ?? '-';
const optional = (text: string | number | undefined): string => (text === undefined || text === '' ? '-' : String(text));
const yesNo = (flag: boolean): string => (flag ? 'yes' : 'no');
const gb = (amount: number | undefined): string => (amount === undefined ? '-' : `${amount}GB`);
/** A value with `(default)` after it when the text does not write it, as hovers show defaults. */
const withDefault = (text: string | number, written: boolean): string => `${text}${written ? '' : ' (default)'}`;

function nicText(nic: Nic): string {
  const facts = [
    nic.switch ? `switch ${nic.switch.name}` : '',
    nic.ip ? `ip ${nic.ip.text}` : '',
    nic.macSpoofing ? 'mac_spoofing' : '',
    nic.rdma ? 'rdma' : '',
    nic.sriov ? 'sriov' : '',
    nic.allowTeaming ? 'allow_teaming' : '',
  ].filter(Boolean);
  return facts.length > 0 ? `${nic.name} (${facts.join(', ')})` : nic.name;
}

function teamText(team: Team): string {
  return `team ${team.name} (${team.location}): members ${names(team.members)}, mode ${team.mode}, balancing ${optional(team.balancing)}, vendor ${team.vendor}`;
}

function databaseTarget(component: Component): string {
  const target = component.database;
  if (!target) return '-';
  const parts = [
    target.listener ? `listener ${target.listener.name}` : '',
    target.instance ? `instance ${target.instance.name}` : '',
    target.ag ? `ag ${target.ag.name}` : '',
    target.viaReplica ? 'via a replica' : '',
  ].filter(Boolean);
  return parts.join(', ') || '-';
}

/** Dumps a model as indented text, one section per element kind, in declaration order. */
export function dumpModel(model: StampModel): string {
  const lines: string[] = [];
  const section = (title: string, count: number) => {
    if (count > 0) lines.push('', `# ${title}`);
  };
  const line = (text: string, depth = 0) => lines.push(`${'  '.repeat(depth)}${text}`);

  line(`stamp ${model.stamp?.name ?? '-'}: windows ${version(model.defaults.windows)}, sql ${version(model.defaults.sql)}, system_center ${version(model.defaults.systemCenter)}`);
  line(`domain controllers: ${names([...model.domainControllers])}`);

  section('domains', model.domains.length);
  for (const domain of model.domains) line(`domain ${domain.name}: netbios ${optional(domain.netbios)}, controllers ${names(domain.controllers)}`);

  section('storage', model.sans.length);
  for (const san of model.sans) line(`san ${san.name}`);

  section('hosts', model.hosts.length);
  for (const host of model.hosts) {
    line(`host ${host.name}: os ${version(host.os)}, integration services ${optional(host.integrationServices?.text)}, clusters ${names(host.clusters.map((cluster) => cluster.element))}, replica server ${yesNo(host.replicaServer !== undefined)}${host.replicaAuth ? ` (auth ${host.replicaAuth.join(', ')})` : ''}, memory ${gb(host.memoryGB)}, reserve ${withDefault(gb(host.reserveGB), host.reserveWritten)}`);
    for (const nic of host.nics) line(`nic ${nicText(nic)}`, 1);
    for (const vswitch of host.vswitches) line(`vswitch ${vswitch.name}: type ${optional(vswitch.type)}, uplink ${optional(vswitch.uplink?.name)}`, 1);
    for (const team of host.teams) line(teamText(team), 1);
  }

  section('clusters', model.clusters.length);
  for (const cluster of model.clusters) {
    const votes = [...cluster.votes.entries()].map(([node, weight]) => `${node.name}=${weight}`).join(', ') || '-';
    const witness = cluster.witness ? [cluster.witness.type, cluster.witness.target?.name ?? cluster.witness.path ?? ''].filter(Boolean).join(' ') : '-';
    line(`cluster ${cluster.name}: kind ${cluster.kind}, nodes ${names(cluster.nodes)}, votes ${votes}, witness ${witness}, replica broker ${optional(cluster.replicaBroker?.name)}${cluster.replicaBrokerAuth ? ` (auth ${cluster.replicaBrokerAuth.join(', ')})` : ''}`);
    for (const csv of cluster.csvs) line(`csv ${csv.name}: san ${optional(csv.san?.name)}, free ${csv.freeGB === undefined ? '-' : `${csv.freeGB}GB`}`, 1);
  }

  section('virtual machines', model.vms.length);
  for (const vm of model.vms) {
    const storage = !vm.storage ? '-' : vm.storage.type === 'local' ? 'local' : `csv ${vm.storage.csv?.name ?? '?'}`;
    line(`vm ${vm.name}: on ${optional(vm.placement?.name)}, possible hosts ${names(vm.possibleHosts.map((host) => host.element))}, storage ${storage}, memory ${vm.memoryGB === undefined ? '-' : `${vm.memoryGB}GB`}, os ${version(vm.os)}, dns ${texts(vm.dns)}, anti_affinity ${optional(vm.antiAffinity)}, critical ${yesNo(vm.critical)}`);
    line(`startup ${gb(vm.startupGB)}, memory file ${gb(vm.memoryFileGB)}, priority ${vm.priority}, preferred owners ${names(vm.preferredOwners)}, possible owners ${names(vm.possibleOwners)}, shared vhdx ${yesNo(vm.sharedVhdx)}`, 1);
    for (const nic of vm.nics) line(`nic ${nicText(nic)}`, 1);
    for (const team of vm.teams) line(teamText(team), 1);
  }

  section('switch stacks', model.switchStacks.length);
  for (const stack of model.switchStacks) line(`switch_stack ${stack.name}: kind ${stack.kind}, switches ${stack.switches.join(', ') || '-'}`);

  section('SQL Server instances', model.sqlInstances.length);
  for (const sql of model.sqlInstances) {
    line(`sql ${sql.name}: machine ${optional(sql.machine?.name)}, version ${version(sql.version)}, auth ${sql.auth}, sa ${sql.sa.enabled ? 'enabled' : 'disabled'}, hadr ${yesNo(sql.hadr)}, replica of ${names(sql.replicaOf.map((ag) => ag.element))}`);
    for (const login of sql.logins) line(`login ${login.name}: type ${withDefault(login.type, login.typeWritten)}, roles ${login.roles.join(', ') || '-'}, sid ${optional(login.sid)}, password ${optional(login.password)}`, 1);
  }

  section('availability groups', model.availabilityGroups.length);
  for (const ag of model.availabilityGroups) {
    line(`availability_group ${ag.name}: cluster ${optional(ag.cluster?.name)}, lowest version ${version(ag.lowestVersion)}, primary ${optional(ag.primary?.instance?.name)}, components ${names(ag.components.map((component) => component.element))}`);
    for (const replica of ag.replicas) line(`replica ${optional(replica.instance?.name)}: commit ${optional(replica.commit)}, failover ${replica.failover}, readable ${replica.readable}${replica.primary ? ', primary' : ''}`, 1);
    if (ag.listener) line(`listener ${ag.listener.name}: ips ${texts(ag.listener.ips)}, port ${ag.listener.port}, dhcp ${yesNo(ag.listener.dhcp)}, register all providers ip ${yesNo(ag.listener.registerAllProvidersIp)}, host record ttl ${ag.listener.hostRecordTtlSec}s`, 1);
    for (const database of ag.databases) line(`database ${database.name}: recovery ${optional(database.recovery)}, backup ${optional(database.backup)}, owner ${optional(database.owner)}, logins ${texts(database.logins)}${database.system ? ', system' : ''}${database.contained ? ', contained' : ''}`, 1);
    for (const login of ag.requiredLogins) line(`required login ${login.name}: type ${optional(login.type)}, used by ${login.usedBy.join(', ')}`, 1);
  }

  section('load balancing', model.nlbs.length + model.loadBalancers.length);
  for (const nlb of model.nlbs) {
    line(`nlb ${nlb.name}: mode ${withDefault(nlb.mode, nlb.modeWritten)}, cluster nic ${optional(nlb.clusterNic)}, ip ${optional(nlb.ip?.text)}, internet name ${optional(nlb.internetName?.text)}, hosts ${names(nlb.hosts)}, nics per host ${nlb.nicsPerHost}, fronts ${names(nlb.fronts.map((component) => component.element))}`);
    for (const rule of nlb.portRules) line(`port rule ${rule.from === rule.to ? rule.from : `${rule.from}-${rule.to}`}: protocol ${rule.protocol}, affinity ${rule.affinity}, filtering ${rule.filtering}${rule.element ? '' : ' (default)'}`, 1);
  }
  for (const balancer of model.loadBalancers) {
    const ports = balancer.ports ? balancer.ports.map((range) => (range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`)).join(', ') || 'none' : '-';
    line(`load_balancer ${balancer.name}: vip ${optional(balancer.vip?.text)}, fqdn ${optional(balancer.fqdn?.text)}, real servers ${names(balancer.realServers)}, ports ${ports}, fronts ${names(balancer.fronts.map((component) => component.element))}`);
  }

  section('names and certificates', model.dnsRecords.length + model.certificates.length);
  for (const record of model.dnsRecords) line(`dns_record ${record.name}: ${optional(record.address?.text)}`);
  for (const certificate of model.certificates) line(`certificate ${certificate.cn}: issuer ${optional(certificate.issuer)}, sans ${certificate.sans.join(', ') || '-'}, installed on ${names(certificate.installedOn)}`);

  section('components', model.components.length);
  for (const component of model.components) {
    line(`${component.kind} ${component.name}: servers ${names(component.servers)}, database server ${optional(component.databaseServer?.text)} -> ${databaseTarget(component)}, databases ${texts(component.databases)}, service account ${optional(component.serviceAccount?.text)}, fronted by ${component.frontedBy.map((front) => front.name).join(', ') || '-'}`);
  }
  for (const spf of model.spfs) {
    const registration = spf.registrationAccount ? `${spf.registrationAccount.name}${spf.registrationAccount.local ? ' (local)' : ''}${spf.registrationAccount.element ? '' : ' (from WAP)'}` : '-';
    line(`spf ${spf.name} details: port ${withDefault(spf.port, spf.portWritten)}, vmm ${optional(spf.vmm?.name)}, registration account ${registration}`);
    for (const facts of spf.serverFacts) line(`server ${facts.name}: machine ${optional(facts.machine?.name)}, vmm console ${yesNo(facts.vmmConsole)}, local accounts ${facts.localAccounts.map((account) => `${account.name}${account.password ? ` (password ${account.password})` : ''}`).join(', ') || '-'}, groups ${facts.groups.map((group) => `${group.name}[${texts(group.members)}]`).join(' ') || '-'}`, 1);
  }
  for (const wap of model.waps) {
    const site = wap.tenantSite ? `port ${withDefault(wap.tenantSite.port, wap.tenantSite.portWritten)}, certificate ${optional(wap.tenantSite.certificate?.text)}, internet facing ${yesNo(wap.tenantSite.internetFacing)}` : '-';
    line(`wap ${wap.name} details: mode ${optional(wap.mode)}, sql login ${optional(wap.sqlLogin?.text)}, spf url ${optional(wap.spfUrl?.text)}, spf account ${optional(wap.spfAccount?.text)}, registers spf ${optional(registeredSpfOf(model, wap)?.name)}, tenant site ${site}`);
  }

  section('replication', model.replications.length);
  for (const replication of model.replications) {
    const storage = !replication.storage ? '-' : replication.storage.type === 'local' ? 'local' : `csv ${replication.storage.csv?.name ?? '?'}`;
    line(`replication ${optional(replication.vm?.name)} to ${optional(replication.target?.name)}: every ${replication.frequencySec}s, storage ${storage}, auth ${optional(replication.auth)}, failover ip ${optional(replication.failoverIp?.text)}, recovery points ${optional(replication.recoveryPoints)}${replication.extended ? `, extended to ${optional(replication.extended.to?.name)} every ${optional(replication.extended.frequencySec)}s` : ''}`);
  }

  section('recovery plans', model.recoveryPlans.length);
  for (const plan of model.recoveryPlans) {
    line(`recovery_plan ${plan.name}: vmm ${optional(plan.vmm?.name)}, clouds ${optional(plan.primaryCloud?.text)} -> ${optional(plan.recoveryCloud?.text)}, network mapping ${yesNo(plan.networkMapping)}`);
    for (const group of plan.groups) {
      const steps = group.steps.map((step) => `${step.when} "${step.script}"${step.tags.length > 0 ? ` [${step.tags.join(', ')}]` : ''}`).join('; ') || '-';
      line(`group ${group.order}: vms ${names(group.vms.map((vm) => vm.element))}, steps ${steps}`, 1);
    }
  }
  section('start dependencies', model.vmDependencies.size);
  for (const [machine, needs] of model.vmDependencies) line(`${machine.name} needs ${names(needs)}`);
  return `${lines.join('\n')}\n`;
}
