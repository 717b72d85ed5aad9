// Failure analysis: what each service of a stamp needs, and what state it is in when some parts have failed.
// Failover semantics follow the products: a clustered VM restarts on a surviving node while its cluster keeps quorum
// and its CSV survives; an availability group fails over automatically only to a synchronous automatic-failover
// replica while its cluster keeps quorum; an NLB keeps serving while one host is up; Hyper-V Replica recovers only
// by a manual failover (degraded, not up).
import { uncServerKey, type Element } from '../../../grammar/src/elements.js';
import type { AvailabilityGroup, Cluster, Component, Csv, Replica, Replication, StampModel, Vm, Witness } from '../../../grammar/src/model.js';
import { capacityKnown, fixedVmsOf, normalPlacement, placeCluster, placementWithoutLeftOffVm, type ClusterPlacement } from './placement.js';
import type { ServiceState } from '../../../protocol/src/protocol.js';

// The states are part of the extension protocol (the preview colours nodes by them): declared there.
export type { ServiceState };

const rank: Record<ServiceState, number> = { up: 0, failover: 1, degraded: 2, down: 3 };

export function stateRank(state: ServiceState): number {
  return rank[state];
}

/** A state with the sentence that explains it. */
export interface Outcome {
  state: ServiceState;
  why: string;
  /**
   * For a machine that something else took down: what did (a storage, a host, a cluster's quorum or nodes, memory), to
   * group machines in SPOF001's explanation. A machine that failed itself has none: it is the part that failed.
   */
  cause?: { kind: 'storage' | 'host' | 'quorum' | 'nodes' | 'capacity'; name: string };
}

/** A service of the stamp that users or operators notice when it stops. */
export interface Service {
  id: string;
  label: string;
  /** The element that declares the service (the component, the availability group, the replicated VM, the domain). */
  element: Element;
  /** For a replicated VM, its replication. */
  replication?: Replication;
}

export interface ServiceOutcome extends Service, Outcome {}

export interface SimulationResult {
  failed: Element[];
  services: ServiceOutcome[];
  /** The state of every machine, storage and service element, for the preview. */
  elements: Map<Element, ServiceState>;
  /** The memory placement of each Hyper-V cluster whose capacity is known. */
  placements: ClusterPlacement[];
  /** Every host and VM with its state and the reason. */
  machines: Map<Element, Outcome>;
}

const up: Outcome = { state: 'up', why: '' };

/** The memo key of the Active Directory service. */
export const activeDirectoryKey = {};
/** The memo key of the SPFs folded for WAP (`FailureSimulator.spfs`). */
export const spfsKey = {};

/** `A, B and C`, shortened to `shown` names (four unless told) and a count. */
export function joinNames(names: readonly string[], shownAtMost = 4): string {
  const shown = names.slice(0, shownAtMost);
  const more = names.length > shown.length ? ` and ${names.length - shown.length} more` : '';
  // Stryker disable next-line StringLiteral: joining at most one name, any separator gives the same text.
  if (shown.length <= 1) return `${shown.join('')}${more}`;
  return more ? `${shown.join(', ')}${more}` : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}


/**
 * Placements under the failure of one part, per model: the SPOF search, the resilience summary and CAP001 each fail
 * the same single parts with fresh simulators, and the placement is a function of the model and the failed set alone.
 */
const singleFailurePlacements = new WeakMap<StampModel, Map<Element, Map<Cluster, ClusterPlacement | undefined>>>();

/** Evaluates a stamp with a set of failed parts; every evaluation is memoized for that set. */
export class FailureSimulator {
  protected readonly failed: Set<Element>;
  private readonly machineMemo = new Map<Element, Outcome>();
  private readonly quorumMemo = new Map<Cluster, Outcome>();
  private readonly serviceMemo = new Map<object, Outcome>();
  /** The SPFs' outcomes folded (see `spfs`), once every SPF is memoized. */
  private spfFold: Outcome | undefined;
  private readonly placementMemo = new Map<Cluster, ClusterPlacement | undefined>();
  /** The outcomes whose evaluation has started: met again before it is memoized, an outcome is in a cycle. */
  private readonly started = new Set<unknown>();
  /** Every part whose failure state was consulted: the parts that can matter to the services evaluated. */
  readonly consulted = new Set<Element>();

