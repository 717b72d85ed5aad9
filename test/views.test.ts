// Tests of the preview's views (topology, services, replication/DR): what each draws, golden layouts, stability under edits, orthogonal routes, crossings, overviews.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { buildGraph, type StampGraph } from '../server/src/graph/graph.js';
import { largeGraphNodeCount, layoutGraph, type LaidOutGraph } from '../server/src/graph/layout.js';
import { countCrossings, movedNodes } from '../server/src/graph/metrics.js';
import { backgroundLayoutsDone, forgetLayouts, handleGraphRequest, hasLayoutOf } from '../server/src/graph/request.js';
import { graphViews, overviewNodeCount, projectView, type ViewName } from '../server/src/graph/views.js';
import { largeStamp } from './support/large-stamp.js';
import { repoRoot } from './support/paths.js';

const updateGolden = process.env.UPDATE_GOLDEN === '1';
const goldenFolder = join(repoRoot, 'test', 'golden', 'layout');
const examples = readdirSync(join(repoRoot, 'examples')).filter((name) => name.endsWith('.stamp')).sort().map((name) => join(repoRoot, 'examples', name));
const lab = join(repoRoot, 'examples', 'hypervnu-lab.stamp');
const asr = join(repoRoot, 'examples', 'asr-stamp.stamp');
const views = graphViews.map((info) => info.name);

function fullGraph(text: string, name = 'design'): StampGraph {
  const uri = `file:///${name}.stamp`;
  const analysis = analyze([{ uri, text }]);
  return buildGraph(analysis, analysis.diagnostics, uri);
}
const viewOf = (text: string, view: ViewName, name?: string) => projectView(fullGraph(text, name), view);
const ids = (graph: StampGraph) => new Set(graph.nodes.map((node) => node.id));

/** The layout rounded to whole pixels: what the golden files hold. */
function layoutSummary(laidOut: LaidOutGraph): unknown {
  const r = (value: number) => Math.round(value);
  return {
    size: [r(laidOut.width), r(laidOut.height)],
    crossings: countCrossings(laidOut),
    nodes: Object.fromEntries(laidOut.nodes.map((item) => [item.node.id, [r(item.x), r(item.y), r(item.width), r(item.height)]])),
    edges: Object.fromEntries(laidOut.edges.map((item) => [item.edge.id, item.points.map((point) => `${r(point.x)},${r(point.y)}`).join(' ')])),
  };
}

for (const file of examples) {
  const name = basename(file, '.stamp');
  for (const view of views) {
    test(`layout of the ${view} view of ${name} matches test/golden/layout/${name}.${view}.json`, async () => {
      const laidOut = await layoutGraph(viewOf(readFileSync(file, 'utf8'), view, name));
      const actual = `${JSON.stringify(layoutSummary(laidOut), null, 1)}\n`;
      const goldenFile = join(goldenFolder, `${name}.${view}.json`);
      if (updateGolden || !existsSync(goldenFile)) {
        mkdirSync(goldenFolder, { recursive: true });
        writeFileSync(goldenFile, actual);
        if (!updateGolden) assert.fail(`wrote the missing golden ${goldenFile}: review it and run again`);
        return;
      }
      assert.equal(actual, readFileSync(goldenFile, 'utf8'), `layout of ${name} (${view}) changed; if intended, regenerate with UPDATE_GOLDEN=1`);
    });
  }

  test(`every edge of every view of ${name} is routed orthogonally, and the views cross fewer edges than the one-picture layout`, async () => {
    const text = readFileSync(file, 'utf8');
    const whole = await layoutGraph(fullGraph(text, name));
    for (const view of views) {
      const laidOut = await layoutGraph(viewOf(text, view, name));
      for (const edge of laidOut.edges) {
        assert.ok(edge.points.length >= 2, `${edge.edge.id} has a route`);
        for (let index = 1; index < edge.points.length; index++) {
          const [a, b] = [edge.points[index - 1], edge.points[index]];
          assert.ok(Math.abs(a.x - b.x) < 0.5 || Math.abs(a.y - b.y) < 0.5, `${view}: ${edge.edge.id} has a slanted segment ${a.x},${a.y} -> ${b.x},${b.y}`);
        }
      }
      const crossings = countCrossings(laidOut);
      assert.ok(crossings <= countCrossings(whole), `${view} of ${name}: ${crossings} crossings, more than the single picture's ${countCrossings(whole)}`);
      assert.ok(crossings <= 1, `${view} of ${name}: ${crossings} crossings`);
    }
  });

  test(`adding or removing one element moves at most 10 % of the other nodes of ${name} by more than 20 px, in every view`, async () => {
    const text = readFileSync(file, 'utf8');

    const cluster = fullGraph(text, name).nodes.find((node) => node.kind === 'cluster');
    for (const view of views) {
      const graph = viewOf(text, view, name);
      const before = await layoutGraph(graph);
      const edits: Array<{ what: string; text: string }> = [];
      // Remove each leaf statement of the view in turn (one statement: its lines, or its part of a line).
      for (const node of graph.nodes.filter((candidate) => !candidate.container)) {
        const edited = text.slice(0, node.range.start) + text.slice(node.range.end);
        edits.push({ what: `removing ${node.id}`, text: edited });
      }
      if (cluster) edits.push({ what: 'adding a VM', text: `${text}\nvm NEWVM1 on ${cluster.label} { memory 4GB }\n` });
      for (const edit of edits) {
        const after = await layoutGraph(viewOf(edit.text, view, name), { previous: before });
        const moved = movedNodes(before, after);
        assert.ok(moved.moved <= Math.floor(moved.common * 0.1), `${view} of ${name}, ${edit.what}: ${moved.moved} of ${moved.common} nodes moved (${moved.ids.join(', ')})`);
      }
    }
  });
}

