// The failure panel of the preview, in-process: what the `stamp/failableParts`, `stamp/resilience` and `stamp/simulate`
// requests answer for a set of designs (every single failure), with the SPOF001 and CAP diagnostics and the capacity
// lines of `stamp simulate`, compared with goldens in test/golden/requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../grammar/src/analyze.js';
import { LineIndex } from '../grammar/src/text.js';
import type { OffsetRange } from '../protocol/src/protocol.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import { buildGraph } from '../server/src/graph/graph.js';
import { capacityLines, failureCapacityLines } from '../server/src/resilience/capacity.js';
import { handleFailablePartsRequest, handleResilienceRequest, handleSimulateRequest } from '../server/src/resilience/request.js';
import { failableParts, simulate } from '../server/src/resilience/simulate.js';
import { failedTogether } from './support/failure-sets.js';
import { assertGolden } from './support/golden.js';
import { repoRoot } from './support/paths.js';

const designs = [
  'examples/hypervnu-lab.stamp',
  'examples/hoster-4-server.stamp',
  'examples/asr-stamp.stamp',
  'test/fixtures/resilience/hoster-before.stamp',
  'test/fixtures/resilience/spof-paths.stamp',
  'test/cli-inputs/capacity/vms-only.stamp',
  'test/cli-inputs/capacity/placement.stamp',
  'test/cli-inputs/capacity/edges.stamp',
  'test/fixtures/rules/CAP.stamp',
  'test/fixtures/rules/HVR.stamp',
  'test/fixtures/resilience/hoster-after.stamp',
  'test/fixtures/rules/SQL.stamp',
  'test/fixtures/rules/LB.stamp',
  'test/fixtures/rules/AG012.stamp',
  'test/fixtures/rules/HV.stamp',
  'test/fixtures/rules/DC.stamp',
  'test/fixtures/rules/CL.stamp',
  'test/cli-inputs/resilience/local-storage.stamp',
  'test/cli-inputs/resilience/quorum-edges.stamp',
  'test/cli-inputs/resilience/cycle-on-failure.stamp',
  'test/cli-inputs/resilience/placement-memo.stamp',
  'test/cli-inputs/resilience/simulate-edges.stamp',
  'test/cli-inputs/resilience/placement-edges.stamp',
  'test/cli-inputs/resilience/placement-moves.stamp',
  'test/cli-inputs/resilience/capacity-edges.stamp',
];


