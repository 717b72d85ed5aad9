// Failure analysis: simulation semantics on the examples, and properties over random designs (seeded): a redundant
// peer never makes a service less available, and removing every alternative makes the last one a single point of failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import type { StampModel } from '../grammar/src/model.js';
import { failableParts, servicesOf, simulate, stateRank } from '../server/src/resilience/simulate.js';
import { handleResilienceRequest } from '../server/src/resilience/request.js';
import { resilienceSummary, singlePointsOfFailure } from '../server/src/resilience/spof.js';
import { repoRoot } from './support/paths.js';

function modelOf(text: string): StampModel {
  return analyze([{ uri: 'file:///design.stamp', text }]).model;
}

function element(model: StampModel, name: string) {
  const found = model.index.all.find((candidate) => candidate.key === name.toLowerCase() && ['host', 'vm', 'san', 'csv'].includes(candidate.kind.id));
  assert.ok(found, `no part named ${name}`);
  return found;
}

function serviceState(model: StampModel, failed: string[], label: string) {
  const result = simulate(model, failed.map((name) => element(model, name)));
  const service = result.services.find((candidate) => candidate.label === label);
  assert.ok(service, `no service ${label}; have ${result.services.map((s) => s.label).join(', ')}`);
  return service;
}

const lab = modelOf(readFileSync(join(repoRoot, 'examples', 'hypervnu-lab.stamp'), 'utf8'));

test('the hyper-v.nu lab: the SAN is the only single point of failure', () => {
  const spofs = singlePointsOfFailure(lab);
  assert.deepEqual(spofs.map((spof) => spof.part.name), ['SAN01']);
  assert.deepEqual(spofs[0].services.map((service) => service.label), ['VMM', 'SPF', 'WAP Portal', 'listener SQL']);
  assert.match(spofs[0].path, /^Volume1 holds /);
});

test('the lab: losing a Hyper-V node restarts the clustered VMs elsewhere', () => {
  const result = simulate(lab, [element(lab, 'HV01')]);
  assert.equal(result.elements.get(element(lab, 'SQL1')), 'failover');
  assert.equal(result.elements.get(element(lab, 'DC02')), 'up');
  assert.ok(result.services.every((service) => service.state !== 'down'));
});

test('the lab: losing SQL1 fails the availability group over automatically to SQL2', () => {
  const listener = serviceState(lab, ['SQL1'], 'listener SQL');
  assert.equal(listener.state, 'failover');
  assert.match(listener.why, /fails over automatically to SQL2/);
});

test('the lab: losing both SPF servers takes SPF and WAP down; one is enough to keep serving', () => {
  assert.equal(serviceState(lab, ['SPF1'], 'SPF').state, 'up');
  assert.equal(serviceState(lab, ['SPF1', 'SPF2'], 'SPF').state, 'down');
  assert.equal(serviceState(lab, ['SPF1', 'SPF2'], 'WAP Portal').state, 'down');
});

test('the lab: Active Directory survives any single failure and needs two', () => {
  const ad = resilienceSummary(lab).find((entry) => entry.service.label === 'Active Directory');
  assert.equal(ad?.minimumFailures, 2);
});

test('an asynchronous replica needs a manual failover: degraded, not up', () => {
  const text = `
host H1 {}
host H2 {}
vm SQL1 on H1 { storage local }
vm SQL2 on H2 { storage local }
cluster G { kind guest; nodes SQL1, SQL2; witness cloud }
sql on SQL1 {}
sql on SQL2 {}
availability_group AG on G {
  replica SQL1 { commit synchronous; failover manual; primary }
  replica SQL2 { commit asynchronous; failover manual }
  listener L { ip 10.0.0.5/24 }
}`;
  const model = modelOf(text);
  assert.equal(serviceState(model, ['H1'], 'listener L').state, 'degraded');
  assert.equal(serviceState(model, ['H1', 'H2'], 'listener L').state, 'down');
});

test('a Hyper-V Replica copy turns a lost VM into a manual failover', () => {
  const text = `
san S {}
host N1 {}
host N2 {}
host B {}
cluster C { kind hyperv; nodes N1, N2; witness cloud; csv V { san S }; replica_broker BR { ip 10.0.0.9 } }
vm WEB on C { storage csv V; critical }
replication WEB to B { frequency 5m }`;
  const model = modelOf(text);
  assert.equal(serviceState(model, ['S'], 'VM WEB').state, 'degraded');
  assert.equal(serviceState(model, ['S', 'B'], 'VM WEB').state, 'down');
  assert.deepEqual(singlePointsOfFailure(model), []);
});