test('an edit that changes no structure moves nothing and keeps every route', async () => {
  const text = readFileSync(lab, 'utf8');
  for (const view of views) {
    const before = await layoutGraph(viewOf(text, view));
    const after = await layoutGraph(viewOf(text.replace('vm SQL2 on HVCLUSTER { memory 8GB', 'vm SQL2 on HVCLUSTER { memory 9GB'), view), { previous: before });
    assert.deepEqual(layoutSummary(after), layoutSummary(before), view);
  }
});

test('the topology view draws storage, clusters, hosts and VMs; a SQL instance is a mark on its VM and stands behind it', () => {
  const graph = viewOf(readFileSync(lab, 'utf8'), 'topology');
  const drawn = ids(graph);
  for (const id of ['san:san01', 'cluster:hvcluster', 'host:hv01', 'csv:hvcluster/volume1', 'vm:sql1', 'vm:dc02']) assert.ok(drawn.has(id), id);
  for (const id of ['nlb:spfnlb', 'spf:spf', 'availability_group:scag', 'sql:sql1', 'dns_record:spf.hyper-v.nu']) assert.ok(!drawn.has(id), `${id} is not in the topology`);
  assert.deepEqual(graph.nodes.find((node) => node.id === 'vm:sql1')?.marks, ['SQL']);
  assert.equal(graph.shownAs['sql:sql1'], 'vm:sql1');
  assert.equal(graph.nodes.find((node) => node.id === 'vm:dc02')?.parent, 'host:hv02');
  const volume = graph.edges.find((edge) => edge.kind === 'csv_on');
  assert.deepEqual([volume?.source, volume?.target, volume?.arrow], ['san:san01', 'csv:hvcluster/volume1', 'none'], 'storage is drawn above what it stores');
});

test('the services view runs from entry points through balancers and components to the listener, the replicas and the VMs under them', () => {
  const graph = viewOf(readFileSync(lab, 'utf8'), 'services');
  const drawn = ids(graph);
  for (const id of ['dns_record:portal.hyper-v.nu', 'nlb:portalnlb', 'wap:portal', 'spf:spf', 'vmm:vmm', 'listener:scag/sql', 'availability_group:scag', 'replica:scag/sql1', 'sql:sql1', 'vm:sql1', 'cluster:hvcluster']) assert.ok(drawn.has(id), id);
  for (const id of ['san:san01', 'csv:hvcluster/volume1', 'host:hv01']) assert.ok(!drawn.has(id), `${id} is not in the services view`);
  const edge = (kind: string, source: string, target: string) => graph.edges.find((candidate) => candidate.kind === kind && candidate.source === source && candidate.target === target);
  assert.equal(edge('fronts', 'nlb:spfnlb', 'spf:spf')?.label, '0-65535 both', 'port rules label the balancer\'s edge');
  assert.equal(edge('replica_of', 'replica:scag/sql1', 'sql:sql1')?.label, 'synchronous', 'the commit mode labels the replica\'s edge');
  assert.ok(edge('database', 'vmm:vmm', 'listener:scag/sql'), 'VMM uses the listener');
  assert.equal(edge('database', 'vmm:vmm', 'listener:scag/sql')?.label, undefined, 'database names stay in the tooltip');
  assert.equal(edge('uses_vmm', 'spf:spf', 'vmm:vmm')?.label, undefined);
  assert.equal(graph.nodes.find((node) => node.id === 'vm:sql1')?.parent, 'cluster:hvcluster');
});

