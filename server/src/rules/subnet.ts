// IPv4 subnets for the rules that compare addresses: listener addresses (LSN004, LSN005), NLB cluster adapters (NLB008).
import type { Value } from '../../../grammar/src/elements.js';

/** An IPv4 subnet: the network address as a number and the prefix length. */
export interface Subnet { network: number; prefix: number; text: string }

/** The address of an `ip` text (`172.21.5.131` or `172.21.5.131/24`) as a number, if it is an IPv4 address. */
export function ipv4Number(text: string): number | undefined {
  const parts = text.split('/')[0].split('.');
  if (parts.length !== 4) return undefined;
  let result = 0;
  for (const part of parts) {
    const octet = Number(part);
    if (!/^\d+$/.test(part) || octet > 255) return undefined;
    result = result * 256 + octet;
  }
  return result;
}

function maskOf(prefix: number): number {
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
  const address = ipv4Number(value.text);
  return address === undefined ? undefined : subnetAt(address, value.prefix);
}

/** True when the subnet holds the address. */
export function contains(subnet: Subnet, address: number): boolean {
  return ((address & maskOf(subnet.prefix)) >>> 0) === subnet.network;
}
