// CERT rules of the catalog (rules.md section 2.14): web certificates of load-balanced SPF and WAP endpoints.
import type { Element, Span, Value } from '../../../grammar/src/elements.js';
import { componentLabel, type Certificate, type Component, type StampModel } from '../../../grammar/src/model.js';
import { appendToList, nameText } from '../../../grammar/src/edits.js';
import { links } from '../../../grammar/src/schema.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';
import { frontNameOf } from './servers.js';

/** True when a certificate name (possibly a `*.` wildcard) covers a host name. */
export function certificateNameCovers(certificateName: string, host: string): boolean {
  const name = certificateName.toLowerCase();
  const wanted = host.toLowerCase();
  if (name === wanted) return true;
  if (!name.startsWith('*.')) return false;
  // `*.contoso.com` covers one label before `.contoso.com`.
  const suffix = name.slice(1);
  return wanted.endsWith(suffix) && !wanted.slice(0, -suffix.length).includes('.');
}

/** An SPF's or WAP's web certificate reference: SPF's `certificate`, or the WAP tenant site's. */
function certificateReference(component: Component): { value: Value; holder: Element } | undefined {
  if (component.kind === 'spf') {
    const value = (component as Component & { certificate?: Value }).certificate;
    return value ? { value, holder: component.element } : undefined;
  }
  const site = (component as Component & { tenantSite?: { element: Element; certificate?: Value } }).tenantSite;
  return site?.certificate ? { value: site.certificate, holder: site.element } : undefined;
}

const names = (certificate: Certificate): string[] => [certificate.cn, ...certificate.sans];

/** A model's certificates by key (the first declared wins) and by each lower-cased name they carry, built once per model. */
interface CertificateIndex { byKey: Map<string, Certificate>; byName: Map<string, Certificate[]> }
const certificateIndexes = new WeakMap<StampModel, CertificateIndex>();
function certificateIndex(model: StampModel): CertificateIndex {
  let index = certificateIndexes.get(model);
  // Stryker disable next-line ConditionalExpression: equivalent: building the index again gives the same index (cost only)
  if (index) return index;
  index = { byKey: new Map(), byName: new Map() };
  for (const certificate of model.certificates) {
    if (!index.byKey.has(certificate.key)) index.byKey.set(certificate.key, certificate);
    for (const name of names(certificate)) {
      const list = index.byName.get(name.toLowerCase());
      if (!list) {
        index.byName.set(name.toLowerCase(), [certificate]);
        continue;
      }
      // Stryker disable next-line ConditionalExpression,ArithmeticOperator: equivalent as `true` or `length + 1`: a certificate listed twice under one name is met once by certificatesOf, which skips what it found
      if (list[list.length - 1] !== certificate) list.push(certificate);
    }
  }
  // Stryker disable next-line CallExpression: equivalent: without it the index is built again for each lookup (cost only)
  certificateIndexes.set(model, index);
  return index;
}

const declared = (model: StampModel, name: string): Certificate | undefined => certificateIndex(model).byKey.get(name.toLowerCase());

/** The certificates a load-balanced component serves: the one it references and any declared one named exactly like its front. */
function certificatesOf(model: StampModel, component: Component): Certificate[] {
  const found: Certificate[] = [];
  const reference = certificateReference(component);
  const referenced = reference ? declared(model, reference.value.text) : undefined;
  if (referenced) found.push(referenced);
  const front = frontNameOf(component);
  if (front) {
    // Stryker disable next-line ConditionalExpression: equivalent: CERT002, the only caller, reports each certificate and server once
    for (const certificate of certificateIndex(model).byName.get(front.toLowerCase()) ?? []) if (!found.includes(certificate)) found.push(certificate);
  }
  return found;
}

const issuerText: Record<string, string> = { enterprise: 'an enterprise', self_signed: 'a self-signed' };

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const certReads = reading(['certificate', 'domain', 'vm', 'host', 'vmm', 'spf', 'wap', 'app', 'nlb', 'load_balancer', 'dns_record'], [...memoryFacts]);

