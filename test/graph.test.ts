// Tests of the topology graph, its layout and its SVG: golden graphs for every example and edge case, structure, ranges, stability.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { analyze } from '../grammar/src/analyze.js';
import { buildGraph, type StampGraph } from '../server/src/graph/graph.js';
import { PositionMapper, toProtocolGraph } from '../server/src/lsp/convert.js';
import type { GraphNode as SentGraphNode, StampGraph as SentGraph } from '../protocol/src/protocol.js';
import { largeGraphNodeCount, layoutGraph, type LaidOutGraph } from '../server/src/graph/layout.js';
import { largeStamp } from './support/large-stamp.js';
import { renderSvg } from '../server/src/graph/svg.js';
import { handleGraphRequest } from '../server/src/graph/request.js';
import { renderPng } from '../server/src/graph/png.js';
import { repoRoot } from './support/paths.js';
import { assertGolden } from './support/golden.js';

const goldenFolder = join(repoRoot, 'test', 'golden', 'graph');
const exampleFile = join(repoRoot, 'examples', 'hypervnu-lab.stamp');

/** The graph with the core diagnostics only: rule changes in other families do not churn the goldens. */
function graphOf(text: string, name = 'design'): StampGraph {
  const uri = `file:///${name}.stamp`;
  const analysis = analyze([{ uri, text }]);
  return buildGraph(analysis, analysis.diagnostics, uri);
}

/** The graph as `stamp/graph` sends it: ranges in lines and characters. */
function sentGraphOf(text: string, name = 'design'): SentGraph {
  const uri = `file:///${name}.stamp`;
  const analysis = analyze([{ uri, text }]);
  return toProtocolGraph(buildGraph(analysis, analysis.diagnostics, uri), new PositionMapper(analysis.model.texts));
}

function node<R>(graph: SentGraph<R>, id: string): SentGraphNode<R> {
  const found = graph.nodes.find((candidate) => candidate.id === id);
  assert.ok(found, `no node ${id} among ${graph.nodes.map((n) => n.id).join(', ')}`);
  return found;
}

function hasEdge(graph: SentGraph<unknown>, kind: string, source: string, target: string): string | undefined {
  const edge = graph.edges.find((candidate) => candidate.kind === kind && candidate.source === source && candidate.target === target);
  assert.ok(edge, `no ${kind} edge ${source} -> ${target}; edges: ${graph.edges.map((e) => e.id).join(', ')}`);
  return edge.label;
}

const goldenSources = [
  ...readdirSync(join(repoRoot, 'examples')).filter((name) => name.endsWith('.stamp')).map((name) => join(repoRoot, 'examples', name)),
  ...readdirSync(join(repoRoot, 'test', 'fixtures', 'graph')).filter((name) => name.endsWith('.stamp')).map((name) => join(repoRoot, 'test', 'fixtures', 'graph', name)),
].sort();

for (const file of goldenSources) {
  const name = basename(file, '.stamp');
  test(`graph of ${name} matches test/golden/graph/${name}.graph.json`, () => {
    const graph = sentGraphOf(readFileSync(file, 'utf8'), name);
    const actual = `${JSON.stringify(graph, null, 2)}\n`;
    const goldenFile = join(goldenFolder, `${name}.graph.json`);
    assertGolden(goldenFile, actual, `the graph of ${name}`);
  });

  test(`layout and SVG of ${name} hold every node, nested inside its container, with no overlaps`, async () => {
    const graph = graphOf(readFileSync(file, 'utf8'), name);
    const laidOut = await layoutGraph(graph);
    assertGeometry(laidOut);
    for (const theme of ['vscode', 'light', 'dark'] as const) {
      const svg = renderSvg(laidOut, { theme });
      assert.equal(XMLValidator.validate(svg), true, `${theme} SVG of ${name} is not well-formed XML`);
      const ids = dataIdsOf(svg);
      for (const graphNode of graph.nodes) assert.ok(ids.has(graphNode.id), `${theme} SVG of ${name} lacks node ${graphNode.id}`);
      const { elements, attributes } = namesIn(svg);
      assert.ok(!elements.has('script') && !elements.has('foreignObject') && !elements.has('img'), `no script or foreign content: ${[...elements].join(', ')}`);
      assert.ok(![...attributes].some((attribute) => /^on/i.test(attribute) || attribute === 'href'), `no event handler or link attributes: ${[...attributes].join(', ')}`);
    }
  });
}