test('quorum: a two-node cluster without a witness loses its VMs with one node', () => {
  const text = `
host N1 {}
host N2 {}
cluster C { kind hyperv; nodes N1, N2 }
vm APP on C { storage local; critical }
vm WEB on C { critical }`;
  const model = modelOf(text);
  const web = serviceState(model, ['N2'], 'VM WEB');
  assert.equal(web.state, 'down');
  assert.match(web.why, /quorum/);
});

// ---- Properties over random designs ----

/** A small deterministic PRNG (mulberry32). */
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
  nodes: number;
  witness: 'cloud' | 'none' | 'disk';
  dcs: Array<'cluster' | 'host'>;
  replicas: Array<{ placement: 'cluster' | 'host'; commit: 'synchronous' | 'asynchronous'; failover: 'automatic' | 'manual' }>;
  spfServers: Array<'cluster' | 'host'>;
}

function randomDesign(next: () => number): Design {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const count = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    nodes: count(1, 3),
    witness: pick(['cloud', 'none', 'disk'] as const),
    dcs: Array.from({ length: count(1, 3) }, () => pick(['cluster', 'host'] as const)),
    replicas: Array.from({ length: count(1, 3) }, () => ({ placement: pick(['cluster', 'host'] as const), commit: pick(['synchronous', 'asynchronous'] as const), failover: pick(['automatic', 'manual'] as const) })),
    spfServers: Array.from({ length: count(1, 3) }, () => pick(['cluster', 'host'] as const)),
  };
}

/** Renders a design: each VM placed on the cluster lives on a CSV of the SAN; each VM placed on a host gets its own host. */
function render(design: Design): string {
  const lines: string[] = ['san S {}'];
  const nodes = Array.from({ length: design.nodes }, (_, index) => `N${index + 1}`);
  for (const node of nodes) lines.push(`host ${node} {}`);
  const witness = design.witness === 'disk' ? 'witness disk S' : design.witness === 'cloud' ? 'witness cloud' : 'witness none';
  lines.push(`cluster C { kind hyperv; nodes ${nodes.join(', ')}; ${witness}; csv V { san S } }`);
  // A VM placed on a host gets a host named after it, so a bigger design keeps the names of the smaller one's parts.
  const vm = (name: string, placement: 'cluster' | 'host'): void => {
    if (placement === 'cluster') lines.push(`vm ${name} on C { storage csv V }`);
    else lines.push(`host X_${name} {}`, `vm ${name} on X_${name} { storage local }`);
  };
  design.dcs.forEach((placement, index) => vm(`DC${index + 1}`, placement));
  lines.push(`domain "d.test" { controllers ${design.dcs.map((_, index) => `DC${index + 1}`).join(', ')} }`);
  design.replicas.forEach((replica, index) => vm(`SQL${index + 1}`, replica.placement));
  lines.push(`cluster G { kind guest; nodes ${design.replicas.map((_, index) => `SQL${index + 1}`).join(', ')}; witness cloud }`);
  design.replicas.forEach((_, index) => lines.push(`sql on SQL${index + 1} {}`));
  lines.push('availability_group AG on G {');
  design.replicas.forEach((replica, index) => lines.push(`  replica SQL${index + 1} { commit ${replica.commit}; failover ${replica.failover}${index === 0 ? '; primary' : ''} }`));
  lines.push('  listener L { ip 10.0.0.5/24 }', '}');
  design.spfServers.forEach((placement, index) => vm(`SPF${index + 1}`, placement));
  const spfNames = design.spfServers.map((_, index) => `SPF${index + 1}`).join(', ');
  if (design.spfServers.length > 1) lines.push(`nlb NLB { ip 10.0.0.6; internet_name "spf.d.test"; hosts ${spfNames} }`);
  lines.push(`spf SPF { servers ${spfNames}; database_server L }`);
  return lines.join('\n');
}

/** Every failure set of up to two parts of a model, by part name, so the same sets apply to a bigger design. */
function failureSets(model: StampModel): string[][] {
  const names = failableParts(model).map((part) => part.name);
  const sets: string[][] = [[]];
  names.forEach((first, index) => {
    sets.push([first]);
    for (const second of names.slice(index + 1)) sets.push([first, second]);
  });
  return sets;
}

