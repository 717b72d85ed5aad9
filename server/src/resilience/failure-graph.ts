// The failure analysis by change propagation: one evaluation with nothing failed records what each outcome read (a
// dependency graph of machines, quorums, placements and services); one part's failure then re-evaluates only the
// outcomes above that part whose inputs changed, and stops where an outcome comes out as it was.
import type { Element } from '../../../grammar/src/elements.js';
import type { Cluster, Replication, StampModel } from '../../../grammar/src/model.js';
import type { ClusterPlacement } from './placement.js';
import { activeDirectoryKey, evaluateService, FailureSimulator, servicesOf, spfsKey, type Outcome, type Service } from './simulate.js';

type NodeKind = 'machine' | 'quorum' | 'service' | 'placement';
type Value = Outcome | ClusterPlacement | undefined;

/** One memoized outcome of the evaluation with nothing failed. */
interface GraphNode {
  kind: NodeKind;
  key: object;
  /** Its place in the order the evaluation finished outcomes: everything it read finished before it. */
  index: number;
  value: Value;
  /** The outcomes that read it. */
  parents: GraphNode[];
}

// Stryker disable next-line ObjectLiteral,StringLiteral: in a design whose evaluation met a cycle the graph is thrown away (`cyclic`) and every failure simulated in full, so the value given to the inner outcome of a cycle is never read.
const cycleValue: Outcome = { state: 'up', why: '' };

/** An outcome met itself while being re-evaluated: the failure is then simulated in full instead. */
class CycleMet extends Error {}

/**
 * The dependency graph of a model's services with nothing failed. Exact only when evaluation met no cycle (an outcome
 * that, through others, reads itself: the simulator then answers `up` for the inner one, which depends on where the
 * evaluation started); `cyclic` says so, and callers then simulate every failure in full.
 */
export class FailureGraph {
  readonly nodes: Record<NodeKind, Map<object, GraphNode>> = { machine: new Map(), quorum: new Map(), service: new Map(), placement: new Map() };
  /** For each part, the outcomes whose own evaluation asked whether it failed. */
  readonly readers = new Map<Element, GraphNode[]>();
  readonly services: Service[];
  /** Services already down with nothing failed (by index). */
  readonly downAlready = new Set<number>();
  cyclic = false;
  /** The service (by index) whose outcome each node is: every service has an outcome of its own (its component, group, replication or VM, or the domain). */
  private readonly serviceOfNode = new Map<GraphNode, number>();
  private readonly replicationOf = new Map<object, Replication>();

  constructor(readonly model: StampModel) {
    this.services = servicesOf(model);
    for (const replication of model.replications) this.replicationOf.set(replication.element, replication);
  }

  /** Records the graph, one service per step. */
  *recordInSteps(): Generator<void, void, void> {
    const recorder = new RecordingSimulator(this.model, this);
    for (let index = 0; index < this.services.length; index++) {
      const node = recorder.evaluate(this.services[index]);
      // No node: the evaluation met a cycle (`cyclic` is set).
      if (!node) return;
      this.serviceOfNode.set(node, index);
      if ((node.value as Outcome).state === 'down') this.downAlready.add(index);
      yield;
    }
  }

  /** Records the graph at once. */
  static record(model: StampModel): FailureGraph {
    const graph = new FailureGraph(model);
    const steps = graph.recordInSteps();
    while (!steps.next().done) {
      // Each step recorded one service.
    }
    return graph;
  }

  /** Whether any service depends on the part. */
  reads(part: Element): boolean {
    return this.readers.has(part);
  }

  /** The outcomes that depend on the part: those that asked whether it failed, and every outcome above them. */
  private above(part: Element): Set<GraphNode> {
    // Stryker disable next-line ArrayDeclaration: asked only about parts some outcome read (callers check `reads` first).
    return upwards(this.readers.get(part) ?? []);
  }

  /**
   * The services (by index, ascending) that depend on the part: those whose evaluation with nothing failed asked
   * whether it failed, directly or through the outcomes they read.
   */
  servicesReaching(part: Element): number[] {
    const found: number[] = [];
    for (const node of this.above(part)) {
      const index = this.serviceOfNode.get(node);
      if (index !== undefined) found.push(index);
    }
    return found.sort((a, b) => a - b);
  }