/** Every node lies inside its parent, sibling boxes do not overlap, every edge has a route. */
function assertGeometry(laidOut: LaidOutGraph): void {
  const boxes = new Map(laidOut.nodes.map((item) => [item.node.id, item]));
  assert.equal(boxes.size, laidOut.graph.nodes.length, 'every node is laid out');
  for (const item of laidOut.nodes) {
    assert.ok(item.width > 0 && item.height > 0, `${item.node.id} has a size`);
    const parent = item.node.parent ? boxes.get(item.node.parent) : undefined;
    if (parent) {
      assert.ok(item.x >= parent.x && item.y >= parent.y && item.x + item.width <= parent.x + parent.width + 0.5 && item.y + item.height <= parent.y + parent.height + 0.5,
        `${item.node.id} lies inside ${parent.node.id}`);
    }
  }
  const siblingsByParent = new Map<string, typeof laidOut.nodes>();
  for (const item of laidOut.nodes) {
    const key = item.node.parent ?? '';
    siblingsByParent.set(key, [...(siblingsByParent.get(key) ?? []), item]);
  }
  for (const siblings of siblingsByParent.values()) {
    for (let i = 0; i < siblings.length; i++) {
      for (let j = i + 1; j < siblings.length; j++) {
        const a = siblings[i];
        const b = siblings[j];
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        assert.ok(!overlap, `${a.node.id} and ${b.node.id} overlap`);
      }
    }
  }
  for (const edge of laidOut.edges) assert.ok(edge.points.length >= 2, `${edge.edge.id} has a route`);
}

/** The element and attribute names an SVG uses, as an XML parser reads them. */
export function namesIn(svg: string): { elements: Set<string>; attributes: Set<string> } {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  const elements = new Set<string>();
  const attributes = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key.startsWith('@')) attributes.add(key.slice(1));
        else if (key !== '#text') elements.add(key);
        walk(child);
      }
    }
  };
  walk(parser.parse(svg));
  return { elements, attributes };
}

function dataIdsOf(svg: string): Set<string> {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  const ids = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'data-id' && typeof child === 'string') ids.add(child);
        else walk(child);
      }
    }
  };
  walk(parser.parse(svg));
  return ids;
}