function statesByLabel(model: StampModel, failed: string[]): Map<string, number> {
  const parts = failed.map((name) => model.index.all.find((candidate) => candidate.name === name && ['host', 'vm', 'san', 'csv'].includes(candidate.kind.id))!);
  return new Map(simulate(model, parts).services.map((service) => [service.label, stateRank(service.state)]));
}

test('property: adding a redundant peer never makes a service less available', () => {
  const next = random(20261122);
  const peers: Array<(design: Design) => Design> = [
    (design) => ({ ...design, dcs: [...design.dcs, 'host'] }),
    (design) => ({ ...design, spfServers: [...design.spfServers, 'host'] }),
    (design) => ({ ...design, replicas: [...design.replicas, { placement: 'host', commit: 'synchronous', failover: 'automatic' }] }),
    (design) => ({ ...design, nodes: design.nodes + 1 }),
  ];
  let comparisons = 0;
  for (let round = 0; round < 60; round++) {
    const design = randomDesign(next);
    const base = modelOf(render(design));
    const peer = peers[round % peers.length];
    const bigger = modelOf(render(peer(design)));
    for (const failed of failureSets(base)) {
      const before = statesByLabel(base, failed);
      const after = statesByLabel(bigger, failed);
      for (const [label, state] of before) {
        const improved = after.get(label);
        assert.ok(improved !== undefined && improved <= state, `design ${JSON.stringify(design)} + peer ${round % peers.length}, failing ${failed.join('+') || 'nothing'}: ${label} went from ${state} to ${improved}`);
        comparisons++;
      }
    }
  }
  assert.ok(comparisons > 1000, `only ${comparisons} comparisons were made`);
});

test('property: removing every alternative makes the last one a single point of failure', () => {
  const next = random(7);
  for (let round = 0; round < 60; round++) {
    const design = randomDesign(next);
    const lonely: Design = { ...design, nodes: 2, witness: 'cloud', dcs: ['host'], spfServers: ['host'], replicas: [{ placement: 'host', commit: 'synchronous', failover: 'automatic' }] };
    const model = modelOf(render(lonely));
    const spofs = singlePointsOfFailure(model);
    const covers = (part: string, service: string) => spofs.some((spof) => spof.part.name === part && spof.services.some((s) => s.label === service));
    assert.ok(covers('DC1', 'Active Directory'), `DC1 should be a SPOF for AD in ${render(lonely)}`);
    assert.ok(covers('SPF1', 'SPF'), 'SPF1 should be a SPOF for SPF');
    assert.ok(covers('SQL1', 'listener L'), 'SQL1 should be a SPOF for the listener');
    assert.ok(covers('X_DC1', 'Active Directory'), 'the host under the only DC is a SPOF too');
    assert.ok(servicesOf(model).length >= 3);
  }
});

/** `count` standalone hosts, each running one critical VM (two failable parts a service reads each), and an app whose
 *  two web servers run on two more hosts: the app needs two failures. */
function designWithParts(count: number): string {
  const lines = ['host WA {}', 'host WB {}', 'vm WEB1 on WA { storage local }', 'vm WEB2 on WB { storage local }', 'app SHOP { servers WEB1, WEB2 }'];
  for (let index = 1; index <= count; index++) lines.push(`host H${index} {}`, `vm V${index} on H${index} { storage local; critical }`);
  return lines.join('\n');
}

test('the resilience summary searches several failures at once only up to 60 parts; above, the panel says "more than 3"', () => {
  // 28 VMs on their hosts and the app's 4 parts: 60 parts; one more VM makes 62.
  const shop = (count: number) => {
    const text = designWithParts(count);
    const analysis = analyze([{ uri: 'file:///design.stamp', text }]);
    assert.equal(failableParts(analysis.model).length, count * 2 + 4);
    return handleResilienceRequest(analysis, 'file:///design.stamp').services.find((line) => line.service === 'SHOP');
  };
  const searched = shop(28);
  assert.equal(searched?.text, '2');
  assert.deepEqual(searched?.example, ['WA', 'WB']);
  const bounded = shop(29);
  assert.equal(bounded?.text, 'more than 3');
  assert.deepEqual(bounded?.example, []);
  // Single failures are still searched above the bound: each critical VM's host takes it down.
  assert.equal(handleResilienceRequest(analyze([{ uri: 'file:///design.stamp', text: designWithParts(29) }]), 'file:///design.stamp').services.find((line) => line.service === 'VM V29')?.text, '1: single point of failure');
});