  /**
   * A simulator of the part's failure that gives what a plain `FailureSimulator` gives (outcomes, and the machines it
   * evaluated that are down, in the same order), but takes outcomes that cannot differ from the graph: those that do
   * not depend on the part and have no machine down below them.
   */
  simulatorFor(part: Element): FailureSimulator {
    // Stryker disable next-line ConditionalExpression: computing the set again gives the same set (cost only).
    if (!this.downBelow) {
      const down: GraphNode[] = [];
      // Stryker disable next-line ConditionalExpression: counting more machines as down below only evaluates more outcomes instead of reading them from the graph, with the same outcomes (cost only).
      for (const node of this.nodes.machine.values()) if ((node.value as Outcome).state === 'down') down.push(node);
      this.downBelow = upwards(down);
    }
    return new SettledSimulator(this, part, this.above(part), this.downBelow);
  }

  private downBelow: Set<GraphNode> | undefined;

  /**
   * The services (by index, ascending) that go down when the part fails and were not down before; undefined when
   * the re-evaluation met a cycle (then only a full simulation answers).
   */
  // Stryker disable next-line BlockStatement: undefined means the failure is simulated in full, which both callers then do, with the same answer (cost only).
  newlyDown(part: Element): number[] | undefined {
    const simulator = new PartSimulator(this, part);
    let changed: GraphNode[];
    try {
      // Stryker disable next-line ArrayDeclaration: as above.
      changed = simulator.run(this.readers.get(part) ?? []);
    } catch (error) {
      // Stryker disable next-line ConditionalExpression: the evaluation throws no other error (the `false` form, rethrowing CycleMet, is killed by cycle-on-failure.stamp).
      if (error instanceof CycleMet) return undefined;
      throw error;
    }
    const down: number[] = [];
    for (const node of changed) {
      // Stryker disable next-line ConditionalExpression: the other nodes are quorums (no service's outcome) and placements (no state), which the next test skips anyway.
      if ((node.kind !== 'service' && node.kind !== 'machine') || (simulator.resultOf(node) as Outcome).state !== 'down') continue;
      const index = this.serviceOfNode.get(node);
      // Stryker disable next-line ConditionalExpression: a service down already is skipped by both callers (the summary has found it with nothing failed; SPOF001 leaves it out of what it simulates).
      if (index !== undefined && !this.downAlready.has(index)) down.push(index);
    }
    // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: neither caller depends on the order (the summary fills entries by index; SPOF001 asks whether any went down).
    return down.sort((a, b) => a - b);
  }

  /**
   * Whether a component reads this service only to take the worst of it and its other inputs (`consider`): a
   * component's state is the worst of its servers' and of these.
   */
  // Stryker disable next-line BlockStatement: see the next line.
  consideredByComponents(key: object): boolean {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: it is asked only about an outcome that is not down, above which a component goes down only through an input that is (states take the worst of their inputs): no top component is left as it was (answer no: evaluated again, same outcome) or, left as it was, would have gone down (answer yes, also for a replication).
    return key === spfsKey || key === activeDirectoryKey || this.model.componentOf.has(key as Element) || this.model.agOf.has(key as Element);
  }

  /** Whether the node is a component's outcome that nothing else reads (a service at the top). */
  // Stryker disable next-line BlockStatement: see the next line.
  topComponent(node: GraphNode): boolean {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: answering no evaluates the outcome again (same outcome); answering yes for an outcome something reads makes that reader throw CycleMet when it reads it (a full simulation, same answer), and the node left is, like its input, not down.
    return node.kind === 'service' && node.parents.length === 0 && this.model.componentOf.has(node.key as Element);
  }

  /** Evaluates one outcome of the graph again with a simulator (a part's). */
  reevaluate(simulator: FailureSimulator, node: GraphNode): Value {
    const key = node.key;
    switch (node.kind) {
      case 'machine':
        return simulator.machine(key as Element);
      case 'quorum':
        return simulator.quorum(key as Cluster);
      case 'placement':
        return simulator.placement(key as Cluster);
      default: {
        if (key === spfsKey) return simulator.spfs();
        if (key === activeDirectoryKey) return simulator.activeDirectory();
        const component = this.model.componentOf.get(key as Element);
        if (component) return simulator.component(component);
        const ag = this.model.agOf.get(key as Element);
        if (ag) return simulator.availabilityGroup(ag);
        // Every other service node is a replication's (services are components, groups, replications, critical VMs,
        // whose outcome is their machine's, and the domain).
        return simulator.replication(this.replicationOf.get(key)!);
      }
    }
  }
}

