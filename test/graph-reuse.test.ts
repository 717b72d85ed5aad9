// Tests of what the preview's answer re-uses between requests: the picture after an edit that changes nothing drawn, never a stale one; and the graph's look-ups by index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import type { Element } from '../grammar/src/elements.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import { buildGraph, innermostByScan, StatementNesting } from '../server/src/graph/graph.js';
import { forgetLayouts, handleGraphRequest, type GraphRequestResult } from '../server/src/graph/request.js';
import { projectView } from '../server/src/graph/views.js';
import { repoRoot } from './support/paths.js';

const lab = readFileSync(join(repoRoot, 'examples', 'hypervnu-lab.stamp'), 'utf8');

/** `stamp/graph` of a text as the server answers it, with every rule's diagnostics. */
async function answer(uri: string, text: string, view: 'topology' | 'services' = 'topology'): Promise<GraphRequestResult> {
  const analysis = analyze([{ uri, text }]);
  return handleGraphRequest(analysis, diagnose(analysis), uri, { view });
}

const nodeOf = (result: GraphRequestResult, id: string) => {
  const found = result.graph.nodes.find((node) => node.id === id);
  assert.ok(found, `no node ${id}`);
  return found;
};

test('after an edit that changes nothing drawn the picture is the same, and the answer carries the moved ranges', async () => {
  const uri = 'file:///reuse/space.stamp';
  forgetLayouts(uri);
  const before = await answer(uri, lab);
  const edited = `// a comment line added above everything\n${lab}`;
  const after = await answer(uri, edited);
  assert.equal(after.svg, before.svg);
  assert.equal(after.exportSvg, before.exportSvg);
  assert.equal(after.lightSvg, before.lightSvg);
  assert.deepEqual(after.positions, before.positions);
  // Every node's ranges are those of the edited text (a click goes to the right line), not the remembered ones.
  const shift = edited.length - lab.length;
  const analysis = analyze([{ uri, text: edited }]);
  const expected = projectView(buildGraph(analysis, diagnose(analysis), uri), 'topology');
  assert.deepEqual(after.graph.nodes.map((node) => [node.id, node.range, node.selectionRange]), expected.nodes.map((node) => [node.id, node.range, node.selectionRange]));
  const sql1 = nodeOf(after, nodeIdOf(after, 'SQL1'));
  assert.equal(sql1.range.start, nodeOf(before, sql1.id).range.start + shift);
  assert.equal(edited.slice(sql1.selectionRange.start, sql1.selectionRange.end), 'SQL1');
  forgetLayouts(uri);
});

test('a renamed VM is drawn with its new name: no stale picture', async () => {
  const uri = 'file:///reuse/rename.stamp';
  forgetLayouts(uri);
  const before = await answer(uri, lab);
  assert.match(before.svg, />SQL1</);
  const renamed = lab.replace(/\bSQL1\b/g, 'SQLRENAMED');
  const after = await answer(uri, renamed);
  assert.match(after.svg, />SQLRENAMED</);
  assert.doesNotMatch(after.svg, />SQL1</);
  assert.match(after.lightSvg, />SQLRENAMED</);
  assert.match(after.exportSvg, />SQLRENAMED</);
  forgetLayouts(uri);
});

test('a change only a tooltip shows (a VM\'s address) is drawn: the picture is not re-used when its content differs', async () => {
  const uri = 'file:///reuse/address.stamp';
  forgetLayouts(uri);
  const before = await answer(uri, lab);
  assert.match(before.svg, /IP: 172\.21\.5\.131\/24/);
  const after = await answer(uri, lab.replace('ip 172.21.5.131/24', 'ip 172.21.5.139/24'));
  // Same structure, so the same positions; the tooltip is the new one.
  assert.deepEqual(after.positions, before.positions);
  assert.match(after.svg, /IP: 172\.21\.5\.139\/24/);
  assert.doesNotMatch(after.svg, /IP: 172\.21\.5\.131\/24/);
  forgetLayouts(uri);
});

test('the same version asked again with new diagnostics (the failure analysis arrived) draws them', async () => {
  const uri = 'file:///reuse/diagnostics.stamp';
  forgetLayouts(uri);
  const analysis = analyze([{ uri, text: lab }]);
  const before = await handleGraphRequest(analysis, analysis.diagnostics, uri, {});
  const all = diagnose(analysis);
  assert.ok(all.length > analysis.diagnostics.length, 'the lab has rule findings');
  const after = await handleGraphRequest(analysis, all, uri, {});
  const problems = (result: GraphRequestResult) => result.graph.nodes.reduce((sum, node) => sum + node.problems.length, 0) + result.graph.unattachedProblems.length + (result.graph.problemsElsewhere ?? 0);
  assert.equal(problems(before), analysis.diagnostics.length);
  assert.equal(problems(after), all.length);
  assert.notEqual(after.svg, before.svg);
  assert.match(after.svg, /problem-badge/);
  forgetLayouts(uri);
});

