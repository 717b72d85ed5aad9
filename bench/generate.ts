// Generates deterministic synthetic stamps of a given size, as `.stamp` text and as the same topology in JSON and YAML.
//
// A stamp is a shared core (the stamp, the domain, two domain controllers) followed by "pods": one Hyper-V cluster
// with its hosts and CSVs, the VMs on it, a SQL guest cluster with an availability group, SPF, WAP and VMM behind NLB,
// certificates, DNS records and Hyper-V Replica pairs to a DR host. Pods are added until the text reaches the
// requested number of lines. A seeded random generator picks the optional parts and injects a realistic share of
// design problems (a login missing on a replica, a disabled `sa`, an NLB member without MAC spoofing), so two runs
// with the same seed give byte-identical text.

/** A value as written: a plain string is an unquoted token, a number is a number, `{ quoted }` is a string literal. */
export type GeneratedScalar = string | number | { quoted: string };

/** One property statement: its keyword, its values, and whether they are a comma-separated list. */
export interface GeneratedProperty {
  keyword: string;
  values: GeneratedScalar[];
  list: boolean;
}

/** One element statement of the generated topology. */
export interface GeneratedElement {
  kind: string;
  keyword: string;
  /** The header tokens as written after the keyword, fixed words included (`SQL1 on HVC01`). */
  words: GeneratedScalar[];
  /** The header values by their schema argument names, for the JSON and YAML forms. */
  header: Record<string, string | number | boolean>;
  properties: GeneratedProperty[];
  children: GeneratedElement[];
  /** `line`: the whole element on one line with `;` separators; `block`: one statement per line. */
  style: 'line' | 'block';
  /** A comment line written above the element. */
  comment?: string;
}

/** How many of each injected design problem a generated stamp holds. */
export interface InjectedProblems {
  loginMissingOnReplica: number;
  saDisabledOnReplica: number;
  macSpoofingMissing: number;
  spfPortNotBalanced: number;
}

/** A generated stamp in its three forms, with counts that describe it. */
export interface GeneratedStamp {
  stampText: string;
  jsonText: string;
  yamlText: string;
  lines: number;
  pods: number;
  elements: number;
  problems: InjectedProblems;
  /** The plain object tree that the JSON and YAML texts serialize. */
  tree: TopologyTree;
}

/** The plain object tree of a topology: every node has a kind, its header values, properties and children. */
export interface TopologyTree {
  children: TopologyNode[];
}
export interface TopologyNode {
  kind: string;
  [field: string]: unknown;
}

/** A small, fast, seeded pseudo-random generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const quoted = (text: string): { quoted: string } => ({ quoted: text });

function property(keyword: string, ...values: GeneratedScalar[]): GeneratedProperty {
  return { keyword, values, list: false };
}
function listProperty(keyword: string, values: GeneratedScalar[]): GeneratedProperty {
  return { keyword, values, list: true };
}
function element(kind: string, words: GeneratedScalar[], header: GeneratedElement['header'], properties: GeneratedProperty[], children: GeneratedElement[] = [], style: GeneratedElement['style'] = 'block'): GeneratedElement {
  return { kind, keyword: kind, words, header, properties, children, style };
}

const domainName = 'stamp.example';
const netbios = 'STAMP';

/** Builds the shared part of every stamp: the stamp defaults, the domain and its controllers. */
function coreElements(): GeneratedElement[] {
  const hosts = ['CORE-HV01', 'CORE-HV02'].map((name) =>
    element('host', [name], { name }, [property('os', '2012R2'), property('memory', '128GB'), property('integration_services', '6.3.9600')], [
      element('nic', ['NIC1'], { name: 'NIC1' }, [property('speed', '10Gbps')], [], 'line'),
      element('vswitch', ['External'], { name: 'External' }, [property('type', 'external'), property('uplink', 'NIC1')], [], 'line'),
    ]),
  );
  const controllers = [
    { name: 'DC01', host: 'CORE-HV01', ip: '10.0.0.11/16' },
    { name: 'DC02', host: 'CORE-HV02', ip: '10.0.0.12/16' },
  ].map(({ name, host, ip }) =>
    element('vm', [name, 'on', host], { name, placement: host }, [property('memory', '4GB'), property('storage', 'local'), property('anti_affinity', 'DC')], [
      element('nic', ['nic0'], { name: 'nic0' }, [property('switch', 'External'), property('ip', ip)], [], 'line'),
    ], 'line'),
  );
  return [
    { ...element('stamp', ['synthetic'], { name: 'synthetic' }, [property('domain', quoted(domainName)), property('windows', '2012R2'), property('system_center', '2012R2'), property('sql_version', '2014')]), comment: 'Generated by bench/generate.ts: a synthetic management stamp for benchmarks.' },
    element('domain', [quoted(domainName)], { name: domainName }, [property('netbios', netbios), listProperty('controllers', ['DC01', 'DC02'])]),
    ...hosts,
    ...controllers,
  ];
}