/** The nodes and every node above them. */
function upwards(start: readonly GraphNode[]): Set<GraphNode> {
  const seen = new Set<GraphNode>();
  const pending = [...start];
  while (pending.length > 0) {
    const node = pending.pop()!;
    // Stryker disable next-line ConditionalExpression: a node met twice adds nothing new to the set (its parents are already in it or pending).
    if (seen.has(node)) continue;
    seen.add(node);
    // Stryker disable next-line ConditionalExpression: a parent pushed again is skipped when popped.
    for (const parent of node.parents) if (!seen.has(parent)) pending.push(parent);
  }
  return seen;
}

/**
 * A plain simulator of one failure, with the memos of `FailureSimulator`, except that an outcome the failure cannot
 * change (it does not depend on the part) and that has no machine down below it is read from the graph instead of
 * evaluated. Skipping it changes nothing a caller sees: its outcome is the same, and the machines under it are up, so
 * the down machines are met in the same order as by evaluating everything.
 */
class SettledSimulator extends FailureSimulator {
  constructor(
    private readonly graph: FailureGraph,
    part: Element,
    private readonly affected: Set<GraphNode>,
    private readonly downBelow: Set<GraphNode>,
  ) {
    super(graph.model, [part]);
  }

  // Stryker disable next-line BlockStatement: no outcome taken from the graph: each is evaluated instead, with the same outcome (cost only).
  private fixed(kind: NodeKind, key: object): GraphNode | undefined {
    const node = this.graph.nodes[kind].get(key);
    // Stryker disable next-line ConditionalExpression: as above.
    return node && !this.affected.has(node) && !this.downBelow.has(node) ? node : undefined;
  }

  override machine(element: Element): Outcome {
    const node = this.fixed('machine', element);
    return node ? (node.value as Outcome) : super.machine(element);
  }

  override quorum(cluster: Cluster): Outcome {
    const node = this.fixed('quorum', cluster);
    return node ? (node.value as Outcome) : super.quorum(cluster);
  }

  override placement(cluster: Cluster): ClusterPlacement | undefined {
    const node = this.fixed('placement', cluster);
    return node ? (node.value as ClusterPlacement | undefined) : super.placement(cluster);
  }

  protected override memoService(key: object, compute: () => Outcome): Outcome {
    const node = this.fixed('service', key);
    return node ? (node.value as Outcome) : super.memoService(key, compute);
  }

  override spfs(): Outcome {
    const node = this.fixed('service', spfsKey);
    return node ? (node.value as Outcome) : super.spfs();
  }
}

/**
 * Whether an outcome came out as it was, as far as the propagation needs: only whether services go down is read from
 * it (`newlyDown`), and every state follows from the states below it (the reasons only word them), so an outcome with
 * its state unchanged changes no state above it. A placement counts as unchanged only if it is the same one.
 */
// Stryker disable next-line BlockStatement: an empty body counts every outcome as changed: more evaluation, the same outcomes (cost only).
function sameState(a: Value, b: Value): boolean {
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: the same object has the same state (answered by the test below, or counted as changed: more evaluation, the same outcomes).
  if (a === b) return true;
  // Only placements (objects without a state) reach this test unequal: a cluster's placement is undefined under every
  // failure or under none. Counting a changed placement as unchanged hides no VM going down: a placement changes when a
  // node goes down, and the VMs it places read that node too (they are evaluated again anyway), or when a failed VM or
  // CSV frees memory, and one VM fewer never leaves off a VM that was started (`ClusterPlacement.decisions`).
  // Stryker disable next-line ConditionalExpression,LogicalOperator,BooleanLiteral,StringLiteral: see above; counting more as changed costs only evaluation.
  if (!a || !b || !('state' in a) || !('state' in b)) return false;
  // Stryker disable next-line ConditionalExpression: false counts every outcome as changed (cost only); the `true` form, nothing ever changes, is killed by every design.
  return a.state === b.state;
}

/** A simulator whose memoized outcomes (machines, quorums, placements, services) all go through one look-up by node kind. */
abstract class GraphSimulator extends FailureSimulator {
  protected abstract lookup(kind: NodeKind, key: object, compute: () => Value): Value;

