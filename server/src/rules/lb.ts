// LB rules of the catalog (rules.md section 2.7): web tiers that need a load balancer, and load-balancer health checks.
import type { Component, StampModel, Wap } from '../../../grammar/src/model.js';
import { propValue } from '../../../grammar/src/elements.js';
import { insertAfter, nameText } from '../../../grammar/src/edits.js';
import type { PropertyKeyword } from '../../../grammar/src/schema.js';
import { setProperties } from './fix-text.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';
import { addressOnly } from './network.js';

/** The DNS domain of the stamp, for placeholder names: the stamp's `domain`, else the first declared domain. */
function stampDomain(model: StampModel): string | undefined {
  const written = model.stamp ? propValue(model.stamp, 'domain')?.text : undefined;
  return written ?? model.domains[0]?.name;
}

/** The NLB skeleton LB001 offers: the component's servers as hosts, placeholders for what only the user knows. */
function nlbSkeleton(model: StampModel, component: Component): string {
  // The name its web certificate carries (SPF's certificate, WAP's tenant site certificate), so that the new NLB's name
  // matches it (CERT001); else a name from the component and the stamp's domain.
  // Stryker disable next-line ConditionalExpression: equivalent as `true`: LB001 asks for SPFs and WAPs only (the mark also covers the killed `false`)
  const wapCertificate = component.kind === 'wap' ? (component as Wap).tenantSite?.certificate?.text : undefined;
  const certificate = component.kind === 'spf' ? propValue(component.element, 'certificate')?.text : wapCertificate;
  // A wildcard certificate (`*.contoso.com`) covers the component's name in its domain.
  const fqdn = certificate?.startsWith('*.') ? `${component.name.toLowerCase()}${certificate.slice(1)}` : certificate ?? `${component.name.toLowerCase()}.${stampDomain(model) ?? 'example.com'}`;
  const hosts = component.serverValues.map((value) => nameText(value.text)).join(', ');
  return [
    `nlb ${component.name}-NLB {`,
    '  mode unicast',
    '  ip 0.0.0.0',
    `  internet_name "${fqdn}"`,
    `  hosts ${hosts}`,
    '  nics_per_host 2',
    '}',
    `dns_record "${fqdn}" 0.0.0.0`,
  ].join('\n');
}

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const lbReads = reading(['nlb', 'load_balancer', 'dns_record', 'domain', 'certificate', 'vm', 'host', 'vmm', 'spf', 'wap', 'app', 'availability_group', 'sql'], [...memoryFacts]);

