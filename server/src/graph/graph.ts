// The topology graph of a stamp, computed by the server from the model: the preview and the CLI only draw it.
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { Diagnostic, Severity } from '../../../grammar/src/diagnostic.js';
import type { Element } from '../../../grammar/src/elements.js';
import type { Component, StampModel, Wap } from '../../../grammar/src/model.js';
import { hostMemories } from '../resilience/capacity.js';
import type {
  GraphEdge as ProtocolGraphEdge, GraphNode as ProtocolGraphNode, GraphNodeKind as ProtocolGraphNodeKind,
  GraphProblem as ProtocolGraphProblem, OffsetRange, StampGraph as ProtocolStampGraph,
} from '../../../protocol/src/protocol.js';

// The graph as the server computes it: the `stamp/graph` types of protocol/src/protocol.ts with ranges in offsets;
// server/src/lsp turns them into line/character ranges when it answers.
export type GraphProblem = ProtocolGraphProblem<OffsetRange>;
export type GraphNodeKind = ProtocolGraphNodeKind;
export type GraphNode = ProtocolGraphNode<OffsetRange>;
export type GraphEdge = ProtocolGraphEdge;
export type StampGraph = ProtocolStampGraph<OffsetRange>;

const severityRank: Record<Severity, number> = { error: 4, warning: 3, info: 2, hint: 1 };

/** The higher of two severities. */
export function higherSeverity(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (!a) return b;
  if (!b) return a;
  return severityRank[a] >= severityRank[b] ? a : b;
}

/** Builds the graph of a stamp from its model; never throws on broken input (missing parts are left out). */
export function buildGraph(analysis: Analysis, diagnostics: readonly Diagnostic[], uri: string, options: GraphOptions = {}): StampGraph {
  return new GraphBuilder(analysis.model, diagnostics, uri, options).build();
}

export interface GraphOptions {
  /**
   * Adds the network layer: each host's adapters, teams and virtual switches inside it, the physical switches its
   * adapters are cabled to, and a line from each VM to the virtual switch its adapter connects to.
   */
  network?: boolean;
}

/**
 * The graph node id of every drawn element, exactly as `buildGraph` assigns them (duplicates included), so that other
 * requests (the failure simulation) can speak about the preview's nodes without drawing the graph.
 */
export function graphNodeIdsOf(analysis: Analysis, uri: string): Map<Element, string> {
  return new GraphBuilder(analysis.model, [], uri).nodeIds();
}