test('the example draws its clusters, hosts, VMs, SQL, availability group, NLBs and components with their relations', () => {
  const graph = graphOf(readFileSync(exampleFile, 'utf8'));
  // Containers: the Hyper-V cluster holds its hosts and the VMs placed on it; a VM on a host sits in that host.
  assert.equal(node(graph, 'host:hv01').parent, 'cluster:hvcluster');
  assert.equal(node(graph, 'vm:sql1').parent, 'cluster:hvcluster');
  assert.equal(node(graph, 'vm:dc02').parent, 'host:hv02');
  assert.equal(node(graph, 'csv:hvcluster/volume1').parent, 'cluster:hvcluster');
  assert.equal(node(graph, 'sql:sql1').parent, 'vm:sql1', 'a SQL instance sits on its machine');
  assert.ok(node(graph, 'cluster:hvcluster').container);
  // Domain controllers and the primary replica are marked.
  assert.deepEqual(node(graph, 'vm:dc01').marks, ['DC']);
  assert.deepEqual(node(graph, 'vm:dc02').marks, ['DC']);
  assert.deepEqual(node(graph, 'vm:sql2').marks, []);
  assert.deepEqual(node(graph, 'replica:scag/sql1').marks, ['primary']);
  assert.deepEqual(node(graph, 'replica:scag/sql2').marks, []);
  // The availability group holds its replicas and listener; replicas point at their instances with the commit mode.
  assert.equal(node(graph, 'listener:scag/sql').parent, 'availability_group:scag');
  assert.equal(hasEdge(graph, 'replica_of', 'replica:scag/sql1', 'sql:sql1'), 'synchronous');
  hasEdge(graph, 'member', 'guest_cluster:sqlcluster', 'vm:sql1');
  // Components use the listener, SPF uses VMM, WAP reaches SPF through the NLB named in spf_url, NLBs front components.
  assert.equal(hasEdge(graph, 'database', 'vmm:vmm', 'listener:scag/sql'), 'VirtualManagerDB');
  hasEdge(graph, 'database', 'wap:portal', 'listener:scag/sql');
  hasEdge(graph, 'uses_vmm', 'spf:spf', 'vmm:vmm');
  hasEdge(graph, 'uses_spf', 'wap:portal', 'nlb:spfnlb');
  assert.equal(hasEdge(graph, 'fronts', 'nlb:spfnlb', 'spf:spf'), '0-65535 both');
  hasEdge(graph, 'runs_on', 'spf:spf', 'vm:spf1');
  hasEdge(graph, 'csv_on', 'csv:hvcluster/volume1', 'san:san01');
  hasEdge(graph, 'resolves_to', 'dns_record:spf.hyper-v.nu', 'nlb:spfnlb');
  hasEdge(graph, 'installed_on', 'certificate:portal.hyper-v.nu', 'nlb:portalnlb');
  assert.match(node(graph, 'nlb:portalnlb').details.map((d) => `${d.label}: ${d.value}`).join('\n'), /Mode: unicast[\s\S]*IP: 172\.21\.5\.150/);
  assert.match(node(graph, 'vm:sql1').details.map((d) => `${d.label}: ${d.value}`).join('\n'), /Memory: 8 GB/);
  assert.deepEqual(graph.unattachedProblems, []);
});

test('node ranges are the zero-based lines of their statements, and nodes come in source order', () => {
  const text = readFileSync(exampleFile, 'utf8');
  const lines = text.split('\n');
  const graph = sentGraphOf(text);
  const sql1 = node(graph, 'vm:sql1');
  assert.equal(sql1.range.start.line, lines.findIndex((line) => line.startsWith('vm SQL1 on')));
  assert.equal(sql1.range.start.character, 0);
  assert.equal(lines[sql1.selectionRange.start.line].slice(sql1.selectionRange.start.character, sql1.selectionRange.end.character), 'SQL1');
  const agLine = lines.findIndex((line) => line.startsWith('availability_group SCAG'));
  assert.equal(node(graph, 'availability_group:scag').range.start.line, agLine);
  assert.equal(node(graph, 'availability_group:scag').range.end.line, lines.findIndex((line, index) => index > agLine && line === '}'));
  const starts = graph.nodes.map((n) => n.range.start.line * 10_000 + n.range.start.character);
  assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
});

test('a diagnostic marks the innermost drawn element whose statement holds it, with its count and message', () => {
  const text = readFileSync(exampleFile, 'utf8').replace('vm SQL2 on HVCLUSTER { memory 8GB;', 'vm SQL2 on HVCLUSTER { memory 8GB; bogus_property 1;');
  const graph = graphOf(text);
  const sql2 = node(graph, 'vm:sql2');
  assert.equal(sql2.severity, 'error');
  assert.equal(sql2.problems.length, 1);
  assert.match(sql2.problems[0].message, /bogus_property/);
  assert.equal(node(graph, 'cluster:hvcluster').severity, undefined, 'the container is not blamed for its VM');
  assert.equal(node(graph, 'vm:sql1').problems.length, 0);

  // A problem inside an element that is not drawn (a login) goes to the nearest drawn element that holds it (the instance).
  const loginBroken = readFileSync(exampleFile, 'utf8').replace('login MgmtSvc_Store { type sql;', 'login MgmtSvc_Store { type nonsense;');
  const withLogin = graphOf(loginBroken);
  assert.equal(node(withLogin, 'sql:sql1').severity, 'error');
  assert.equal(node(withLogin, 'vm:sql1').severity, undefined);
});

