// Protocol tests of the failure-analysis requests on the hyper-v.nu example: failable parts, simulated failures, resilience summary.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FailablePart, ResilienceResult, SimulateResult } from '../../protocol/src/protocol.js';
import { LspClient, positionOf } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const examplePath = join(repoRoot, 'examples', 'hypervnu-lab.stamp');
const exampleUri = pathToFileURL(examplePath).toString();
const exampleText = readFileSync(examplePath, 'utf8');
let client: LspClient;

before(async () => {
  client = await LspClient.start({ workspaceFolder: repoRoot });
  await client.open(exampleUri, exampleText);
  await client.diagnostics(exampleUri, 1);
});
after(async () => {
  await client.stop();
});

const simulateFailure = (failed: string[], uri = exampleUri) => client.request<SimulateResult>('stamp/simulate', { uri, failed });
const stateOf = (result: SimulateResult, label: string) => {
  const service = result.services.find((candidate) => candidate.label === label);
  assert.ok(service, `a service labelled ${label} in ${JSON.stringify(result.services.map((candidate) => candidate.label))}`);
  return service;
};

test('stamp/failableParts lists the SAN, the hosts and the VMs with the preview\'s node ids and their statements', async () => {
  const parts = await client.request<FailablePart[]>('stamp/failableParts', { uri: exampleUri });
  const byId = new Map(parts.map((part) => [part.id, part]));
  assert.deepEqual(byId.get('san:san01'), {
    id: 'san:san01', kind: 'san', name: 'SAN01', uri: exampleUri,
    range: { start: positionOf(exampleText, 'san SAN01'), end: positionOf(exampleText, 'san SAN01 { protocol iscsi }', 'san SAN01 { protocol iscsi }'.length) },
  });
  for (const id of ['host:hv01', 'host:hv02', 'vm:dc01', 'vm:dc02', 'vm:sql1', 'vm:sql2', 'vm:vmm01', 'vm:spf1', 'vm:portal2']) assert.ok(byId.has(id), `${id} is failable`);
  assert.equal(byId.get('host:hv01')?.kind, 'host');
  assert.equal(byId.get('vm:sql1')?.name, 'SQL1');
  // Volume1 sits on SAN01: the SAN is the part to fail, not the CSV on its own.
  assert.equal(byId.has('csv:hvcluster/volume1'), false);
  // The ids are the preview's: every failable part is a node of stamp/graph.
  const graph = await client.request<{ graph: { nodes: Array<{ id: string }> } }>('stamp/graph', { uri: exampleUri });
  const nodeIds = new Set(graph.graph.nodes.map((node) => node.id));
  for (const part of parts) assert.ok(nodeIds.has(part.id), `${part.id} is drawn`);
});

test('failing SAN01 takes down VMM, SPF, the WAP portal and the SQL listener, while Active Directory stays up on DC02', async () => {
  const result = await simulateFailure(['san:san01']);
  assert.deepEqual(result.failed, ['san:san01']);
  assert.deepEqual(result.unknown, []);
  for (const label of ['VMM', 'SPF', 'WAP Portal', 'listener SQL']) assert.equal(stateOf(result, label).state, 'down', `${label} is down`);
  const activeDirectory = stateOf(result, 'Active Directory');
  assert.equal(activeDirectory.state, 'up');
  assert.equal(activeDirectory.why, '');
  assert.match(stateOf(result, 'listener SQL').why, /SQLCLUSTER loses quorum/, 'SQL1 and SQL2 are both on Volume1');
  // The report can reveal the statement of each service.
  assert.deepEqual(stateOf(result, 'SPF').range.start, positionOf(exampleText, 'spf SPF {'));
  assert.equal(stateOf(result, 'SPF').nodeId, 'spf:spf');
  // The drawn elements: the SAN, its CSV and every VM on it are down; DC02 on HV02's local disk and the hosts are up.
  for (const id of ['san:san01', 'csv:hvcluster/volume1', 'vm:sql1', 'vm:sql2', 'sql:sql1', 'sql:sql2', 'vm:dc01', 'vm:vmm01', 'vm:spf1', 'vm:portal1', 'availability_group:scag', 'listener:scag/sql', 'replica:scag/sql1', 'nlb:spfnlb', 'spf:spf', 'wap:portal', 'vmm:vmm']) {
    assert.equal(result.elementStates[id], 'down', `${id} is down`);
  }
  for (const id of ['vm:dc02', 'host:hv01', 'host:hv02', 'cluster:hvcluster', 'domain:hyper-v.nu']) assert.equal(result.elementStates[id], 'up', `${id} is up`);
  assert.match(result.summary, /^SAN01 failed: 4 services down, 1 up\.$/);
});

test('failing HV01 moves the clustered VMs to HV02: they fail over, nothing is lost', async () => {
  const result = await simulateFailure(['host:hv01']);
  assert.equal(result.elementStates['host:hv01'], 'down');
  for (const id of ['vm:dc01', 'vm:sql1', 'vm:sql2', 'vm:vmm01', 'vm:vmm02', 'vm:spf1', 'vm:spf2', 'vm:portal1', 'vm:portal2']) {
    assert.equal(result.elementStates[id], 'failover', `${id} restarts on HV02`);
  }
  assert.equal(result.elementStates['vm:dc02'], 'up');
  assert.equal(result.elementStates['cluster:hvcluster'], 'up', 'the cluster keeps quorum with HV02 and the disk witness');
  for (const service of result.services) assert.notEqual(service.state, 'down', `${service.label} survives HV01`);
  assert.equal(stateOf(result, 'listener SQL').state, 'failover');
  assert.match(stateOf(result, 'listener SQL').why, /HV02/);
});