export const lbRules: Rule[] = declareReads(lbReads, [
  defineRule({
    id: 'LB001', family: 'LB', severity: 'error', seed: 'S',
    title: 'Web tier with several servers but no load balancer',
    explanation: [
      'The SPF web service and the WAP portals are stateless web tiers: they are highly available when two or more servers answer behind one name.',
      'Without a load balancer, clients use one server\'s name and lose the service when it fails. The seeds use Windows NLB (unicast, one adapter per host) and name a hardware load balancer as the alternative.',
      'A component marked `ha` needs at least two servers for the same reason.',
    ].join('\n\n'),
    fix: 'Adds an `nlb` skeleton whose hosts are the component\'s servers, with a placeholder cluster IP (0.0.0.0), the name the component\'s web certificate carries (else a placeholder name), and a matching DNS record, to fill in.',
    sources: [
      { label: 'seed 000 ("two ways … A hardware load balancer or Network Load Balancing")' },
      { label: 'seed 001' },
    ],
    check(model, report) {
      for (const component of [...model.spfs, ...model.waps]) {
        const label = `${component.kind.toUpperCase()} '${component.name}'`;
        // A server listed twice is one server: count each machine (or, unresolved, each name) once.
        const count = new Set(component.serverValues.map((value) => value.target ?? value.text)).size;
        if (count >= 2 && component.frontedBy.length === 0) {
          report({
            element: component.element,
            message: `${label} has ${count} servers but no load balancer in front of them.`,
            fixes: [{ title: `Add an NLB in front of ${label} (placeholder IP and name to fill in)`, edits: [insertAfter(model.texts, component.element, nlbSkeleton(model, component))] }],
          });
        } else if (component.ha && count < 2) {
          report({ element: component.element, message: `${label} is marked highly available but has ${count === 1 ? 'only one server' : 'no servers'}.` });
        }
      }
    },
  }),
  defineRule({
    id: 'LB002', family: 'LB', severity: 'warning', seed: 'S',
    title: 'HTTP/1.0 health check against host-header-bound sites',
    explanation: [
      'An HTTP/1.0 health check addresses the real server by IP address and sends no Host header. IIS cannot then pick a site bound to a host name, so the check fails and the load balancer stops sending traffic to a healthy server.',
      'Use HTTP/1.1 and send the host name the site is bound to. A TCP-only check is not affected.',
    ].join('\n\n'),
    fix: 'Sets the health check to `protocol http11` with `host_header` set to the sites\' host name.',
    sources: [{ label: 'seed 004 (KEMP LoadMaster: "You need to enable HTTP 1.1 and fill out the host name you want to use for health checking")' }],
    check(model, report) {
      for (const balancer of model.loadBalancers) {
        const check = balancer.healthCheck;
        const binding = balancer.hostHeaderBinding;
        if (!check || !binding || check.protocol === 'tcp') continue;
        if (check.protocol !== 'http10' && check.hostHeader) continue;
        // Written values are replaced; absent ones are added together, in the block's style and in this order.
        const values: Array<[PropertyKeyword, string]> = [];
        // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent: setting http11 where http11 is written replaces the text with itself (the mark also covers the killed emptied texts of the pushed pair)
        if (check.protocol !== 'http11') values.push(['protocol', 'http11']);
        // The fix checks with the host name the sites are bound to, as its title says: an HTTP/1.0 check may name another.
        // Stryker disable next-line ConditionalExpression: equivalent: setting the host name where it is written replaces the text with itself
        if (check.hostHeader !== binding) values.push(['host_header', `"${binding}"`]);
        const merged = setProperties(model.texts, check.element, values);
        report({
          element: check.element,
          // HTTP/1.0 sends no host name at all, whatever `host_header` says; HTTP/1.1 sends the one written, if any.
          message: `The health check of '${balancer.name}' uses ${check.protocol === 'http11' ? 'HTTP/1.1 without a host name' : 'HTTP/1.0, which sends no host name'}; host-header-bound IIS sites will be marked down.`,
          fixes: [{ title: `Check with HTTP/1.1 and host name '${binding}'`, preferred: true, edits: merged }],
        });
      }
    },
  }),
  defineRule({
    id: 'LB003', family: 'LB', severity: 'warning', seed: '—',
    title: 'DNS record of a load balancer\'s name points away from its VIP',
    explanation: [
      'Clients find a load-balanced service by its name, so the name\'s A record must hold the load balancer\'s virtual IP.',
      'A record that points at another address sends clients to nobody, or straight to one real server, bypassing the load balancer and its health checks: the same failure NLB003 catches for Windows NLB.',
    ].join('\n\n'),
    fix: 'Points the DNS record at the load balancer\'s VIP.',
    sources: [{ label: 'seed 000 ("Make sure that you have a DNS record in place that resolves the FQDN to the IP address of the cluster")' }],
    check(model, report) {
      const nameKey = (text: string): string => {
        const name = text.trim().replace(/\.$/, '');
        // Stryker disable next-line MethodExpression: equivalent as `toUpperCase`: both sides are folded alike (the mark also covers the killed removal of the folding)
        return name.toLowerCase();
      };
      for (const balancer of model.loadBalancers) {
        if (!balancer.vip || !balancer.fqdn) continue;
        const vip = addressOnly(balancer.vip.text);
        const fqdn = nameKey(balancer.fqdn.text);
        for (const record of model.dnsRecords) {
          if (nameKey(record.name) !== fqdn || !record.address || addressOnly(record.address.text) === vip) continue;
          report({
            element: record.element,
            message: `DNS record '${record.name}' points at ${record.address.text}, not at ${vip}, the VIP of load balancer '${balancer.name}'.`,
            related: [{ uri: balancer.element.uri, start: balancer.vip.start, end: balancer.vip.end, message: `VIP of load balancer '${balancer.name}'` }],
            fixes: [{ title: `Point the DNS record '${record.name}' at ${vip}`, preferred: true, edits: [{ uri: record.element.uri, start: record.address.start, end: record.address.end, newText: vip }] }],
          });
        }
      }
    },
  }),
]);
