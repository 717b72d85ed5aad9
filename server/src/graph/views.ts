// The preview's views of a stamp (topology, services, replication/DR), each a projection of the full graph computed here, never in the webview.
import type { OffsetRange, ViewGraph as ProtocolViewGraph, ViewInfo, ViewName } from '../../../protocol/src/protocol.js';
import { higherSeverity, type GraphEdge, type GraphNode, type GraphNodeKind, type StampGraph } from './graph.js';

/** The views, in toolbar order; the first is the default. */
export const graphViews: readonly ViewInfo[] = [
  { name: 'topology', title: 'Topology', description: 'Storage, clusters, hosts and the VMs placed on them.' },
  { name: 'services', title: 'Services', description: 'Entry points, load balancers, components, databases and the VMs and hosts under them.' },
  { name: 'replication', title: 'Replication / DR', description: 'Replication pairs, replica brokers and recovery-plan groups.' },
];

export const defaultView: ViewName = 'topology';

export function isViewName(value: unknown): value is ViewName {
  return graphViews.some((view) => view.name === value);
}

/** Above this many nodes a view opens as an overview, its top-level containers collapsed until clicked. */
export const overviewNodeCount = 100;

/** A view's graph as the server computes it (ranges in offsets). */
export type ViewGraph = ProtocolViewGraph<OffsetRange>;
export type { ViewName, ViewInfo };

interface ViewRules {
  /** Whether a node of the full graph is drawn. */
  keep(node: GraphNode): boolean;
  /** Which edges are drawn, and how: `flip` draws the edge from target to source (layout order), `label` keeps the label. */
  edges: Partial<Record<GraphEdge['kind'], { flip?: boolean; label?: boolean; arrow?: boolean }>>;
  /** A node that stands in for a node not kept (the VM of a SQL instance). */
  standIn?(node: GraphNode): string | undefined;
  /** Adjusts a kept node's copy (marks, sublabel) for this view. */
  decorate?(node: GraphNode): void;
}

