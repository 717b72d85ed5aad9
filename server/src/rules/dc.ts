// DC rules of the catalog (rules.md 2.11): how many domain controllers there are, where they run, and DNS settings.
import type { Element } from '../../../grammar/src/elements.js';
import { nameText, setProperty } from '../../../grammar/src/edits.js';
import type { Domain, StampModel } from '../../../grammar/src/model.js';
import { links } from '../../../grammar/src/schema.js';
import { joinNames } from './fix-text.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';

/** What every domain controller of a domain shares (one fixed host, one CSV, one SAN), when they share one. */
function sharedDependency(model: StampModel, domain: Domain): string | undefined {
  const vms = domain.controllers.map((controller) => model.vmOf.get(controller));
  // A physical DC, or a DC whose placement or storage is not written, breaks (or leaves unknown) any sharing.
  if (vms.some((vm) => vm === undefined)) return undefined;
  const hosts = new Set(vms.map((vm) => (vm!.cluster ? undefined : vm!.host?.element)));
  if (hosts.size === 1 && !hosts.has(undefined)) return `host ${[...hosts][0]!.name}`;
  const csvs = vms.map((vm) => (vm!.storage?.type === 'csv' ? vm!.storage.csv : undefined));
  if (csvs.some((csv) => csv === undefined)) return undefined;
  if (new Set(csvs).size === 1) return `CSV ${csvs[0]!.name}`;
  const sans = new Set(csvs.map((csv) => csv!.san));
  if (sans.size === 1 && !sans.has(undefined)) return `SAN ${[...sans][0]!.name}`;
  return undefined;
}

/**
 * The domain whose controllers a VM should use: the one its first listed DC belongs to. Otherwise the caller takes
 * every controller of the stamp, which with a single domain are that domain's, in the same order.
 */
function domainForDns(model: StampModel, first: Element | undefined): Domain | undefined {
  return model.domains.find((domain) => first && domain.controllers.includes(first));
}

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const dcReads = reading(['domain', 'vm', 'host', 'cluster', 'san'], [...memoryFacts]);

export const dcRules: Rule[] = declareReads(dcReads, [
  defineRule({
    id: 'DC001', family: 'DC', severity: 'warning', seed: 'S',
    title: 'Run at least two domain controllers',
    explanation:
      'With a single domain controller, everything that needs authentication stops when it fails: the cluster, SQL Server, SPF and WAP.\n\n' +
      'Microsoft recommends at least two virtual domain controllers per domain, on different virtualization hosts, ideally with a physical one as well.',
    sources: [
      { label: 'seed 003 ("We will create a virtual machine on our backup server with a second domain controller")' },
      { label: 'Virtualized domain controllers ("Run at least two virtualized DCs per domain on different virtualization hosts")', url: links.virtualDcs },
    ],
    check(model, report) {
      for (const domain of model.domains) {
        // A domain without `controllers` leaves its DCs unknown (they may live outside the stamp): nothing to count.
        const controllers = domain.controllers;
        if (!domain.element.properties.has('controllers') || controllers.length >= 2) continue;
        report({ element: domain.element, message: `Domain ${domain.name} has ${controllers.length} domain controller(s); deploy at least two.` });
      }
    },
  }),
  defineRule({
    id: 'DC002', family: 'DC', severity: 'warning', seed: 'S',
    title: 'Domain controllers must not share one host or one storage',
    explanation:
      'Putting every domain controller on the same CSV, SAN or host re-creates the single point of failure that clustering was meant to remove.\n\n' +
      'Keep at least one domain controller on separate hardware and storage; seed 003 runs the second DC on the backup server\'s local disks.',
    sources: [
      { label: 'seed 003 ("Since all clustered virtual machines are on it, including our domain controller … lead to the collapse of the cluster")' },
      { label: 'Virtualized domain controllers', url: links.virtualDcs },
    ],
    check(model, report) {
      for (const domain of model.domains) {
        if (domain.controllers.length < 2) continue;
        const shared = sharedDependency(model, domain);
        if (shared) report({ element: domain.element, message: `All domain controllers of ${domain.name} depend on ${shared}; losing it takes Active Directory down.` });
      }
    },
  }),
  defineRule({
    id: 'DC003', family: 'DC', severity: 'warning', seed: 'S',
    title: 'Point every VM\'s DNS at two domain controllers',
    explanation:
      'Domain members find domain controllers through DNS. Seed 003 makes the first domain controller the primary DNS server of every VM and adds the second one as secondary, so that name resolution survives the loss of the CSV.\n\n' +
      'VMs whose DNS servers are not written are not checked.',
    fix: 'Sets `dns` to the domain\'s first two domain controllers.',
    sources: [{ label: 'seed 003 ("In the settings of all virtual machines … Primary DNS: our domain controller"; "Do not forget the secondary DNS server")' }],
    check(model, report) {
      for (const vm of model.vms) {
        if (vm.dns.length === 0) continue;
        const servers = vm.dns.map((value) => value.target);
        // Stryker disable next-line ConditionalExpression: equivalent: `has(undefined)` is false, so the undefined test only narrows the type
        const domain = domainForDns(model, servers.find((server) => server !== undefined && model.domainControllers.has(server)));
        const controllers = domain ? domain.controllers : [...model.domainControllers];
        if (controllers.length === 0) continue;
        // Stryker disable next-line ConditionalExpression: equivalent: `has(undefined)` is false (see above)
        const firstIsDc = servers[0] !== undefined && model.domainControllers.has(servers[0]);
        // Stryker disable next-line ConditionalExpression: equivalent: `includes(undefined)` is false (see above)
        const dcsListed = new Set(servers.filter((server) => server !== undefined && controllers.includes(server)));
        const needSecond = controllers.length >= 2 && dcsListed.size < 2;
        if (firstIsDc && !needSecond) continue;
        const list = vm.dns.map((value) => value.text).join(', ');
        const dns = vm.element.properties.first('dns')!;
        const wanted = controllers.slice(0, 2).map((controller) => nameText(controller.name));
        report({
          element: vm.element, span: { start: dns.statement.start, end: dns.statement.end },
          message: firstIsDc
            ? `The DNS servers of ${vm.name} (${list}) do not include ${controllers.length === 2 ? 'both domain controllers' : 'a second domain controller'}.`
            : `The DNS servers of ${vm.name} (${list}) do not start with a domain controller.`,
          fixes: [{ title: `Set dns to ${joinNames(wanted)}`, edits: [setProperty(model.texts, vm.element, 'dns', wanted.join(', '))], preferred: true }],
        });
      }
    },
  }),
]);