/** The counters of the problems injected so far. */
function noProblems(): InjectedProblems {
  return { loginMissingOnReplica: 0, saDisabledOnReplica: 0, macSpoofingMissing: 0, spfPortNotBalanced: 0 };
}

/** Builds one pod: a Hyper-V cluster and everything that runs on it. */
function podElements(pod: number, random: () => number, problems: InjectedProblems): GeneratedElement[] {
  const p = `P${String(pod).padStart(3, '0')}`;
  const octet2 = 16 + (pod >> 8);
  const octet3 = pod & 255;
  const ip = (last: number, prefix?: number): string => `10.${octet2}.${octet3}.${last}${prefix !== undefined ? `/${prefix}` : ''}`;
  const chance = (probability: number): boolean => random() < probability;
  const result: GeneratedElement[] = [];

  const san = { ...element('san', [`${p}-SAN`], { name: `${p}-SAN` }, [property('protocol', chance(0.5) ? 'iscsi' : 'fc'), property('capacity', '40TB')], [], 'line'), comment: `Pod ${pod}: Hyper-V fabric, SQL AlwaysOn, SPF, WAP and VMM.` };
  result.push(san);

  const hostCount = 2 + Math.floor(random() * 3);
  const hostNames: string[] = [];
  for (let index = 1; index <= hostCount; index++) {
    const name = `${p}-HV${String(index).padStart(2, '0')}`;
    hostNames.push(name);
    result.push(element('host', [name], { name }, [property('os', '2012R2'), property('memory', '512GB'), property('integration_services', '6.3.9600')], [
      element('nic', ['NIC1'], { name: 'NIC1' }, [property('speed', '10Gbps'), property('physical_switch', `${p}-TOR1`)], [], 'line'),
      element('nic', ['NIC2'], { name: 'NIC2' }, [property('speed', '10Gbps'), property('physical_switch', `${p}-TOR2`)], [], 'line'),
      element('nic', ['NIC3'], { name: 'NIC3' }, [property('speed', '10Gbps'), property('rdma'), property('ip', ip(200 + index, 24))], [], 'line'),
      element('team', ['TEAM1'], { name: 'TEAM1' }, [listProperty('members', ['NIC1', 'NIC2']), property('mode', 'switch_independent'), property('balancing', 'dynamic')], [], 'line'),
      element('vswitch', ['External'], { name: 'External' }, [property('type', 'external'), property('uplink', 'TEAM1')], [], 'line'),
    ]));
  }
  const cluster = `${p}-HVC`;
  const csvCount = 2 + Math.floor(random() * 2);
  result.push(element('cluster', [cluster], { name: cluster }, [
    property('kind', 'hyperv'),
    listProperty('nodes', hostNames),
    property('witness', 'disk', `${p}-SAN`),
  ], [
    ...Array.from({ length: csvCount }, (_, index) => element('csv', [`Volume${index + 1}`], { name: `Volume${index + 1}` }, [property('san', `${p}-SAN`), property('free', '2TB')], [], 'line')),
    element('replica_broker', [`${p}-BROKER`], { name: `${p}-BROKER` }, [property('ip', ip(20))], [], 'line'),
  ]));

  // The DR host that receives the replicas of this pod's web VMs.
  const drHost = `${p}-DR01`;
  result.push(element('host', [drHost], { name: drHost }, [property('os', '2012R2'), property('memory', '256GB')], [
    element('nic', ['NIC1'], { name: 'NIC1' }, [property('speed', '10Gbps')], [], 'line'),
    element('vswitch', ['External'], { name: 'External' }, [property('type', 'external'), property('uplink', 'NIC1')], [], 'line'),
    element('replica_server', [], {}, [property('auth', 'kerberos'), property('storage', 'D-Replicas')], [], 'line'),
  ]));

  const volume = (index: number): string => `Volume${(index % csvCount) + 1}`;
  const vmNic = (address: number | undefined, extra: GeneratedProperty[] = []): GeneratedElement =>
    element('nic', ['nic0'], { name: 'nic0' }, [property('switch', 'External'), ...(address !== undefined ? [property('ip', ip(address, 24))] : []), ...extra], [], 'line');
  /** A VM in the one-line style of the language reference's example. */
  const lineVm = (name: string, memory: string, index: number, affinity: string, nic: GeneratedElement): GeneratedElement =>
    element('vm', [name, 'on', cluster], { name, placement: cluster }, [property('memory', memory), property('storage', 'csv', volume(index)), property('anti_affinity', affinity)], [nic], 'line');
  /** A VM written one statement per line, with its DNS servers and OS. */
  const blockVm = (name: string, memory: string, index: number, affinity: string, nic: GeneratedElement, extra: GeneratedProperty[] = []): GeneratedElement =>
    element('vm', [name, 'on', cluster], { name, placement: cluster }, [
      property('memory', memory), property('storage', 'csv', volume(index)), property('os', '2012R2'), property('integration_services', '6.3.9600'),
      listProperty('dns', ['DC01', 'DC02']), property('anti_affinity', affinity), ...extra,
    ], [nic]);

  const sql = [`${p}-SQL1`, `${p}-SQL2`];
  sql.forEach((name, index) => result.push(blockVm(name, '32GB', index, `${p}-SQL`, vmNic(31 + index), [property('critical')])));
  const vmm = [`${p}-VMM01`, `${p}-VMM02`];
  vmm.forEach((name, index) => result.push(lineVm(name, '8GB', index, `${p}-VMM`, vmNic(41 + index))));
  const spf = [`${p}-SPF1`, `${p}-SPF2`];
  const portal = [`${p}-PORTAL1`, `${p}-PORTAL2`];
  const nlbMember = (name: string, index: number, address: number): GeneratedElement => {
    const missing = chance(0.03);
    if (missing) problems.macSpoofingMissing++;
    return lineVm(name, '4GB', index, name.replace(/[0-9]+$/, ''), vmNic(address, missing ? [] : [property('mac_spoofing')]));
  };
  spf.forEach((name, index) => result.push(nlbMember(name, index, 51 + index)));
  portal.forEach((name, index) => result.push(nlbMember(name, index, 61 + index)));
  const webCount = 4 + Math.floor(random() * 8);
  const web: string[] = [];
  for (let index = 1; index <= webCount; index++) {
    const name = `${p}-WEB${String(index).padStart(2, '0')}`;
    web.push(name);
    result.push(index % 2 === 0 ? lineVm(name, '8GB', index, `${p}-WEB`, vmNic(100 + index)) : blockVm(name, '8GB', index, `${p}-WEB`, vmNic(100 + index)));
  }

  result.push(element('cluster', [`${p}-SQLC`], { name: `${p}-SQLC` }, [property('kind', 'guest'), listProperty('nodes', sql), property('witness', 'share', quoted(`\\\\DC02.${domainName}\\FSW-${p}-SQLC`))]));
  result.push(element('cluster', [`${p}-VMMC`], { name: `${p}-VMMC` }, [property('kind', 'guest'), listProperty('nodes', vmm), property('witness', 'share', quoted(`\\\\DC02.${domainName}\\FSW-${p}-VMMC`))]));

  // SQL instances: the same logins on both replicas, except where a problem is injected.
  const serviceSpf = `${netbios}\\SVC_SPF_${p}`;
  const serviceVmm = `${netbios}\\SVC_VMM_${p}`;
  const appLogins = Array.from({ length: 2 + Math.floor(random() * 4) }, (_, index) => `App${index + 1}_${p}`);
  const dropLogin = chance(0.04) ? appLogins[Math.floor(random() * appLogins.length)] : undefined;
  if (dropLogin) problems.loginMissingOnReplica++;
  const disableSa = chance(0.02);
  if (disableSa) problems.saDisabledOnReplica++;
  sql.forEach((machine, index) => {
    const secondary = index === 1;
    const logins: GeneratedElement[] = [
      element('login', [quoted(serviceSpf)], { name: serviceSpf }, [property('type', 'windows'), listProperty('role', ['sysadmin'])], [], 'line'),
      element('login', [quoted(serviceVmm)], { name: serviceVmm }, [property('type', 'windows')], [], 'line'),
      element('login', ['MgmtSvc_Store'], { name: 'MgmtSvc_Store' }, [property('type', 'sql'), property('sid', `s-store-${pod}`), property('password', `pw-store-${pod}`)], [], 'line'),
      ...appLogins
        .filter((login) => !(secondary && login === dropLogin))
        .map((login, loginIndex) => element('login', [login], { name: login }, [property('type', 'sql'), property('sid', `s-${login}`), property('password', `pw-${loginIndex}-${pod}`)], [], 'line')),
    ];
    const saOff = secondary && disableSa;
    result.push(element('sql', ['on', machine], { machine }, [property('version', '2014'), property('edition', 'Enterprise'), property('auth', 'mixed'), property('hadr')], [
      element('sa', [saOff ? 'disabled' : 'enabled'], { state: saOff ? 'disabled' : 'enabled' }, saOff ? [] : [property('password', `pw-sa-${pod}`)], [], 'line'),
      ...logins,
    ]));
  });

  const listener = `${p}-SQL`;
  const databases: Array<[string, string, string[]]> = [
    ['VirtualManagerDB', 'vmm', [serviceVmm]],
    ['SCSPFDB', 'spf', [serviceSpf]],
    ['Microsoft.MgmtSvc.Config', 'wap', ['sa']],
    ['Microsoft.MgmtSvc.Store', 'wap', ['sa', 'MgmtSvc_Store']],
    ['Microsoft.MgmtSvc.Usage', 'wap', ['sa']],
    ...appLogins.map((login, index): [string, string, string[]] => [`AppDB${index + 1}`, 'app', [login]]),
  ];
  result.push(element('availability_group', [`${p}-AG`, 'on', `${p}-SQLC`], { name: `${p}-AG`, cluster: `${p}-SQLC` }, [], [
    element('replica', [sql[0]], { instance: sql[0] }, [property('commit', 'synchronous'), property('failover', 'automatic'), property('primary')], [], 'line'),
    element('replica', [sql[1]], { instance: sql[1] }, [property('commit', 'synchronous'), property('failover', 'automatic')], [], 'line'),
    element('listener', [listener], { name: listener }, [listProperty('ip', [ip(30, 24)]), property('port', 1433)], [], 'line'),
    ...databases.map(([name, owner, logins]) =>
      element('database', [/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : quoted(name)], { name }, [property('recovery', 'full'), property('backup', 'full'), property('owner', owner), listProperty('logins', logins.map((login) => (login.includes('\\') ? quoted(login) : login)))], [], 'line'),
    ),
  ]));

  result.push(element('vmm', [`${p}-VMM`], { name: `${p}-VMM` }, [
    listProperty('servers', vmm), property('database_server', listener), property('database', 'VirtualManagerDB'), property('service_account', quoted(serviceVmm)),
    listProperty('administrators', [quoted(serviceSpf), quoted(`${netbios}\\Domain Admins`)]), property('library', quoted(`\\\\${vmm[0]}.${domainName}\\MSSCVMMLibrary`)),
  ]));

  const spfName = `spf-${p.toLowerCase()}.${domainName}`;
  const portalName = `portal-${p.toLowerCase()}.${domainName}`;
  const spfPortMissing = chance(0.02);
  if (spfPortMissing) problems.spfPortNotBalanced++;
  result.push(element('nlb', [`${p}-SPFNLB`], { name: `${p}-SPFNLB` }, [
    property('mode', 'unicast'), property('ip', ip(140)), property('internet_name', quoted(spfName)), listProperty('hosts', spf), property('nics_per_host', 2),
  ], [
    element('port_rule', [spfPortMissing ? 443 : 8090], { ports: spfPortMissing ? 443 : 8090 }, [property('protocol', 'tcp'), property('affinity', 'single')], [], 'line'),
  ]));
  result.push(element('dns_record', [quoted(spfName), ip(140)], { name: spfName, address: ip(140) }, [], [], 'line'));
  result.push(element('certificate', [quoted(spfName)], { name: spfName }, [property('issuer', 'public'), listProperty('installed_on', spf)], [], 'line'));
  const serverFacts = (machine: string): GeneratedElement =>
    element('server', [machine], { machine }, [property('vmm_console')], [
      element('local_account', ['SVC_SPF_REG'], { name: 'SVC_SPF_REG' }, [property('password', `pw-spfreg-${pod}`)], [], 'line'),
      ...['SPF_Admin', 'SPF_Provider', 'SPF_VMM'].map((group) => element('group', [group], { name: group }, [listProperty('members', [quoted(serviceSpf), 'SVC_SPF_REG'])], [], 'line')),
    ]);
  result.push(element('spf', [`${p}-SPF`], { name: `${p}-SPF` }, [
    listProperty('servers', spf), property('port', 8090), property('database_server', listener), property('database', 'SCSPFDB'),
    property('service_account', quoted(serviceSpf)), property('vmm', `${p}-VMM`), property('certificate', quoted(spfName)),
  ], spf.map(serverFacts)));

  result.push(element('nlb', [`${p}-PORTALNLB`], { name: `${p}-PORTALNLB` }, [
    property('mode', 'unicast'), property('ip', ip(150)), property('internet_name', quoted(portalName)), listProperty('hosts', portal), property('nics_per_host', 2),
  ], [
    element('port_rule', [443], { ports: 443 }, [property('protocol', 'tcp'), property('affinity', 'single')], [], 'line'),
    element('port_rule', ['30081-30091'], { ports: '30081-30091' }, [property('protocol', 'tcp'), property('affinity', 'single')], [], 'line'),
  ]));
  result.push(element('dns_record', [quoted(portalName), ip(150)], { name: portalName, address: ip(150) }, [], [], 'line'));
  result.push(element('certificate', [quoted(portalName)], { name: portalName }, [property('issuer', 'public'), listProperty('installed_on', portal)], [], 'line'));
  result.push(element('wap', [`${p}-WAP`], { name: `${p}-WAP` }, [
    property('mode', 'express'), listProperty('servers', portal), property('database_server', listener), property('sql_login', 'sa'),
    property('spf_url', quoted(`https://${spfName}:8090`)), property('spf_account', 'SVC_SPF_REG'),
  ], [
    element('tenant_site', [], {}, [property('port', 443), property('certificate', quoted(portalName)), property('internet_facing')], [], 'line'),
    ...portal.map((machine) => element('server', [machine], { machine }, [property('passphrase', `pw-wapconfig-${pod}`)], [], 'line')),
  ]));

  // Hyper-V Replica: the web tier replicates to the DR host.
  for (const name of web) {
    result.push(element('replication', [name, 'to', drHost], { vm: name, target: drHost }, [property('frequency', chance(0.5) ? '5m' : '30s'), property('auth', 'kerberos'), property('storage', 'local'), property('failover_ip', ip(180 + web.indexOf(name), 24))], [], 'line'));
  }
  return result;
}