  private readonly replicationOf: Map<Element, Replication>;

  constructor(
    readonly model: StampModel,
    failed: Iterable<Element>,
  ) {
    this.failed = new Set(failed);
    this.replicationOf = replicationsByVm(model);
  }

  protected isFailed(element: Element): boolean {
    this.consulted.add(element);
    return this.failed.has(element);
  }

  /** Every machine evaluated so far with its outcome. */
  machines(): Map<Element, Outcome> {
    return this.machineMemo;
  }

  /** A CSV: lost when it or its SAN failed (the machines on it say why). */
  storageLost(csv: Csv | undefined): boolean {
    if (!csv) return false;
    // Stryker disable next-line ConditionalExpression: asking about an undefined SAN answers false (no part is undefined) and only notes undefined among the parts consulted, which count only when failable; the `false` form, a SAN's loss ignored, is killed.
    return this.isFailed(csv.element) || (csv.san !== undefined && this.isFailed(csv.san));
  }

  /** A host or VM: is it running? */
  machine(element: Element): Outcome {
    const cached = this.machineMemo.get(element);
    if (cached) return cached;
    if (this.started.has(element)) return up;
    this.started.add(element);
    const outcome = this.computeMachine(element);
    this.machineMemo.set(element, outcome);
    return outcome;
  }

  protected computeMachine(element: Element): Outcome {
    if (this.isFailed(element)) return { state: 'down', why: `${element.name} failed` };
    // A host runs while it has not failed; so does any machine that is no VM.
    const vm = this.model.vmOf.get(element);
    if (!vm) return up;
    if (vm.storage?.type === 'csv' && this.storageLost(vm.storage.csv)) {
      const name = vm.storage.csv!.name;
      return { state: 'down', why: `${name} holds ${vm.name}`, cause: { kind: 'storage', name } };
    }
    if (vm.host) return this.isFailed(vm.host.element) ? { state: 'down', why: `${vm.host.name} runs ${vm.name}`, cause: { kind: 'host', name: vm.host.name } } : up;
    if (vm.cluster) return this.clusteredVm(vm, vm.cluster);
    return up;
  }

  /** A highly available VM restarts on a surviving node while its cluster keeps quorum. */
  private clusteredVm(vm: Vm, cluster: Cluster): Outcome {
    const quorum = this.quorum(cluster);
    // A Hyper-V cluster without quorum runs no VMs, even if an operator could bring it back.
    // Stryker disable next-line StringLiteral: SPOF001 words a quorum cause and a nodes cause alike (describePath), and their names differ.
    if (quorum.state !== 'up') return { state: 'down', why: `${cluster.name} ${quorum.why}`, cause: { kind: 'quorum', name: `${cluster.name} ${quorum.why}` } };
    const nodes = cluster.nodes.map((node) => ({ node, outcome: this.machine(node) }));
    const alive = nodes.filter((entry) => entry.outcome.state !== 'down');
    // Stryker disable next-line StringLiteral: as above (the kind 'nodes').
    if (alive.length === 0) return { state: 'down', why: `no node of ${cluster.name} is left for ${vm.name}`, cause: { kind: 'nodes', name: `no node of ${cluster.name} is left` } };
    // Clustered VMs on local storage cannot move (HV002 reports the design): they live and die with the node the cluster
    // started them on, by memory. One that finds no room with nothing failed runs nowhere (CAP003). Where memory is not
    // known, neither is that node: losing a node is not said to take the VM down (unknown means silent), only noted.
    if (vm.storage?.type === 'local') {
      if (!capacityKnown(this.model, cluster)) {
        const lost = nodes.filter((entry) => entry.outcome.state === 'down').map((entry) => entry.node.name);
        if (lost.length === 0) return up;
        return { state: 'up', why: `${vm.name} runs from local storage on the node the cluster started it on, which is not known without memory: it is down if that was ${lost.length === 1 ? lost[0] : `one of ${joinNames(lost)}`}` };
      }
      // With nothing failed every VM of the cluster is eligible, so the normal placement has each; a running one has a node.
      const started = normalPlacement(this.model, cluster).vms.get(vm)!;
      if (started.state !== 'running') return this.placedOutcome(vm, cluster, started);
      const home = nodes.find((entry) => entry.node === started.host!.element);
      return home && home.outcome.state === 'down' ? { state: 'down', why: `${home.node.name} runs ${vm.name} from local storage`, cause: { kind: 'host', name: home.node.name } } : up;
    }
    const placement = this.placement(cluster);
    // Without a placement (memory unknown) there is no placed VM; with one, every VM that reaches here is in it.
    const placed = placement?.vms.get(vm);
    if (placed) return this.placedOutcome(vm, cluster, placed);
    if (alive.length < nodes.length) return { state: 'failover', why: `${vm.name} restarts on ${joinNames(alive.map((entry) => entry.node.name))}` };
    return up;
  }