test('a service down with nothing failed needs no failure: the summary says 0 with no example', () => {
  const text = `
host Q1 { memory 8GB }
host Q2 { memory 8GB }
cluster CQ { kind hyperv; nodes Q1, Q2; witness cloud; csv QV }
vm HUGE on CQ { memory 16GB; storage csv QV; critical }`;
  const analysis = analyze([{ uri: 'file:///design.stamp', text }]);
  const line = handleResilienceRequest(analysis, 'file:///design.stamp').services.find((entry) => entry.service === 'VM HUGE');
  assert.deepEqual([line?.text, line?.minimumFailures, line?.example], ['0: down with nothing failed', 0, []]);
  // Nor is it a single point of failure of any part: it is down already.
  assert.deepEqual(singlePointsOfFailure(analysis.model).filter((spof) => spof.services.some((service) => service.label === 'VM HUGE')), []);
});

test('a clustered VM on local storage goes down with its node, is down already when it never fits, and is not guessed at without memory', () => {
  const text = readFileSync(join(repoRoot, 'test', 'cli-inputs', 'resilience', 'local-storage.stamp'), 'utf8');
  const model = modelOf(text);
  const summary = resilienceSummary(model).map((entry) => `${entry.service.label}: ${entry.minimumFailures ?? 'more'} ${(entry.example ?? []).map((part) => part.name).join('+')}`);
  assert.deepEqual(summary, ['VM BIGLOCAL: 0 ', 'VM HOMED: 1 L2', 'VM SHARED: 1 LV', 'VM PINNED: 1 LV', 'VM NOWHERE: 1 NOWHERE']);
  assert.deepEqual(singlePointsOfFailure(model).map((spof) => `${spof.part.name}: ${spof.services.map((service) => service.label).join(', ')}: ${spof.path}`), [
    'LV: VM SHARED, VM PINNED: LV holds SHARED and PINNED',
    'L1: VM PINNED: none of its possible owners (L1) is running, stopping PINNED',
    'L2: VM HOMED: L2 runs HOMED',
    'HOMED: VM HOMED: nothing takes over from HOMED',
    'SHARED: VM SHARED: nothing takes over from SHARED',
    'PINNED: VM PINNED: nothing takes over from PINNED',
    'NOWHERE: VM NOWHERE: nothing takes over from NOWHERE',
  ]);
  assert.match(serviceState(model, [], 'VM BIGLOCAL').why, /^no capacity: BIGLOCAL needs 24 GB, L1 has 14 GB free after its 2 GB reserve/);
  const nowhere = serviceState(model, ['U1'], 'VM NOWHERE');
  assert.deepEqual([nowhere.state, nowhere.why], ['up', 'NOWHERE runs from local storage on the node the cluster started it on, which is not known without memory: it is down if that was U1']);
  assert.equal(serviceState(model, ['U1', 'U2'], 'VM NOWHERE').state, 'down');
});

test('the summary searches up to three failures: an app on four servers survives more than 3; idle hosts beyond the 60-part bound do not stop the search', () => {
  // Four servers, each a VM on its own host, serve WEB; two serve API. Sixty-one hosts run nothing: they are parts no
  // service reads, so they neither count against the bound of 60 parts nor stop the search for several failures.
  const idle = Array.from({ length: 61 }, (_, index) => `host IDLE${index + 1} {}`).join('\n');
  const servers = [1, 2, 3, 4].map((index) => `host H${index} {}\nvm S${index} on H${index} { storage local }`).join('\n');
  const uri = 'file:///four-servers.stamp';
  const text = `${idle}\n${servers}\napp WEB { servers S1, S2, S3, S4 }\napp API { servers S1, S2 }\n`;
  const analysis = analyze([{ uri, text }]);
  const lines = (summary: ReturnType<typeof resilienceSummary>) => summary.filter((entry) => ['WEB', 'API'].includes(entry.service.label)).map((entry) => `${entry.service.label}: ${entry.minimumFailures ?? 'more'} ${(entry.example ?? []).map((part) => part.name).join('+')}`);
  // What the failure panel shows.
  const panel = handleResilienceRequest(analysis, uri).services.filter((line) => ['WEB', 'API'].includes(line.service));
  assert.deepEqual(panel.map((line) => `${line.service}: ${line.text} (${line.example.join(' + ')})`), ['WEB: more than 3 ()', 'API: 2 (H1 + H2)']);
  // The exhaustive search (used for designs whose evaluation meets a cycle) agrees.
  assert.deepEqual(lines(resilienceSummary(analysis.model, 3, 60, true)), ['WEB: more ', 'API: 2 H1+H2']);
});