  override machine(element: Element): Outcome {
    return this.lookup('machine', element, () => this.computeMachine(element)) as Outcome;
  }

  override quorum(cluster: Cluster): Outcome {
    return this.lookup('quorum', cluster, () => this.computeQuorum(cluster)) as Outcome;
  }

  override placement(cluster: Cluster): ClusterPlacement | undefined {
    return this.lookup('placement', cluster, () => this.computePlacement(cluster)) as ClusterPlacement | undefined;
  }

  protected override memoService(key: object, compute: () => Outcome): Outcome {
    return this.lookup('service', key, compute) as Outcome;
  }

  override spfs(): Outcome {
    return this.memoService(spfsKey, () => this.foldSpfs());
  }
}

/** Evaluates with nothing failed, recording each memoized outcome, what read it and which parts it asked about. */
class RecordingSimulator extends GraphSimulator {
  private readonly stack: GraphNode[] = [];
  private finished = 0;
  private top: GraphNode | undefined;

  constructor(model: StampModel, private readonly graph: FailureGraph) {
    // Stryker disable next-line ArrayDeclaration: the recorder answers isFailed itself and computes its placements, so the failed set is never read.
    super(model, []);
  }

  /** Evaluates a service and returns its outcome's node; undefined when the evaluation met a cycle. */
  evaluate(service: Service): GraphNode | undefined {
    this.top = undefined;
    evaluateService(this.model, this, service);
    return this.graph.cyclic ? undefined : this.top;
  }

  protected override isFailed(element: Element): boolean {
    // Every part is asked about while an outcome (a machine, quorum, placement or service) is evaluated.
    const reader = this.stack[this.stack.length - 1]!;
    let list = this.graph.readers.get(element);
    if (!list) {
      list = [];
      this.graph.readers.set(element, list);
    }
    // Stryker disable next-line ConditionalExpression,ArithmeticOperator: a reader listed twice is queued and walked once.
    if (list[list.length - 1] !== reader) list.push(reader);
    return false;
  }

  protected override lookup(kind: NodeKind, key: object, compute: () => Value): Value {
    const parent = this.stack[this.stack.length - 1];
    let node = this.graph.nodes[kind].get(key);
    if (node) {
      if (node.index < 0) {
        this.graph.cyclic = true;
        // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: the graph of a design with a cycle is thrown away, so what the inner outcome is given is never read.
        return kind === 'placement' ? undefined : cycleValue;
      }
    } else {
      node = { kind, key, index: -1, value: undefined, parents: [] };
      this.graph.nodes[kind].set(key, node);
      this.stack.push(node);
      node.value = compute();
      this.stack.pop();
      node.index = this.finished++;
    }
    if (parent) {
      // Stryker disable next-line ConditionalExpression,ArithmeticOperator: a parent listed twice is queued and walked once.
      if (node.parents[node.parents.length - 1] !== parent) node.parents.push(parent);
    } else {
      this.top = node;
    }
    return node.value;
  }

}

/**
 * One part failed, evaluated over the graph: the outcomes that asked about the part are evaluated again, then, in the
 * order the graph finished them, every outcome that read one that changed. An outcome finished before the one being
 * evaluated is final (evaluated again or unchanged); one read for the first time (the failure took the evaluation down
 * another path) is evaluated on the spot.
 */
class PartSimulator extends GraphSimulator {
  private readonly results: Record<NodeKind, Map<object, Value>> = { machine: new Map(), quorum: new Map(), service: new Map(), placement: new Map() };
  private readonly inProgress: Record<NodeKind, Set<object>> = { machine: new Set(), quorum: new Set(), service: new Set(), placement: new Set() };
  private readonly queue = new NodeQueue();
  // Stryker disable next-line ArrayDeclaration: a stray entry is no node: it has no kind, and newlyDown skips it.
  private readonly changed: GraphNode[] = [];
  /** Top components not evaluated again: only inputs they take the worst of changed, and none to down. */
  private readonly notDown = new Set<GraphNode>();
  // Stryker disable next-line UnaryOperator: `run` sets it before anything is looked up.
  private current = -1;

  constructor(private readonly graph: FailureGraph, part: Element) {
    super(graph.model, [part]);
  }

