// WAP rules of the catalog (rules.md section 2.9): Windows Azure Pack databases, passphrase, SQL login, tenant site, operators.
import type { Element, Span } from '../../../grammar/src/elements.js';
import { prop } from '../../../grammar/src/elements.js';
import type { TextEdit } from '../../../grammar/src/diagnostic.js';
import { appendToList, insertStatement, setProperty } from '../../../grammar/src/edits.js';
import { links, type PropertyKeyword } from '../../../grammar/src/schema.js';
import { wapDatabases } from './limits.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';
import { insertStatements, joinNames } from './fix-text.js';
import { servicePortOf } from './network.js';
import { addToServer, frontNameOf, serverSlots, slotPlace } from './servers.js';

const spanOf = (element: Element, keyword: PropertyKeyword): Span | undefined => {
  const written = prop(element, keyword);
  return written ? { start: written.statement.start, end: written.statement.end } : undefined;
};

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const wapReads = reading(['nlb', 'load_balancer', 'dns_record', 'domain', 'certificate', 'vm', 'host', 'cluster', 'vmm', 'spf', 'wap', 'app', 'availability_group', 'sql'], [...memoryFacts]);

export const wapRules: Rule[] = declareReads(wapReads, [
  defineRule({
    id: 'WAP001', family: 'WAP', severity: 'error', seed: 'S',
    title: 'WAP database missing from the availability group',
    explanation: [
      'WAP setup creates five management databases: Microsoft.MgmtSvc.Config, PortalConfigStore, Store, Usage and WebAppGallery.',
      'Before the second portal server is installed, all five must be in FULL recovery, backed up and added to the availability group behind WAP\'s database server; otherwise parts of the portal stop working after a failover. Further WAP databases the design declares (from resource providers, for example) are checked by AG012.',
    ].join('\n\n'),
    fix: 'Adds the database to the availability group with `recovery full; backup full; owner wap`.',
    sources: [{ label: 'seed 001 ("uses five databases … add the five databases the Availability Group")' }],
    check(model, report) {
      const reported = new Set<string>();
      for (const wap of model.waps) {
        const ag = wap.database?.ag;
        if (!ag) continue;
        for (const name of wapDatabases) {
          // Several WAPs may share one group: each missing database is reported once.
          const key = `${ag.element.id}:${name}`;
          if (reported.has(key) || ag.databases.some((database) => database.key === name.toLowerCase())) continue;
          reported.add(key);
          report({
            element: ag.element,
            message: `WAP database '${name}' is not in availability group '${ag.name}'.`,
            related: [{ uri: wap.element.uri, start: wap.element.nameSpan.start, end: wap.element.nameSpan.end, message: `WAP '${wap.name}' uses this availability group` }],
            fixes: [{ title: `Add '${name}' to ${ag.name} (recovery full, backup full)`, preferred: true, edits: [insertStatement(model.texts, ag.element, `database "${name}" { recovery full; backup full; owner wap }`)] }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'WAP002', family: 'WAP', severity: 'error', seed: 'S',
    title: 'WAP servers with different configuration store passphrases',
    explanation: [
      'The first WAP server encrypts the configuration store with the passphrase entered during setup.',
      'Every further server joins that configuration only with the identical passphrase (the wizard greys out the confirmation box when it matches). The passphrases are compared as opaque tokens; a server without one is not checked.',
    ].join('\n\n'),
    fix: 'Sets the server\'s passphrase token to the first server\'s.',
    sources: [{ label: 'seed 001 ("This passphrase will be used to add additional servers to the same configuration")' }],
    check(model, report) {
      for (const wap of model.waps) {
        const withPassphrase = wap.serverFacts.filter((facts) => facts.passphrase !== undefined);
        const first = withPassphrase[0];
        // Stryker disable next-line ConditionalExpression: equivalent: without a passphrase there is nothing to loop over
        if (!first?.passphrase) continue;
        // Stryker disable next-line MethodExpression: equivalent: the first server compared with itself differs in nothing
        for (const facts of withPassphrase.slice(1)) {
          if (facts.passphrase!.text === first.passphrase.text) continue;
          report({
            element: facts.element, span: spanOf(facts.element, 'passphrase'),
            message: `${facts.name} uses a different configuration store passphrase than ${first.name}.`,
            fixes: [{ title: `Use the passphrase of ${first.name} (${first.passphrase.text}) on ${facts.name}`, preferred: true, edits: [setProperty(model.texts, facts.element, 'passphrase', first.passphrase.text)] }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'WAP003', family: 'WAP', severity: 'error', seed: 'S',
    title: 'WAP database credential is not a SQL login',
    explanation: [
      'The database-server step of WAP setup asks for a SQL Server authentication login: `sa`, or a dedicated SQL login with sysadmin rights. A Windows (integrated) account cannot be used there.',
      'That login must then exist, enabled and with the same password, on every replica (SQL001–SQL003). A login is taken as a Windows account when its name has a backslash or an instance declares it `type windows`.',
    ].join('\n\n'),
    sources: [
      { label: 'seed 001 ("select SQL Server Authentication and enter the SA account and credentials")' },
      { label: 'Windows Azure Pack SQL Server requirements', url: links.wapSql },
    ],
    check(model, report) {
      for (const wap of model.waps) {
        const login = wap.sqlLogin;
        if (!login) continue;
        const key = login.text.toLowerCase();
        const instances = wap.database?.ag ? wap.database.ag.replicas.map((replica) => replica.instance).filter((sql) => sql !== undefined) : wap.database?.instance ? [wap.database.instance] : [];
        const declaredWindows = instances.some((sql) => sql!.logins.some((declared) => declared.key === key && declared.type === 'windows' && declared.typeWritten));
        if (!login.text.includes('\\') && !declaredWindows) continue;
        report({
          element: wap.element, span: spanOf(wap.element, 'sql_login'),
          message: `WAP must connect to '${wap.databaseServer?.text ?? 'its database server'}' with SQL Server authentication.`,
        });
      }
    },
  }),
  defineRule({
    id: 'WAP004', family: 'WAP', severity: 'warning', seed: 'S',
    title: 'Internet-facing tenant site not on 443 with a certificate',
    explanation: [
      'Setup binds the tenant site (MgmtSvc-TenantSite) to port 30081 with a self-signed certificate.',
      'For tenants on the Internet, change the IIS binding on every portal server to port 443 and select the public certificate whose name is the NLB full internet name. CERT001 checks that name and CERT003 the issuer.',
    ].join('\n\n'),
    fix: 'Sets the tenant site to `port 443` and, when it has none, the certificate named like the portal\'s load-balanced name.',
    sources: [{ label: 'seed 001 ("Change port 30081 to 443 and select the public web certificate")' }],
    check(model, report) {
      for (const wap of model.waps) {
        const site = wap.tenantSite;
        if (!site?.internetFacing) continue;
        if (site.port === 443 && site.certificate) continue;
        const fqdn = frontNameOf(wap) ?? site.certificate?.text;
        const servers = wap.serverValues.map((value) => value.text).join(', ') || wap.name;
        const edits: TextEdit[] = [];
        // Stryker disable next-line ConditionalExpression: equivalent: a site on 443 has it written (the default is 30081), and writing 443 over 443 changes nothing
        if (site.port !== 443) edits.push(setProperty(model.texts, site.element, 'port', '443'));
        if (!site.certificate && fqdn) edits.push(setProperty(model.texts, site.element, 'certificate', `"${fqdn}"`));
        // Stryker disable next-line ConditionalExpression: equivalent: with a certificate the name is known too (it falls back to the certificate's)
        const complete = site.certificate !== undefined || fqdn !== undefined;
        report({
          element: site.element,
          message: site.port === 443
            ? `The tenant site on ${servers} listens on 443 without a certificate; bind it to the public certificate for '${fqdn ?? 'the portal name'}'.`
            : `The tenant site on ${servers} listens on ${site.port}; bind it to 443 with the public certificate for '${fqdn ?? 'the portal name'}'.`,
          fixes: complete ? [{ title: `Bind the tenant site to 443${fqdn && !site.certificate ? ` with certificate '${fqdn}'` : ''}`, preferred: true, edits }] : [],
        });
      }
    },
  }),
  defineRule({
    id: 'WAP005', family: 'WAP', severity: 'info', seed: 'S',
    title: 'No WAP administrators in MgmtSvc Operators',
    explanation: [
      'By default the WAP admin site (https://localhost:30091) accepts only the local administrator.',
      'Add the domain users or groups that administer WAP to the local MgmtSvc Operators group on each WAP server (`operators` on the server, or a `group "MgmtSvc Operators"`). The rule applies when the design declares WAP `administrators`.',
    ].join('\n\n'),
    fix: 'Adds the WAP administrators to the server\'s `operators`.',
    sources: [{ label: 'seed 001 ("add the domain users or domain groups … to the local group MgmtSvc Operators")' }],
    check(model, report) {
      for (const wap of model.waps) {
        if (wap.administrators.length === 0) continue;
        const admins = wap.administrators.map((admin) => `"${admin.text}"`).join(', ');
        for (const slot of serverSlots(wap)) {
          const facts = slot.facts;
          const group = facts?.groups.find((candidate) => candidate.name.toLowerCase() === 'mgmtsvc operators');
          if ((facts?.operators.length ?? 0) > 0 || (group?.members.length ?? 0) > 0) continue;
          report({
            ...slotPlace(wap, slot),
            message: `No domain accounts are in the local group 'MgmtSvc Operators' on ${slot.name}; only the local administrator can sign in to the admin site.`,
            fixes: [{
              title: `Add ${wap.administrators.map((admin) => admin.text).join(', ')} to MgmtSvc Operators on ${slot.name}`, preferred: true,
              edits: [facts ? appendToList(model.texts, facts.element, 'operators', admins) : addToServer(model, wap, slot, `operators ${admins}`)],
            }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'WAP006', family: 'WAP', severity: 'error', seed: '—',
    title: 'Tenant site published without the tenant authentication site and public API',
    explanation: [
      'The WAP tenant portal does not work alone: it sends tenants to the tenant authentication site (MgmtSvc-AuthSite, port 30071) to sign in, and tenants\' tools call the tenant public API (MgmtSvc-TenantPublicAPI, port 30006).',
      'A load balancer that publishes the tenant site must therefore forward 30071 and 30006 to the same servers, behind the same entry (port rules of the NLB, `ports` of a hardware load balancer). Otherwise tenants reach the portal but cannot sign in or use the API. A hardware load balancer without `ports` is not checked.',
    ].join('\n\n'),
    fix: 'Adds the missing ports: `port_rule` statements on an NLB, or values of `ports` on a load balancer.',
    sources: [
      { label: 'Windows Azure Pack installation guidance (tenant authentication site 30071, tenant public API 30006)' },
      { label: 'Windows Azure Pack for Windows Server', url: links.wap },
    ],
    check(model, report) {
      const tenantPorts = [{ port: 30071, label: 'the tenant authentication site (30071)' }, { port: 30006, label: 'the tenant public API (30006)' }];
      for (const wap of model.waps) {
        const sitePort = servicePortOf(wap)!;
        for (const front of wap.frontedBy) {
          const isNlb = 'portRules' in front;
          const covers = (port: number): boolean | undefined => isNlb
            ? front.portRules.some((rule) => rule.from <= port && port <= rule.to && rule.protocol !== 'udp' && rule.filtering !== 'disabled')
            : front.ports?.some((range) => range.from <= port && port <= range.to);
          if (!covers(sitePort)) continue;
          const missing = tenantPorts.filter((entry) => !covers(entry.port));
          if (missing.length === 0) continue;
          const message = `WAP '${wap.name}' publishes its tenant site (port ${sitePort}) through ${isNlb ? 'NLB' : 'load balancer'} '${front.name}' without ${joinNames(missing.map((entry) => entry.label))}; tenants cannot sign in or call the API.`;
          if (isNlb) {
            report({
              element: front.element, message,
              fixes: [{ title: `Add port rules for ${joinNames(missing.map((entry) => String(entry.port)))} to NLB ${front.name}`, preferred: true, edits: [insertStatements(model.texts, front.element, missing.map((entry) => `port_rule ${entry.port} { protocol tcp; affinity single }`))] }],
            });
          } else {
            const written = prop(front.element, 'ports')!;
            report({
              element: front.element, span: { start: written.statement.start, end: written.statement.end }, message,
              fixes: [{ title: `Add ${joinNames(missing.map((entry) => String(entry.port)))} to the ports of ${front.name}`, preferred: true, edits: [appendToList(model.texts, front.element, 'ports', missing.map((entry) => entry.port).join(', '))] }],
            });
          }
        }
      }
    },
  }),
]);