/** Writes one scalar as `.stamp` source. */
function scalarText(value: GeneratedScalar): string {
  if (typeof value === 'object') return `"${value.quoted}"`;
  return String(value);
}

function propertyText(item: GeneratedProperty): string {
  return [item.keyword, item.values.map(scalarText).join(item.list ? ', ' : ' ')].filter((part) => part !== '').join(' ');
}

/** Writes one element as `.stamp` source, in its style, at an indentation. */
function renderElement(item: GeneratedElement, indent: string, out: string[]): void {
  if (item.comment) out.push(`${indent}// ${item.comment}`);
  const head = [item.keyword, ...item.words.map(scalarText)].join(' ');
  const inner = [...item.properties.map(propertyText)];
  if (item.properties.length === 0 && item.children.length === 0) {
    out.push(`${indent}${head}`);
    return;
  }
  if (item.style === 'line' && item.children.every((child) => child.style === 'line' && child.children.length === 0)) {
    const children = item.children.map((child) => {
      const childHead = [child.keyword, ...child.words.map(scalarText)].join(' ');
      return child.properties.length > 0 ? `${childHead} { ${child.properties.map(propertyText).join('; ')} }` : childHead;
    });
    out.push(`${indent}${head} { ${[...inner, ...children].join('; ')} }`);
    return;
  }
  out.push(`${indent}${head} {`);
  for (const line of inner) out.push(`${indent}  ${line}`);
  for (const child of item.children) renderElement(child, `${indent}  `, out);
  out.push(`${indent}}`);
}

