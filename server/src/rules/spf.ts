// SPF rules of the catalog (rules.md section 2.8): the SPF registration URL, local groups and accounts, VMM role, console.
import type { ServerFacts, Spf, StampModel, Wap } from '../../../grammar/src/model.js';
import { registeredSpfOf } from '../../../grammar/src/model.js';
import type { Element, Span } from '../../../grammar/src/elements.js';
import { prop } from '../../../grammar/src/elements.js';
import { appendToList, nameText, setProperty } from '../../../grammar/src/edits.js';
import { links, type PropertyKeyword } from '../../../grammar/src/schema.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';
import { addToServer, frontNameOf, serverSlots, slotPlace, type ServerSlot } from './servers.js';

/** True when two account names denote the same account; a local account may also be written `MACHINE\name`. */
export function sameAccount(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  const tail = (text: string) => text.slice(text.lastIndexOf('\\') + 1);
  return (!x.includes('\\') || !y.includes('\\')) && tail(x) === tail(y);
}

/** The SPF a WAP registers (see `registeredSpfOf`); a host that names no SPF is compared with the first SPF clients reach by name. */
export function spfOfWap(model: StampModel, wap: Wap): Spf | undefined {
  return registeredSpfOf(model, wap) ?? model.spfs.find((spf) => frontNameOf(spf) !== undefined) ?? model.spfs[0];
}

function parseUrl(text: string): { scheme: string; host: string; port?: number } | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/:?#]+)(?::([0-9]+))?/.exec(text.trim());
  if (!match) return undefined;
  return { scheme: match[1].toLowerCase(), host: match[2], ...(match[3] ? { port: Number(match[3]) } : {}) };
}

const requiredGroups = ['SPF_Admin', 'SPF_Provider', 'SPF_VMM'];

/** The group on a server with a product group's name; seed 001's `SPF_Admins` counts as SPF_Admin (U4). */
function groupOf(facts: ServerFacts | undefined, groupName: string): ServerFacts['groups'][number] | undefined {
  const wanted = groupName.toLowerCase();
  return facts?.groups.find((group) => group.name.toLowerCase() === wanted || (wanted === 'spf_admin' && group.name.toLowerCase() === 'spf_admins'));
}

const spanOf = (element: Element, keyword: PropertyKeyword): Span | undefined => {
  const written = prop(element, keyword);
  return written ? { start: written.statement.start, end: written.statement.end } : undefined;
};

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const spfReads = reading(['nlb', 'load_balancer', 'dns_record', 'domain', 'certificate', 'vm', 'host', 'cluster', 'vmm', 'spf', 'wap', 'app', 'availability_group', 'sql'], [...memoryFacts]);