test('the replication view draws the pairs with their frequencies, the brokers and the recovery-plan groups', () => {
  const graph = viewOf(readFileSync(asr, 'utf8'), 'replication');
  const drawn = ids(graph);
  for (const id of ['cluster:mgmtcluster', 'cluster:drcluster', 'replica_broker:drcluster/drbroker', 'recovery_plan:managementstamp', 'recovery_group:managementstamp/1', 'vm:sql01']) assert.ok(drawn.has(id), id);
  const replication = graph.edges.find((edge) => edge.kind === 'replication' && edge.source === 'vm:sql01');
  assert.deepEqual([replication?.target, replication?.label], ['cluster:drcluster', 'replica 30s']);
  assert.ok(graph.edges.some((edge) => edge.kind === 'recovers' && edge.source === 'recovery_group:managementstamp/1' && edge.target === 'vm:dc01'));
  assert.equal(graph.nodes.find((node) => node.id === 'recovery_group:managementstamp/2')?.sublabel, 'FS01, VMM01, VMM02, SPF01, SPF02');
  assert.equal(viewOf(readFileSync(lab, 'utf8'), 'replication').nodes.length, 0, 'a stamp without replication has an empty DR view');
});

test('an export\'s legend draws each relation as the diagram does: an arrowhead only where the edges have one', async () => {
  const swatches = (svg: string): Record<string, boolean> => {
    const legend = svg.slice(svg.indexOf('<g class="legend"'));
    return Object.fromEntries([...legend.matchAll(/<g class="edge kind-(\w+)">(<path [^>]*\/>)/g)].map((match) => [match[1], /marker-end=/.test(match[2])]));
  };
  const drawnWithArrow = (svg: string, kind: string): boolean[] => [...new Set([...svg.slice(0, svg.indexOf('<g class="legend"')).matchAll(new RegExp(`<g class="edge kind-${kind}"[^>]*>(?:<title>[^<]*</title>)?(<path [^>]*/>)`, 'g'))].map((match) => /marker-(end|start)=/.test(match[1])))];
  const asrText = readFileSync(asr, 'utf8');
  const asrAnalysis = analyze([{ uri: 'file:///asr-legend.stamp', text: asrText }]);
  const replication = await handleGraphRequest(asrAnalysis, asrAnalysis.diagnostics, 'file:///asr-legend.stamp', { view: 'replication' });
  assert.deepEqual(swatches(replication.lightSvg), { replication: true, recovers: false });
  assert.deepEqual(drawnWithArrow(replication.lightSvg, 'recovers'), [false], 'recovery-plan lines are drawn without arrowheads');
  assert.deepEqual(drawnWithArrow(replication.lightSvg, 'replication'), [true]);
  const labAnalysis = analyze([{ uri: 'file:///lab-legend.stamp', text: readFileSync(lab, 'utf8') }]);
  const topology = await handleGraphRequest(labAnalysis, labAnalysis.diagnostics, 'file:///lab-legend.stamp', { view: 'topology' });
  assert.deepEqual(swatches(topology.exportSvg), { csv_on: false, witness: false });
  forgetLayouts('file:///asr-legend.stamp');
  forgetLayouts('file:///lab-legend.stamp');
});