  /** A clustered VM's state from the memory placement of its cluster. */
  private placedOutcome(vm: Vm, cluster: Cluster, placed: NonNullable<ReturnType<ClusterPlacement['vms']['get']>>): Outcome {
    const capacity = { kind: 'capacity' as const, name: cluster.name };
    switch (placed.state) {
      case 'running':
        return placed.moved ? { state: 'failover', why: `${vm.name} restarts on ${placed.host!.name}` } : up;
      case 'not_started':
        // The placement gives every VM it does not start its reason.
        return { state: 'degraded', why: placed.reason! };
      case 'no_owner':
        // Stryker disable next-line StringLiteral: as above (the kind 'nodes').
        return { state: 'down', why: `${vm.name}: ${placed.reason}`, cause: { kind: 'nodes', name: placed.reason! } };
      default:
        return { state: 'down', why: `no capacity: ${vm.name} ${placed.reason}`, cause: capacity };
    }
  }

  /** The memory placement of a Hyper-V cluster under this simulator's failures, when its capacity is known. */
  placement(cluster: Cluster): ClusterPlacement | undefined {
    // Stryker disable next-line ConditionalExpression: placing again under the same failures gives the same placement, from the shared memo below (cost only).
    if (this.placementMemo.has(cluster)) return this.placementMemo.get(cluster);
    // Stryker disable next-line ConditionalExpression: false shares no placement (each simulator places for itself: cost only); the `true` form, sharing under several failures, is killed by the failure sets of placement-memo.stamp.
    const single = this.failed.size === 1 ? this.singleFailureMemo() : undefined;
    // Stryker disable next-line ConditionalExpression,BlockStatement: not taking the shared placement places again, with the same result (cost only); the `true` form, with no shared memo under several failures, is killed.
    if (single?.has(cluster)) {
      // Computed by another simulator of the same failure: evaluate the machines that one evaluated, so that machines()
      // is the same (SPOF001's explanation reads it). Every caller has evaluated the nodes already; beyond them, only a
      // placement made again (not the normal one) evaluates machines: the fixed VMs of the running nodes.
      const cached = single.get(cluster);
      if (cached && cached !== normalPlacement(this.model, cluster)) this.evaluateFixedVms(cluster);
      // Stryker disable next-line CallExpression: not kept, the placement is taken again from the shared memo, with the same machines (cost only).
      this.placementMemo.set(cluster, cached);
      return cached;
    }
    const result = this.computePlacement(cluster);
    // Stryker disable next-line CallExpression: not kept, it is placed again (the same placement; cost only).
    this.placementMemo.set(cluster, result);
    single?.set(cluster, result);
    return result;
  }

  /** The per-model memo of placements under this simulator's single failed part. */
  // Stryker disable next-line BlockStatement: without the memo each simulator places for itself (cost only).
  private singleFailureMemo(): Map<Cluster, ClusterPlacement | undefined> {
    let byPart = singleFailurePlacements.get(this.model);
    // Stryker disable next-line ConditionalExpression: a new map each time only loses shared placements (cost only); the `false` form crashes and is killed.
    if (!byPart) singleFailurePlacements.set(this.model, (byPart = new Map()));
    const part = this.failed.values().next().value as Element;
    let memo = byPart.get(part);
    // Stryker disable next-line ConditionalExpression,BooleanLiteral,CallExpression: a memo made again, or not kept, only loses shared placements (each simulator places for itself: cost only).
    if (!memo) byPart.set(part, (memo = new Map()));
    return memo;
  }

