// LSN rules of the catalog (rules.md 2.2): the availability group listener and how components reach it.
import type { TextEdit } from '../../../grammar/src/diagnostic.js';
import type { Element } from '../../../grammar/src/elements.js';
import { insertStatement, nameText, setProperty } from '../../../grammar/src/edits.js';
import { prop } from '../../../grammar/src/elements.js';
import { componentLabel, type StampModel } from '../../../grammar/src/model.js';
import { links } from '../../../grammar/src/schema.js';
import { replicaInstances } from './logins.js';
import { joinNames } from './fix-text.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';
import { contains, ipv4Number, subnetOf, type Subnet } from './network.js';

/** The subnets of a machine: one per adapter written with an address and prefix (`ip 172.21.5.131/24`). */
function subnetsOfMachine(model: StampModel, machine: Element | undefined): Subnet[] {
  // Stryker disable next-line ConditionalExpression,ArrayDeclaration: equivalent: every replica instance runs on a machine (`sql on` names one), and without one both lookups below find nothing
  if (!machine) return [];
  // An instance's machine is a VM or a host (`sql on VM|HOST`).
  const nics = model.vmOf.get(machine)?.nics ?? model.hostOf.get(machine)!.nics;
  return nics.map((nic) => subnetOf(nic.ip)).filter((subnet): subnet is Subnet => subnet !== undefined);
}

/** The network names of the model that NetBIOS must tell apart. */
function networkNames(model: StampModel): Element[] {
  return model.index.all.filter((element) => ['host', 'vm', 'cluster', 'listener', 'replica_broker'].includes(element.kind.id));
}

/** Edits that rename an element and every reference to it. */
function renameEdits(model: StampModel, element: Element, newName: string): TextEdit[] {
  const edits: TextEdit[] = [{ uri: element.uri, start: element.nameSpan.start, end: element.nameSpan.end, newText: nameText(newName) }];
  for (const reference of model.index.references) {
    if (reference.value.target === element) edits.push({ uri: reference.holder.uri, start: reference.value.start, end: reference.value.end, newText: nameText(newName) });
  }
  return edits;
}

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const lsnReads = reading(['availability_group', 'sql', 'cluster', 'domain', 'vm', 'host', 'vmm', 'spf', 'wap', 'app', 'nlb', 'load_balancer', 'dns_record'], [...memoryFacts]);