test('a problem on an element a view does not draw goes to the node that stands for it, or is counted apart', () => {
  const text = readFileSync(lab, 'utf8').replace('sql on SQL1 {\n  version 2012', 'sql on SQL1 {\n  version 2012\n  bogus_property 1');
  const topology = viewOf(text, 'topology');
  const vm = topology.nodes.find((node) => node.id === 'vm:sql1')!;
  assert.equal(vm.severity, 'error');
  assert.ok(vm.problems.some((problem) => /bogus_property/.test(problem.message)));
  const broken = viewOf(readFileSync(lab, 'utf8').replace('nlb SPFNLB {\n  mode unicast', 'nlb SPFNLB {\n  mode unicast\n  bogus_property 1'), 'topology');
  assert.equal(broken.problemsElsewhere, 1, 'the NLB problem has no node in the topology');
});

test('a large stamp opens on an overview: top-level containers closed, their edges lifted to them, and a click opens one', async () => {
  const text = largeStamp(overviewNodeCount + 60);
  const analysis = analyze([{ uri: 'file:///large.stamp', text }]);
  const closed = await handleGraphRequest(analysis, analysis.diagnostics, 'file:///large.stamp#overview', { view: 'topology' });
  assert.equal(closed.graph.overview, true);
  const cluster = closed.graph.nodes.find((node) => node.id === 'cluster:c1');
  assert.deepEqual(cluster?.collapsed, { hidden: 11 }, 'two hosts, a volume and eight VMs inside');
  assert.equal(closed.graph.nodes.some((node) => node.parent === 'cluster:c1'), false);
  assert.ok(closed.graph.edges.some((edge) => edge.kind === 'csv_on' && edge.source === 'san:san1' && edge.target === 'cluster:c1'), 'the volume edge is lifted to the closed cluster');
  assert.equal(closed.graph.shownAs['vm:c1vm3'], 'cluster:c1');
  assert.match(closed.svg, /data-id="cluster:c1"[^>]*data-collapsed="true"/);
  const opened = await handleGraphRequest(analysis, analysis.diagnostics, 'file:///large.stamp#overview', { view: 'topology', expanded: ['cluster:c1'] });
  assert.ok(opened.graph.nodes.some((node) => node.id === 'vm:c1vm3' && node.parent === 'cluster:c1'));
  assert.equal(opened.graph.nodes.find((node) => node.id === 'cluster:c2')?.collapsed?.hidden, 11);
});

test('a stamp above the large-graph size, fully open, routes the edges between containers orthogonally', async () => {
  const graph = fullGraph(largeStamp(largeGraphNodeCount + 60), 'large');
  assert.ok(graph.nodes.length > largeGraphNodeCount, `${graph.nodes.length} nodes`);
  const laidOut = await layoutGraph(graph);
  assert.equal(laidOut.edges.length, graph.edges.length);
  for (const edge of laidOut.edges) {
    for (let index = 1; index < edge.points.length; index++) {
      const [a, b] = [edge.points[index - 1], edge.points[index]];
      assert.ok(Math.abs(a.x - b.x) < 0.5 || Math.abs(a.y - b.y) < 0.5, `${edge.edge.id} has a slanted segment`);
    }
  }
});

test('after drawing one view the server lays out the others in the background, and switching shows the picture a fresh server draws', async () => {
  const text = readFileSync(lab, 'utf8');
  const analysis = analyze([{ uri: 'file:///lab.stamp', text }]);
  const uri = 'file:///lab.stamp#background';
  await handleGraphRequest(analysis, analysis.diagnostics, uri, { view: 'topology' });
  // The background layouts' timers do not keep the test process alive on their own.
  const keepAlive = setInterval(() => undefined, 1000);
  await backgroundLayoutsDone(uri);
  clearInterval(keepAlive);
  for (const view of ['services', 'replication'] as const) {
    assert.ok(hasLayoutOf(uri, view), `the ${view} view is laid out before the user switches to it`);
    const switched = await handleGraphRequest(analysis, analysis.diagnostics, uri, { view });
    const fresh = await handleGraphRequest(analysis, analysis.diagnostics, `file:///lab.stamp#fresh-${view}`, { view });
    assert.deepEqual(switched.positions, fresh.positions, `${view}: the same boxes`);
    assert.equal(switched.svg, fresh.svg, `${view}: the same drawing`);
  }
  // A document closed: its layouts are forgotten, and nothing more is laid out for it.
  forgetLayouts(uri);
  assert.equal(hasLayoutOf(uri, 'services'), false);
});

