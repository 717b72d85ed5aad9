// A readable text dump of the typed model: names, resolved references and derived facts, for golden tests.
import type { Element, Value } from '../../grammar/src/elements.js';
import type { Component, Nic, StampModel, Version } from '../../grammar/src/model.js';

const names = (elements: readonly Element[]): string => (elements.length === 0 ? '-' : elements.map((element) => element.name).join(', '));
const texts = (values: readonly Value[]): string => (values.length === 0 ? '-' : values.map((value) => value.text).join(', '));
const version = (value: Version | undefined): string => value?.text ?? '-';
const optional = (text: string | number | undefined): string => (text === undefined || text === '' ? '-' : String(text));
const yesNo = (flag: boolean): string => (flag ? 'yes' : 'no');

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

function databaseTarget(component: Component): string {
  const target = component.database;
  if (!target) return '-';
  const parts = [
    target.listener ? `listener ${target.listener.name}` : '',
    target.instance ? `instance ${target.instance.name}` : '',
    target.ag ? `ag ${target.ag.name}` : '',
    target.viaReplica ? 'via a replica' : '',
  ].filter(Boolean);
  return parts.join(', ');
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
    line(`host ${host.name}: os ${version(host.os)}, integration services ${optional(host.integrationServices?.text)}, clusters ${names(host.clusters.map((cluster) => cluster.element))}, replica server ${yesNo(host.replicaServer !== undefined)}`);
    for (const nic of host.nics) line(`nic ${nicText(nic)}`, 1);
    for (const vswitch of host.vswitches) line(`vswitch ${vswitch.name}: type ${optional(vswitch.type)}, uplink ${optional(vswitch.uplink?.name)}`, 1);
    for (const team of host.teams) line(`team ${team.name}: members ${names(team.members)}, mode ${team.mode}, balancing ${optional(team.balancing)}`, 1);
  }

  section('clusters', model.clusters.length);
  for (const cluster of model.clusters) {
    const votes = [...cluster.votes.entries()].map(([node, weight]) => `${node.name}=${weight}`).join(', ') || '-';
    const witness = cluster.witness ? [cluster.witness.type, cluster.witness.target?.name ?? cluster.witness.path ?? ''].filter(Boolean).join(' ') : '-';
    line(`cluster ${cluster.name}: kind ${cluster.kind}, nodes ${names(cluster.nodes)}, votes ${votes}, witness ${witness}, replica broker ${optional(cluster.replicaBroker?.name)}`);
    for (const csv of cluster.csvs) line(`csv ${csv.name}: san ${optional(csv.san?.name)}, free ${csv.freeGB === undefined ? '-' : `${csv.freeGB}GB`}`, 1);
  }

  section('virtual machines', model.vms.length);
  for (const vm of model.vms) {
    const storage = !vm.storage ? '-' : vm.storage.type === 'local' ? 'local' : `csv ${vm.storage.csv?.name ?? '?'}`;
    line(`vm ${vm.name}: on ${optional(vm.placement?.name)}, possible hosts ${names(vm.possibleHosts.map((host) => host.element))}, storage ${storage}, memory ${vm.memoryGB === undefined ? '-' : `${vm.memoryGB}GB`}, os ${version(vm.os)}, dns ${texts(vm.dns)}, anti_affinity ${optional(vm.antiAffinity)}, critical ${yesNo(vm.critical)}`);
    for (const nic of vm.nics) line(`nic ${nicText(nic)}`, 1);
    for (const team of vm.teams) line(`team ${team.name}: members ${names(team.members)}, mode ${team.mode}, balancing ${optional(team.balancing)}`, 1);
  }

  section('SQL Server instances', model.sqlInstances.length);
  for (const sql of model.sqlInstances) {
    line(`sql ${sql.name}: machine ${optional(sql.machine?.name)}, version ${version(sql.version)}, auth ${sql.auth}, sa ${sql.sa.enabled ? 'enabled' : 'disabled'}, hadr ${yesNo(sql.hadr)}, replica of ${names(sql.replicaOf.map((ag) => ag.element))}`);
    for (const login of sql.logins) line(`login ${login.name}: type ${login.type}, roles ${login.roles.join(', ') || '-'}, sid ${optional(login.sid)}, password ${optional(login.password)}`, 1);
  }

  section('availability groups', model.availabilityGroups.length);
  for (const ag of model.availabilityGroups) {
    line(`availability_group ${ag.name}: cluster ${optional(ag.cluster?.name)}, lowest version ${version(ag.lowestVersion)}, primary ${optional(ag.primary?.instance?.name)}, components ${names(ag.components.map((component) => component.element))}`);
    for (const replica of ag.replicas) line(`replica ${optional(replica.instance?.name)}: commit ${optional(replica.commit)}, failover ${replica.failover}${replica.primary ? ', primary' : ''}`, 1);
    if (ag.listener) line(`listener ${ag.listener.name}: ips ${texts(ag.listener.ips)}, port ${ag.listener.port}, dhcp ${yesNo(ag.listener.dhcp)}`, 1);
    for (const database of ag.databases) line(`database ${database.name}: recovery ${optional(database.recovery)}, backup ${optional(database.backup)}, owner ${optional(database.owner)}, logins ${texts(database.logins)}`, 1);
    for (const login of ag.requiredLogins) line(`required login ${login.name}: type ${optional(login.type)}, used by ${login.usedBy.join(', ')}`, 1);
  }

  section('load balancing', model.nlbs.length + model.loadBalancers.length);
  for (const nlb of model.nlbs) {
    line(`nlb ${nlb.name}: mode ${nlb.mode}, ip ${optional(nlb.ip?.text)}, internet name ${optional(nlb.internetName?.text)}, hosts ${names(nlb.hosts)}, nics per host ${nlb.nicsPerHost}, fronts ${names(nlb.fronts.map((component) => component.element))}`);
    for (const rule of nlb.portRules) line(`port rule ${rule.from === rule.to ? rule.from : `${rule.from}-${rule.to}`}: protocol ${rule.protocol}, affinity ${rule.affinity}, filtering ${rule.filtering}${rule.element ? '' : ' (default)'}`, 1);
  }
  for (const balancer of model.loadBalancers) {
    line(`load_balancer ${balancer.name}: vip ${optional(balancer.vip?.text)}, fqdn ${optional(balancer.fqdn?.text)}, real servers ${names(balancer.realServers)}, fronts ${names(balancer.fronts.map((component) => component.element))}`);
  }

  section('names and certificates', model.dnsRecords.length + model.certificates.length);
  for (const record of model.dnsRecords) line(`dns_record ${record.name}: ${optional(record.address?.text)}`);
  for (const certificate of model.certificates) line(`certificate ${certificate.cn}: issuer ${optional(certificate.issuer)}, sans ${certificate.sans.join(', ') || '-'}, installed on ${names(certificate.installedOn)}`);

  section('components', model.components.length);
  for (const component of model.components) {
    line(`${component.kind} ${component.name}: servers ${names(component.servers)}, database server ${optional(component.databaseServer?.text)} -> ${databaseTarget(component)}, databases ${texts(component.databases)}, service account ${optional(component.serviceAccount?.text)}, fronted by ${component.frontedBy.map((front) => front.name).join(', ') || '-'}`);
  }
  for (const spf of model.spfs) {
    line(`spf ${spf.name} details: port ${spf.port}, vmm ${optional(spf.vmm?.name)}, registration account ${optional(spf.registrationAccount?.name)}`);
    for (const facts of spf.serverFacts) line(`server ${facts.name}: vmm console ${yesNo(facts.vmmConsole)}, local accounts ${facts.localAccounts.map((account) => account.name).join(', ') || '-'}, groups ${facts.groups.map((group) => `${group.name}[${texts(group.members)}]`).join(' ') || '-'}`, 1);
  }
  for (const wap of model.waps) {
    const site = wap.tenantSite ? `port ${wap.tenantSite.port}, certificate ${optional(wap.tenantSite.certificate?.text)}, internet facing ${yesNo(wap.tenantSite.internetFacing)}` : '-';
    line(`wap ${wap.name} details: mode ${optional(wap.mode)}, sql login ${optional(wap.sqlLogin?.text)}, spf url ${optional(wap.spfUrl?.text)}, spf account ${optional(wap.spfAccount?.text)}, tenant site ${site}`);
  }

  section('replication', model.replications.length);
  for (const replication of model.replications) {
    const storage = !replication.storage ? '-' : replication.storage.type === 'local' ? 'local' : `csv ${replication.storage.csv?.name ?? '?'}`;
    line(`replication ${optional(replication.vm?.name)} to ${optional(replication.target?.name)}: every ${replication.frequencySec}s, storage ${storage}, auth ${optional(replication.auth)}, failover ip ${optional(replication.failoverIp?.text)}${replication.extended ? `, extended to ${optional(replication.extended.to?.name)}` : ''}`);
  }

  section('recovery plans', model.recoveryPlans.length);
  for (const plan of model.recoveryPlans) {
    line(`recovery_plan ${plan.name}: vmm ${optional(plan.vmm?.name)}, clouds ${optional(plan.primaryCloud?.text)} -> ${optional(plan.recoveryCloud?.text)}, network mapping ${yesNo(plan.networkMapping)}`);
    for (const group of plan.groups) {
      const steps = group.steps.map((step) => `${step.when} ${step.script}${step.tags.length > 0 ? ` [${step.tags.join(', ')}]` : ''}`).join('; ') || '-';
      line(`group ${group.order}: vms ${names(group.vms.map((vm) => vm.element))}, steps ${steps}`, 1);
    }
  }
  return `${lines.join('\n')}\n`;
}
