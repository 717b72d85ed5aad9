// Readers for values as ConvertTo-Json writes cmdlet objects: one-or-many lists, enums as numbers or names, dates, names.

/** A JSON object of the inventory, with the cmdlet's own property names. */
export type RawObject = Record<string, unknown>;

/** A list property: null and absent are empty, a single result stands for a list of one (ConvertTo-Json unrolls it). */
export function many(value: unknown): RawObject[] {
  value = unwrapArray(value);
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is RawObject => typeof item === 'object' && item !== null && !Array.isArray(item));
}

/** A list of strings: null is empty, one string is a list of one. */
export function strings(value: unknown): string[] {
  value = unwrapArray(value);
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is string => typeof item === 'string' && item !== '');
}

/**
 * Windows PowerShell 5.1 writes an array that was wrapped in a PSObject as `{ "value": [...], "Count": n }`; this
 * returns the array inside, and anything else unchanged.
 */
function unwrapArray(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const wrapped = value as RawObject;
    if (Array.isArray(wrapped.value) && typeof wrapped.Count === 'number') return wrapped.value;
  }
  return value;
}

/** A string property, or undefined when absent, null or empty. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A whole number, or undefined. */
export function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A boolean, also from the 0/1 that SQL Server's bit columns give. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  return undefined;
}

/** The name of a referenced cmdlet object: a string, or an object with a Name (ConvertTo-Json at depth). */
export function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return text(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) return text((value as RawObject).Name);
  return undefined;
}

/**
 * An enum value as a lower-case name: ConvertTo-Json writes enums as numbers (Windows PowerShell 5.1, and 7 without
 * -EnumsAsStrings), so numbers are looked up in the enum's documented values; names are taken as they are.
 */
export function enumName(value: unknown, byNumber: Readonly<Record<number, string>>): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) value = (value as RawObject).value;
  if (typeof value === 'number') return byNumber[value];
  if (typeof value === 'string' && value.trim() !== '') return value.trim().toLowerCase();
  return undefined;
}

/** A date from `/Date(1385200000000)/` (Windows PowerShell) or ISO 8601 (PowerShell 7), or undefined. */
export function date(value: unknown): Date | undefined {
  // Get-Date's result carries a DisplayHint note, which 5.1 writes as { value, DisplayHint, DateTime }.
  if (value && typeof value === 'object' && !Array.isArray(value)) value = (value as RawObject).value;
  if (typeof value !== 'string') return undefined;
  const legacy = /^\/Date\((-?[0-9]+)(?:[+-][0-9]{4})?\)\/$/.exec(value);
  const time = legacy ? Number(legacy[1]) : Date.parse(value);
  return Number.isFinite(time) ? new Date(time) : undefined;
}

/** A .NET Version, written as a string (`6.3.9600.16384`) or as an object with Major, Minor, Build, Revision. */
export function version(value: unknown): string | undefined {
  if (typeof value === 'string') return /^[0-9]+(\.[0-9]+)+$/.test(value.trim()) ? value.trim() : undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const raw = value as RawObject;
    const parts = [raw.Major, raw.Minor, raw.Build, raw.Revision].filter((part): part is number => typeof part === 'number' && part >= 0);
    return parts.length >= 2 ? parts.join('.') : undefined;
  }
  return undefined;
}

/** The machine part of a name: `HV01.contoso.com` → `HV01`, `SQL1\INST` → `SQL1`. */
export function shortName(name: string): string {
  return name.split('\\')[0].split('.')[0];
}

/** The documented numeric values of the enums the importer reads. */
export const enums = {
  /** Microsoft.HyperV.PowerShell.VMSwitchType. */
  switchType: { 0: 'private', 1: 'internal', 2: 'external' },
  /** Microsoft.HyperV.PowerShell.OnOffState. */
  onOff: { 1: 'on', 2: 'off' },
  /** Microsoft.HyperV.PowerShell.VMReplicationMode. */
  replicationMode: { 0: 'none', 1: 'primary', 2: 'replica', 3: 'extendedreplica' },
  /** Microsoft.HyperV.PowerShell.VMReplicationAuthenticationType (and the replication server's allowed types). */
  replicationAuth: { 1: 'kerberos', 2: 'certificate', 3: 'certificateandkerberos' },
  /** MSFT_NetLbfoTeam.TeamingMode. */
  teamingMode: { 0: 'static', 1: 'switchindependent', 2: 'lacp' },
  /** MSFT_NetLbfoTeam.LoadBalancingAlgorithm. */
  loadBalancing: { 0: 'transportports', 2: 'ipaddresses', 3: 'macaddresses', 4: 'hypervport', 5: 'dynamic' },
  /** Microsoft.FailoverClusters.PowerShell.GroupType (only the values the importer needs). */
  groupType: { 111: 'virtualmachine', 114: 'vmreplicabroker' } as Record<number, string>,
  /** NLB cluster operation mode, in the order Set-NlbCluster documents it. */
  nlbMode: { 0: 'unicast', 1: 'multicast', 2: 'igmpmulticast' },
  /** NLB port rule protocol, in documented order. */
  nlbProtocol: { 0: 'tcp', 1: 'udp', 2: 'both' },
  /** NLB port rule filtering mode, in documented order. */
  nlbFiltering: { 0: 'multiple', 1: 'single', 2: 'disabled' },
  /** NLB port rule affinity, in documented order. */
  nlbAffinity: { 0: 'none', 1: 'single', 2: 'network' },
} as const;