class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly edges: GraphEdge[] = [];
  private readonly nodeOf = new Map<Element, GraphNode>();
  private readonly usedIds = new Set<string>();
  private readonly edgeIds = new Set<string>();

  /** Source offsets of nodes that stand for no one element (a physical switch named by adapters). */
  private readonly extraOffsets = new Map<GraphNode, number>();

  constructor(private readonly model: StampModel, private readonly diagnostics: readonly Diagnostic[], private readonly uri: string, private readonly options: GraphOptions = {}) {}

  build(): StampGraph {
    const model = this.model;
    this.addNodes();
    this.addEdges();
    if (this.options.network) this.addNetwork();
    const unattached = this.attachDiagnostics();
    // Source order, file by file in the order the model lists texts: the layout keeps this order.
    const fileOrder = [...model.texts.keys()];
    const offsetOf = new Map<GraphNode, number>();
    for (const [element, node] of this.nodeOf) offsetOf.set(node, element.statement.start);
    for (const [node, offset] of this.extraOffsets) offsetOf.set(node, offset);
    const position = (node: GraphNode) => [fileOrder.indexOf(node.uri), offsetOf.get(node) ?? 0] as const;
    this.nodes.sort((a, b) => {
      const [fileA, offsetA] = position(a);
      const [fileB, offsetB] = position(b);
      return fileA - fileB || offsetA - offsetB || a.id.localeCompare(b.id);
    });
    return { uri: this.uri, title: model.stamp?.name || undefined, nodes: this.nodes, edges: this.edges, unattachedProblems: unattached };
  }

  /** Only the nodes' ids, by element: no edges, no diagnostics. */
  nodeIds(): Map<Element, string> {
    this.addNodes();
    return new Map([...this.nodeOf].map(([element, node]) => [element, node.id]));
  }

  private range(uri: string, start: number, end: number): OffsetRange {
    return { uri, start, end };
  }

  private idPath(element: Element): string {
    const names: string[] = [];
    for (let current: Element | undefined = element; current; current = current.parent) names.unshift(current.key || current.kind.id);
    return names.join('/');
  }

  private addNode(element: Element, kind: GraphNodeKind, options: { parent?: GraphNode; label?: string; sublabel?: string; details?: GraphNode['details'] } = {}): GraphNode {
    const base = `${kind}:${this.idPath(element)}`;
    let id = base;
    // A duplicate declaration (SCH005) still gets its own node, with a stable suffix.
    for (let count = 2; this.usedIds.has(id); count++) id = `${base}#${count}`;
    this.usedIds.add(id);
    const node: GraphNode = {
      id, kind, label: options.label ?? (element.name || element.kind.keyword), sublabel: options.sublabel,
      parent: options.parent?.id, container: false, marks: [], uri: element.uri,
      range: this.range(element.uri, element.statement.start, element.statement.end),
      selectionRange: this.range(element.uri, element.nameSpan.start, element.nameSpan.end),
      details: (options.details ?? []).filter((detail) => detail.value !== ''), problems: [],
    };
    if (options.parent) options.parent.container = true;
    this.nodes.push(node);
    this.nodeOf.set(element, node);
    return node;
  }

  private addEdge(kind: GraphEdge['kind'], source: Element | GraphNode | undefined, target: Element | GraphNode | undefined, label?: string): void {
    const sourceNode = this.asNode(source);
    const targetNode = this.asNode(target);
    if (!sourceNode || !targetNode || sourceNode === targetNode) return;
    const id = `${kind}:${sourceNode.id}->${targetNode.id}`;
    if (this.edgeIds.has(id)) return;
    this.edgeIds.add(id);
    this.edges.push({ id, source: sourceNode.id, target: targetNode.id, kind, label });
  }

  private asNode(thing: Element | GraphNode | undefined): GraphNode | undefined {
    if (!thing) return undefined;
    if ('kind' in thing && typeof thing.kind === 'string') return thing as GraphNode;
    return this.nodeOf.get(thing as Element);
  }

  private addNodes(): void {
    const model = this.model;
    for (const domain of model.domains) {
      this.addNode(domain.element, 'domain', { details: [{ label: 'NetBIOS', value: domain.netbios ?? '' }, { label: 'Controllers', value: domain.controllers.map((dc) => dc.name).join(', ') }] });
    }
    for (const san of model.sans) {
      this.addNode(san.element, 'san', { details: [{ label: 'Protocol', value: textOf(san.element, 'protocol') }, { label: 'Capacity', value: textOf(san.element, 'capacity') }] });
    }
    // Hyper-V clusters contain their nodes (hosts) and the VMs placed on the cluster; guest clusters are drawn apart, linked to their VMs.
    for (const cluster of model.clusters) {
      if (cluster.kind !== 'hyperv') continue;
      this.addNode(cluster.element, 'cluster', {
        sublabel: 'Hyper-V cluster',
        details: [{ label: 'Kind', value: 'Hyper-V' }, { label: 'Nodes', value: cluster.nodes.map((node) => node.name).join(', ') }, { label: 'Witness', value: witnessText(cluster.witness) }],
      });
    }
    for (const host of model.hosts) {
      const cluster = host.clusters[0];
      this.addNode(host.element, 'host', {
        parent: cluster ? this.nodeOf.get(cluster.element) : undefined,
        sublabel: host.os ? `Windows ${host.os.text}` : undefined,
        details: [{ label: 'OS', value: host.os ? `Windows Server ${host.os.text}` : '' }, { label: 'NICs', value: host.nics.map((nic) => nic.name).join(', ') }, { label: 'Virtual switches', value: host.vswitches.map((sw) => sw.name).join(', ') }],
      });
    }
    // Each host's memory use with nothing failed, for its memory bar.
    for (const [element, memory] of hostMemories(model)) {
      const node = this.nodeOf.get(element);
      if (!node) continue;
      node.memory = { usedGB: memory.usedGB, capacityGB: memory.capacityGB, totalGB: memory.host.memoryGB ?? 0, reserveGB: memory.host.reserveGB, overcommitted: memory.overcommitted };
      node.details.push({ label: 'Memory', value: `${round2(memory.usedGB)} of ${round2(memory.capacityGB)} GB for VMs used (${round2(memory.host.memoryGB ?? 0)} GB, ${round2(memory.host.reserveGB)} GB reserve)${memory.overcommitted ? ', over-committed' : ''}` });
    }
    for (const cluster of model.clusters) {
      const clusterNode = this.nodeOf.get(cluster.element);
      if (clusterNode) {
        for (const csv of cluster.csvs) {
          this.addNode(csv.element, 'csv', { parent: clusterNode, sublabel: 'CSV', details: [{ label: 'SAN', value: csv.san?.name ?? '' }, { label: 'Free', value: csv.freeGB !== undefined ? `${csv.freeGB} GB` : '' }] });
        }
        if (cluster.replicaBroker) {
          this.addNode(cluster.replicaBroker, 'replica_broker', { parent: clusterNode, sublabel: 'Replica Broker', details: [{ label: 'IP', value: textOf(cluster.replicaBroker, 'ip') }] });
        }
      }
    }
    for (const vm of model.vms) {
      const parent = vm.host ? this.nodeOf.get(vm.host.element) : vm.cluster ? this.nodeOf.get(vm.cluster.element) : undefined;
      const node = this.addNode(vm.element, 'vm', {
        parent,
        sublabel: vm.memoryGB !== undefined ? `${formatNumber(vm.memoryGB)} GB` : undefined,
        details: [
          { label: 'On', value: vm.placement?.name ?? textOfHeader(vm.element, 'placement') },
          { label: 'Memory', value: vm.memoryGB !== undefined ? `${formatNumber(vm.memoryGB)} GB` : '' },
          { label: 'Storage', value: vm.storage ? (vm.storage.type === 'local' ? 'local' : `CSV ${vm.storage.csv?.name ?? '?'}`) : '' },
          { label: 'OS', value: vm.os ? `Windows Server ${vm.os.text}` : '' },
          { label: 'Anti-affinity', value: vm.antiAffinity ?? '' },
          { label: 'IP', value: vm.nics.map((nic) => nic.ip?.text).filter(Boolean).join(', ') },
        ],
      });
      if (model.domainControllers.has(vm.element)) node.marks.push('DC');
    }
    for (const host of model.hosts) if (model.domainControllers.has(host.element)) this.nodeOf.get(host.element)?.marks.push('DC');
    for (const cluster of model.clusters) {
      if (cluster.kind === 'hyperv') continue;
      this.addNode(cluster.element, 'guest_cluster', {
        sublabel: 'guest cluster',
        details: [{ label: 'Kind', value: 'guest' }, { label: 'Nodes', value: cluster.nodes.map((node) => node.name).join(', ') }, { label: 'Witness', value: witnessText(cluster.witness) }],
      });
    }
    // SQL instances are drawn inside the machine they run on.
    for (const sql of model.sqlInstances) {
      const machine = sql.machine ? this.nodeOf.get(sql.machine) : undefined;
      this.addNode(sql.element, 'sql', {
        parent: machine, label: sql.name, sublabel: sql.version ? `SQL ${sql.version.text}` : 'SQL',
        details: [
          { label: 'Version', value: sql.version ? `SQL Server ${sql.version.text}` : '' },
          { label: 'Authentication', value: sql.auth },
          { label: 'sa', value: sql.sa.enabled ? 'enabled' : 'disabled' },
          { label: 'Logins', value: sql.logins.map((login) => login.name).join(', ') },
        ],
      });
    }
    for (const ag of model.availabilityGroups) {
      const agNode = this.addNode(ag.element, 'availability_group', {
        sublabel: 'availability group',
        details: [
          { label: 'Cluster', value: ag.cluster?.name ?? textOfHeader(ag.element, 'cluster') },
          { label: 'Primary', value: ag.primary ? replicaName(ag.primary.element) : '' },
          { label: 'Databases', value: ag.databases.map((database) => database.name).join(', ') },
        ],
      });
      for (const replica of ag.replicas) {
        const node = this.addNode(replica.element, 'replica', {
          parent: agNode, label: replicaName(replica.element), sublabel: replica.commit ?? 'commit not set',
          details: [{ label: 'Commit', value: replica.commit ?? '' }, { label: 'Failover', value: replica.failover }, { label: 'Readable', value: textOf(replica.element, 'readable') }],
        });
        if (replica === ag.primary) node.marks.push('primary');
      }
      if (ag.listener) {
        const listener = ag.listener;
        this.addNode(listener.element, 'listener', {
          parent: agNode, sublabel: `listener :${listener.port}`,
          details: [{ label: 'IP', value: listener.dhcp ? 'DHCP' : listener.ips.map((ip) => ip.text).join(', ') }, { label: 'Port', value: String(listener.port) }],
        });
      }
    }
    for (const nlb of model.nlbs) {
      this.addNode(nlb.element, 'nlb', {
        sublabel: nlb.portRules.map((rule) => portRuleText(rule.from, rule.to, rule.protocol)).join(', '),
        details: [
          { label: 'Mode', value: nlb.mode },
          { label: 'IP', value: nlb.ip?.text ?? '' },
          { label: 'Internet name', value: nlb.internetName?.text ?? '' },
          { label: 'Hosts', value: nlb.hostValues.map((value) => value.text).join(', ') },
          { label: 'Port rules', value: nlb.portRules.map((rule) => `${portRuleText(rule.from, rule.to, rule.protocol)} affinity ${rule.affinity}`).join('; ') },
        ],
      });
    }
    for (const balancer of model.loadBalancers) {
      this.addNode(balancer.element, 'load_balancer', {
        sublabel: balancer.vip?.text,
        details: [{ label: 'VIP', value: balancer.vip?.text ?? '' }, { label: 'FQDN', value: balancer.fqdn?.text ?? '' }, { label: 'Real servers', value: balancer.realServers.map((server) => server.name).join(', ') }],
      });
    }
    for (const component of model.components) {
      this.addNode(component.element, component.kind, { sublabel: componentTitle(component), details: componentDetails(component) });
    }
    for (const record of model.dnsRecords) {
      this.addNode(record.element, 'dns_record', { sublabel: record.address?.text, details: [{ label: 'Address', value: record.address?.text ?? '' }] });
    }
    for (const certificate of model.certificates) {
      this.addNode(certificate.element, 'certificate', {
        sublabel: certificate.issuer ? `${certificate.issuer.replace('_', '-')} certificate` : 'certificate',
        details: [{ label: 'Issuer', value: certificate.issuer ?? '' }, { label: 'SANs', value: certificate.sans.join(', ') }, { label: 'Installed on', value: certificate.installedOn.map((machine) => machine.name).join(', ') }],
      });
    }
    for (const plan of model.recoveryPlans) {
      this.addNode(plan.element, 'recovery_plan', {
        sublabel: 'recovery plan',
        details: [{ label: 'Primary cloud', value: plan.primaryCloud?.text ?? '' }, { label: 'Recovery cloud', value: plan.recoveryCloud?.text ?? '' }, { label: 'Groups', value: String(plan.groups.length) }],
      });
      const planNode = this.nodeOf.get(plan.element)!;
      for (const group of plan.groups) {
        this.addNode(group.element, 'recovery_group', {
          parent: planNode, label: `Group ${group.order}`, sublabel: group.vms.map((vm) => vm.name).join(', '),
          details: [{ label: 'VMs', value: group.vms.map((vm) => vm.name).join(', ') }, { label: 'Scripts', value: group.steps.map((step) => `${step.when} ${step.script}`).join('; ') }],
        });
      }
    }
  }

  /** The network layer (see `GraphOptions.network`); unresolved references draw no line. */
  private addNetwork(): void {
    const model = this.model;
    const switches = new Map<string, GraphNode>();
    const stackOf = new Map<string, (typeof model.switchStacks)[number]>();
    for (const stack of model.switchStacks) for (const name of stack.switches) stackOf.set(name, stack);
    const physicalSwitch = (name: string, cabledFrom: Element): GraphNode => {
      const key = name.toLowerCase();
      const found = switches.get(key);
      if (found) return found;
      const stack = stackOf.get(key);
      // A switch is no statement of its own: it points at its stack's statement, else at the first adapter naming it.
      const at = stack?.element ?? cabledFrom;
      let id = `switch:${key}`;
      for (let count = 2; this.usedIds.has(id); count++) id = `switch:${key}#${count}`;
      this.usedIds.add(id);
      const node: GraphNode = {
        id, kind: 'switch', label: name, sublabel: stack ? `${stack.kind === 'mlag' ? 'MLAG pair' : 'stack'} ${stack.name}` : 'physical switch',
        container: false, marks: [], uri: at.uri, range: this.range(at.uri, at.statement.start, at.statement.end),
        selectionRange: this.range(at.uri, at.nameSpan.start, at.nameSpan.end), details: stack ? [{ label: 'Stack', value: stack.name }] : [], problems: [],
      };
      this.nodes.push(node);
      this.extraOffsets.set(node, at.statement.start);
      switches.set(key, node);
      return node;
    };
    for (const host of model.hosts) {
      const hostNode = this.nodeOf.get(host.element);
      if (!hostNode) continue;
      for (const nic of host.nics) {
        const facts = [nic.speedGbps !== undefined ? `${formatNumber(nic.speedGbps)} Gbps` : '', nic.virtual ? 'vNIC' : '', nic.rdma ? 'RDMA' : '', nic.sriov ? 'SR-IOV' : ''].filter(Boolean);
        this.addNode(nic.element, 'nic', {
          parent: hostNode, sublabel: facts.length > 0 ? facts.join(' · ') : 'adapter',
          details: [{ label: 'IP', value: nic.ip?.text ?? '' }, { label: 'Physical switch', value: nic.physicalSwitch ?? '' }],
        });
      }
      for (const team of host.teams) {
        this.addNode(team.element, 'team', { parent: hostNode, sublabel: `team · ${team.mode.replace(/_/g, ' ')}`, details: [{ label: 'Mode', value: team.mode }, { label: 'Balancing', value: team.balancing ?? '' }] });
      }
      for (const vswitch of host.vswitches) {
        this.addNode(vswitch.element, 'vswitch', { parent: hostNode, sublabel: `${vswitch.type ?? 'virtual'} switch`, details: [{ label: 'Type', value: vswitch.type ?? '' }, { label: 'Uplink', value: vswitch.uplink?.name ?? '' }] });
      }
      for (const team of host.teams) for (const member of team.members) this.addEdge('team_member', team.element, member);
      for (const vswitch of host.vswitches) this.addEdge('uplink', vswitch.element, vswitch.uplink);
      for (const nic of host.nics) if (nic.physicalSwitch) this.addEdge('cabled', nic.element, physicalSwitch(nic.physicalSwitch, nic.element));
    }
    for (const vm of model.vms) for (const nic of vm.nics) if (nic.switch) this.addEdge('connects', vm.element, nic.switch);
  }

  private addEdges(): void {
    const model = this.model;
    // Domain controllers carry a DC mark instead of an edge each: the picture stays readable.
    for (const cluster of model.clusters) {
      for (const csv of cluster.csvs) this.addEdge('csv_on', csv.element, csv.san);
      if (cluster.witness?.type === 'disk') this.addEdge('witness', cluster.element, cluster.witness.target, 'witness');
      // Guest cluster nodes are VMs drawn elsewhere: link them.
      if (cluster.kind !== 'hyperv') for (const node of cluster.nodes) this.addEdge('member', cluster.element, node);
    }
    for (const ag of model.availabilityGroups) {
      if (ag.cluster) this.addEdge('member', ag.element, ag.cluster.element, 'on');
      for (const replica of ag.replicas) this.addEdge('replica_of', replica.element, replica.instance?.element, replica.commit);
    }
    for (const nlb of model.nlbs) {
      const rules = nlb.portRules.map((rule) => portRuleText(rule.from, rule.to, rule.protocol)).join(', ');
      // A host that serves a fronted component is reached through that component's edge: no second line to it.
      const servedThroughComponent = new Set(nlb.fronts.flatMap((component) => component.servers));
      for (const host of nlb.hosts) if (!servedThroughComponent.has(host)) this.addEdge('nlb_host', nlb.element, host);
      for (const component of nlb.fronts) this.addEdge('fronts', nlb.element, component.element, rules);
    }
    for (const balancer of model.loadBalancers) {
      for (const server of balancer.realServers) this.addEdge('nlb_host', balancer.element, server);
      for (const component of balancer.fronts) this.addEdge('fronts', balancer.element, component.element);
    }
    for (const component of model.components) {
      for (const server of component.servers) this.addEdge('runs_on', component.element, server);
      const database = component.database;
      const databaseElement = database?.listener?.element ?? database?.instance?.element ?? component.databaseServer?.target;
      this.addEdge('database', component.element, databaseElement, component.databases.map((value) => value.text).join(', ') || 'database');
    }
    for (const spf of model.spfs) this.addEdge('uses_vmm', spf.element, spf.vmm?.element, 'vmm');
    for (const wap of model.waps) {
      const target = this.spfTargetOf(wap);
      if (target) this.addEdge('uses_spf', wap.element, target, 'spf_url');
    }
    for (const replication of model.replications) {
      const frequency = formatSeconds(replication.frequencySec);
      this.addEdge('replication', replication.vm?.element, replication.target, `replica ${frequency}`);
      if (replication.extended) {
        const extendedFrequency = replication.extended.frequencySec !== undefined ? formatSeconds(replication.extended.frequencySec) : frequency;
        this.addEdge('extended_replication', replication.target, replication.extended.to, `extended ${extendedFrequency}`);
      }
    }
    for (const plan of model.recoveryPlans) for (const group of plan.groups) for (const vm of group.vms) this.addEdge('recovers', group.element, vm.element);
    // A certificate points at what answers for its name (an NLB, a load balancer), else at the machines it is installed on.
    for (const certificate of model.certificates) {
      const front = model.nlbs.find((nlb) => nlb.internetName?.text.toLowerCase() === certificate.key)
        ?? model.loadBalancers.find((balancer) => balancer.fqdn?.text.toLowerCase() === certificate.key);
      if (front) this.addEdge('installed_on', certificate.element, front.element, 'serves');
      else for (const machine of certificate.installedOn) this.addEdge('installed_on', certificate.element, machine);
    }
    for (const record of model.dnsRecords) {
      const address = record.address?.text;
      if (!address) continue;
      const nlb = model.nlbs.find((candidate) => candidate.ip?.text === address);
      const balancer = model.loadBalancers.find((candidate) => candidate.vip?.text === address);
      const listener = model.availabilityGroups.map((ag) => ag.listener).find((candidate) => candidate?.ips.some((ip) => ip.text.split('/')[0] === address));
      const vm = model.vms.find((candidate) => candidate.nics.some((nic) => nic.ip?.text.split('/')[0] === address));
      this.addEdge('resolves_to', record.element, nlb?.element ?? balancer?.element ?? listener?.element ?? vm?.element);
    }
  }

  /** Where a WAP reaches SPF: the NLB or load balancer whose internet name is the `spf_url` host, else the SPF whose server is that host, else the only SPF. */
  private spfTargetOf(wap: Wap): Element | undefined {
    const model = this.model;
    const url = wap.spfUrl?.text;
    const host = url ? urlHost(url) : undefined;
    if (host) {
      const nlb = model.nlbs.find((candidate) => candidate.internetName?.text.toLowerCase() === host);
      if (nlb) return nlb.element;
      const balancer = model.loadBalancers.find((candidate) => candidate.fqdn?.text.toLowerCase() === host);
      if (balancer) return balancer.element;
      const shortName = host.split('.')[0];
      const spf = model.spfs.find((candidate) => candidate.servers.some((server) => server.key === shortName) || candidate.element.key === shortName);
      if (spf) return spf.element;
    }
    return model.spfs.length === 1 && url ? model.spfs[0].element : undefined;
  }

  /** Gives every diagnostic to the innermost drawn element whose statement contains it. */
  private attachDiagnostics(): GraphProblem[] {
    const unattached: GraphProblem[] = [];
    const elementsByUri = new Map<string, Element[]>();
    for (const element of this.nodeOf.keys()) {
      const list = elementsByUri.get(element.uri) ?? [];
      list.push(element);
      elementsByUri.set(element.uri, list);
    }
    for (const diagnostic of this.diagnostics) {
      const problem: GraphProblem = { code: diagnostic.code, severity: diagnostic.severity, message: diagnostic.message, range: this.range(diagnostic.uri, diagnostic.start, diagnostic.end) };
      let owner: Element | undefined;
      for (const element of elementsByUri.get(diagnostic.uri) ?? []) {
        const statement = element.statement;
        if (diagnostic.start >= statement.start && diagnostic.end <= statement.end) {
          if (!owner || (statement.end - statement.start) < (owner.statement.end - owner.statement.start)) owner = element;
        }
      }
      const node = owner ? this.nodeOf.get(owner) : undefined;
      if (node) {
        node.problems.push(problem);
        node.severity = higherSeverity(node.severity, diagnostic.severity);
      } else if (diagnostic.uri === this.uri) {
        unattached.push(problem);
      }
    }
    return unattached;
  }
}

