// Memory placement in the failure analysis: golden placements of the examples, the products' placement semantics
// (priority order, startup memory, anti-affinity as a preference, preemption), and properties over random designs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import type { StampModel } from '../grammar/src/model.js';
import type { Element } from '../grammar/src/elements.js';
import { failableParts, simulate, type SimulationResult } from '../server/src/resilience/simulate.js';
import { hostCapacityGB, normalPlacement, type PlacementDecision } from '../server/src/resilience/placement.js';
import { repoRoot } from './support/paths.js';
import { assertGolden } from './support/golden.js';

function modelOf(text: string): StampModel {
  return analyze([{ uri: 'file:///design.stamp', text }]).model;
}

function part(model: StampModel, name: string): Element {
  const found = failableParts(model).find((candidate) => candidate.key === name.toLowerCase());
  assert.ok(found, `no part named ${name}`);
  return found;
}

function vmState(result: SimulationResult, model: StampModel, name: string) {
  const vm = model.vms.find((candidate) => candidate.name === name);
  assert.ok(vm, `no VM ${name}`);
  return result.elements.get(vm.element);
}

function placementText(model: StampModel, result: SimulationResult): string {
  const lines: string[] = [];
  for (const placement of result.placements) {
    lines.push(`cluster ${placement.cluster.name}`);
    for (const load of placement.loads.values()) {
      lines.push(`  ${load.host.name}: ${load.usedGB} of ${load.capacityGB ?? '?'} GB: ${load.vms.map((vm) => vm.name).join(', ') || '-'}`);
    }
    for (const placed of placement.vms.values()) if (placed.state !== 'running') lines.push(`  ${placed.vm.name}: ${placed.state}: ${placed.reason}`);
  }
  for (const vm of model.vms) lines.push(`  vm ${vm.name}: ${result.elements.get(vm.element)}`);
  return lines.join('\n');
}

/** The golden placement of an example: with nothing failed, then with each host of a Hyper-V cluster failed. */
function goldenPlacements(file: string): string {
  const model = modelOf(readFileSync(join(repoRoot, 'examples', file), 'utf8'));
  const sections = [`== nothing failed\n${placementText(model, simulate(model, []))}`];
  for (const cluster of model.clusters) {
    if (cluster.kind !== 'hyperv') continue;
    for (const node of cluster.nodes) sections.push(`== ${node.name} failed\n${placementText(model, simulate(model, [node]))}`);
  }
  const unknown = model.hosts.filter((host) => host.memoryGB === undefined).map((host) => host.name);
  sections.push(`== hosts without memory: ${unknown.join(', ') || 'none'}`);
  return `${sections.join('\n')}\n`;
}

for (const file of ['hoster-4-server.stamp', 'hypervnu-lab.stamp', 'asr-stamp.stamp']) {
  test(`golden placement of examples/${file}`, () => {
    const actual = goldenPlacements(file);
    const path = join(repoRoot, 'test', 'golden', 'capacity', file.replace(/\.stamp$/, '.placement.txt'));
    assertGolden(path, actual, `the placement of examples/${file}`);
  });
}

test('the hoster of seed 003 restarts its clustered VMs on the other node after losing one', () => {
  const model = modelOf(readFileSync(join(repoRoot, 'examples', 'hoster-4-server.stamp'), 'utf8'));
  const result = simulate(model, [part(model, 'NODE1')]);
  assert.ok(result.services.every((service) => service.state !== 'down'));
  const placement = result.placements.find((candidate) => candidate.cluster.name === 'CLUSTER1');
  assert.ok(placement?.known);
  for (const placed of placement.vms.values()) assert.equal(placed.host?.name, 'NODE2', `${placed.vm.name} should run on NODE2`);
});

const twoNodes = (extra: string) => `
host N1 { memory 32GB }
host N2 { memory 32GB }
cluster C { kind hyperv; nodes N1, N2; witness cloud; csv V }
${extra}`;

test('a VM that finds no room is down for lack of capacity, with the memory in words', () => {
  const model = modelOf(twoNodes(`
vm A on C { memory 20GB; storage csv V; critical }
vm B on C { memory 20GB; storage csv V; critical }`));
  const result = simulate(model, [part(model, 'N1')]);
  const down = result.services.filter((service) => service.state === 'down');
  assert.equal(down.length, 1);
  assert.match(down[0].why, /^no capacity: [AB] needs 20 GB, N2 has 10 GB free after its 2 GB reserve$/);
});