/** The plain value of a scalar in the JSON and YAML forms. */
function plainValue(value: GeneratedScalar): string | number {
  return typeof value === 'object' ? value.quoted : value;
}

/** Converts an element to the plain object tree of the JSON and YAML forms. */
export function toTopologyNode(item: GeneratedElement): TopologyNode {
  const node: TopologyNode = { kind: item.kind, ...item.header };
  if (item.properties.length > 0) {
    const properties: Record<string, unknown> = {};
    for (const entry of item.properties) {
      if (entry.values.length === 0) properties[entry.keyword] = true;
      else if (entry.list || entry.values.length > 1) properties[entry.keyword] = entry.values.map(plainValue);
      else properties[entry.keyword] = plainValue(entry.values[0]);
    }
    node.properties = properties;
  }
  if (item.children.length > 0) node.children = item.children.map(toTopologyNode);
  return node;
}

/** Serializes a plain tree as block-style YAML: maps, sequences of maps, flow sequences of scalars, quoted strings. */
export function toYaml(value: unknown, indent = ''): string {
  const out: string[] = [];
  writeYaml(value, indent, out);
  return `${out.join('\n')}\n`;
}

function yamlScalar(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function writeYaml(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isScalar(item)) {
        out.push(`${indent}- ${yamlScalar(item)}`);
        continue;
      }
      const nested: string[] = [];
      writeYaml(item, `${indent}  `, nested);
      if (nested.length > 0) nested[0] = `${indent}- ${nested[0].slice(indent.length + 2)}`;
      out.push(...nested);
    }
    return;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (isScalar(item)) out.push(`${indent}${key}: ${yamlScalar(item)}`);
    else if (Array.isArray(item) && item.every(isScalar)) out.push(`${indent}${key}: [${item.map(yamlScalar).join(', ')}]`);
    else {
      out.push(`${indent}${key}:`);
      writeYaml(item, `${indent}  `, out);
    }
  }
}