  /**
   * Evaluates the machines a placement made again evaluates beyond the nodes: the fixed VMs of the running nodes, in
   * placeCluster's order. (What it asks about the placed VMs' failure and storage only adds to `consulted`, which is read
   * with nothing failed alone.)
   */
  private evaluateFixedVms(cluster: Cluster): void {
    for (const [host, vms] of fixedVmsOf(this.model, cluster)) {
      if (this.machine(host.element).state === 'down') continue;
      // A VM placed on a host is no cluster's VM (a VM is `on` one host or one cluster): its machine decides.
      for (const vm of vms) this.machine(vm.element);
    }
  }

  /** The placement under this simulator's failures, computed (not memoized: the caller memoizes it). */
  protected computePlacement(cluster: Cluster): ClusterPlacement | undefined {
    let result: ClusterPlacement | undefined;
    if (capacityKnown(this.model, cluster)) {
      const normal = normalPlacement(this.model, cluster);
      // With every node up and every VM placed in normal operation, a failed VM or CSV only frees memory: the VMs that
      // still run keep their places. Only the nodes are consulted then, so other parts stay irrelevant to this cluster.
      const allNodesUp = cluster.nodes.every((node) => this.machine(node).state !== 'down');
      if (allNodesUp && normal.complete) return normal;
      // One clustered VM of this cluster failed, every node up: if it was left off anyway, the others are placed as
      // with nothing failed (on an overcommitted cluster, half its VMs' failures: each would place the cluster again).
      // Stryker disable next-line ConditionalExpression: `false` never takes the shortcut and places the cluster again, the same (cost only); the `true` forms, the shortcut under a node down or a second failure, are killed (test/capacity.test.ts).
      const failedVm = allNodesUp && this.failed.size === 1 ? this.model.vmOf.get(this.failed.values().next().value as Element) : undefined;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: no other VM is in this cluster's placement, so placementWithoutLeftOffVm declines it (or none) as it declines a VM that ran: placed again, the same (cost only).
      const derived = failedVm?.cluster === cluster ? placementWithoutLeftOffVm(this.model, cluster, failedVm) : undefined;
      // Stryker disable next-line ConditionalExpression,BlockStatement: without the shortcut the cluster is placed again, the same (cost only); the `true` form, an undefined placement, is killed.
      if (derived) {
        // Evaluate the machines placeCluster would have evaluated (SPOF001's explanation reads them).
        this.evaluateFixedVms(cluster);
        return derived;
      }
      const nodeUp = (host: { element: Element }): boolean => this.machine(host.element).state !== 'down';
      result = placeCluster(this.model, cluster, {
        nodeUp,
        vmEligible: (vm) => !this.isFailed(vm.element) && !(vm.storage?.type === 'csv' && this.storageLost(vm.storage.csv)),
        fixedRunning: (vm) => this.machine(vm.element).state !== 'down',
        normal,
      });
    }
    return result;
  }

  /** Quorum: more than half of the votes (nodes plus witness) must be reachable. */
  quorum(cluster: Cluster): Outcome {
    const cached = this.quorumMemo.get(cluster);
    if (cached) return cached;
    if (this.started.has(cluster)) return up;
    this.started.add(cluster);
    const outcome = this.computeQuorum(cluster);
    this.quorumMemo.set(cluster, outcome);
    return outcome;
  }