function open(path: string) {
  const text = readFileSync(join(repoRoot, path), 'utf8');
  const uri = pathToFileURL(join(repoRoot, path)).href;
  const analysis = analyze([{ uri, text }]);
  const lines = new LineIndex(text);
  /** A range as the editor shows it: line:column of its start and end (1-based), and the file when it is another. */
  const where = (range: OffsetRange): string => {
    const start = lines.positionAt(range.start);
    const end = lines.positionAt(range.end);
    return `${range.uri === uri ? '' : `${range.uri} `}${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
  };
  return { analysis, uri, where };
}

const sorted = (record: Record<string, unknown>): string[] => Object.keys(record).sort().map((key) => `${key}=${typeof record[key] === 'string' ? record[key] : JSON.stringify(record[key])}`);

for (const design of designs) {
  test(`the failure panel of ${design}: its parts, its resilience summary, and every single failure`, () => {
    const { analysis, uri, where } = open(design);
    const out: string[] = [];
    const parts = handleFailablePartsRequest(analysis, uri);
    out.push('== parts');
    for (const part of parts) out.push(`${part.id} ${part.kind} ${part.name} ${where(part.range)}`);
    const resilience = handleResilienceRequest(analysis, uri);
    out.push('== resilience');
    for (const line of resilience.services) out.push(`${line.service}: ${line.text} (minimum ${line.minimumFailures}; e.g. ${line.example.join(' + ') || '-'}) ${line.nodeId ?? 'not drawn'} ${where(line.range)}`);
    for (const line of resilience.capacity) out.push(`capacity ${line.state} ${line.subject}: ${line.text} ${line.nodeId ?? 'not drawn'} ${where(line.range)}`);
    out.push(`memory: ${resilience.memoryCoverage}`);
    // The preview's memory bars with nothing failed.
    for (const node of buildGraph(analysis, [], uri).nodes) if (node.memory) out.push(`preview memory ${node.id}: ${JSON.stringify(node.memory)}`);
    // The capacity lines `stamp simulate` prints (its output as a whole is in test/golden/simulate for fewer designs).
    for (const line of capacityLines(analysis.model)) out.push(`stamp simulate: ${line}`);
    // What the failure analysis publishes as diagnostics: single points of failure and capacity.
    for (const diagnostic of diagnose(analysis)) {
      if (/^(SPOF|CAP)\d+$/.test(diagnostic.code)) out.push(`${diagnostic.code} ${where({ uri: diagnostic.uri, start: diagnostic.start, end: diagnostic.end })}: ${diagnostic.message}`);
    }
    const partByName = new Map(failableParts(analysis.model).map((element) => [element.name, element]));
    const idOf = new Map(parts.map((part) => [part.name, part.id]));
    for (const names of [...parts.map((part) => [part.name]), ...(failedTogether[design] ?? [])]) {
      const ids = names.map((name) => idOf.get(name)!);
      const result = handleSimulateRequest(analysis, uri, ids);
      assert.deepEqual([result.failed, result.unknown], [ids, []]);
      out.push(`== fail ${ids.join(' + ')}: ${result.summary}`);
      for (const service of result.services) out.push(`  ${service.state} ${service.label}${service.why ? `: ${service.why}` : ''} [${service.nodeId ?? 'not drawn'} ${where(service.range)}]`);
      out.push(`  states: ${sorted(result.elementStates).join(' ')}`);
      for (const entry of sorted(result.noRoom)) out.push(`  no room: ${entry}`);
      for (const entry of sorted(result.hostMemory)) out.push(`  memory: ${entry}`);
      for (const line of failureCapacityLines(analysis.model, simulate(analysis.model, names.map((name) => partByName.get(name)!)))) out.push(`  stamp simulate: ${line}`);
    }
    const name = `${basename(design, '.stamp')}${design.startsWith('examples/') ? '' : `-${basename(dirname(design))}`}`;
    assertGolden(join(repoRoot, 'test', 'golden', 'requests', `${name}.txt`), `${out.join('\n')}\n`, `the failure panel of ${design}`);
  });
}

test('a simulation of several parts names them all in its summary, and reports back ids that name no part', () => {
  const { analysis, uri } = open('examples/hypervnu-lab.stamp');
  const result = handleSimulateRequest(analysis, uri, ['host:hv01', 'vm:sql2', 'host:hv01', 'vm:gone', 'vm:dc02']);
  assert.deepEqual(result.failed, ['host:hv01', 'vm:sql2', 'vm:dc02']);
  assert.deepEqual(result.unknown, ['vm:gone']);
  assert.equal(result.summary, 'HV01, SQL2 and DC02 failed: 4 services down, 1 failing over.');
  assert.equal(handleSimulateRequest(analysis, uri, []).summary, 'Nothing failed: 5 services up.');
  const bare = open('test/cli-inputs/capacity/vms-only.stamp');
  assert.equal(handleSimulateRequest(bare.analysis, bare.uri, ['host:n1']).summary, 'N1 failed: the stamp declares no services. BIG2 stays off for lack of memory.');
  assert.equal(handleSimulateRequest(bare.analysis, bare.uri, []).summary, 'Nothing failed: the stamp declares no services.');
  assert.equal(handleSimulateRequest(bare.analysis, bare.uri, ['host:n1', 'host:n2']).summary, 'N1 and N2 failed: the stamp declares no services.');
  // Eight VMs of 20 GB on two nodes with room for seven each: with N1 lost, one stays off and is named. With fourteen,
  // seven stay off: the summary names five and counts the rest.
  const crowd = (count: number) => {
    const vms = Array.from({ length: count }, (_, index) => `vm V${index + 1} on C { memory 20GB; storage csv S }`).join('\n');
    const text = `host N1 { memory 160GB }\nhost N2 { memory 160GB }\ncluster C { kind hyperv; nodes N1, N2; witness cloud; csv S }\n${vms}\n`;
    const uri = 'file:///crowd.stamp';
    return handleSimulateRequest(analyze([{ uri, text }]), uri, ['host:n1']).summary;
  };
  assert.match(crowd(8), /^N1 failed: the stamp declares no services\. V\d+ stays off for lack of memory\.$/);
  assert.match(crowd(14), /^N1 failed: the stamp declares no services\. V\d+, V\d+, V\d+, V\d+, V\d+ and 2 more stay off for lack of memory\.$/);
});

test('a design without hosts says nothing of memory; a part the preview does not draw gets an id of the same shape', () => {
  const uri = 'file:///no-hosts.stamp';
  const analysis = analyze([{ uri, text: 'vm G1 {}\nvm G2 {}\ncluster GC { kind guest; nodes G1, G2; witness cloud; csv GV }\n' }]);
  assert.equal(handleResilienceRequest(analysis, uri).memoryCoverage, null);
  // `stamp simulate` prints no memory line either.
  assert.deepEqual(capacityLines(analysis.model), []);
  // A guest cluster is not drawn, nor its CSV: the part's id is made of its kind and names. Simulating it by that id works.
  assert.deepEqual(handleFailablePartsRequest(analysis, uri).map((part) => part.id), ['csv:gc/gv', 'vm:g1', 'vm:g2']);
  assert.deepEqual(handleSimulateRequest(analysis, uri, ['csv:gc/gv']).failed, ['csv:gc/gv']);
  // Two hosts of one name (a duplicate) are drawn as two nodes: their parts take those nodes' ids.
  const twice = analyze([{ uri, text: 'host H { memory 8GB }\nhost H { memory 8GB }\n' }]);
  assert.deepEqual(handleFailablePartsRequest(twice, uri).map((part) => part.id), ['host:h', 'host:h#2']);
});