function countElements(items: readonly GeneratedElement[]): number {
  let count = 0;
  for (const item of items) count += 1 + countElements(item.children);
  return count;
}

/** Generates a stamp of about `targetLines` lines; the same seed and size always give the same text. */
export function generateStamp(targetLines: number, seed = 20140101): GeneratedStamp {
  const random = seededRandom(seed ^ targetLines);
  const problems = noProblems();
  const elements = coreElements();
  const lines: string[] = [];
  for (const item of elements) {
    renderElement(item, '', lines);
    lines.push('');
  }
  let pods = 0;
  while (lines.length < targetLines) {
    const podItems = podElements(pods + 1, random, problems);
    pods++;
    for (const item of podItems) {
      renderElement(item, '', lines);
      if (item.style === 'block') lines.push('');
    }
    elements.push(...podItems);
  }
  const stampText = `${lines.join('\n')}\n`;
  const tree: TopologyTree = { children: elements.map(toTopologyNode) };
  return {
    stampText,
    jsonText: JSON.stringify(tree),
    yamlText: toYaml(tree),
    lines: lines.length,
    pods,
    elements: countElements(elements),
    problems,
    tree,
  };
}

/** Splits a generated stamp into a core file and pod files (pods dealt in order), each pod file importing the core. */
export function splitByPods(text: string, podFileCount: number): Array<{ name: string; text: string }> {
  const lines = text.split('\n');
  const podStarts = lines.flatMap((line, index) => (/^\/\/ Pod \d+:/.test(line) ? [index] : []));
  const core = lines.slice(0, podStarts[0]).join('\n');
  const pods = podStarts.map((start, index) => lines.slice(start, podStarts[index + 1] ?? lines.length).join('\n'));
  const perFile = Math.ceil(pods.length / podFileCount);
  const files = [{ name: 'core.stamp', text: `${core}\n` }];
  for (let file = 0; file < podFileCount; file++) {
    const mine = pods.slice(file * perFile, (file + 1) * perFile);
    if (mine.length === 0) break;
    files.push({ name: `pods-${String(file + 1).padStart(2, '0')}.stamp`, text: `import "core.stamp"\n\n${mine.join('\n')}\n` });
  }
  return files;
}