  protected computeQuorum(cluster: Cluster): Outcome {
    let total = 0;
    let alive = 0;
    // Votes of nodes that are down but can be brought back from a Hyper-V replica by an operator.
    let recoverable = 0;
    const witness = cluster.witness;
    if (witness?.type !== 'disk_only') {
      for (const node of cluster.nodes) {
        // The model gives every node a vote (1 unless a `vote` says otherwise).
        const votes = cluster.votes.get(node)!;
        total += votes;
        if (this.machine(node).state !== 'down') alive += votes;
        else if (this.serving(node).state === 'degraded') recoverable += votes;
      }
    }
    if (witness && witness.type !== 'none') {
      total += 1;
      if (this.witnessAlive(witness)) alive += 1;
    }
    if (total > 0 && alive * 2 <= total) {
      return (alive + recoverable) * 2 > total
        ? { state: 'degraded', why: `needs nodes recovered from their replicas to regain quorum (${alive} of ${total} votes left)` }
        : { state: 'down', why: `loses quorum (${alive} of ${total} votes)` };
    }
    return up;
  }

  private witnessAlive(witness: Witness): boolean {
    if (witness.type === 'share') {
      const key = uncServerKey(witness.path);
      const machine = key ? (this.model.index.lookup('vm', key) ?? this.model.index.lookup('host', key)) : undefined;
      return machine ? this.machine(machine).state !== 'down' : true;
    }
    // A cloud witness has no target, and neither has a disk witness whose target is not known (unknown means up).
    const target = witness.target;
    // Stryker disable next-line ConditionalExpression: without a target the tests below answer alive too (no part is undefined, and csvOf has no undefined key); the `true` form is killed.
    if (!target) return true;
    if (this.isFailed(target)) return false;
    // A disk on a CSV (a witness disk of another kind has no CSV: only its own failure counts).
    return !this.storageLost(this.model.csvOf.get(target));
  }

  /** An availability group's listener: the primary, an automatic failover partner, or a manual failover. */
  availabilityGroup(ag: AvailabilityGroup): Outcome {
    return this.memoService(ag.element, () => {
      if (ag.cluster) {
        const quorum = this.quorum(ag.cluster);
        if (quorum.state !== 'up') return { state: quorum.state, why: `${ag.cluster.name} ${quorum.why}` };
      }
      const running = (replica: Replica): Outcome => (replica.instance?.machine ? this.machine(replica.instance.machine) : replica.instance ? up : { state: 'down', why: 'unknown instance' });
      // A replica VM brought back by Hyper-V Replica still needs an operator: the group is degraded at best.
      const recoverable = (replica: Replica): boolean => replica.instance?.machine !== undefined && this.serving(replica.instance.machine).state === 'degraded';
      const primary = ag.primary;
      if (!primary) return up;
      const primaryState = running(primary);
      if (primaryState.state !== 'down') return primaryState.state === 'failover' ? { state: 'failover', why: primaryState.why } : up;
      const automatic = (replica: Replica) => replica.failover === 'automatic' && replica.commit === 'synchronous';
      // The primary is down, so it is neither a partner nor a survivor; a replica that runs has an instance (`running`).
      const partner = automatic(primary) ? ag.replicas.find((replica) => automatic(replica) && running(replica).state !== 'down') : undefined;
      if (partner) return { state: 'failover', why: `${ag.name} fails over automatically to ${partner.instance!.name}` };
      const survivor = ag.replicas.find((replica) => running(replica).state !== 'down');
      if (survivor) return { state: 'degraded', why: `${ag.name} needs a manual failover to ${survivor.instance!.name} (${primaryState.why})` };
      // A recoverable replica has a machine, so an instance.
      const rescued = ag.replicas.find(recoverable);
      if (rescued) return { state: 'degraded', why: `${ag.name} needs ${rescued.instance!.name} recovered from its Hyper-V replica (${primaryState.why})` };
      const lost = ag.replicas.map((replica) => replica.instance?.name ?? replica.element.name);
      return { state: 'down', why: `${joinNames(lost)} ${lost.length > 1 ? 'are' : 'is'} down: ${primaryState.why}` };
    });
  }

