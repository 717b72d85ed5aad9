// Network facts several rule families share: IPv4 subnets (LSN, NLB), the adapter NLB binds to (NLB, HV), the port a
// load balancer publishes for a component (NLB, WAP) and addresses without their prefix (NLB, LB).
import type { Value } from '../../../grammar/src/elements.js';
import type { Component, Nic, Nlb, StampModel, Wap } from '../../../grammar/src/model.js';

/** An IPv4 subnet: the network address as a number and the prefix length. */
export interface Subnet { network: number; prefix: number; text: string }

/**
 * The address of an IP value (`172.21.5.131` or `172.21.5.131/24`) as a number. The checker keeps only IPv4 addresses
 * of four parts of at most 255 in the model (anything else is SCH009 and has no value), so every IP value is one.
 */
export function ipv4Number(text: string): number {
  return addressOnly(text).split('.').reduce((result, part) => result * 256 + Number(part), 0);
}

function maskOf(prefix: number): number {
  // A shift counts modulo 32, so `<< 32` would shift nothing: the /0 mask is written out.
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The subnet of an address with a known prefix length. */
export function subnetAt(address: number, prefix: number): Subnet {
  const network = (address & maskOf(prefix)) >>> 0;
  const text = `${[24, 16, 8, 0].map((shift) => (network >>> shift) & 255).join('.')}/${prefix}`;
  return { network, prefix, text };
}

/** The subnet of an address value written with its prefix (`ip 172.21.5.131/24`); undefined without a prefix. */
export function subnetOf(value: Value | undefined): Subnet | undefined {
  if (!value || value.prefix === undefined) return undefined;
  return subnetAt(ipv4Number(value.text), value.prefix);
}

/** True when the subnet holds the address. */
export function contains(subnet: Subnet, address: number): boolean {
  return ((address & maskOf(subnet.prefix)) >>> 0) === subnet.network;
}

/**
 * The adapter a member VM binds NLB to: the `cluster_nic` named on the NLB when the VM has it, else the VM's only
 * adapter, else the adapter that already has MAC address spoofing on. When a VM has several adapters, none of them
 * spoofed and no `cluster_nic` is named, the first adapter is taken, because NLB Manager offers the adapters in that
 * order. Returns undefined for physical members and VMs without adapters (nothing is known about them).
 */
export function nlbAdapterOf(model: StampModel, nlb: Nlb, member: Nlb['hosts'][number]): Nic | undefined {
  const vm = model.vmOf.get(member);
  if (!vm) return undefined;
  if (nlb.clusterNic) {
    const named = vm.nics.find((nic) => nic.element.key === nlb.clusterNic!.toLowerCase());
    if (named) return named;
  }
  // The only adapter is also the spoofed one or the first one; a VM without adapters gives undefined.
  return vm.nics.find((nic) => nic.macSpoofing) ?? vm.nics[0];
}

/** The port clients use to reach a component through a load balancer: SPF's port, or the WAP tenant site's. */
export function servicePortOf(component: Component): number | undefined {
  if (component.kind === 'spf') return (component as Component & { port: number }).port;
  // Without a tenant_site block the tenant site still exists, bound where setup put it: 30081.
  if (component.kind === 'wap') return (component as Wap).tenantSite?.port ?? 30081;
  return undefined;
}

/** The address part of an IP value, without a `/prefix`. */
export function addressOnly(text: string): string {
  return text.split('/')[0];
}