test('priority decides who restarts: the high-priority VM takes the room, the low one stays down', () => {
  const model = modelOf(twoNodes(`
vm LOWVM on C { memory 20GB; storage csv V; priority low; critical }
vm HIGHVM on C { memory 20GB; storage csv V; priority high; critical }`));
  const normal = normalPlacement(model, model.clusters[0]);
  const highHome = normal.vms.get(model.vms.find((vm) => vm.name === 'HIGHVM')!)!.host!.name;
  const result = simulate(model, [part(model, highHome)]);
  assert.equal(vmState(result, model, 'HIGHVM'), 'failover');
  assert.equal(vmState(result, model, 'LOWVM'), 'down');
  const low = result.services.find((service) => service.label === 'VM LOWVM')!;
  assert.match(low.why, /preempted by HIGHVM \(priority high\)/);
});

test('startup memory decides for dynamic VMs, not the maximum', () => {
  const model = modelOf(twoNodes(`
vm A on C { memory 20GB; storage csv V; critical }
vm B on C { storage csv V; critical; dynamic_memory { startup 8GB; maximum 64GB } }`));
  const result = simulate(model, [part(model, 'N1')]);
  assert.ok(result.services.every((service) => service.state !== 'down'), JSON.stringify(result.services.map((s) => [s.label, s.state, s.why])));
});

test('anti-affinity is a preference: peers are kept apart while there is room, and share a node when there is not', () => {
  const model = modelOf(twoNodes(`
vm DC1 on C { memory 4GB; storage csv V; anti_affinity DC; preferred_owners N1; critical }
vm DC2 on C { memory 4GB; storage csv V; anti_affinity DC; preferred_owners N1; critical }`));
  const normal = normalPlacement(model, model.clusters[0]);
  const hosts = [...normal.vms.values()].map((placed) => placed.host?.name);
  assert.deepEqual(hosts, ['N1', 'N2'], 'anti-affinity wins over the preferred owner');
  const together = simulate(model, [part(model, 'N2')]);
  assert.equal(vmState(together, model, 'DC1'), 'up');
  assert.equal(vmState(together, model, 'DC2'), 'failover');
  assert.equal(together.placements[0].vms.get(model.vms[1])?.host?.name, 'N1');
});

test('possible owners limit where a VM may restart', () => {
  const model = modelOf(twoNodes(`vm A on C { memory 4GB; storage csv V; possible_owners N1; critical }`));
  const result = simulate(model, [part(model, 'N1')]);
  const service = result.services.find((candidate) => candidate.label === 'VM A')!;
  assert.equal(service.state, 'down');
  assert.match(service.why, /none of its possible owners \(N1\) is running/);
});

test('a no_auto_start VM whose node fails waits for an operator: degraded, not down', () => {
  const model = modelOf(twoNodes(`vm A on C { memory 4GB; storage csv V; priority no_auto_start; critical; preferred_owners N1 }`));
  const result = simulate(model, [part(model, 'N1')]);
  assert.equal(result.services[0].state, 'degraded');
  assert.match(result.services[0].why, /an operator must start it/);
});

test('unknown memory is silent: a node without memory keeps the old failover semantics', () => {
  const model = modelOf(`
host N1 { memory 16GB }
host N2 {}
cluster C { kind hyperv; nodes N1, N2; witness cloud; csv V }
vm A on C { memory 64GB; storage csv V; critical }
vm B on C { memory 64GB; storage csv V; critical }`);
  assert.deepEqual(simulate(model, []).placements, []);
  const result = simulate(model, [part(model, 'N1')]);
  assert.ok(result.services.every((service) => service.state === 'failover'));
});

test('SPOF counts a node whose loss leaves a service down for lack of capacity, with the reason', async () => {
  const { singlePointsOfFailure } = await import('../server/src/resilience/spof.js');
  const model = modelOf(twoNodes(`
vm A on C { memory 20GB; storage csv V; critical; preferred_owners N1 }
vm B on C { memory 20GB; storage csv V; critical; preferred_owners N2 }`));
  const spofs = singlePointsOfFailure(model).filter((spof) => spof.part.kind.id === 'host');
  assert.deepEqual(spofs.map((spof) => spof.part.name).sort(), ['N1', 'N2']);
  assert.match(spofs[0].path, /^no capacity on C for [AB] \([AB] needs 20 GB, N[12] has 10 GB free after its 2 GB reserve\)$/);
});