  /** Active Directory: up while one domain controller runs. */
  activeDirectory(): Outcome {
    return this.memoService(activeDirectoryKey, () => {
      const controllers = [...this.model.domainControllers];
      if (controllers.length === 0) return up;
      const outcomes = controllers.map((dc) => this.serving(dc));
      if (outcomes.some((outcome) => outcome.state === 'up')) return up;
      if (outcomes.some((outcome) => outcome.state === 'failover')) return { state: 'failover', why: 'the domain controllers restart' };
      const recovered = outcomes.find((outcome) => outcome.state === 'degraded');
      if (recovered) return recovered;
      return { state: 'down', why: `every domain controller is down (${outcomes.map((outcome) => outcome.why).join('; ')})` };
    });
  }

  /** A component: its servers (through its load balancer), its database, and what it uses. */
  component(component: Component): Outcome {
    return this.memoService(component.element, () => {
      let result: Outcome = this.servers(component);
      const consider = (outcome: Outcome, prefix: string): void => {
        if (rank[outcome.state] > rank[result.state]) result = { state: outcome.state, why: `${prefix}${outcome.why}` };
      };
      const database = component.database;
      if (database?.ag) consider(this.availabilityGroup(database.ag), 'its database: ');
      else if (database?.instance?.machine) consider(this.machine(database.instance.machine), `its database server ${database.instance.name}: `);
      // An SPF needs its VMM (only SPFs are in model.spfs).
      const vmm = this.model.spfs.find((spf) => spf.element === component.element)?.vmm;
      if (vmm) consider(this.component(vmm), `VMM ${vmm.name}: `);
      if (component.kind === 'wap') consider(this.spfs(), '');
      consider(this.activeDirectory(), 'Active Directory: ');
      return result;
    });
  }

  /**
   * What WAP needs of the SPFs: the first SPF in the worst state, its reason prefixed with its name (`up` when every
   * SPF is up). Considering this one outcome gives a WAP the same result as considering every SPF in turn. Kept: the
   * fold leaves every SPF memoized (none is being evaluated when it is asked for: no SPF reads a WAP, the fold's only
   * reader), so folding again would read the same memos.
   */
  spfs(): Outcome {
    this.spfFold ??= this.foldSpfs();
    return this.spfFold;
  }

  protected foldSpfs(): Outcome {
    let worst: Outcome = up;
    for (const spf of this.model.spfs) {
      const outcome = this.component(spf);
      if (rank[outcome.state] > rank[worst.state]) worst = { state: outcome.state, why: `SPF ${spf.name}: ${outcome.why}` };
    }
    return worst;
  }

  /** A web tier behind a load balancer serves while one server runs; otherwise its first server is the service. */
  private servers(component: Component): Outcome {
    const servers = component.servers;
    if (servers.length === 0) return up;
    const outcomes = servers.map((server) => ({ server, outcome: this.serving(server) }));
    const best = (state: ServiceState) => outcomes.find((entry) => entry.outcome.state === state);
    const cluster = this.clusteredServers(servers);
    const balanced = component.frontedBy.length > 0 || cluster !== undefined;
    if (balanced) {
      if (cluster) {
        const quorum = this.quorum(cluster);
        if (quorum.state !== 'up') return { state: quorum.state, why: `${cluster.name} ${quorum.why}` };
      }
      const alive = outcomes.filter((entry) => entry.outcome.state !== 'down');
      if (best('up')) {
        if (cluster && alive.length < outcomes.length) return { state: 'failover', why: `${component.name} moves to ${joinNames(alive.map((entry) => entry.server.name))}` };
        return up;
      }
      const next = best('failover') ?? best('degraded');
      if (next) return next.outcome;
      return { state: 'down', why: `${joinNames(servers.map((server) => server.name))} ${servers.length > 1 ? 'are' : 'is'} down: ${outcomes[0].outcome.why}` };
    }
    const first = outcomes[0];
    if (first.outcome.state !== 'down') return first.outcome.state === 'up' ? up : first.outcome;
    const others = outcomes.filter((entry) => entry.outcome.state !== 'down');
    if (others.length > 0) return { state: 'degraded', why: `${first.server.name} is down and nothing moves clients to ${joinNames(others.map((entry) => entry.server.name))}: ${first.outcome.why}` };
    return { state: 'down', why: first.outcome.why };
  }

