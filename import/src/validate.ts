// Checks an inventory before anything is written: size, encoding, JSON syntax, the published JSON Schema (Ajv) and
// duplicate names, each problem with its place in the file and what was expected.
import Ajv, { type ErrorObject } from 'ajv';
import schema from '../../collect/inventory.schema.json';
import { enumName, enums, many, shortName, text, type RawObject } from './raw.js';

/** The largest inventory read: a thousand hosts with their VMs stay far below it. */
export const maxInventoryBytes = 32 * 1024 * 1024;
/** The inventory format this version reads. */
export const inventorySchemaVersion = 1;

/** One problem of an inventory: where it is and what was expected. */
export interface InventoryProblem {
  /** `hosts[0].vms[2].MemoryStartup`, or `line 3, column 7` for a syntax error, or `` for the whole file. */
  path: string;
  message: string;
}

/** An inventory that cannot be imported. */
export class InventoryError extends Error {
  constructor(readonly problems: InventoryProblem[]) {
    super(problems.map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message)).join('\n'));
  }
}

let compiled: ReturnType<Ajv['compile']> | undefined;
function validator(): ReturnType<Ajv['compile']> {
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return compiled;
}

/** Decodes inventory bytes: UTF-8 (with or without a byte order mark) or UTF-16 LE as Windows PowerShell 5.1's Out-File writes it. */
export function decodeInventory(bytes: Uint8Array): string {
  if (bytes.length > maxInventoryBytes) {
    throw new InventoryError([{ path: '', message: `The inventory is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; Stamp reads inventories up to ${maxInventoryBytes / 1024 / 1024} MB.` }]);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InventoryError([{ path: '', message: 'The inventory is not UTF-8 or UTF-16 text.' }]);
  }
}