// ---- Properties over random designs ----

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Design {
  nodes: number[];
  vms: Array<{ memory?: number; priority: string; affinity?: string; fixedTo?: number; dynamic?: number }>;
}

function randomDesign(next: () => number): Design {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const nodes = Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick([16, 24, 32, 48, 64]));
  const vms = Array.from({ length: 3 + Math.floor(next() * 8) }, () => ({
    memory: next() < 0.1 ? undefined : pick([2, 4, 6, 8, 12, 16, 24]),
    priority: pick(['high', 'medium', 'medium', 'low', 'no_auto_start']),
    affinity: next() < 0.3 ? pick(['X', 'Y']) : undefined,
    fixedTo: next() < 0.15 ? Math.floor(next() * nodes.length) : undefined,
    dynamic: next() < 0.2 ? pick([2, 4]) : undefined,
  }));
  return { nodes, vms };
}

function render(design: Design): string {
  const lines = design.nodes.map((memory, index) => `host N${index + 1} { memory ${memory}GB }`);
  lines.push(`cluster C { kind hyperv; nodes ${design.nodes.map((_, index) => `N${index + 1}`).join(', ')}; witness cloud; csv V }`);
  design.vms.forEach((vm, index) => {
    if (vm === undefined) return;
    const props = [vm.memory !== undefined ? `memory ${vm.memory}GB` : '', vm.fixedTo !== undefined ? 'storage local' : 'storage csv V', `priority ${vm.priority}`, vm.affinity ? `anti_affinity ${vm.affinity}` : '', 'critical'];
    if (vm.dynamic !== undefined) props.push(`dynamic_memory { startup ${vm.dynamic}GB }`);
    lines.push(`vm VM${index + 1} on ${vm.fixedTo !== undefined ? `N${vm.fixedTo + 1}` : 'C'} { ${props.filter(Boolean).join('; ')} }`);
  });
  return lines.join('\n');
}

/** Every failure set of no part, one node, or two nodes. */
function nodeFailures(design: Design): string[][] {
  const names = design.nodes.map((_, index) => `N${index + 1}`);
  const sets: string[][] = [[]];
  names.forEach((first, index) => {
    sets.push([first]);
    for (const second of names.slice(index + 1)) sets.push([first, second]);
  });
  return sets;
}