const networkStamp = `switch_stack CORE { switches TOR-A, TOR-B; kind mlag }
cluster C1 { kind hyperv; nodes HV1, HV2 }
host HV1 {
  nic NIC1 { speed 10Gbps; physical_switch TOR-A }
  nic NIC2 { speed 10Gbps; physical_switch TOR-B }
  team T1 { members NIC1, NIC2; mode lacp; balancing dynamic }
  vswitch Fabric { type external; uplink T1 }
}
host HV2 {
  nic NIC1 { speed 10Gbps; physical_switch tor-a }
  vswitch Fabric { type external; uplink NIC1 }
}
vm WEB1 on HV1 { memory 4GB; nic nic0 { switch Fabric } }
vm WEB2 on C1 { memory 4GB; nic nic0 { switch Nowhere } }
`;

test('the topology view draws the network layer on demand: adapters, teams and virtual switches in their host, physical switches, and what links them', async () => {
  const analysis = analyze([{ uri: 'file:///net.stamp', text: networkStamp }]);
  const uri = 'file:///net.stamp#network';
  const plain = await handleGraphRequest(analysis, analysis.diagnostics, uri, { view: 'topology' });
  assert.equal(plain.network, undefined);
  assert.equal(plain.graph.nodes.some((node) => ['nic', 'team', 'vswitch', 'switch'].includes(node.kind)), false, 'off by default');

  const shown = await handleGraphRequest(analysis, analysis.diagnostics, uri, { view: 'topology', network: true });
  assert.equal(shown.network, true);
  const node = (id: string) => shown.graph.nodes.find((candidate) => candidate.id === id);
  assert.equal(node('nic:hv1/nic1')?.parent, 'host:hv1');
  assert.equal(node('nic:hv1/nic1')?.sublabel, '10 Gbps');
  assert.equal(node('team:hv1/t1')?.parent, 'host:hv1');
  assert.equal(node('vswitch:hv2/fabric')?.parent, 'host:hv2');
  // Physical switches: one node per switch, whatever the case it is written in, naming its MLAG pair.
  assert.deepEqual(shown.graph.nodes.filter((candidate) => candidate.kind === 'switch').map((candidate) => `${candidate.label} (${candidate.sublabel})`), ['TOR-A (MLAG pair CORE)', 'TOR-B (MLAG pair CORE)']);
  const edges = shown.graph.edges.map((edge) => `${edge.kind} ${edge.source} ${edge.target}`).sort();
  for (const expected of [
    'team_member team:hv1/t1 nic:hv1/nic1', 'team_member team:hv1/t1 nic:hv1/nic2', 'uplink vswitch:hv1/fabric team:hv1/t1',
    'uplink vswitch:hv2/fabric nic:hv2/nic1', 'cabled nic:hv1/nic1 switch:tor-a', 'cabled nic:hv2/nic1 switch:tor-a', 'cabled nic:hv1/nic2 switch:tor-b',
    'connects vm:web1 vswitch:hv1/fabric',
  ]) assert.ok(edges.includes(expected), `${expected} in ${edges.join('; ')}`);
  assert.equal(edges.some((edge) => edge.startsWith('connects vm:web2')), false, 'an unresolved switch draws no line');
  // Every node inside its host's box, the SVG names the new kinds in its legend.
  for (const id of ['nic:hv1/nic1', 'team:hv1/t1', 'vswitch:hv1/fabric']) {
    const [inner, outer] = [shown.positions[id], shown.positions['host:hv1']];
    assert.ok(inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height, `${id} inside HV1`);
  }
  assert.match(shown.lightSvg, /physical switch/);
  assert.match(shown.svg, /data-kind="vswitch"/);

  // Other views do not draw it; the topology view remembers the choice until it is turned off.
  const services = await handleGraphRequest(analysis, analysis.diagnostics, uri, { view: 'services', network: true });
  assert.equal(services.graph.nodes.some((candidate) => candidate.kind === 'nic'), false);
  const off = await handleGraphRequest(analysis, analysis.diagnostics, uri, { view: 'topology' });
  assert.equal(off.graph.nodes.some((candidate) => candidate.kind === 'nic'), false);
  forgetLayouts(uri);
});