test('unresolved references keep their nodes, drop the edges and carry the errors', () => {
  const graph = graphOf(readFileSync(join(repoRoot, 'test/fixtures/graph/unresolved.stamp'), 'utf8'));
  const spf = node(graph, 'spf:spf');
  assert.equal(spf.severity, 'error');
  assert.equal(spf.problems.length, 3);
  assert.ok(spf.problems.every((problem) => problem.code === 'SCH006'));
  assert.equal(node(graph, 'vm:app1').parent, undefined, 'a VM on an unknown cluster is drawn at top level');
  assert.equal(node(graph, 'sql:app1').parent, 'vm:app1');
  assert.equal(graph.edges.filter((edge) => edge.source === 'spf:spf').length, 0);
  assert.equal(node(graph, 'replica:ag1/ghost').severity, 'error');
});

test('a broken file still draws what parses, and a syntax error outside every element is reported apart', () => {
  const graph = graphOf(readFileSync(join(repoRoot, 'test/fixtures/graph/broken.stamp'), 'utf8'));
  assert.ok(graph.nodes.some((n) => n.id === 'host:hv01'));
  assert.equal(node(graph, 'cluster:hvc').severity, 'error');
  const stray = graphOf('host HV01 { os 2016 }\n} }\n');
  assert.equal(stray.unattachedProblems.length > 0, true, 'a stray brace belongs to no element');
  assert.equal(node(stray, 'host:hv01').severity, undefined);
});

test('an empty design gives an empty graph and a valid SVG', async () => {
  const result = await handleGraphRequest(analyze([{ uri: 'file:///empty.stamp', text: '' }]), [], 'file:///empty.stamp');
  assert.deepEqual(result.graph.nodes, []);
  assert.equal(XMLValidator.validate(result.svg), true);
  assert.equal(XMLValidator.validate(result.lightSvg), true);
});

test('a replication cycle draws both directions with their frequencies, and the extended hop', async () => {
  const graph = graphOf(readFileSync(join(repoRoot, 'test/fixtures/graph/replication-cycle.stamp'), 'utf8'));
  assert.equal(hasEdge(graph, 'replication', 'vm:web1', 'host:siteb-hv'), 'replica 30s');
  assert.equal(hasEdge(graph, 'replication', 'vm:web2', 'host:sitea-hv'), 'replica 5m');
  assert.equal(hasEdge(graph, 'extended_replication', 'host:sitea-hv', 'host:sitec-hv'), 'extended 15m');
  const laidOut = await layoutGraph(graph);
  assert.equal(laidOut.edges.length, graph.edges.length, 'every edge of the cycle is routed');
});

test('ids, order and positions stay the same when an unrelated line is added', async () => {
  const text = readFileSync(exampleFile, 'utf8');
  const before = await layoutGraph(graphOf(text));
  const after = await layoutGraph(graphOf(`// a new comment at the top\n${text}`));
  assert.deepEqual(after.graph.nodes.map((n) => n.id), before.graph.nodes.map((n) => n.id));
  const positions = (laidOut: LaidOutGraph) => laidOut.nodes.map((item) => `${item.node.id}@${Math.round(item.x)},${Math.round(item.y)}`);
  assert.deepEqual(positions(after), positions(before));
  // Changing a property value (memory) keeps every node where it was.
  const edited = await layoutGraph(graphOf(text.replace('vm SQL2 on HVCLUSTER { memory 8GB', 'vm SQL2 on HVCLUSTER { memory 9GB')));
  assert.deepEqual(positions(edited), positions(before));
});