test('property: no placement ever puts more startup memory on a host than it has after its reserve', () => {
  const next = random(1414);
  let checked = 0;
  for (let round = 0; round < 80; round++) {
    const design = randomDesign(next);
    const model = modelOf(render(design));
    for (const failed of nodeFailures(design)) {
      for (const placement of simulate(model, failed.map((name) => part(model, name))).placements) {
        for (const load of placement.loads.values()) {
          const clustered = load.vms.filter((vm) => placement.vms.has(vm));
          if (clustered.length === 0) continue;
          const capacity = hostCapacityGB(load.host)!;
          const fixedGB = load.vms.filter((vm) => !placement.vms.has(vm)).reduce((sum, vm) => sum + (vm.startupGB ?? 0), 0);
          // Fixed VMs may over-commit a host by themselves (CAP003); the cluster never adds to an over-committed host.
          assert.ok(load.usedGB <= Math.max(capacity, fixedGB) + 1e-9, `${render(design)}\nfailing ${failed.join('+')}: ${load.host.name} holds ${load.usedGB} GB of ${capacity}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 500, `only ${checked} loads checked`);
});

test('property: a higher-priority VM is never left down while a lower-priority VM it could replace runs', () => {
  const next = random(2718);
  const value: Record<string, number> = { high: 3, medium: 2, low: 1, no_auto_start: 0 };
  let checked = 0;
  for (let round = 0; round < 80; round++) {
    const design = randomDesign(next);
    const model = modelOf(render(design));
    for (const failed of nodeFailures(design)) {
      for (const placement of simulate(model, failed.map((name) => part(model, name))).placements) {
        for (const placed of placement.vms.values()) {
          if (placed.state !== 'no_capacity' && placed.state !== 'preempted') continue;
          const vm = placed.vm;
          if (value[vm.priority] < 1) continue;
          const allowed = vm.possibleOwners.length > 0 ? new Set(vm.possibleOwners) : undefined;
          for (const load of placement.loads.values()) {
            if (failed.includes(load.host.name) || (allowed && !allowed.has(load.host.element))) continue;
            // Everything on this node of lower priority (and not high) could make room for it.
            const replaceable = load.vms.filter((other) => placement.vms.has(other) && value[other.priority] < value[vm.priority] && other.priority !== 'high');
            const room = (hostCapacityGB(load.host) ?? 0) - load.usedGB + replaceable.reduce((sum, other) => sum + (other.startupGB ?? 0), 0);
            assert.ok(replaceable.length === 0 || (vm.startupGB ?? 0) > room + 1e-9, `${render(design)}\nfailing ${failed.join('+')}: ${vm.name} (${vm.priority}) is down while ${replaceable.map((other) => `${other.name} (${other.priority})`).join(', ')} run on ${load.host.name}`);
            checked++;
          }
        }
      }
    }
  }
  assert.ok(checked > 50, `only ${checked} comparisons were made`);
});

// The issue asks that more memory on a host, or one VM fewer, never make a service less available. Failover clustering
// does not behave so, and neither can any placement that starts VMs in priority order and leaves no memory idle: with
// more memory a VM that found no room now starts, and the room it takes may be the room a later VM had (the two tests
// after the property show it). What does hold, by construction, is what the cluster's first-come start guarantees: the
// placement is a sequence of decisions (keep a VM on its node, start it on a node, preempt, leave it off); with more
// memory or one VM fewer and the same failures, the first decision that differs is never a loss. A VM can therefore be
// worse off only downstream of a first change that is no loss: a VM (ahead of it, or itself) started where it found no
// room before, started on another node (which may be the node that fails), or started without preempting. docs/language.md (Capacity) says so for users.
function decisionKey(decision: PlacementDecision): string {
  return `${decision.vm.name} ${decision.state} ${decision.host?.name ?? '-'} ${decision.preempted.map((vm) => vm.name).join('+')}`;
}

/** The index of the first decision that differs, or -1. */
function firstDifference(before: readonly PlacementDecision[], after: readonly PlacementDecision[]): number {
  const length = Math.max(before.length, after.length);
  for (let index = 0; index < length; index++) {
    if (!before[index] || !after[index] || decisionKey(before[index]) !== decisionKey(after[index])) return index;
  }
  return -1;
}

test('property: with more memory on a host or one VM fewer, the first placement decision that changes is never a loss', () => {
  const next = random(31337);
  let differing = 0;
  let worseOff = 0;
  for (let round = 0; round < 160; round++) {
    const design = randomDesign(next);
    const removed = round % 2 === 0 ? -1 : round % design.vms.length;
    const changed: Design = removed < 0
      ? { ...design, nodes: design.nodes.map((memory, index) => (index === round % design.nodes.length ? memory + 16 : memory)) }
      // Removing a VM keeps the others' names: the removed one leaves a hole.
      : { ...design, vms: design.vms.map((vm, index) => (index === removed ? (undefined as unknown as Design['vms'][number]) : vm)) };
    const base = modelOf(render(design));
    const better = modelOf(render(changed));
    const removedName = `VM${removed + 1}`;
    // The removed VM's decisions go, except one that preempted others: in the changed design those keep running, a gain.
    const withoutRemoved = (decisions: readonly PlacementDecision[]) => decisions
      .filter((decision) => decision.vm.name !== removedName || decision.preempted.length > 0)
      .map((decision) => ({ ...decision, preempted: decision.preempted.filter((vm) => vm.name !== removedName) }));
    for (const failed of nodeFailures(design)) {
      const before = simulate(base, failed.map((name) => part(base, name)));
      const after = simulate(better, failed.map((name) => part(better, name)));
      // One VM fewer may leave no VM with memory: capacity unknown, nothing placed, nothing to compare.
      if (before.placements.length === 0 || after.placements.length === 0) continue;
      const context = `${render(design)}\n=> ${render(changed)}\nfailing ${failed.join('+') || 'nothing'}`;
      // The normal placement decides where VMs run before the failure; then the failure's restarts.
      const phases: Array<[PlacementDecision[], PlacementDecision[]]> = [[withoutRemoved(normalPlacement(base, base.clusters[0]).decisions), normalPlacement(better, better.clusters[0]).decisions]];
      if (failed.length > 0) phases.push([withoutRemoved(before.placements[0].decisions), after.placements[0].decisions]);
      let first: { before: PlacementDecision; after: PlacementDecision } | undefined;
      for (const [old, now] of phases) {
        const index = firstDifference(old, now);
        if (index < 0) continue;
        if (old[index]?.vm.name === removedName) {
          first = { before: old[index], after: old[index] };
          break;
        }
        assert.ok(old[index] && now[index], `${context}\n${old.length > now.length ? 'the changed design' : 'the design'} decided less: ${old.map(decisionKey).join(', ')} / ${now.map(decisionKey).join(', ')}`);
        first = { before: old[index], after: now[index] };
        break;
      }
      const state = (model: StampModel, result: SimulationResult, name: string) => result.elements.get(model.vms.find((vm) => vm.name === name)!.element);
      const rank: Record<string, number> = { up: 0, failover: 0, degraded: 1, down: 2 };
      const losers = base.vms.filter((vm) => vm.name !== removedName && rank[state(better, after, vm.name) ?? 'up'] > rank[state(base, before, vm.name) ?? 'up']);
      if (!first) {
        assert.deepEqual(losers.map((vm) => vm.name), [], `${context}\nthe same decisions, yet VMs are worse off`);
        continue;
      }
      differing++;
      const { before: old, after: now } = first;
      assert.equal(now.vm.name, old.vm.name, `${context}\nthe first differing decision concerns the same VM`);
      if (old.state === 'running') assert.equal(now.state, 'running', `${context}\n${old.vm.name} ran (${decisionKey(old)}) and no longer does (${decisionKey(now)})`);
      if (now.preempted.length > 0) assert.ok(old.state !== 'running' || old.preempted.length > 0, `${context}\n${now.vm.name} now preempts (${decisionKey(now)}) where it started without (${decisionKey(old)})`);
      worseOff += losers.length;
    }
  }
  assert.ok(differing > 100, `only ${differing} changes altered the placement`);
  assert.ok(worseOff > 0, 'no random change left a VM worse off: the property never had to explain a loss');
});

test('property: a VM that fails alone leaves the cluster as it does beside a spare host that holds nothing, left off with nothing failed or not', () => {
  const next = random(4243);
  let leftOff = 0;
  let compared = 0;
  for (let round = 0; round < 120; round++) {
    // Twice the VMs of a random design, so that most clusters are overcommitted and leave VMs off.
    const drawn = randomDesign(next);
    const design = { ...drawn, vms: [...drawn.vms, ...randomDesign(next).vms] };
    const model = modelOf(`${render(design)}\nhost SPARE { memory 16GB }`);
    const spare = part(model, 'SPARE');
    const nothing = simulate(model, []);
    // Everything the failure panel, SPOF001 and `stamp simulate` read: loads, VMs off and why, every element's state,
    // every service's state and reason, and the machines evaluated (SPOF001's explanation), the spare host aside.
    const seen = (result: SimulationResult) => [
      placementText(model, result),
      ...result.services.map((service) => `${service.label}: ${service.state} ${service.why}`),
      ...[...result.machines].filter(([element]) => element !== spare).map(([element, outcome]) => `${element.name}: ${outcome.state} ${outcome.why}`),
    ].join('\n');
    for (const vm of model.vms) {
      const context = `${render(design)}\nfailing ${vm.name}`;
      assert.equal(seen(simulate(model, [vm.element])), seen(simulate(model, [vm.element, spare])), context);
      compared++;
      if (nothing.elements.get(vm.element) === 'down') leftOff++;
    }
  }
  assert.ok(compared > 1000, `only ${compared} failures compared`);
  // The case the failure analysis answers without placing the cluster again: a VM left off with nothing failed.
  assert.ok(leftOff > 100, `only ${leftOff} VMs were left off with nothing failed`);
});

test('a VM left off failing together with a VM that ran, in either order, frees the memory of the one that ran for a VM left off', () => {
  // N1 gives VMs 30 GB: RUNS (20 GB) runs, OFF (20 GB) and SMALL (12 GB) find no room with nothing failed.
  const model = modelOf(`
host N1 { memory 32GB }
cluster C { kind hyperv; nodes N1; witness cloud; csv V }
vm RUNS on C { memory 20GB; storage csv V; critical }
vm OFF on C { memory 20GB; storage csv V; critical }
vm SMALL on C { memory 12GB; storage csv V; critical }`);
  const nothing = simulate(model, []);
  assert.deepEqual(['RUNS', 'OFF', 'SMALL'].map((name) => vmState(nothing, model, name)), ['up', 'down', 'down']);
  const small = (result: SimulationResult) => result.services.find((service) => service.label === 'VM SMALL')!;
  assert.match(small(nothing).why, /^no capacity: SMALL needs 12 GB, N1 has 10 GB free after its 2 GB reserve$/);
  // OFF alone changes nothing for the others (the failure analysis answers it without placing the cluster again).
  const offAlone = simulate(model, [part(model, 'OFF')]);
  assert.deepEqual(['RUNS', 'SMALL'].map((name) => vmState(offAlone, model, name)), ['up', 'down']);
  for (const failed of [['OFF', 'RUNS'], ['RUNS', 'OFF']]) {
    const result = simulate(model, failed.map((name) => part(model, name)));
    const context = `failing ${failed.join(' and ')}`;
    assert.equal(vmState(result, model, 'RUNS'), 'down', context);
    // The cluster starts SMALL, which was off: it recovers by itself.
    assert.equal(vmState(result, model, 'SMALL'), 'failover', `${context}: RUNS's 20 GB are free for SMALL`);
    assert.equal(small(result).state, 'failover', context);
    assert.match(placementText(model, result), /^ {2}N1: 12 of 30 GB: SMALL$/m, context);
  }
});

test('not monotone, as in the product: more memory lets a high-priority VM start, and the low-priority one no longer fits', () => {
  const design = (memory: number) => modelOf(`
host N1 { memory ${memory}GB }
cluster C { kind hyperv; nodes N1; witness cloud; csv V }
vm BIG on C { memory 40GB; storage csv V; priority high; critical }
vm SMALL on C { memory 10GB; storage csv V; priority low; critical }`);
  const before = simulate(design(32), []);
  const after = simulate(design(48), []);
  const states = (result: SimulationResult) => result.services.map((service) => `${service.label} ${service.state}`);
  assert.deepEqual(states(before), ['VM BIG down', 'VM SMALL up']);
  assert.deepEqual(states(after), ['VM BIG up', 'VM SMALL down']);
  assert.match(after.services[1].why, /^no capacity: SMALL needs 10 GB, N1 has 6 GB free after its 2 GB reserve$/);
});

test('not monotone, as in the product: more memory on a node draws VMs to it, and losing it then restarts more of them', () => {
  const design = (memory: number) => modelOf(`
host N1 { memory ${memory}GB }
host N2 { memory 24GB }
cluster C { kind hyperv; nodes N1, N2; witness cloud; csv V }
vm A on C { memory 12GB; storage csv V; critical }
vm B on C { memory 12GB; storage csv V; critical }
vm C6 on C { memory 6GB; storage csv V; critical }`);
  const states = (memory: number) => {
    const model = design(memory);
    return simulate(model, [part(model, 'N1')]).services.map((service) => `${service.label} ${service.state}`);
  };
  // 30 GB for VMs on N1: B runs on N2 and stays; A finds no room there after N1 fails.
  assert.deepEqual(states(32), ['VM A down', 'VM B up', 'VM C6 failover']);
  // 46 GB: A and B start on N1 (the most free memory); after N1 fails, A restarts on N2 and B finds no room.
  assert.deepEqual(states(48), ['VM A failover', 'VM B down', 'VM C6 up']);
});

test('the graph gives each host with memory its use, and the SVG draws it as a bar, red when over-committed', async () => {
  const { buildGraph } = await import('../server/src/graph/graph.js');
  const { renderMemoryBar } = await import('../server/src/graph/memory-bar.js');
  const analysis = analyze([{ uri: 'file:///design.stamp', text: `
host FULL { memory 32GB }
vm F1 on FULL { memory 24GB; storage local }
vm F2 on FULL { memory 12GB; storage local }
host EMPTY {}
host OK { memory 16GB; reserve 4GB }
vm O1 on OK { memory 3GB; storage local }` }]);
  const graph = buildGraph(analysis, [], 'file:///design.stamp');
  const node = (label: string) => graph.nodes.find((candidate) => candidate.label === label)!;
  assert.deepEqual(node('FULL').memory, { usedGB: 36, capacityGB: 30, totalGB: 32, reserveGB: 2, overcommitted: true });
  assert.deepEqual(node('OK').memory, { usedGB: 3, capacityGB: 12, totalGB: 16, reserveGB: 4, overcommitted: false });
  assert.equal(node('EMPTY').memory, undefined, 'a host without memory has no bar');
  assert.ok(node('FULL').details.some((detail) => detail.label === 'Memory' && detail.value === '36 of 30 GB for VMs used (32 GB, 2 GB reserve), over-committed'));
  const over = renderMemoryBar(node('FULL').memory!, 212);
  assert.match(over, /class="memory-bar memory-overcommitted"/);
  assert.match(over, /<rect class="memory-used" x="6" y="3" width="200" height="4" rx="2" fill="#e51400"\/>/);
  const fits = renderMemoryBar(node('OK').memory!, 112);
  assert.match(fits, /<rect class="memory-used" x="6" y="3" width="25" height="4" rx="2" fill="#3794ff"\/>/);
  assert.match(fits, /<title>Memory: 3 of 12 GB for VMs used \(16 GB minus a 4 GB reserve\)<\/title>/);
});

test('the simulate request marks the VMs that found no room, with the reason, and each host\'s memory under the failure', async () => {
  const { handleSimulateRequest } = await import('../server/src/resilience/request.js');
  const { graphNodeIdsOf } = await import('../server/src/graph/graph.js');
  const analysis = analyze([{ uri: 'file:///design.stamp', text: twoNodes(`
vm A on C { memory 20GB; storage csv V; preferred_owners N1 }
vm B on C { memory 20GB; storage csv V; preferred_owners N2 }`) }]);
  const ids = graphNodeIdsOf(analysis, 'file:///design.stamp');
  const idOf = (name: string) => [...ids].find(([element]) => element.name === name)![1];
  const result = handleSimulateRequest(analysis, 'file:///design.stamp', [idOf('N1')]);
  assert.deepEqual(result.noRoom, { [idOf('A')]: 'no capacity: A needs 20 GB, N2 has 10 GB free after its 2 GB reserve' });
  assert.deepEqual(result.hostMemory, {
    [idOf('N1')]: { usedGB: 0, capacityGB: 30, overcommitted: false, share: 0, title: 'Memory: N1 is down and runs no VM', failed: true },
    [idOf('N2')]: { usedGB: 20, capacityGB: 30, overcommitted: false, share: 2 / 3, title: 'Memory after the failure: 20 of 30 GB for VMs used (32 GB minus a 2 GB reserve)', failed: false },
  });
});

test('the capacity statements say, per cluster, whether N+1 holds, what each node uses, and what is not counted', async () => {
  const { capacityStatements, memoryCoverage } = await import('../server/src/resilience/capacity.js');
  const statements = (text: string) => capacityStatements(modelOf(text)).map((statement) => `${statement.state}: ${statement.text}`);
  // Uneven nodes: the largest is named as such; a VM without memory is not counted, and the line says so.
  assert.deepEqual(statements(`
host BIG { memory 64GB }
host SMALL { memory 32GB }
cluster C { kind hyperv; nodes BIG, SMALL; witness cloud; csv V }
vm A on C { memory 20GB; storage csv V }
vm B on C { storage csv V }`), ['fits: C: N+1 holds: after losing any one node every VM restarts; after losing BIG (its largest node), 10 GB to spare. In use, of the memory for VMs after the reserve: BIG 20 of 62 GB, SMALL 0 of 30 GB. 1 clustered VM lacks memory and is not counted.']);
  // Fixed VMs over-commit N1 with nothing failed: A cannot restart there when N2 fails (any node counts, not only the largest).
  assert.deepEqual(statements(`
host N1 { memory 16GB }
host N2 { memory 16GB }
cluster C { kind hyperv; nodes N1, N2; witness cloud; csv V }
vm L on N1 { memory 20GB; storage local }
vm A on C { memory 2GB; storage csv V }`), ['short: C: N+1 fails: after losing N2, A would stay off (2 GB missing). In use, of the memory for VMs after the reserve: N1 20 of 14 GB (over-committed by 6 GB), N2 2 of 14 GB.']);
  // A no_auto_start VM waits for an operator by design: it is not counted as left off for lack of memory.
  assert.deepEqual(statements(`
host N1 { memory 16GB }
host N2 { memory 16GB }
cluster C { kind hyperv; nodes N1, N2; witness cloud; csv V }
vm A on C { memory 6GB; storage csv V; preferred_owners N2 }
vm B on C { memory 6GB; storage csv V; priority no_auto_start; preferred_owners N1 }`), ['fits: C: N+1 holds: after losing any one node every VM restarts; after losing N1 (its nodes have the same memory), 2 GB to spare. In use, of the memory for VMs after the reserve: N1 6 of 14 GB, N2 6 of 14 GB.']);
  // Two nodes without a witness: losing either takes the quorum, whatever the memory.
  assert.deepEqual(statements(`
host N1 { memory 64GB }
host N2 { memory 64GB }
cluster C { kind hyperv; nodes N1, N2; csv V }
vm A on C { memory 4GB; storage csv V }`), ['fits: C: enough memory for N+1: after losing any one node every VM restarts; after losing N1 (its nodes have the same memory), 58 GB to spare; but losing N1 and N2 takes the cluster\'s quorum, and then no VM runs. In use, of the memory for VMs after the reserve: N1 4 of 62 GB, N2 0 of 62 GB.']);
  // A VM that never finds room, even with every node up, runs nowhere: N+1 is said of the VMs that run, never of all.
  assert.deepEqual(statements(`
host N1 { memory 64GB }
host N2 { memory 64GB }
cluster C { kind hyperv; nodes N1, N2; witness cloud; csv V }
vm A on C { memory 20GB; storage csv V }
vm HUGE on C { memory 100GB; storage csv V }`), ['overcommitted: C: HUGE finds no room even with every node up; N+1 holds for the VMs that run: after losing any one node each of them restarts; after losing N1 (its nodes have the same memory), 42 GB to spare. In use, of the memory for VMs after the reserve: N1 20 of 62 GB, N2 0 of 62 GB.']);
  // Clustered VMs on local storage (HV002) take memory where the cluster starts them, not all on the first node; they
  // cannot fail over, and the line says so.
  assert.deepEqual(statements(`
host N1 { memory 32GB }
host N2 { memory 32GB }
cluster C { kind hyperv; nodes N1, N2; witness cloud; csv V }
vm A on C { memory 20GB; storage local }
vm B on C { memory 20GB; storage local }`), ['fits: C: N+1 holds: after losing any one node every VM restarts; after losing N1 (its nodes have the same memory), 0 GB to spare. In use, of the memory for VMs after the reserve: N1 20 of 30 GB, N2 20 of 30 GB. A and B keep their files on local storage: they run where the cluster starts them and cannot fail over (HV002), so N+1 leaves them out.']);
  // One node; a standalone host; a host without memory is counted in the coverage, not guessed.
  const single = modelOf(`
host N1 { memory 16GB }
host LONE { memory 8GB }
host NOMEM {}
cluster C { kind hyperv; nodes N1; witness cloud; csv V }
vm A on C { memory 4GB; storage csv V }
vm S on LONE { memory 10GB; storage local }
vm T on NOMEM { memory 10GB; storage local }`);
  assert.deepEqual(capacityStatements(single).map((statement) => `${statement.state}: ${statement.text}`), [
    'single: C: one node: nothing to fail over to. In use, of the memory for VMs after the reserve: N1 4 of 14 GB.',
    'overcommitted: LONE (not clustered): over-committed by 4 GB with nothing failed; 10 of 6 GB in use',
  ]);
  assert.equal(memoryCoverage(single), '1 of 3 hosts lack memory (NOMEM): their capacity is not checked.');
});