export const certRules: Rule[] = declareReads(certReads, [
  defineRule({
    id: 'CERT001', family: 'CERT', severity: 'error', seed: 'S',
    title: 'Certificate name does not match the load-balanced name',
    explanation: [
      'Clients check that the host name in the URL appears in the certificate, as its common name or a subject alternative name.',
      'The seeds request the SPF and tenant-site certificates with a common name equal to the NLB full internet name (`spf.hyper-v.nu`, `portal.hyper-v.nu`).',
    ].join('\n\n'),
    sources: [
      { label: 'seed 000 ("common name … equal to the full internet name specified in the NLB cluster configuration")' },
      { label: 'seed 001' },
      { label: 'Windows Azure Pack certificates', url: links.certificates },
    ],
    check(model, report) {
      for (const component of [...model.spfs, ...model.waps]) {
        const reference = certificateReference(component);
        const fqdn = frontNameOf(component);
        if (!reference || !fqdn) continue;
        const certificate = declared(model, reference.value.text);
        const candidates = certificate ? names(certificate) : [reference.value.text];
        if (candidates.some((name) => certificateNameCovers(name, fqdn))) continue;
        const place: { element: Element; span?: Span } = certificate ? { element: certificate.element } : { element: reference.holder, span: { start: reference.value.start, end: reference.value.end } };
        report({ ...place, message: `Certificate '${certificate?.cn ?? reference.value.text}' does not match '${fqdn}', the name clients use for ${componentLabel(component, { quoteName: true })}.` });
      }
    },
  }),
  defineRule({
    id: 'CERT002', family: 'CERT', severity: 'error', seed: 'S',
    title: 'Certificate missing on a load-balanced server',
    explanation: [
      'Any member of a load-balanced farm may answer a client, so every member needs the same certificate with its private key.',
      'Seed 000 exports the certificate from SPF1 and imports it on SPF2; seed 001 installs the portal certificate on both portal servers.',
    ].join('\n\n'),
    fix: 'Adds the server to the certificate\'s `installed_on`.',
    sources: [
      { label: 'seed 000 ("Export the public web certificate from SPF1 and import it on SPF2")' },
      { label: 'seed 001 ("make sure that each server (Portal1 and Portal2) has the public web certificate installed")' },
    ],
    check(model, report) {
      const reported = new Set<string>();
      for (const component of [...model.spfs, ...model.waps]) {
        const behind: Element[] = [];
        for (const front of component.frontedBy) {
          // Stryker disable next-line ConditionalExpression: equivalent: each certificate and server are reported once (`reported`)
          for (const server of 'hosts' in front ? front.hosts : front.realServers) if (!behind.includes(server)) behind.push(server);
        }
        for (const certificate of certificatesOf(model, component)) {
          for (const server of behind) {
            const key = `${certificate.element.id}:${server.id}`;
            if (certificate.installedOn.includes(server) || reported.has(key)) continue;
            reported.add(key);
            report({
              element: certificate.element,
              message: `Certificate '${certificate.cn}' is not installed on ${server.name}.`,
              fixes: [{ title: `Add ${server.name} to installed_on of '${certificate.cn}'`, preferred: true, edits: [appendToList(model.texts, certificate.element, 'installed_on', nameText(server.name))] }],
            });
          }
        }
      }
    },
  }),
  defineRule({
    id: 'CERT003', family: 'CERT', severity: 'warning', seed: 'S',
    title: 'Internet-facing endpoint with a non-public certificate',
    explanation: [
      'Tenants\' browsers and external portals do not trust an internal (enterprise) or self-signed certificate authority.',
      'The seeds therefore obtain the web certificates for SPF and for the WAP tenant site from a public certificate authority. A certificate is Internet-facing when it says so, or when an Internet-facing tenant site uses it.',
    ].join('\n\n'),
    sources: [{ label: 'seeds 000, 001 ("Request and install a web certificate from a public certificate authority")' }],
    check(model, report) {
      const facing = new Map<Certificate, string>();
      for (const certificate of model.certificates) if (certificate.internetFacing) facing.set(certificate, certificate.cn);
      for (const wap of model.waps) {
        const site = wap.tenantSite;
        const certificate = site?.internetFacing && site.certificate ? declared(model, site.certificate.text) : undefined;
        if (certificate) facing.set(certificate, frontNameOf(wap) ?? certificate.cn);
      }
      for (const [certificate, fqdn] of facing) {
        if (!certificate.issuer || certificate.issuer === 'public') continue;
        // Stryker disable next-line StringLiteral: equivalent: `issuer` is an enum whose every value but `public` is in issuerText
        const issuer = issuerText[certificate.issuer] ?? `a ${certificate.issuer}`;
        report({ element: certificate.element, message: `The Internet-facing endpoint '${fqdn}' uses a certificate from ${issuer} CA; use a public CA.` });
      }
    },
  }),
]);