  /** The guest cluster whose nodes are exactly these servers (a clustered role, such as highly available VMM). */
  private clusteredServers(servers: readonly Element[]): Cluster | undefined {
    if (servers.length < 2) return undefined;
    // The clusters that have the first server as a node, in the model's order: the first of them with every server.
    return clustersByNode(this.model).get(servers[0])?.find((cluster) => servers.every((server) => cluster.nodes.includes(server)));
  }

  /** A replicated VM: running, or recoverable on its replica by a manual failover. */
  replication(replication: Replication): Outcome {
    return this.memoService(replication.element, () => {
      // Only a replication of a VM is a service (servicesOf) or a machine's replication (replicationsByVm).
      const vm = replication.vm!;
      const running = this.machine(vm.element);
      if (running.state !== 'down') return running;
      const target = replication.target;
      const targetAlive = !target ? false : target.kind.id === 'cluster' ? this.model.clusterOf.get(target)!.nodes.some((node) => this.machine(node).state !== 'down') : this.machine(target).state !== 'down';
      const replicaLost = replication.storage?.type === 'csv' && this.storageLost(replication.storage.csv);
      if (targetAlive && !replicaLost) return { state: 'degraded', why: `${vm.name} needs a manual failover to its replica on ${target!.name} (${running.why})` };
      return { state: 'down', why: `${running.why}, and its replica on ${target?.name ?? 'the target'} is lost too` };
    });
  }

  /** A VM marked critical that is not replicated. */
  criticalVm(vm: Vm): Outcome {
    return this.machine(vm.element);
  }

  /** A machine as a service sees it: running, or (a replicated VM) recoverable by a manual failover to its replica. */
  serving(element: Element): Outcome {
    const running = this.machine(element);
    // Stryker disable next-line ConditionalExpression: for a machine that is not down its replication answers the machine's own outcome, which is then returned (cost only).
    if (running.state !== 'down') return running;
    const replication = this.replicationOf.get(element);
    if (!replication) return running;
    const recovered = this.replication(replication);
    return recovered.state === 'degraded' ? recovered : running;
  }

  protected memoService(key: object, compute: () => Outcome): Outcome {
    const cached = this.serviceMemo.get(key);
    if (cached) return cached;
    if (this.started.has(key)) return up;
    this.started.add(key);
    const outcome = compute();
    this.serviceMemo.set(key, outcome);
    return outcome;
  }
}

const clustersByNodeCache = new WeakMap<StampModel, Map<Element, Cluster[]>>();

/** The clusters each element is a node of, in the model's order, computed once per model. */
function clustersByNode(model: StampModel): Map<Element, Cluster[]> {
  let map = clustersByNodeCache.get(model);
  // Stryker disable next-line ConditionalExpression: computing the map again gives the same map (cost only).
  if (!map) {
    map = new Map();
    for (const cluster of model.clusters) {
      for (const node of new Set(cluster.nodes)) {
        const list = map.get(node);
        if (list) list.push(cluster);
        else map.set(node, [cluster]);
      }
    }
    // Stryker disable next-line CallExpression: as above (not kept: computed again, the same map).
    clustersByNodeCache.set(model, map);
  }
  return map;
}

const replicationCache = new WeakMap<StampModel, Map<Element, Replication>>();

/** The replication of each replicated VM, computed once per model. */
function replicationsByVm(model: StampModel): Map<Element, Replication> {
  let map = replicationCache.get(model);
  // Stryker disable next-line ConditionalExpression: computing the map again gives the same map (cost only).
  if (!map) {
    map = new Map();
    for (const replication of model.replications) if (replication.vm && !map.has(replication.vm.element)) map.set(replication.vm.element, replication);
    // Stryker disable next-line CallExpression: as above (not kept: computed again, the same map).
    replicationCache.set(model, map);
  }
  return map;
}

