// The facts of a stamp that a running estate can show: each element by an identity both sides share, with the
// properties an inventory carries. The round trip and `stamp diff` both compare these.
import type { Element, Span } from '../../grammar/src/elements.js';
import { childrenOf, prop, propFlag, propValue, propValues } from '../../grammar/src/elements.js';
import type { SyntaxStatement } from '../../grammar/src/syntax.js';
import type { Spf, StampModel, Wap } from '../../grammar/src/model.js';
import type { PropertyKeyword } from '../../grammar/src/schema.js';
import type { InventorySource } from './estate.js';

/** The span of a whole statement. */
export function statementSpan(statement: SyntaxStatement): Span {
  return { start: statement.start, end: statement.end };
}

/** One property as both sides can state it. */
export interface ObservedProperty {
  /** A normalized text: equal texts mean the same fact. */
  value: string;
  /** The text shown in messages. */
  shown: string;
  /** Where the design writes it, when it does. */
  span?: Span;
}

/** One element of the estate or the design. */
export interface ObservedElement {
  /** The identity: kind and name, with the parent's for children (`vm SQL1 / nic nic0`). */
  id: string;
  /** For messages: `VM SQL1`, `network adapter nic0 of SQL1`. */
  label: string;
  /** The source of the inventory that shows it. */
  source: InventorySource;
  /** The identity of the parent element, for children. */
  parent?: string;
  /** For children: the label without the parent (`port rule 443`). */
  short?: string;
  element: Element;
  properties: Map<string, ObservedProperty>;
}

const lower = (text: string): string => text.toLowerCase();
const sortedKeys = (values: string[]): string => values.map(lower).sort().join(', ');
const yes = (value: boolean): string => (value ? 'yes' : 'no');
/** A flag without a product default: known only where the design writes it (unknown means silent). */
const flagFact = (element: Element, keyword: PropertyKeyword): string | undefined => {
  const value = propFlag(element, keyword);
  return value === undefined ? undefined : yes(value);
};