/** Projects the full graph onto a view; `expanded` lists the containers the user opened in an overview ('all' for no overview). */
export function projectView(full: StampGraph, view: ViewName, expanded: readonly string[] | 'all' = []): ViewGraph {
  const byId = new Map(full.nodes.map((node) => [node.id, node]));
  const children = new Map<string, GraphNode[]>();
  for (const node of full.nodes) {
    if (!node.parent) continue;
    const siblings = children.get(node.parent);
    if (siblings) siblings.push(node);
    else children.set(node.parent, [node]);
  }
  const rules = rulesOf(view, full, byId, children);

  const kept = new Map<string, GraphNode>();
  for (const node of full.nodes) if (rules.keep(node)) kept.set(node.id, { ...node, marks: [...node.marks], problems: [...node.problems], container: false });
  // A kept node's parent is its nearest kept ancestor.
  const keptParent = (node: GraphNode): string | undefined => {
    for (let parent = node.parent ? byId.get(node.parent) : undefined; parent; parent = parent.parent ? byId.get(parent.parent) : undefined) {
      if (kept.has(parent.id)) return parent.id;
    }
    return undefined;
  };
  for (const node of kept.values()) {
    node.parent = keptParent(byId.get(node.id)!);
    if (node.parent) kept.get(node.parent)!.container = true;
  }
  for (const node of kept.values()) rules.decorate?.(node);

  // Large views open as an overview: top-level containers collapsed, unless the user expanded them.
  const overview = kept.size > overviewNodeCount && expanded !== 'all';
  const expandedSet = new Set(expanded === 'all' ? [] : expanded);
  const collapsed = new Set<string>();
  if (overview) for (const node of kept.values()) if (node.container && !node.parent && !expandedSet.has(node.id)) collapsed.add(node.id);
  const collapsedAncestor = (id: string): string | undefined => {
    let found: string | undefined;
    for (let node = kept.get(id); node?.parent; node = kept.get(node.parent)) if (collapsed.has(node.parent)) found = node.parent;
    return found;
  };
  const shown = new Map<string, GraphNode>();
  const shownAs: Record<string, string> = {};
  for (const node of kept.values()) {
    const ancestor = collapsedAncestor(node.id);
    if (ancestor) shownAs[node.id] = ancestor;
    else shown.set(node.id, node);
  }
  const hiddenIn = new Map<string, number>();
  for (const node of kept.values()) {
    const into = shownAs[node.id];
    if (into !== undefined) hiddenIn.set(into, (hiddenIn.get(into) ?? 0) + 1);
  }
  for (const id of collapsed) {
    const node = shown.get(id)!;
    const hidden = hiddenIn.get(id) ?? 0;
    node.container = false;
    node.collapsed = { hidden };
    node.sublabel = `${hidden} inside · click to open`;
  }
  // Nodes of the full graph this view does not keep: a stand-in, else the nearest shown ancestor.
  for (const node of full.nodes) {
    if (kept.has(node.id)) continue;
    let target = rules.standIn?.(node);
    if (!target) for (let parent = node.parent ? byId.get(node.parent) : undefined; parent && !target; parent = parent.parent ? byId.get(parent.parent) : undefined) if (kept.has(parent.id)) target = parent.id;
    if (target && !shown.has(target)) target = shownAs[target];
    if (target) shownAs[node.id] = target;
  }
  // Problems follow their element to the node that stands for it; those with no node in the view are counted apart.
  let problemsElsewhere = 0;
  for (const node of full.nodes) {
    if (shown.has(node.id) || node.problems.length === 0) continue;
    const target = shownAs[node.id] ? shown.get(shownAs[node.id]) : undefined;
    if (!target) {
      problemsElsewhere += node.problems.length;
      continue;
    }
    target.problems.push(...node.problems);
    target.severity = higherSeverity(target.severity, node.severity);
  }

  // A balancer's line to a server that a component it fronts already runs on says nothing new: the path goes through the component.
  const runsOn = new Set(full.edges.filter((edge) => edge.kind === 'runs_on').map((edge) => `${edge.source}>${edge.target}`));
  const fronted = new Map<string, string[]>();
  for (const edge of full.edges) {
    if (edge.kind !== 'fronts') continue;
    const targets = fronted.get(edge.source);
    if (targets) targets.push(edge.target);
    else fronted.set(edge.source, [edge.target]);
  }
  const redundant = (edge: GraphEdge) => edge.kind === 'nlb_host' && (fronted.get(edge.source) ?? []).some((component) => runsOn.has(`${component}>${edge.target}`));
  const endpoint = (id: string): string | undefined => (shown.has(id) ? id : shownAs[id] && shown.has(shownAs[id]) ? shownAs[id] : undefined);
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  for (const edge of full.edges) {
    const style = rules.edges[edge.kind];
    if (!style || redundant(edge)) continue;
    let source = endpoint(edge.source);
    let target = endpoint(edge.target);
    if (!source || !target || source === target) continue;
    if (style.flip) [source, target] = [target, source];
    const lifted = source !== (style.flip ? edge.target : edge.source) || target !== (style.flip ? edge.source : edge.target);
    const id = lifted ? `${edge.kind}:${source}->${target}` : edge.id;
    if (edgeIds.has(id)) continue;
    edgeIds.add(id);
    const drawn: GraphEdge = { id, source, target, kind: edge.kind };
    if (style.label && edge.label && !lifted) drawn.label = edge.label;
    if (style.arrow === false) drawn.arrow = 'none';
    else if (style.flip) drawn.arrow = 'start';
    edges.push(drawn);
  }
  // Packed containers route no edges inside them: with the network layer's links (adapter, team, switch) ELK lays the hosts out in layers.
  const networkLayer = [...shown.values()].some((node) => networkKinds.has(node.kind));
  const packContainers = view === 'topology' && !networkLayer ? true : undefined;
  const elements = full.nodes.map((node) => ({ id: node.id, label: node.label, kind: node.kind, uri: node.uri, range: node.range }));
  return { ...full, nodes: full.nodes.filter((node) => shown.has(node.id)).map((node) => shown.get(node.id)!), edges, view, shownAs, overview, problemsElsewhere, elements, ...(packContainers ? { packContainers } : {}) };
}

const kindsOf = (...kinds: GraphNodeKind[]) => new Set<GraphNodeKind>(kinds);
const networkKinds = kindsOf('nic', 'team', 'vswitch', 'switch');