test('failing both hosts loses everything, and ids that name nothing are reported back, not failed', async () => {
  const result = await simulateFailure(['host:hv01', 'host:hv02', 'vm:nosuchvm']);
  assert.deepEqual(result.failed, ['host:hv01', 'host:hv02']);
  assert.deepEqual(result.unknown, ['vm:nosuchvm']);
  for (const service of result.services) assert.equal(service.state, 'down', `${service.label} is down`);
  assert.match(result.summary, /^HV01 and HV02 failed: 5 services down\.$/);
});

test('nothing failed: every service is up', async () => {
  const result = await simulateFailure([]);
  for (const service of result.services) assert.equal(service.state, 'up', service.label);
  assert.ok(Object.values(result.elementStates).every((state) => state === 'up'));
});

test('stamp/resilience: SAN01 is the only single point of failure', async () => {
  const result = await client.request<ResilienceResult>('stamp/resilience', { uri: exampleUri });
  const lines = result.services;
  assert.deepEqual(lines.map((line) => line.service).sort(), ['Active Directory', 'SPF', 'VMM', 'WAP Portal', 'listener SQL'].sort());
  const singles = lines.filter((line) => line.minimumFailures === 1);
  assert.deepEqual(singles.map((line) => line.service).sort(), ['SPF', 'VMM', 'WAP Portal', 'listener SQL'].sort());
  for (const line of singles) {
    assert.deepEqual(line.example, ['SAN01'], `${line.service} falls with SAN01 alone`);
    assert.equal(line.text, '1: single point of failure');
  }
  const activeDirectory = lines.find((line) => line.service === 'Active Directory')!;
  assert.equal(activeDirectory.minimumFailures, 2, 'Active Directory survives any single failure');
  assert.equal(activeDirectory.example.length, 2);
  assert.equal(activeDirectory.text, '2');
});

test('stamp/resilience: a capacity line per Hyper-V cluster, unknown when its nodes lack memory, and how many hosts lack it', async () => {
  const lab = await client.request<ResilienceResult>('stamp/resilience', { uri: exampleUri });
  assert.deepEqual(lab.capacity.map((line) => [line.subject, line.state, line.text, line.nodeId]), [
    ['HVCLUSTER', 'unknown', 'HVCLUSTER: capacity unknown: 2 of 2 nodes lack memory (HV01 and HV02)', 'cluster:hvcluster'],
  ]);
  assert.equal(lab.memoryCoverage, '2 of 2 hosts lack memory (HV01 and HV02): their capacity is not checked.');
  const hosterPath = join(repoRoot, 'examples', 'hoster-4-server.stamp');
  const hosterUri = pathToFileURL(hosterPath).toString();
  const hosterText = readFileSync(hosterPath, 'utf8');
  await client.open(hosterUri, hosterText);
  await client.diagnostics(hosterUri, 1);
  const hoster = await client.request<ResilienceResult>('stamp/resilience', { uri: hosterUri });
  const cluster = hoster.capacity.find((line) => line.subject === 'CLUSTER1');
  assert.ok(cluster, JSON.stringify(hoster.capacity));
  assert.equal(cluster.state, 'fits');
  assert.equal(cluster.text, 'CLUSTER1: N+1 holds: after losing any one node every VM restarts; after losing NODE1 (its nodes have the same memory), 7 GB to spare. In use, of the memory for VMs after the reserve: NODE1 18 of 30 GB, NODE2 17 of 30 GB.');
  assert.deepEqual(cluster.range.start, { line: hosterText.split('\n').findIndex((line) => line.startsWith('cluster CLUSTER1')), character: 0 }, 'the line reveals the cluster\'s statement');
  assert.equal(hoster.memoryCoverage, 'Every host declares memory.');
  // One VM more on the cluster: NODE2 alone no longer holds them.
  const version = await client.change(hosterUri, `${hosterText}\nvm EXTRA on CLUSTER1 { memory 12GB; storage csv Volume1 }\n`);
  await client.diagnostics(hosterUri, version);
  const tight = (await client.request<ResilienceResult>('stamp/resilience', { uri: hosterUri })).capacity.find((line) => line.subject === 'CLUSTER1')!;
  assert.equal(tight.state, 'short');
  // The node whose loss leaves the most memory off, as CAP001 reports it: losing NODE2 leaves EXTRA (12 GB) off.
  assert.equal(tight.text, 'CLUSTER1: N+1 fails: after losing NODE2, EXTRA would stay off (5 GB missing). In use, of the memory for VMs after the reserve: NODE1 18 of 30 GB, NODE2 29 of 30 GB.');
  await client.close(hosterUri);
});

test('the simulation follows edits: a manual-failover SQL2 replica turns the listener from failover to degraded', async () => {
  const uri = pathToFileURL(join(repoRoot, 'examples', 'simulate-edited.stamp')).toString();
  await client.open(uri, exampleText);
  await client.diagnostics(uri, 1);
  assert.equal(stateOf(await simulateFailure(['vm:sql1'], uri), 'listener SQL').state, 'failover');
  // Make the SQL2 replica manual: losing SQL1 now needs an operator.
  const edited = exampleText.replace('replica SQL2 { commit synchronous; failover automatic }', 'replica SQL2 { commit synchronous; failover manual }');
  const version = await client.change(uri, edited);
  await client.diagnostics(uri, version);
  const listener = stateOf(await simulateFailure(['vm:sql1'], uri), 'listener SQL');
  assert.equal(listener.state, 'degraded');
  assert.match(listener.why, /manual failover to SQL2/);
  await client.close(uri);
  assert.equal(await client.request('stamp/simulate', { uri, failed: ['vm:sql1'] }), null, 'a closed document has no simulation');
});