/** The services of a stamp, in a stable order. */
export function servicesOf(model: StampModel): Service[] {
  const services: Service[] = [];
  for (const component of model.components) {
    const kindLabel = component.kind === 'app' ? '' : component.kind.toUpperCase();
    const label = !kindLabel ? component.name : component.name.toLowerCase() === component.kind ? kindLabel : `${kindLabel} ${component.name}`;
    services.push({ id: `component:${component.element.key}`, label, element: component.element });
  }
  for (const ag of model.availabilityGroups) {
    services.push({ id: `ag:${ag.element.key}`, label: ag.listener ? `listener ${ag.listener.name}` : `availability group ${ag.name}`, element: ag.element });
  }
  const replicated = new Set<Element>();
  for (const replication of model.replications) {
    if (!replication.vm) continue;
    replicated.add(replication.vm.element);
    services.push({ id: `replication:${replication.element.key}`, label: `VM ${replication.vm.name}`, element: replication.element, replication });
  }
  for (const vm of model.vms) if (vm.critical && !replicated.has(vm.element)) services.push({ id: `vm:${vm.element.key}`, label: `VM ${vm.name}`, element: vm.element });
  // Stryker disable next-line StringLiteral: the id 'ad' is read only by evaluateService, whose default branch is Active Directory (the label's emptied form is killed).
  if (model.domainControllers.size > 0) services.push({ id: 'ad', label: 'Active Directory', element: model.domains[0].element });
  return services;
}

/** The state of every service with some parts failed. */
export function simulate(model: StampModel, failed: readonly Element[]): SimulationResult {
  const simulator = new FailureSimulator(model, failed);
  const services = servicesOf(model).map((service): ServiceOutcome => {
    const outcome = evaluateService(model, simulator, service);
    return { ...service, ...outcome };
  });
  const elements = new Map<Element, ServiceState>();
  for (const host of model.hosts) elements.set(host.element, simulator.machine(host.element).state);
  for (const vm of model.vms) elements.set(vm.element, simulator.machine(vm.element).state);
  for (const san of model.sans) elements.set(san.element, failed.includes(san.element) ? 'down' : 'up');
  for (const cluster of model.clusters) {
    for (const csv of cluster.csvs) elements.set(csv.element, simulator.storageLost(csv) ? 'down' : 'up');
    elements.set(cluster.element, simulator.quorum(cluster).state);
  }
  for (const sql of model.sqlInstances) elements.set(sql.element, sql.machine ? simulator.machine(sql.machine).state : 'up');
  for (const service of services) elements.set(service.element, service.state);
  for (const nlb of model.nlbs) {
    const alive = nlb.hosts.filter((host) => simulator.machine(host).state !== 'down').length;
    elements.set(nlb.element, nlb.hosts.length === 0 ? 'up' : alive === 0 ? 'down' : 'up');
  }
  const placements: ClusterPlacement[] = [];
  for (const cluster of model.clusters) {
    // A guest cluster has no placement (its capacity is never known).
    if (simulator.quorum(cluster).state !== 'up') continue;
    const placement = simulator.placement(cluster);
    if (placement) placements.push(placement);
  }
  return { failed: [...failed], services, elements, placements, machines: simulator.machines() };
}

/** The outcome of one service under a simulator's failures. */
export function evaluateService(model: StampModel, simulator: FailureSimulator, service: Service): Outcome {
  // `component:KEY`, `ag:KEY`, `replication:KEY`, `vm:KEY` or `ad`.
  switch (service.id.split(':')[0]) {
    case 'component':
      return simulator.component(model.componentOf.get(service.element)!);
    case 'ag':
      return simulator.availabilityGroup(model.agOf.get(service.element)!);
    case 'replication':
      return simulator.replication(service.replication!);
    case 'vm':
      return simulator.criticalVm(model.vmOf.get(service.element)!);
    default:
      return simulator.activeDirectory();
  }
}

/** The parts whose failure the analysis considers: hosts, SANs, CSVs without a SAN, and VMs. */
export function failableParts(model: StampModel): Element[] {
  const parts: Element[] = [];
  for (const san of model.sans) parts.push(san.element);
  for (const cluster of model.clusters) for (const csv of cluster.csvs) if (!csv.san) parts.push(csv.element);
  for (const host of model.hosts) parts.push(host.element);
  for (const vm of model.vms) parts.push(vm.element);
  return parts;
}