function rulesOf(view: ViewName, full: StampGraph, byId: Map<string, GraphNode>, children: Map<string, GraphNode[]>): ViewRules {
  const descendants = (id: string): GraphNode[] => (children.get(id) ?? []).flatMap((child) => [child, ...descendants(child.id)]);
  const machineOf = (node: GraphNode): string | undefined => (node.parent && /^(vm|host):/.test(node.parent) ? node.parent : undefined);
  switch (view) {
    case 'topology': {
      // The network kinds are in the full graph only when the user asked for the network layer.
      const kinds = kindsOf('domain', 'san', 'cluster', 'host', 'csv', 'replica_broker', 'vm', 'nic', 'team', 'vswitch', 'switch');
      return {
        keep: (node) => kinds.has(node.kind),
        edges: {
          csv_on: { flip: true, arrow: false }, witness: { flip: true, arrow: false, label: true },
          team_member: { arrow: false }, uplink: { arrow: false }, connects: { arrow: false }, cabled: { arrow: false },
        },
        // A SQL instance is drawn as a mark on its machine.
        standIn: (node) => (node.kind === 'sql' ? machineOf(node) : undefined),
        decorate: (node) => {
          const instances = (children.get(node.id) ?? []).filter((child) => child.kind === 'sql');
          if (instances.length > 0 && !node.marks.includes('SQL')) node.marks.push('SQL');
        },
      };
    }
    case 'services': {
      const serviceKinds = kindsOf('dns_record', 'certificate', 'nlb', 'load_balancer', 'wap', 'spf', 'vmm', 'app', 'availability_group', 'listener', 'replica', 'guest_cluster', 'sql');
      const serviceEdges = new Set<GraphEdge['kind']>(['runs_on', 'nlb_host', 'member', 'replica_of', 'database', 'installed_on']);
      // The machines a service runs on (and the SQL machines), and the hosts and clusters that hold them.
      const machines = new Set<string>();
      for (const edge of full.edges) {
        if (!serviceEdges.has(edge.kind)) continue;
        for (const end of [edge.source, edge.target]) if (/^(vm|host):/.test(end)) machines.add(end);
      }
      for (const node of full.nodes) if (node.kind === 'sql') { const machine = machineOf(node); if (machine) machines.add(machine); }
      const holders = new Set<string>();
      for (const id of machines) for (let node = byId.get(id); node?.parent; node = byId.get(node.parent)) holders.add(node.parent);
      return {
        keep: (node) => serviceKinds.has(node.kind) || machines.has(node.id) || holders.has(node.id),
        edges: {
          resolves_to: {}, installed_on: {}, fronts: { label: true }, nlb_host: {}, uses_spf: {}, uses_vmm: {}, database: {},
          replica_of: { label: true }, runs_on: {}, member: {},
        },
      };
    }
    case 'replication': {
      const replicated = new Set<string>();
      const sites = new Set<string>();
      for (const edge of full.edges) {
        if (edge.kind === 'replication' || edge.kind === 'extended_replication' || edge.kind === 'recovers') {
          if (edge.kind !== 'recovers') replicated.add(edge.source);
          replicated.add(edge.target);
          if (edge.kind !== 'recovers') sites.add(edge.target);
        }
      }
      const holders = new Set<string>();
      for (const id of [...replicated, ...sites]) for (let node = byId.get(id); node?.parent; node = byId.get(node.parent)) holders.add(node.parent);
      const plans = kindsOf('recovery_plan', 'recovery_group');
      return {
        keep: (node) => replicated.has(node.id) || sites.has(node.id) || holders.has(node.id) || plans.has(node.kind)
          || (node.kind === 'replica_broker' && node.parent !== undefined && (holders.has(node.parent) || sites.has(node.parent))),
        edges: { replication: { label: true }, extended_replication: { label: true }, recovers: { arrow: false } },
        decorate: (node) => {
          if (node.kind !== 'cluster' && node.kind !== 'host') return;
          const others = descendants(node.id).filter((child) => child.kind === 'vm' && !replicated.has(child.id)).length;
          if (others > 0) node.sublabel = `${node.sublabel ? `${node.sublabel} · ` : ''}${others} VM${others === 1 ? '' : 's'} not replicated`;
        },
      };
    }
  }
}