export const spfRules: Rule[] = declareReads(spfReads, [
  defineRule({
    id: 'SPF001', family: 'SPF', severity: 'error', seed: 'S',
    title: 'Wrong SPF registration URL',
    explanation: [
      'WAP registers SPF by its endpoint URL. The port must be written explicitly: 8090, unless SPF was installed on another port. From System Center 2012 R2, SPF accepts only HTTPS on that port.',
      'The host name must be the name clients use for the SPF farm, the full internet name of the NLB in front of it (or the SPF certificate\'s name), so that the request is balanced and the certificate matches.',
    ].join('\n\n'),
    fix: 'Sets `spf_url` to `https://<SPF NLB name>:<SPF port>`.',
    sources: [
      { label: 'seed 001 ("Provide the URL … on port 8090 (in this example https://spf.hyper-v.nu:8090)")' },
      { label: 'Configure SPF for Windows Azure Pack ("The colon and the 8090 port specification are required")', url: links.spfUrl },
      { label: 'Installing Service Provider Foundation for System Center 2012 R2', url: links.spfInstall },
    ],
    check(model, report) {
      for (const wap of model.waps) {
        if (!wap.spfUrl) continue;
        const spf = spfOfWap(model, wap);
        const url = parseUrl(wap.spfUrl.text);
        const port = spf?.port ?? 8090;
        const names = spf ? [frontNameOf(spf), spf.certificate?.text].filter((name): name is string => name !== undefined) : [];
        const fqdn = names[0] ?? url?.host;
        const hostOk = !url || names.length === 0 || names.some((name) => name.toLowerCase() === url.host.toLowerCase());
        if (url && url.scheme === 'https' && url.port === port && hostOk) continue;
        report({
          element: wap.element, span: spanOf(wap.element, 'spf_url'),
          message: `The SPF registration URL '${wap.spfUrl.text}' must be https://${fqdn ?? '<SPF name>'}:${port}.`,
          fixes: fqdn ? [{ title: `Set the SPF URL to https://${fqdn}:${port}`, preferred: true, edits: [setProperty(model.texts, wap.element, 'spf_url', `"https://${fqdn}:${port}"`)] }] : [],
        });
      }
    },
  }),
  defineRule({
    id: 'SPF002', family: 'SPF', severity: 'error', seed: 'S',
    title: 'SPF account missing from an SPF local group',
    explanation: [
      'SPF setup creates one local security group per web service (SPF_Admin, SPF_Provider, SPF_VMM and SPF_Usage) and lets only their members call that service. The SPF service account and the registration account WAP uses must be in SPF_Admin, SPF_Provider and SPF_VMM; SPF_Usage is needed only for usage metering.',
      'The groups are local to each server, so the membership has to be repeated on every SPF server behind the load balancer. Seed 001 writes the admin group as `SPF_Admins`; the product\'s name is SPF_Admin, and a group written `SPF_Admins` is accepted as that group.',
    ].join('\n\n'),
    fix: 'Adds the account to the group on that server (creating the group or the server block when needed).',
    sources: [
      { label: 'seed 000 (service account into SPF_Admin, SPF_Provider, SPF_VMM on SPF1 and SPF2)' },
      { label: 'seed 001' },
      { label: 'Installing Service Provider Foundation (group table)', url: links.spfInstall },
    ],
    check(model, report) {
      for (const spf of model.spfs) {
        const accounts = [spf.serviceAccount?.text, spf.registrationAccount?.name].filter((name): name is string => name !== undefined);
        const unique = accounts.filter((account, index) => accounts.findIndex((other) => sameAccount(other, account)) === index);
        for (const slot of serverSlots(spf)) {
          for (const groupName of requiredGroups) {
            const group = groupOf(slot.facts, groupName);
            for (const account of unique) {
              if (group?.members.some((member) => sameAccount(member.text, account))) continue;
              const message = `On ${slot.name}, '${account}' is not a member of local group ${groupName}.`;
              const title = `Add '${account}' to ${groupName} on ${slot.name}`;
              if (group) {
                report({ element: group.element, message, fixes: [{ title, preferred: true, edits: [appendToList(model.texts, group.element, 'members', nameText(account))] }] });
              } else {
                report({ ...slotPlace(spf, slot), message, fixes: [{ title, preferred: true, edits: [addToServer(model, spf, slot, `group ${groupName} { members ${nameText(account)} }`)] }] });
              }
            }
          }
        }
      }
    },
  }),
  defineRule({
    id: 'SPF003', family: 'SPF', severity: 'error', seed: 'S',
    title: 'SPF registration account missing or different on a server',
    explanation: [
      'WAP authenticates to the SPF endpoint, through the load balancer, with one local user name and password. Whichever SPF server answers must accept that credential.',
      'Create the same local account, with the same password, on every SPF server, and add it to the SPF groups (SPF002). The registration account is the `registration_account` of the SPF, else the `spf_account` WAP registers with.',
    ].join('\n\n'),
    fix: 'Adds the local account, with the password token used on the other servers, to the server; or sets the differing password token.',
    sources: [{ label: 'seed 001 ("create a local user account on each SPF server and it should have the same name and the same password")' }],
    check(model, report) {
      for (const spf of model.spfs) {
        const registration = spf.registrationAccount;
        if (!registration) continue;
        const slots = serverSlots(spf);
        if (!registration.local && registration.element) {
          // The servers by their blocks, else as listed in `servers`, else the SPF's servers in general.
          const names = slots.length > 0 ? slots.map((slot) => slot.name) : spf.serverValues.map((value) => value.text);
          report({ element: registration.element, message: `Registration account '${registration.name}' must exist on every SPF server with the same password; it is missing or different on ${names.join(', ') || `the servers of SPF ${spf.name}`} (it is not a local account).` });
          continue;
        }
        const accountOn = (slot: ServerSlot) => slot.facts?.localAccounts.find((account) => sameAccount(account.name, registration.name));
        const reference = slots.map(accountOn).find((account) => account?.password !== undefined)?.password;
        for (const slot of slots) {
          const account = accountOn(slot);
          const message = `Registration account '${registration.name}' must exist on every SPF server with the same password; it is missing or different on ${slot.name}.`;
          if (!account) {
            const text = `local_account ${nameText(registration.name)}${reference ? ` { password ${reference} }` : ''}`;
            report({ ...slotPlace(spf, slot), message, fixes: [{ title: `Add local user '${registration.name}' to ${slot.name}`, preferred: true, edits: [addToServer(model, spf, slot, text)] }] });
          } else if (reference && account.password !== reference) {
            report({
              element: account.element, message,
              fixes: [{ title: `Set the password of '${registration.name}' on ${slot.name} to ${reference}`, preferred: true, edits: [setProperty(model.texts, account.element, 'password', reference)] }],
            });
          }
        }
      }
    },
  }),
  defineRule({
    id: 'SPF004', family: 'SPF', severity: 'error', seed: 'S',
    title: 'SPF service account not a VMM administrator',
    explanation: 'SPF carries out tenant requests in VMM under its service account, so that account must be a member of VMM\'s Administrator user role.',
    fix: 'Adds the SPF service account to the VMM\'s `administrators`.',
    sources: [{ label: 'seed 000 ("Add the service account … to the administrator user role in System Center VMM")' }],
    check(model, report) {
      for (const spf of model.spfs) {
        const account = spf.serviceAccount?.text;
        const vmm = spf.vmm ?? (prop(spf.element, 'vmm') ? undefined : model.vmms.length === 1 ? model.vmms[0] : undefined);
        if (!account || !vmm) continue;
        if (vmm.administrators.some((admin) => sameAccount(admin.text, account))) continue;
        report({
          element: vmm.element, span: spanOf(vmm.element, 'administrators'),
          message: `SPF service account '${account}' is not in the VMM Administrator user role of ${vmm.name}.`,
          related: [{ uri: spf.element.uri, start: spf.element.nameSpan.start, end: spf.element.nameSpan.end, message: `SPF '${spf.name}' runs as '${account}'` }],
          fixes: [{ title: `Add '${account}' to the administrators of ${vmm.name}`, preferred: true, edits: [appendToList(model.texts, vmm.element, 'administrators', `"${account}"`)] }],
        });
      }
    },
  }),
  defineRule({
    id: 'SPF005', family: 'SPF', severity: 'warning', seed: 'S',
    title: 'VMM console missing on an SPF server',
    explanation: 'SPF talks to VMM through the PowerShell components of the VMM Administrator Console. Install the console, in the version that matches the VMM server, on every SPF server.',
    fix: 'Sets `vmm_console` on the server.',
    sources: [{ label: 'seed 000 ("Install the System Center Virtual Machine Manager 2012 SP1 Administrator Console", on SPF1 and on SPF2)' }],
    check(model, report) {
      for (const spf of model.spfs) {
        for (const slot of serverSlots(spf)) {
          if (slot.facts?.vmmConsole) continue;
          const edit = slot.facts
            ? setProperty(model.texts, slot.facts.element, 'vmm_console', prop(slot.facts.element, 'vmm_console') ? 'yes' : '')
            : addToServer(model, spf, slot, 'vmm_console');
          report({
            ...slotPlace(spf, slot),
            message: `The VMM Administrator Console is not installed on ${slot.name}; SPF needs it.`,
            fixes: [{ title: `Install the VMM console on ${slot.name} (vmm_console)`, preferred: true, edits: [edit] }],
          });
        }
      }
    },
  }),
]);