export const lsnRules: Rule[] = declareReads(lsnReads, [
  defineRule({
    id: 'LSN001', family: 'LSN', severity: 'error', seed: 'S',
    title: 'Components must connect through the listener',
    explanation:
      'The listener is a virtual network name owned by the availability group\'s cluster role, and it always points at the current primary replica. A component configured with a replica\'s name loses its database after a failover, or reaches a secondary that is read-only.\n\n' +
      'The seeds enter the listener ("SQL") as the database server in every installer.',
    fix: 'Sets `database_server` to the availability group\'s listener.',
    sources: [
      { label: 'seed 000 ("specify the SQL DNS Listener of the Availability Group (in this example SQL)")' },
      { label: 'seed 001' },
      { label: 'Create or configure an availability group listener', url: links.listener },
    ],
    check(model, report) {
      for (const component of model.components) {
        const target = component.database;
        const value = component.databaseServer;
        // The model resolves a replica instance to the group holding the component's database, else its first group.
        const ag = target?.ag;
        if (!target?.viaReplica || !target.instance || !ag || !value) continue;
        const span = { start: value.start, end: value.end };
        const listener = ag.listener;
        report({
          element: component.element, span,
          message: listener
            ? `${componentLabel(component)} connects to replica instance ${target.instance.name}; use listener '${listener.name}' so the connection follows the primary.`
            : `${componentLabel(component)} connects to replica instance ${target.instance.name}; give '${ag.name}' a listener and use it so the connection follows the primary.`,
          fixes: listener ? [{ title: `Use listener ${listener.name} as the database server`, edits: [setProperty(model.texts, component.element, 'database_server', nameText(listener.name))], preferred: true }] : [],
        });
      }
    },
  }),
  defineRule({
    id: 'LSN002', family: 'LSN', severity: 'error', seed: '—',
    title: 'The listener name must be a valid DNS host name',
    explanation:
      'A listener\'s DNS host name may contain only letters, digits, dashes and underscores. It is case-insensitive, at most 63 characters long, and must be unique in the domain and in NetBIOS.',
    sources: [{ label: 'Create or configure an availability group listener ("Requirements for the DNS name")', url: links.listener }],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        const listener = ag.listener;
        if (!listener) continue;
        if (/^[A-Za-z0-9_-]{1,63}$/.test(listener.name)) continue;
        report({ element: listener.element, message: `Listener name '${listener.name}' is not a valid DNS host name.` });
      }
    },
  }),
  defineRule({
    id: 'LSN003', family: 'LSN', severity: 'warning', seed: '—',
    title: 'NetBIOS sees only the first 15 characters of the listener name',
    explanation:
      'NetBIOS recognizes only the first 15 characters of a network name, and SQL Server Management Studio accepts at most 15 for a listener. If two network names in the same Active Directory domain share their first 15 characters, the second virtual network name resource cannot come online.',
    fix: 'Renames the listener (and every reference to it) to its first 15 characters, when no other network name starts with them.',
    sources: [{ label: 'Create or configure an availability group listener ("NetBIOS recognizes only the first 15 chars")', url: links.listener }],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        const listener = ag.listener;
        if (!listener || listener.name.length <= 15) continue;
        const first15 = listener.name.slice(0, 15);
        const clash = networkNames(model).some((element) => element !== listener.element && element.key.slice(0, 15) === first15.toLowerCase());
        report({
          element: listener.element,
          message: `Listener name '${listener.name}' is longer than 15 characters; NetBIOS only uses '${first15}'.`,
          fixes: clash ? [] : [{ title: `Rename listener to '${first15}'`, edits: renameEdits(model, listener.element, first15) }],
        });
      }
    },
  }),
  defineRule({
    id: 'LSN004', family: 'LSN', severity: 'error', seed: '—',
    title: 'The listener needs a static IP in every replica subnet',
    explanation:
      'A listener needs one static IP address for every subnet that contains a replica. After a failover across subnets, the cluster brings online the address that belongs to the new primary\'s subnet.\n\n' +
      'DHCP works only within a single subnet, and Microsoft advises against it in production because a lease change delays reconnection. Replica subnets come from the `ip` (with prefix) of the replica machines\' adapters.',
    sources: [{ label: 'Create or configure an availability group listener ("for each subnet you must specify a static IP address")', url: links.listener }],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        const listener = ag.listener;
        if (!listener) continue;
        const replicas = replicaInstances(ag).map((instance) => ({ instance, subnets: subnetsOfMachine(model, instance.machine) }));
        if (listener.dhcp) {
          const spanned: Subnet[] = [];
          for (const replica of replicas) {
            const first = replica.subnets[0];
            if (first && !spanned.some((subnet) => subnet.text === first.text)) spanned.push(first);
          }
          if (spanned.length > 1) report({ element: listener.element, message: `A DHCP listener cannot span subnets ${joinNames(spanned.map((subnet) => subnet.text))}.` });
          continue;
        }
        // Without any written address the listener's addressing is still open: nothing to compare.
        const addresses = listener.ips.map((value) => ({ value, address: ipv4Number(value.text) }));
        if (addresses.length === 0) continue;
        const reportedSubnets = new Set<string>();
        for (const replica of replicas) {
          if (replica.subnets.length === 0) continue;
          if (replica.subnets.some((subnet) => addresses.some((item) => contains(subnet, item.address)))) continue;
          const subnet = replica.subnets[0];
          if (reportedSubnets.has(subnet.text)) continue;
          reportedSubnets.add(subnet.text);
          report({ element: listener.element, message: `Listener '${listener.name}' has no static IP for subnet ${subnet.text} (replica ${replica.instance.name}).` });
        }
        // A stray address can only be judged when every replica's subnets are known.
        if (replicas.length === 0 || replicas.some((replica) => replica.subnets.length === 0)) continue;
        for (const item of addresses) {
          if (replicas.some((replica) => replica.subnets.some((subnet) => contains(subnet, item.address)))) continue;
          report({ element: listener.element, span: { start: item.value.start, end: item.value.end }, message: `Listener '${listener.name}' address ${item.value.text} lies in no subnet that holds a replica.` });
        }
      }
    },
  }),
  defineRule({
    id: 'LSN005', family: 'LSN', severity: 'warning', seed: '—',
    title: 'Multi-subnet listener without MultiSubnetFailover or a short HostRecordTTL',
    explanation: [
      'A listener with addresses in several subnets has only one of them online: the one in the current primary\'s subnet. By default (RegisterAllProvidersIP 1, what SQL Server sets) DNS returns every address, and a client that tries them one after another waits for the offline one to time out, often longer than its connection timeout.',
      'Connect with `MultiSubnetFailover=True` (`multi_subnet_failover` on the component): the client then tries every address in parallel and reconnects quickly after a failover. A client that cannot set it needs the listener to register only its online address (`register_all_providers_ip no`) with a short `host_record_ttl` (5 minutes or less), so that its DNS cache learns the new address soon.',
      'The subnets of the listener\'s addresses come from their prefixes, or from the replica machines\' adapters they fall in.',
    ].join('\n\n'),
    fix: 'Adds `multi_subnet_failover` to the component, or sets `host_record_ttl 5m` on a listener that registers only its online address.',
    sources: [
      { label: 'Listeners, client connectivity, and application failover', url: links.multiSubnet },
      { label: 'Create or configure an availability group listener', url: links.listener },
    ],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        const listener = ag.listener;
        if (!listener || listener.dhcp) continue;
        const replicaSubnets = replicaInstances(ag).flatMap((instance) => subnetsOfMachine(model, instance.machine));
        const subnets = new Set<string>();
        for (const value of listener.ips) {
          const own = subnetOf(value);
          const address = ipv4Number(value.text);
          const subnet = own ?? replicaSubnets.find((candidate) => contains(candidate, address));
          if (subnet) subnets.add(subnet.text);
        }
        if (subnets.size < 2) continue;
        const spanned = joinNames([...subnets]);
        if (!listener.registerAllProvidersIp) {
          if (listener.hostRecordTtlSec <= 300) continue;
          const written = prop(listener.element, 'host_record_ttl');
          report({
            element: listener.element, span: written ? { start: written.statement.start, end: written.statement.end } : undefined,
            message: `Listener '${listener.name}' spans subnets ${spanned} and registers only its online address, but its HostRecordTTL is ${listener.hostRecordTtlSec}s; clients keep the old address that long after a failover. Use 5 minutes or less.`,
            fixes: [{ title: `Set host_record_ttl 5m on listener ${listener.name}`, preferred: true, edits: [setProperty(model.texts, listener.element, 'host_record_ttl', '5m')] }],
          });
          continue;
        }
        for (const component of ag.components) {
          // Stryker disable next-line OptionalChaining: equivalent: a component belongs to a group's components only through its database
          if (component.database?.listener !== listener || component.multiSubnetFailover || !component.databaseServer) continue;
          const written = prop(component.element, 'database_server')!;
          report({
            element: component.element, span: { start: written.statement.start, end: written.statement.end },
            message: `${componentLabel(component)} connects to listener '${listener.name}', whose addresses span subnets ${spanned}, without MultiSubnetFailover; after a failover it can time out on the offline address.`,
            related: [{ uri: listener.element.uri, start: listener.element.nameSpan.start, end: listener.element.nameSpan.end, message: `listener '${listener.name}' registers all its addresses in DNS` }],
            fixes: [{ title: `Add multi_subnet_failover to ${componentLabel(component)}`, preferred: true, edits: [insertStatement(model.texts, component.element, 'multi_subnet_failover')] }],
          });
        }
      }
    },
  }),
]);