/** Collects the observable facts of a model. */
export function observeModel(model: StampModel): Map<string, ObservedElement> {
  const observed = new Map<string, ObservedElement>();
  const add = (id: string, label: string, source: InventorySource, element: Element, parent?: string): ObservedElement => {
    const entry: ObservedElement = { id, label, source, element, parent, short: parent ? label.replace(/ (of|on) .*$/, '') : undefined, properties: new Map() };
    if (!observed.has(id)) observed.set(id, entry);
    return observed.get(id)!;
  };
  const set = (entry: ObservedElement, name: string, value: string | undefined, shown = value, keyword = name): void => {
    if (value === undefined || value === '') return;
    // A fact named after no property of the element (placement, target) has no statement of its own: nothing is found.
    const property = prop(entry.element, keyword as PropertyKeyword);
    entry.properties.set(name, { value, shown: shown ?? value, span: property ? statementSpan(property.statement) : undefined });
  };
  const gb = (element: Element, keyword: PropertyKeyword): string | undefined => {
    const value = propValue(element, keyword);
    return value?.number !== undefined ? String(Math.round(value.number * 1024)) : undefined;
  };
  const shownOf = (element: Element, keyword: PropertyKeyword): string | undefined => propValue(element, keyword)?.text;
  const ic = (value: string | undefined): string | undefined => value?.split('.').slice(0, 3).join('.');

  for (const host of model.hosts) {
    const id = `host ${lower(host.name)}`;
    const entry = add(id, `host ${host.name}`, 'hyperv', host.element);
    set(entry, 'os', host.os?.text);
    set(entry, 'memory', gb(host.element, 'memory'), shownOf(host.element, 'memory'));
    set(entry, 'integration_services', ic(host.integrationServices?.text));
    set(entry, 'reserve', gb(host.element, 'reserve'), shownOf(host.element, 'reserve'));
    for (const nic of host.nics) {
      const child = add(`${id} / nic ${lower(nic.name)}`, `adapter ${nic.name} of ${host.name}`, 'network', nic.element, id);
      set(child, 'speed', propValue(nic.element, 'speed')?.number?.toString(), shownOf(nic.element, 'speed'));
      set(child, 'rdma', flagFact(nic.element, 'rdma'));
      set(child, 'sriov', flagFact(nic.element, 'sriov'));
      set(child, 'virtual', yes(nic.virtual));
    }
    for (const vswitch of host.vswitches) {
      const child = add(`${id} / vswitch ${lower(vswitch.name)}`, `virtual switch ${vswitch.name} of ${host.name}`, 'hyperv', vswitch.element, id);
      set(child, 'type', vswitch.type);
      set(child, 'uplink', vswitch.uplink?.key, vswitch.uplink?.name);
      set(child, 'sriov', flagFact(vswitch.element, 'sriov'));
    }
    for (const team of host.teams) {
      const child = add(`${id} / team ${lower(team.name)}`, `team ${team.name} of ${host.name}`, 'network', team.element, id);
      set(child, 'members', sortedKeys(team.memberValues.map((value) => value.text)));
      set(child, 'mode', team.mode);
      set(child, 'balancing', team.balancing);
    }
    if (host.replicaServer) {
      const child = add(`${id} / replica_server`, `replica server settings of ${host.name}`, 'hyperv', host.replicaServer, id);
      set(child, 'auth', propValue(host.replicaServer, 'auth')?.text);
      set(child, 'storage', propValue(host.replicaServer, 'storage')?.text?.toLowerCase(), propValue(host.replicaServer, 'storage')?.text);
    }
  }
  for (const cluster of model.clusters) {
    const id = `cluster ${lower(cluster.name)}`;
    const entry = add(id, `cluster ${cluster.name}`, 'clusters', cluster.element);
    set(entry, 'kind', cluster.kind);
    set(entry, 'nodes', sortedKeys(cluster.nodes.map((node) => node.name)));
    const nonVoting = [...cluster.votes].filter(([, weight]) => weight === 0).map(([node]) => node.name);
    set(entry, 'non-voting nodes', nonVoting.length > 0 ? sortedKeys(nonVoting) : 'none', undefined, 'vote');
    const witness = cluster.witness;
    if (witness && witness.type !== 'disk' && witness.type !== 'disk_only') {
      set(entry, 'witness', witness.type === 'share' ? `share ${lower(witness.path ?? '')}` : witness.type, witness.type === 'share' ? `share "${witness.path}"` : witness.type);
    }
    for (const csv of cluster.csvs) {
      const child = add(`${id} / csv ${lower(csv.name)}`, `CSV ${csv.name} of ${cluster.name}`, 'clusters', csv.element, id);
      set(child, 'free', gb(csv.element, 'free'), shownOf(csv.element, 'free'));
    }
    if (cluster.replicaBroker) {
      const broker = cluster.replicaBroker;
      const child = add(`replica_broker ${lower(broker.name)}`, `Replica Broker ${broker.name}`, 'clusters', broker, id);
      set(child, 'ip', propValue(broker, 'ip')?.text);
    }
  }
  for (const vm of model.vms) {
    const id = `vm ${lower(vm.name)}`;
    const entry = add(id, `VM ${vm.name}`, 'hyperv', vm.element);
    set(entry, 'placement', vm.placement?.key, vm.placement?.name, 'on');
    if (vm.placement) entry.properties.get('placement')!.span = vm.element.header.placement?.[0];
    set(entry, 'memory', gb(vm.element, 'memory'), shownOf(vm.element, 'memory'));
    const storage = vm.storage;
    set(entry, 'storage', storage?.type === 'csv' ? `csv ${lower(storage.csv?.name ?? '')}` : storage?.type, storage?.type === 'csv' ? `csv ${storage.csv?.name}` : storage?.type);
    set(entry, 'generation', propValue(vm.element, 'generation')?.text);
    // The priority is the cluster group's: only a clustered VM has one, medium unless written.
    if (vm.placement?.kind.id === 'cluster') set(entry, 'priority', propValue(vm.element, 'priority')?.text ?? 'medium');
    const dynamic = childrenOf(vm.element, 'dynamic_memory')[0];
    if (dynamic) {
      const child = add(`${id} / dynamic_memory`, `dynamic memory of VM ${vm.name}`, 'hyperv', dynamic, id);
      set(child, 'minimum', gb(dynamic, 'minimum'), shownOf(dynamic, 'minimum'));
      set(child, 'maximum', gb(dynamic, 'maximum'), shownOf(dynamic, 'maximum'));
    }
    // The class lives on the VM's cluster group: a VM fixed to a host has none to show.
    if (vm.placement?.kind.id === 'cluster') set(entry, 'anti_affinity', vm.antiAffinity ? lower(vm.antiAffinity) : undefined, vm.antiAffinity);
    // Owners in the order the group lists them (preferred) or as a set (possible); written only where they narrow.
    const owners = (keyword: PropertyKeyword): string[] => propValues(vm.element, keyword).map((value) => value.text);
    set(entry, 'preferred_owners', owners('preferred_owners').map(lower).join(', ') || undefined, owners('preferred_owners').join(', '));
    set(entry, 'possible_owners', owners('possible_owners').length > 0 ? sortedKeys(owners('possible_owners')) : undefined, owners('possible_owners').join(', '));
    set(entry, 'integration_services', ic(propValue(vm.element, 'integration_services')?.text));
    for (const nic of vm.nics) {
      const child = add(`${id} / nic ${lower(nic.name)}`, `adapter ${nic.name} of VM ${vm.name}`, 'hyperv', nic.element, id);
      set(child, 'switch', nic.switch?.key ?? lower(propValue(nic.element, 'switch')?.text ?? '') ?? undefined, propValue(nic.element, 'switch')?.text);
      set(child, 'ip', nic.ip?.text.split('/')[0]);
      set(child, 'mac_spoofing', yes(nic.macSpoofing));
      set(child, 'allow_teaming', yes(nic.allowTeaming));
    }
  }
  for (const sql of model.sqlInstances) {
    const id = `sql ${lower(sql.name)}`;
    const entry = add(id, `SQL instance ${sql.name}`, 'sql', sql.element);
    set(entry, 'version', sql.version?.text);
    set(entry, 'edition', propValue(sql.element, 'edition')?.text.toLowerCase(), propValue(sql.element, 'edition')?.text);
    set(entry, 'auth', sql.auth);
    set(entry, 'hadr', flagFact(sql.element, 'hadr'));
    entry.properties.set('sa', { value: sql.sa.enabled ? 'enabled' : 'disabled', shown: sql.sa.enabled ? 'enabled' : 'disabled', span: sql.sa.element ? statementSpan(sql.sa.element.statement) : undefined });
    for (const login of sql.logins) {
      const child = add(`${id} / login ${login.key}`, `login ${login.name} on ${sql.name}`, 'sql', login.element, id);
      set(child, 'type', login.type);
      set(child, 'role', sortedKeys(login.roles), login.roles.join(', '));
    }
  }
  for (const ag of model.availabilityGroups) {
    const id = `availability_group ${lower(ag.name)}`;
    const entry = add(id, `availability group ${ag.name}`, 'sql', ag.element);
    set(entry, 'cluster', ag.cluster ? lower(ag.cluster.name) : undefined, ag.cluster?.name, 'on');
    for (const replica of ag.replicas) {
      const name = replica.instance?.name ?? replica.element.name;
      const child = add(`${id} / replica ${lower(name)}`, `replica ${name} of ${ag.name}`, 'sql', replica.element, id);
      set(child, 'commit', replica.commit);
      set(child, 'failover', replica.failover);
      if (ag.replicas.some((other) => propFlag(other.element, 'primary') === true)) set(child, 'primary', yes(propFlag(replica.element, 'primary') === true));
      set(child, 'readable', propValue(replica.element, 'readable')?.text);
    }
    if (ag.listener) {
      const listener = ag.listener;
      const child = add(`listener ${lower(listener.name)}`, `listener ${listener.name}`, 'sql', listener.element, id);
      set(child, 'ip', listener.ips.map((ip) => ip.text).sort().join(', '));
      set(child, 'port', String(listener.port));
      set(child, 'dhcp', flagFact(listener.element, 'dhcp'));
    }
    for (const database of ag.databases) {
      const child = add(`${id} / database ${database.key}`, `database ${database.name} of ${ag.name}`, 'sql', database.element, id);
      set(child, 'recovery', database.recovery);
      set(child, 'backup', database.backup);
      set(child, 'logins', database.logins.length > 0 ? sortedKeys(database.logins.map((login) => login.text)) : undefined, database.logins.map((login) => login.text).join(', '));
      set(child, 'read_only', flagFact(database.element, 'read_only'));
      set(child, 'auto_close', flagFact(database.element, 'auto_close'));
      set(child, 'contained', flagFact(database.element, 'contained'));
    }
  }
  for (const nlb of model.nlbs) {
    const identity = nlb.internetName?.text ?? nlb.ip?.text ?? nlb.name;
    const id = `nlb ${lower(identity)}`;
    const entry = add(id, `NLB cluster ${nlb.name} (${identity})`, 'nlb', nlb.element);
    set(entry, 'mode', nlb.mode);
    set(entry, 'ip', nlb.ip?.text);
    set(entry, 'hosts', sortedKeys(nlb.hostValues.map((value) => value.text)));
    for (const rule of nlb.portRules) {
      const ports = rule.from === rule.to ? `${rule.from}` : `${rule.from}-${rule.to}`;
      const child = add(`${id} / port_rule ${ports}`, `port rule ${ports} of ${nlb.name}`, 'nlb', rule.element ?? nlb.element, id);
      set(child, 'protocol', rule.protocol);
      set(child, 'affinity', rule.affinity);
      set(child, 'filtering', rule.filtering);
    }
  }
  for (const record of model.dnsRecords) {
    const entry = add(`dns_record ${record.key}`, `DNS record ${record.name}`, 'dns', record.element);
    set(entry, 'address', record.address?.text);
  }
  for (const certificate of model.certificates) {
    const entry = add(`certificate ${certificate.key}`, `certificate ${certificate.cn}`, 'certificates', certificate.element);
    set(entry, 'self_signed', certificate.issuer === 'self_signed' ? 'yes' : undefined, undefined, 'issuer');
    set(entry, 'installed_on', sortedKeys(certificate.installedOn.map((machine) => machine.name)));
    set(entry, 'san', certificate.sans.length > 0 ? sortedKeys(certificate.sans) : undefined, certificate.sans.join(', '));
  }
  for (const component of model.components) {
    if (component.kind === 'app') continue;
    const id = component.kind;
    const entry = add(id, `${component.kind.toUpperCase()} ${component.name}`, component.kind, component.element);
    set(entry, 'servers', sortedKeys(component.serverValues.map((value) => value.text)));
    // The wiring: which listener or instance, which database, as which account.
    const server = component.databaseServer?.text;
    set(entry, 'database_server', server ? lower(server) : undefined, server);
    if (component.kind !== 'wap') set(entry, 'database', propValue(component.element, 'database')?.text.toLowerCase(), propValue(component.element, 'database')?.text);
    set(entry, 'service_account', component.serviceAccount?.text.toLowerCase(), component.serviceAccount?.text);
    if (component.kind === 'spf') {
      const spf = component as Spf;
      set(entry, 'vmm', spf.vmm ? 'yes' : undefined, spf.vmm?.name);
      set(entry, 'port', spf.portWritten ? String(spf.port) : undefined);
    }
    if (component.kind === 'wap') {
      const wap = component as Wap;
      set(entry, 'sql_login', wap.sqlLogin?.text.toLowerCase(), wap.sqlLogin?.text);
      set(entry, 'spf_url', wap.spfUrl?.text.toLowerCase().replace(/\/+$/, ''), wap.spfUrl?.text);
      set(entry, 'spf_account', wap.spfAccount?.text.toLowerCase(), wap.spfAccount?.text);
    }
    if (component.kind === 'vmm') {
      set(entry, 'library', propValue(component.element, 'library')?.text.toLowerCase(), propValue(component.element, 'library')?.text);
      const admins = propValues(component.element, 'administrators').map((value) => value.text);
      set(entry, 'administrators', admins.length > 0 ? sortedKeys(admins) : undefined, admins.join(', '));
    }
  }
  for (const replication of model.replications) {
    const vm = replication.vm?.name ?? replication.element.header.vm?.[0]?.text ?? '';
    const entry = add(`replication ${lower(vm)}`, `replication of ${vm}`, 'hyperv', replication.element);
    set(entry, 'target', replication.target?.key, replication.target?.name, 'to');
    if (replication.target) entry.properties.get('target')!.span = replication.element.header.target?.[0];
    set(entry, 'frequency', String(replication.frequencySec), propValue(replication.element, 'frequency')?.text ?? `${replication.frequencySec}s`);
    set(entry, 'auth', replication.auth);
    set(entry, 'recovery_points', propValue(replication.element, 'recovery_points')?.text);
  }
  return observed;
}