test('nodes carry data-id, data-kind, data-severity and a title with their details; problem badges show the count', async () => {
  const text = readFileSync(exampleFile, 'utf8').replace('vm SQL2 on HVCLUSTER { memory 8GB;', 'vm SQL2 on HVCLUSTER { memory 8GB; bogus_property 1;');
  const svg = renderSvg(await layoutGraph(graphOf(text)), { theme: 'light' });
  assert.match(svg, /<g class="node kind-vm[^"]*severity-error[^"]*" data-id="vm:sql2" data-kind="vm" data-severity="error"[^>]*><title>vm SQL2\nOn: HVCLUSTER\nMemory: 8 GB[^<]*error SCH\d+:/);
  assert.match(svg, /data-id="vm:sql2"[\s\S]*?class="problem-badge severity-error"><circle[^>]*\/><text[^>]*>1<\/text>/);
  assert.match(svg, /data-id="vm:sql1" data-kind="vm" data-severity="none"/);
});

test('renderPng rasterizes the light SVG into a PNG image', async () => {
  const result = await handleGraphRequest(analyze([{ uri: 'file:///x.stamp', text: readFileSync(exampleFile, 'utf8') }]), [], 'file:///x.stamp');
  const png = renderPng(result.lightSvg, { scale: 1 });
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.readUInt32BE(16), Math.round(Number(/width="([\d.]+)"/.exec(result.lightSvg)![1])));
});

test('a stamp above the large-graph size still lays out every node inside its container, with a route for every edge', async () => {
  const graph = graphOf(largeStamp(largeGraphNodeCount + 40), 'large');
  assert.ok(graph.nodes.length > largeGraphNodeCount, `${graph.nodes.length} nodes`);
  const laidOut = await layoutGraph(graph);
  assertGeometry(laidOut);
  assert.equal(laidOut.edges.length, graph.edges.length, 'every edge is drawn');
  assert.equal(XMLValidator.validate(renderSvg(laidOut, { theme: 'light' })), true);
});

test('network layer: a clustered VM connects to the switch of that name on every node it can run on; a VM on one host to that host\'s', () => {
  const text = [
    'host HA { nic N1 { speed 10Gbps }; vswitch External { type external; uplink N1 } }',
    'host HB { nic N1 { speed 10Gbps }; vswitch external { type external; uplink N1 } }',
    'host HC { nic N1 { speed 10Gbps }; vswitch Other { type external; uplink N1 } }',
    'host HD { nic N1 { speed 10Gbps }; vswitch External { type external; uplink N1 } }',
    'cluster CL { nodes HA, HB, HC }',
    'vm CV on CL { memory 2GB; nic nic0 { switch External } }',
    'vm LV on HD { memory 2GB; nic nic0 { switch External } }',
  ].join('\n');
  const uri = 'file:///network.stamp';
  const analysis = analyze([{ uri, text }]);
  const graph = buildGraph(analysis, analysis.diagnostics, uri, { network: true });
  const idOf = (label: string, host: string): string => {
    const hostNode = graph.nodes.find((candidate) => candidate.label === host)!;
    const found = graph.nodes.find((candidate) => candidate.kind === 'vswitch' && candidate.label === label && candidate.parent === hostNode.id);
    assert.ok(found, `no switch ${label} in ${host}`);
    return found.id;
  };
  const switchesOf = (vm: string): string[] => {
    const vmNode = graph.nodes.find((candidate) => candidate.label === vm)!;
    return graph.edges.filter((edge) => edge.kind === 'connects' && edge.source === vmNode.id).map((edge) => edge.target).sort();
  };
  // Matched without regard to case, as references are; HC has no switch of that name and gets no line.
  assert.deepEqual(switchesOf('CV'), [idOf('External', 'HA'), idOf('external', 'HB')].sort());
  assert.deepEqual(switchesOf('LV'), [idOf('External', 'HD')]);
});