function textOf(element: Element, keyword: string): string {
  const property = element.properties.get(keyword)?.[0];
  if (!property) return '';
  return Object.values(property.args).flat().map((value) => value.text).join(', ');
}

function textOfHeader(element: Element, name: string): string {
  return (element.header[name] ?? []).map((value) => value.text).join(', ');
}

function replicaName(element: Element): string {
  return element.header.instance?.[0]?.text ?? element.name;
}

function witnessText(witness: { type: string; target?: Element; path?: string } | undefined): string {
  if (!witness) return '';
  if (witness.type === 'disk') return `disk ${witness.target?.name ?? ''}`.trim();
  if (witness.type === 'share') return `share ${witness.path ?? ''}`.trim();
  return witness.type;
}

function portRuleText(from: number, to: number, protocol: string): string {
  return `${from === to ? String(from) : `${from}-${to}`} ${protocol}`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function formatSeconds(seconds: number): string {
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function urlHost(url: string): string | undefined {
  const match = /^[a-z]+:\/\/([^/:?#]+)/i.exec(url.trim());
  return match ? match[1].toLowerCase() : undefined;
}

function componentTitle(component: Component): string {
  const titles: Record<Component['kind'], string> = { vmm: 'VMM', spf: 'SPF', wap: 'Azure Pack', app: 'application' };
  return titles[component.kind];
}

function componentDetails(component: Component): GraphNode['details'] {
  const details: GraphNode['details'] = [
    { label: 'Servers', value: component.serverValues.map((value) => value.text).join(', ') },
    { label: 'Database server', value: component.databaseServer?.text ?? '' },
    { label: 'Databases', value: component.databases.map((value) => value.text).join(', ') },
    { label: 'Service account', value: component.serviceAccount?.text ?? '' },
  ];
  if (component.kind === 'spf') {
    const spf = component as Component & { port: number; vmm?: { name: string } };
    details.push({ label: 'Port', value: String(spf.port) }, { label: 'VMM', value: spf.vmm?.name ?? '' });
  }
  if (component.kind === 'wap') {
    const wap = component as Wap;
    details.push({ label: 'Mode', value: wap.mode ?? '' }, { label: 'SPF URL', value: wap.spfUrl?.text ?? '' });
    if (wap.tenantSite) details.push({ label: 'Tenant site port', value: String(wap.tenantSite.port) });
  }
  if (component.frontedBy.length > 0) details.push({ label: 'Fronted by', value: component.frontedBy.map((front) => front.name).join(', ') });
  return details;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