/** Parses and validates an inventory's text; throws an InventoryError listing every problem found. */
export function parseInventory(text: string): RawObject {
  if (text.length > maxInventoryBytes) {
    throw new InventoryError([{ path: '', message: `The inventory is ${(text.length / 1024 / 1024).toFixed(1)} MB; Stamp reads inventories up to ${maxInventoryBytes / 1024 / 1024} MB.` }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InventoryError([syntaxProblem(text, error as Error)]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InventoryError([{ path: '', message: 'Expected a JSON object with a schemaVersion (the output of Get-StampInventory.ps1).' }]);
  }
  const version = (data as RawObject).schemaVersion;
  if (version !== inventorySchemaVersion) {
    throw new InventoryError([{
      path: 'schemaVersion',
      message: version === undefined
        ? `Missing; expected ${inventorySchemaVersion}. Is this the output of Get-StampInventory.ps1?`
        : `Expected ${inventorySchemaVersion}, found ${JSON.stringify(version)}: this Stamp reads inventory format ${inventorySchemaVersion}; use the collector shipped with it.`,
    }]);
  }
  const validate = validator();
  if (!validate(data)) throw new InventoryError(describeErrors(validate.errors ?? [], data));
  const duplicates = findDuplicates(data as RawObject);
  if (duplicates.length > 0) throw new InventoryError(duplicates);
  return data as RawObject;
}

/** A JSON syntax error with its line and column (the message of JSON.parse gives an offset, or nothing at the end). */
function syntaxProblem(text: string, error: Error): InventoryProblem {
  const position = /position ([0-9]+)/.exec(error.message);
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const truncated = !position || offset >= text.trimEnd().length;
  const what = truncated ? 'the JSON ends early (the file looks truncated: was the collector stopped?)' : error.message.replace(/ in JSON at position [0-9]+.*$/, '').replace(/^JSON\.parse: /, '');
  return { path: `line ${line}, column ${column}`, message: `Not valid JSON: ${what}.` };
}

/** `/hosts/0/vms/2/MemoryStartup` → `hosts[0].vms[2].MemoryStartup`. */
export function displayPointer(pointer: string): string {
  if (pointer === '') return '(the whole file)';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^[0-9]+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const part of pointer.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

const typeWords: Record<string, string> = { integer: 'a whole number', number: 'a number', string: 'a string', boolean: 'true or false', null: 'null', object: 'an object', array: 'an array' };

/**
 * Turns Ajv's errors into one message per place: alternatives (`anyOf`: a value, a list of them, or null) are merged
 * into one "expected … or …", and only the deepest places are kept, where the actual mistake is.
 */
function describeErrors(errors: ErrorObject[], data: unknown): InventoryProblem[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'if') continue;
    const path = error.keyword === 'required' ? `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}` : error.instancePath;
    byPath.set(path, [...(byPath.get(path) ?? []), error]);
  }
  // An item that is neither an object nor a list also fails inside the object branch: keep the deepest places only.
  const paths = [...byPath.keys()].filter((path) => ![...byPath.keys()].some((other) => other !== path && other.startsWith(`${path}/`)));
  const problems: InventoryProblem[] = [];
  for (const path of paths.sort()) {
    const found = byPath.get(path)!;
    const expected = new Set<string>();
    for (const error of found) {
      const params = error.params as Record<string, unknown>;
      if (error.keyword === 'type') for (const type of ([] as string[]).concat(params.type as string | string[])) expected.add(typeWords[type] ?? type);
      else if (error.keyword === 'required') expected.add('a value (it is required)');
      else if (error.keyword === 'const') expected.add(JSON.stringify(params.allowedValue));
      else if (error.keyword === 'enum') expected.add(`one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`);
      else if (error.keyword === 'not') expected.add('no secret (passwords, hashes and private keys are never collected)');
      else expected.add(`a value that ${error.message ?? 'fits the schema'}`);
    }
    const value = valueAt(data, path);
    const missing = found.some((error) => error.keyword === 'required');
    problems.push({ path: displayPointer(path), message: `Expected ${[...expected].join(' or ')}${missing ? '' : `, found ${describeValue(value)}`}.` });
    if (problems.length >= 20) break;
  }
  return problems;
}

/** Names that must be unique: hosts, clusters, VMs (replica copies aside), SQL instances, NLB clusters. */
function findDuplicates(inventory: RawObject): InventoryProblem[] {
  const problems: InventoryProblem[] = [];
  const seen = new Map<string, string>();
  const check = (kind: string, name: string | undefined, path: string): void => {
    if (!name) return;
    const id = `${kind}|${name.toLowerCase()}`;
    const first = seen.get(id);
    if (first) problems.push({ path, message: `The ${kind} "${name}" is listed twice (first at ${first}); names must be unique.` });
    else seen.set(id, path);
  };
  const listPath = (base: string, index: number, isList: boolean): string => (isList ? `${base}[${index}]` : base);
  const hostsList = Array.isArray(inventory.hosts);
  many(inventory.hosts).forEach((host, hostIndex) => {
    const hostPath = listPath('hosts', hostIndex, hostsList);
    check('host', text(host.computerName) && shortName(text(host.computerName)!), `${hostPath}.computerName`);
    const vmsList = Array.isArray(host.vms);
    many(host.vms).forEach((vm, vmIndex) => {
      const mode = enumName(vm.ReplicationMode, enums.replicationMode);
      if (mode === 'replica' || mode === 'extendedreplica') return;
      check('VM', text(vm.Name), `${listPath(`${hostPath}.vms`, vmIndex, vmsList)}.Name`);
    });
  });
  const clustersList = Array.isArray(inventory.clusters);
  many(inventory.clusters).forEach((cluster, index) => check('cluster', text((cluster.cluster as RawObject | undefined)?.Name), `${listPath('clusters', index, clustersList)}.cluster.Name`));
  const sqlList = Array.isArray(inventory.sqlInstances);
  many(inventory.sqlInstances).forEach((sql, index) => check('SQL instance', text(sql.instance), `${listPath('sqlInstances', index, sqlList)}.instance`));
  const nlbList = Array.isArray(inventory.nlbClusters);
  many(inventory.nlbClusters).forEach((nlb, index) => check('NLB cluster', text((nlb.cluster as RawObject | undefined)?.Name), `${listPath('nlbClusters', index, nlbList)}.cluster.Name`));
  return problems;
}
