// NLB rules of the catalog (rules.md section 2.6): Windows Network Load Balancing clusters in front of SPF and WAP.
import { componentLabel, type Nic } from '../../../grammar/src/model.js';
import { prop } from '../../../grammar/src/elements.js';
import { insertAfter, insertStatement, setProperty } from '../../../grammar/src/edits.js';
import { links } from '../../../grammar/src/schema.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';
import { addressOnly, ipv4Number, nlbAdapterOf, servicePortOf, subnetAt } from './network.js';

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const nlbReads = reading(['nlb', 'load_balancer', 'dns_record', 'host', 'vm', 'cluster', 'domain', 'vmm', 'spf', 'wap', 'app', 'availability_group', 'sql'], [...memoryFacts]);

export const nlbRules: Rule[] = declareReads(nlbReads, [
  defineRule({
    id: 'NLB001', family: 'NLB', severity: 'error', seed: 'S',
    title: 'Unicast NLB member without MAC address spoofing',
    explanation: [
      'In unicast mode NLB overwrites the MAC address of the cluster adapter with the MAC address shared by the whole cluster. Hyper-V refuses such changes unless MAC address spoofing is enabled on that virtual adapter.',
      'Without it the adapter loses connectivity, the cluster IP address never comes online, and NLB logs that the adapter does not support dynamic MAC address updates. Shut the VM down, enable MAC address spoofing on its cluster adapter, then bind NLB.',
      'The adapter checked is the one named by `cluster_nic` on the NLB; without it, the VM\'s only adapter, or, when the VM has several, the one that already has `mac_spoofing` (the first adapter when none has).',
    ].join('\n\n'),
    fix: 'Enables `mac_spoofing` on the member\'s cluster adapter.',
    sources: [
      { label: 'seed 000 ("Checkmark the Enable MAC address spoofing")' },
      { label: 'Deploying NLB and virtual machines on Windows Server 2008 (Microsoft failover clustering blog)', url: links.nlbHyperV },
    ],
    check(model, report) {
      for (const nlb of model.nlbs) {
        if (nlb.mode !== 'unicast') continue;
        for (const member of nlb.hosts) {
          const nic = nlbAdapterOf(model, nlb, member);
          if (!nic || nic.macSpoofing) continue;
          const written = prop(nic.element, 'mac_spoofing');
          // A written `mac_spoofing` that leaves it off has its value (`no`) written: the fix writes `yes` over it, else adds the flag.
          const onText = written ? 'yes' : '';
          report({
            element: nic.element,
            message: `NLB '${nlb.name}' runs in unicast mode, but MAC address spoofing is disabled on ${member.name}/${nic.name}.`,
            related: [{ uri: nlb.element.uri, start: nlb.element.nameSpan.start, end: nlb.element.nameSpan.end, message: `NLB '${nlb.name}' (unicast)` }],
            fixes: [{
              title: `Enable MAC address spoofing on ${member.name}/${nic.name}`, preferred: true,
              edits: [setProperty(model.texts, nic.element, 'mac_spoofing', onText)],
            }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'NLB002', family: 'NLB', severity: 'error', seed: 'S',
    title: 'NLB cluster without cluster IP or full internet name',
    explanation: [
      'Clients reach an NLB cluster through its cluster (virtual) IP address. The full internet name is the FQDN that resolves to that address.',
      'The web certificate and the component URLs must use that same name, as `spf.hyper-v.nu` and `portal.hyper-v.nu` do in the lab, so both values belong in the design.',
    ].join('\n\n'),
    sources: [
      { label: 'seed 000 ("Cluster IP Addresses … 172.21.5.140", "specify the full internet name")' },
      { label: 'seed 001' },
    ],
    check(model, report) {
      for (const nlb of model.nlbs) {
        if (nlb.ip && nlb.internetName) continue;
        report({ element: nlb.element, message: `NLB '${nlb.name}' needs a cluster IP address and a full internet name.` });
      }
    },
  }),
  defineRule({
    id: 'NLB003', family: 'NLB', severity: 'warning', seed: 'S',
    title: 'No DNS record for the NLB full internet name',
    explanation: [
      'NLB does not register its cluster name in DNS. Create an A record for the full internet name that points at the cluster IP address.',
      'Without it the SPF or WAP URL resolves to nothing, or to a single node, and the load balancing is bypassed.',
    ].join('\n\n'),
    fix: 'Adds a `dns_record` for the full internet name with the cluster IP, or corrects the address of the existing record.',
    sources: [{ label: 'seed 000 ("Make sure that you have a DNS record in place that resolves the FQDN to the IP address of the cluster")' }],
    check(model, report) {
      // The DNS records by name, in model order, once (not every record for every NLB).
      const recordsByKey = new Map<string, typeof model.dnsRecords>();
      for (const record of model.dnsRecords) {
        const list = recordsByKey.get(record.key);
        if (list) list.push(record);
        else recordsByKey.set(record.key, [record]);
      }
      for (const nlb of model.nlbs) {
        if (!nlb.ip || !nlb.internetName) continue;
        const fqdn = nlb.internetName.text;
        const ip = addressOnly(nlb.ip.text);
        // Stryker disable next-line ArrayDeclaration: equivalent: a stray entry has no address, as no record does
        const records = recordsByKey.get(fqdn.toLowerCase()) ?? [];
        if (records.some((record) => record.address && addressOnly(record.address.text) === ip)) continue;
        const message = `No DNS record maps '${fqdn}' to cluster IP ${ip}.`;
        const wrong = records.find((record) => record.address);
        if (wrong?.address) {
          report({
            element: wrong.element, message,
            related: [{ uri: nlb.element.uri, start: nlb.element.nameSpan.start, end: nlb.element.nameSpan.end, message: `NLB '${nlb.name}' has cluster IP ${ip}` }],
            fixes: [{ title: `Point the DNS record '${fqdn}' at ${ip}`, preferred: true, edits: [{ uri: wrong.element.uri, start: wrong.address.start, end: wrong.address.end, newText: ip }] }],
          });
          continue;
        }
        report({
          element: nlb.element, message,
          fixes: [{ title: `Add dns_record "${fqdn}" ${ip}`, preferred: true, edits: [insertAfter(model.texts, nlb.element, `dns_record "${fqdn}" ${ip}`)] }],
        });
      }
    },
  }),
  defineRule({
    id: 'NLB004', family: 'NLB', severity: 'error', seed: 'S',
    title: 'Service port not covered by an NLB port rule',
    explanation: [
      'NLB balances only traffic that matches one of its port rules. Without any rule it uses the default rule, ports 0–65535 for TCP and UDP, which is what seed 000 keeps.',
      'If you narrow the rules, keep the port of every component behind the cluster: SPF\'s port (8090 unless installed elsewhere) and the WAP tenant site\'s port (443 once rebound, 30081 as installed; a WAP without a `tenant_site` block is taken to be on 30081). A rule must cover TCP and must not have filtering disabled.',
    ].join('\n\n'),
    fix: 'Adds a `port_rule` for the port, TCP, single affinity.',
    sources: [
      { label: 'seed 000 ("The minimum port required for a default … SPF installation is 8090")' },
      { label: 'seed 001 (tenant site 443)' },
      { label: 'Configure SPF endpoints for Windows Azure Pack', url: links.spfUrl },
    ],
    check(model, report) {
      for (const nlb of model.nlbs) {
        for (const component of nlb.fronts) {
          const port = servicePortOf(component);
          if (port === undefined) continue;
          const covered = nlb.portRules.some((rule) => rule.from <= port && port <= rule.to && rule.protocol !== 'udp' && rule.filtering !== 'disabled');
          if (covered) continue;
          report({
            element: nlb.element,
            message: `Port ${port} used by ${componentLabel(component, { quoteName: true })} is not covered by any port rule of NLB '${nlb.name}'.`,
            fixes: [{ title: `Add a port rule for port ${port} (TCP)`, preferred: true, edits: [insertStatement(model.texts, nlb.element, `port_rule ${port} { protocol tcp; affinity single }`)] }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'NLB005', family: 'NLB', severity: 'info', seed: 'S',
    title: 'Unicast NLB with a single adapter per host',
    explanation: [
      'In unicast mode every member shares one MAC address. Since Windows Server 2008, UnicastInterhostCommSupport lets the members still talk to each other (`wlbs display` shows it), but NLB Manager warns that, run on a member, it may fail to connect to the other hosts.',
      'Give each member a second adapter (`nics_per_host 2`), or manage the cluster from a computer that is not a member.',
    ].join('\n\n'),
    sources: [{ label: 'seed 000 (NLB Manager warning; "just add an additional adapter")' }],
    check(model, report) {
      for (const nlb of model.nlbs) {
        if (nlb.mode === 'unicast' && nlb.nicsPerHost === 1) {
          report({ element: nlb.element, message: 'Unicast NLB with a single NIC per host: NLB Manager running on a member may fail to connect to the other hosts.' });
        }
      }
    },
  }),
  defineRule({
    id: 'NLB006', family: 'NLB', severity: 'warning', seed: 'S',
    title: 'NLB member on a network-virtualized VM network',
    explanation: [
      'Hyper-V Network Virtualization (HNV/NVGRE) rewrites the customer MAC and IP addresses and enforces its policy in the host\'s virtual switch, which conflicts with the MAC address NLB shares between its members.',
      'The seed 004 author saw Windows NLB fail on network-virtualized VM networks and recommends a (virtual) hardware load balancer there.',
    ].join('\n\n'),
    sources: [{ label: 'seed 004 ("Windows NLB doesn\'t seem to work if you use Network Virtualization in Windows 8")' }],
    check(model, report) {
      for (const nlb of model.nlbs) {
        for (const member of nlb.hosts) {
          const nic = nlbAdapterOf(model, nlb, member);
          if (!nic?.networkVirtualization) continue;
          report({ element: nic.element, message: `NLB '${nlb.name}' member ${member.name} is on a network-virtualized VM network; Windows NLB is not expected to work there.` });
        }
      }
    },
  }),
  defineRule({
    id: 'NLB007', family: 'NLB', severity: 'error', seed: '—',
    title: 'NLB cluster with more than 32 hosts',
    explanation: 'A single Windows NLB cluster supports at most 32 hosts. Split a larger farm into several clusters behind DNS, or use a hardware load balancer.',
    sources: [{ label: 'Network Load Balancing overview (Windows Server 2003 technical reference)', url: links.nlbLimits }],
    check(model, report) {
      for (const nlb of model.nlbs) {
        if (nlb.hostValues.length <= 32) continue;
        const hosts = prop(nlb.element, 'hosts');
        report({
          element: nlb.element, span: hosts ? { start: hosts.statement.start, end: hosts.statement.end } : undefined,
          message: `NLB '${nlb.name}' has ${nlb.hostValues.length} hosts; Windows NLB supports at most 32.`,
        });
      }
    },
  }),
  defineRule({
    id: 'NLB008', family: 'NLB', severity: 'error', seed: '—',
    title: 'NLB cluster adapter outside the cluster IP\'s subnet',
    explanation: [
      'Every member receives the cluster IP\'s traffic on its cluster adapter and filters it there, so that adapter must sit on the same network segment as the cluster IP: in its subnet. NLB Manager adds the cluster IP to each member\'s cluster adapter.',
      'A member whose cluster adapter is in another subnet either never sees the cluster\'s traffic (it converges but never serves) or disturbs convergence. Readdress the adapter, or bind NLB to the adapter that is in the cluster IP\'s subnet (`cluster_nic`).',
      'The cluster adapter is the one named by `cluster_nic`, or the member\'s only adapter; a member with several adapters and no `cluster_nic` is reported only when none of them is in the subnet. Subnets come from the prefixes written on the cluster IP or on the adapter; without any prefix nothing is compared.',
    ].join('\n\n'),
    sources: [
      { label: 'NLB Manager help: cluster IP addresses ("the cluster IP address … on the same subnet")' },
      { label: 'Network Load Balancing overview', url: links.nlbLimits },
    ],
    check(model, report) {
      for (const nlb of model.nlbs) {
        if (!nlb.ip) continue;
        const clusterAddress = ipv4Number(nlb.ip.text);
        // The adapter and the cluster IP share a segment when either one's subnet holds the other's address.
        const sameSegment = (nic: Nic): boolean | undefined => {
          if (!nic.ip) return undefined;
          const address = ipv4Number(nic.ip.text);
          const prefixes = [nlb.ip!.prefix, nic.ip.prefix].filter((prefix): prefix is number => prefix !== undefined);
          if (prefixes.length === 0) return undefined;
          return prefixes.some((prefix) => subnetAt(address, prefix).network === subnetAt(clusterAddress, prefix).network);
        };
        for (const member of nlb.hosts) {
          // Stryker disable next-line OptionalChaining,ArrayDeclaration: equivalent: an NLB's hosts are VMs or hosts (`hosts` resolves to nothing else)
          const nics = model.vmOf.get(member)?.nics ?? model.hostOf.get(member)?.nics ?? [];
          const named = nlb.clusterNic ? nics.find((nic) => nic.element.key === nlb.clusterNic!.toLowerCase()) : undefined;
          let adapter: Nic | undefined;
          if (named) {
            adapter = named;
          } else {
            const addressed = nics.filter((nic) => sameSegment(nic) !== undefined);
            if (addressed.length === 0 || addressed.some((nic) => sameSegment(nic))) continue;
            adapter = addressed.find((nic) => nic.macSpoofing) ?? addressed[0];
          }
          if (sameSegment(adapter) !== false) continue;
          const written = prop(adapter.element, 'ip')!;
          const prefix = nlb.ip.prefix ?? adapter.ip!.prefix!;
          report({
            element: adapter.element, span: { start: written.statement.start, end: written.statement.end },
            message: `NLB '${nlb.name}' member ${member.name}: cluster adapter ${adapter.name} (${adapter.ip!.text}) is outside the cluster IP's subnet ${subnetAt(clusterAddress, prefix).text}; it will not receive the cluster's traffic.`,
            related: [{ uri: nlb.element.uri, start: nlb.ip.start, end: nlb.ip.end, message: `cluster IP of NLB '${nlb.name}'` }],
          });
        }
      }
    },
  }),
]);
