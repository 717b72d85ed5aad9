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
    const fileIndex = new Map<string, number>();
    for (const uri of model.texts.keys()) if (!fileIndex.has(uri)) fileIndex.set(uri, fileIndex.size);
    const offsetOf = new Map<GraphNode, number>();
    for (const [element, node] of this.nodeOf) offsetOf.set(node, element.statement.start);
    for (const [node, offset] of this.extraOffsets) offsetOf.set(node, offset);
    // Each node's place computed once (a file not among the texts sorts first), not once per comparison.
    const placed = this.nodes.map((node) => ({ node, file: fileIndex.get(node.uri) ?? -1, offset: offsetOf.get(node) ?? 0 }));
    placed.sort((a, b) => a.file - b.file || a.offset - b.offset || a.node.id.localeCompare(b.node.id));
    const nodes = placed.map((each) => each.node);
    return { uri: this.uri, title: model.stamp?.name || undefined, nodes, edges: this.edges, unattachedProblems: unattached };
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
    // A VM that can run on several hosts (a cluster's nodes) uses the switch of that name on whichever node runs it:
    // draw a line to each of them, not only to the one the name resolved to (the first node's).
    for (const vm of model.vms) {
      for (const nic of vm.nics) {
        if (!nic.switch) continue;
        this.addEdge('connects', vm.element, nic.switch);
        const name = nic.switch.name.toLowerCase();
        const resolvedOn = vm.possibleHosts.find((host) => host.vswitches.some((sw) => sw.element === nic.switch));
        if (!resolvedOn) continue;
        for (const host of vm.possibleHosts) {
          const same = host.vswitches.find((sw) => sw.name.toLowerCase() === name);
          if (same) this.addEdge('connects', vm.element, same.element);
        }
      }
    }
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
    const index = this.index();
    for (const certificate of model.certificates) {
      const front = index.nlbByInternetName.get(certificate.key) ?? index.balancerByFqdn.get(certificate.key);
      if (front) this.addEdge('installed_on', certificate.element, front.element, 'serves');
      else for (const machine of certificate.installedOn) this.addEdge('installed_on', certificate.element, machine);
    }
    // A DNS record resolves to the NLB, else the load balancer, else the listener, else the VM with its address (the first of each).
    const nlbByIp = firstBy(model.nlbs, (nlb) => [nlb.ip?.text]);
    const balancerByVip = firstBy(model.loadBalancers, (balancer) => [balancer.vip?.text]);
    const listenerByIp = firstBy(model.availabilityGroups.flatMap((ag) => (ag.listener ? [ag.listener] : [])), (listener) => listener.ips.map((ip) => ip.text.split('/')[0]));
    const vmByIp = firstBy(model.vms, (vm) => vm.nics.map((nic) => nic.ip?.text.split('/')[0]));
    for (const record of model.dnsRecords) {
      const address = record.address?.text;
      if (!address) continue;
      this.addEdge('resolves_to', record.element, (nlbByIp.get(address) ?? balancerByVip.get(address) ?? listenerByIp.get(address) ?? vmByIp.get(address))?.element);
    }
  }

  private indexes?: { nlbByInternetName: Map<string, StampModel['nlbs'][number]>; balancerByFqdn: Map<string, StampModel['loadBalancers'][number]>; spfByName: Map<string, StampModel['spfs'][number]> };

  /**
   * The look-ups by name that edges need, built once per graph (each used to scan every NLB, balancer or SPF per
   * certificate, record or WAP). Each map keeps the first in model order, as a search from the start would find.
   */
  private index(): NonNullable<GraphBuilder['indexes']> {
    if (this.indexes) return this.indexes;
    const model = this.model;
    // Names lower-cased, as the certificate keys and URL hosts they are compared with are.
    const nlbByInternetName = firstBy(model.nlbs, (nlb) => [nlb.internetName?.text.toLowerCase()]);
    const balancerByFqdn = firstBy(model.loadBalancers, (balancer) => [balancer.fqdn?.text.toLowerCase()]);
    const spfByName = firstBy(model.spfs, (spf) => [...spf.servers.map((server) => server.key), spf.element.key]);
    return (this.indexes = { nlbByInternetName, balancerByFqdn, spfByName });
  }

  /** Where a WAP reaches SPF: the NLB or load balancer whose internet name is the `spf_url` host, else the SPF whose server is that host, else the only SPF. */
  private spfTargetOf(wap: Wap): Element | undefined {
    const model = this.model;
    const url = wap.spfUrl?.text;
    const host = url ? urlHost(url) : undefined;
    if (host) {
      const index = this.index();
      const nlb = index.nlbByInternetName.get(host);
      if (nlb) return nlb.element;
      const balancer = index.balancerByFqdn.get(host);
      if (balancer) return balancer.element;
      const spf = index.spfByName.get(host.split('.')[0]);
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
    const nesting = new Map<string, StatementNesting | undefined>();
    for (const diagnostic of this.diagnostics) {
      const problem: GraphProblem = { code: diagnostic.code, severity: diagnostic.severity, message: diagnostic.message, range: this.range(diagnostic.uri, diagnostic.start, diagnostic.end) };
      const elements = elementsByUri.get(diagnostic.uri) ?? [];
      if (!nesting.has(diagnostic.uri)) nesting.set(diagnostic.uri, StatementNesting.of(elements));
      const tree = nesting.get(diagnostic.uri);
      const found = tree ? tree.innermost(diagnostic.start, diagnostic.end) : 'scan';
      const owner = found === 'scan' ? innermostByScan(elements, diagnostic.start, diagnostic.end) : found ?? undefined;
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

/**
 * The innermost of `elements` whose statement holds the range (the shortest; of equal ones the first listed), by
 * looking at every element: the definition `StatementNesting` must agree with, used where it cannot answer.
 */
export function innermostByScan(elements: readonly Element[], start: number, end: number): Element | undefined {
  let owner: Element | undefined;
  for (const element of elements) {
    const statement = element.statement;
    if (start >= statement.start && end <= statement.end) {
      if (!owner || (statement.end - statement.start) < (owner.statement.end - owner.statement.start)) owner = element;
    }
  }
  return owner;
}

/**
 * The drawn elements of one file as a tree of statements (each inside the nearest statement that holds it), so that
 * the innermost statement holding a diagnostic is found by a binary search and a short walk outwards instead of a scan
 * of every element per diagnostic. Statements nest or are apart; a file where two overlap otherwise gets no tree
 * (`of` returns undefined) and the scan answers.
 */
export class StatementNesting {
  private constructor(private readonly sorted: readonly Element[], private readonly parent: ReadonlyArray<number>) {}

  static of(elements: readonly Element[]): StatementNesting | undefined {
    // Outer before inner: by start, then the longer first, then in the order listed (of two equal statements, the
    // first listed is the outer one, which is the one the scan would keep).
    const order = elements.map((element, index) => ({ element, index }));
    order.sort((a, b) => a.element.statement.start - b.element.statement.start || b.element.statement.end - a.element.statement.end || a.index - b.index);
    const sorted = order.map((each) => each.element);
    const parent: number[] = [];
    const open: number[] = [];
    for (let index = 0; index < sorted.length; index++) {
      const { start, end } = sorted[index].statement;
      while (open.length > 0) {
        const outer = sorted[open[open.length - 1]].statement;
        if (end <= outer.end) break;
        // Starts inside the open statement and ends after it: neither nested nor apart.
        if (start < outer.end) return undefined;
        open.pop();
      }
      parent.push(open.length > 0 ? open[open.length - 1] : -1);
      open.push(index);
    }
    return new StatementNesting(sorted, parent);
  }

  /** The innermost statement holding the range, null when none does; 'scan' for an empty range. */
  innermost(start: number, end: number): Element | null | 'scan' {
    // An empty range where one statement ends and the next begins is held by both, which are not nested: the scan
    // decides between them.
    if (start === end) return 'scan';
    // The last statement (outer before inner) that starts at or before the range: every statement holding the range is it or one around it.
    let low = 0;
    let high = this.sorted.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.sorted[middle].statement.start <= start) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    for (let at = found; at >= 0; at = this.parent[at]) {
      const statement = this.sorted[at].statement;
      if (end > statement.end) continue;
      // Of equal statements, the outermost (the first listed).
      while (this.parent[at] >= 0 && sameSpan(this.sorted[this.parent[at]].statement, statement)) at = this.parent[at];
      return this.sorted[at];
    }
    return null;
  }
}

const sameSpan = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start === b.start && a.end === b.end;


/**
 * The first item (in list order) under each of its keys, `undefined` keys left out: `get(key)` equals
 * `items.find((item) => keysOf(item).includes(key))` for every string key.
 */
function firstBy<T>(items: readonly T[], keysOf: (item: T) => ReadonlyArray<string | undefined>): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    for (const key of keysOf(item)) if (key !== undefined && !map.has(key)) map.set(key, item);
  }
  return map;
}

function textOf(element: Element, keyword: string): string {
  const property = element.properties.first(keyword);
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