/** The id of the node of an element named `name` (any kind). */
function nodeIdOf(result: GraphRequestResult, name: string): string {
  const found = result.graph.nodes.find((node) => node.label === name);
  assert.ok(found, `no node labelled ${name}`);
  return found.id;
}

test('a DNS record, a certificate and a WAP\'s spf_url reach the first of several candidates with the same name or address', () => {
  const uri = 'file:///reuse/duplicates.stamp';
  const text = [
    'stamp dup { windows 2016 }',
    'host H1 { os 2016 }',
    'vm V1 on H1 { nic nic0 { ip 10.0.0.9/24 } }',
    'vm V2 on H1 { nic nic0 { ip 10.0.0.9/24 } }',
    'nlb FIRST { mode unicast; ip 10.0.0.5; internet_name "spf.dup.local"; hosts V1 }',
    'nlb SECOND { mode unicast; ip 10.0.0.5; internet_name "SPF.dup.local"; hosts V2 }',
    'dns_record "spf.dup.local" 10.0.0.5',
    'dns_record "vm.dup.local" 10.0.0.9',
    'certificate "spf.dup.local" { issuer enterprise; installed_on V1 }',
    'spf S1 { servers V1 }',
    'spf S2 { servers V2 }',
    'wap W1 { servers V1; spf_url "https://spf.dup.local:8090" }',
    'wap W2 { servers V2; spf_url "https://v2.dup.local:8090" }',
  ].join('\n');
  const analysis = analyze([{ uri, text }]);
  const graph = buildGraph(analysis, analysis.diagnostics, uri);
  const targets = (kind: string, source: string) => graph.edges.filter((edge) => edge.kind === kind && edge.source === source).map((edge) => edge.target);
  const id = (label: string) => graph.nodes.find((node) => node.label === label && node.kind !== 'certificate')?.id ?? label;
  assert.deepEqual(targets('resolves_to', id('spf.dup.local')), [id('FIRST')]);
  assert.deepEqual(targets('resolves_to', id('vm.dup.local')), [id('V1')]);
  const certificate = graph.nodes.find((node) => node.kind === 'certificate');
  assert.ok(certificate);
  assert.deepEqual(targets('installed_on', certificate.id), [id('FIRST')]);
  assert.deepEqual(targets('uses_spf', id('W1')), [id('FIRST')]);
  // By a server's name: the SPF that runs on V2.
  assert.deepEqual(targets('uses_spf', id('W2')), [id('S2')]);
});

test('the innermost statement found through the nesting tree is the one a scan of every element finds', () => {
  let seed = 7;
  const random = (below: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % below;
  };
  const element = (start: number, end: number) => ({ statement: { start, end } }) as unknown as Element;
  for (let round = 0; round < 300; round++) {
    // Nested or apart statements (some equal, some empty, some touching), listed in a shuffled order.
    const elements: Element[] = [];
    const grow = (start: number, end: number, depth: number): void => {
      let at = start;
      while (at < end && depth < 4) {
        const length = random(Math.max(1, Math.min(40, end - at)) + 1);
        const child = element(at, at + length);
        elements.push(child);
        if (random(5) === 0) elements.push(element(at, at + length));
        if (length > 2) grow(at + random(2), at + length - random(2), depth + 1);
        at += length + random(3);
      }
    };
    grow(0, 200, 0);
    for (let index = elements.length - 1; index > 0; index--) {
      const other = random(index + 1);
      [elements[index], elements[other]] = [elements[other], elements[index]];
    }
    const nesting = StatementNesting.of(elements);
    assert.ok(nesting, 'nested or apart statements get a tree');
    for (let probe = 0; probe < 60; probe++) {
      const start = random(210);
      const end = start + random(probe % 3 === 0 ? 1 : 30);
      const found: Element | null | 'scan' = nesting.innermost(start, end);
      const expected = innermostByScan(elements, start, end);
      if (found === 'scan') assert.equal(start, end);
      else assert.equal(found ?? undefined, expected, `range ${start}-${end} in round ${round}`);
    }
  }
  // Two statements that overlap without nesting: no tree, the scan answers.
  assert.equal(StatementNesting.of([element(0, 10), element(5, 15)]), undefined);
});