  /** Propagates the failure from the outcomes that read the part; returns the outcomes that changed. */
  run(readers: readonly GraphNode[]): GraphNode[] {
    for (const node of readers) this.queue.push(node);
    for (let node = this.queue.pop(); node; node = this.queue.pop()) {
      // Stryker disable next-line ConditionalExpression: evaluating a node again reads its own result (lookup returns it).
      if (this.results[node.kind].has(node.key)) continue;
      this.current = node.index;
      this.graph.reevaluate(this, node);
    }
    return this.changed;
  }

  /** A node's value under this failure (for a top component left as it was, its outcome with nothing failed). */
  resultOf(node: GraphNode): Value {
    const results = this.results[node.kind];
    return results.has(node.key) ? results.get(node.key) : node.value;
  }

  protected override isFailed(element: Element): boolean {
    return this.failed.has(element);
  }

  protected override lookup(kind: NodeKind, key: object, compute: () => Value): Value {
    const results = this.results[kind];
    if (results.has(key)) return results.get(key);
    const node = this.graph.nodes[kind].get(key);
    // Stryker disable next-line ConditionalExpression,BlockStatement: evaluating an outcome finished earlier and not re-evaluated gives the value it had (none of its inputs changed) (cost only).
    if (node && node.index < this.current) {
      // Its outcome is not known, only that it is not down: asking for it needs the full simulation.
      // Stryker disable next-line ConditionalExpression,CallExpression: true simulates in full (same answer); without it, nothing reads a component left as it was: it is at the top, and components read the same outcomes under every failure.
      if (this.notDown.has(node)) throw new CycleMet();
      return node.value;
    }
    const inProgress = this.inProgress[kind];
    // Stryker disable next-line ConditionalExpression: true throws CycleMet for every outcome, and every failure is then simulated in full (the same answers, cost only); the `false` form is killed by cycle-on-failure.stamp (an endless recursion).
    if (inProgress.has(key)) throw new CycleMet();
    inProgress.add(key);
    const value = compute();
    // Stryker disable next-line CallExpression: a finished key has its result, which lookup returns before this test.
    inProgress.delete(key);
    results.set(key, value);
    if (node && !sameState(value, node.value)) {
      this.changed.push(node);
      // Only whether a service goes down matters here. A component that nothing else reads, whose changed inputs are
      // ones it takes the worst of and none of them is down, is not down unless it was already: it is left as it was.
      // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: for a machine, quorum or placement, consideredByComponents answers no (their keys are hosts, VMs and clusters: no component, group, the SPFs or the domain), so the test changes nothing; false leaves no component as it was (it is evaluated again: the same outcome, cost only).
      const service = kind === 'service';
      // Stryker disable next-line ConditionalExpression: false leaves no component as it was (cost only); the other forms (true, and the whole test forced either way) are killed.
      const worstOf = service && (value as Outcome).state !== 'down' && this.graph.consideredByComponents(key);
      for (const parent of node.parents) {
        // Stryker disable next-line ConditionalExpression,CallExpression: false queues every parent (evaluated again: the same outcome, cost only); a top component not noted is not evaluated again, and nothing reads it (the `true` form, no parent queued, is killed).
        if (worstOf && this.graph.topComponent(parent)) this.notDown.add(parent);
        else this.queue.push(parent);
      }
    }
    return value;
  }

}

/** A binary heap of graph nodes, least index first. */
class NodeQueue {
  private readonly items: GraphNode[] = [];

  push(node: GraphNode): void {
    const items = this.items;
    items.push(node);
    let at = items.length - 1;
    while (at > 0) {
      const up = (at - 1) >> 1;
      // Stryker disable next-line EqualityOperator: two entries with equal indices are the same node (each node has an index of its own), so which of them comes first changes nothing.
      if (items[up].index <= node.index) break;
      items[at] = items[up];
      at = up;
    }
    items[at] = node;
  }

  pop(): GraphNode | undefined {
    const items = this.items;
    const first = items[0];
    const last = items.pop();
    if (items.length === 0 || !last) return first;
    let at = 0;
    for (;;) {
      let child = at * 2 + 1;
      if (child >= items.length) break;
      if (child + 1 < items.length) {
        // Stryker disable next-line EqualityOperator: equal indices are the same node (above).
        if (items[child + 1].index < items[child].index) child++;
      }
      // Stryker disable next-line EqualityOperator: as above.
      if (items[child].index >= last.index) break;
      items[at] = items[child];
      at = child;
    }
    items[at] = last;
    return first;
  }
}
