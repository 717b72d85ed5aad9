// The failure analysis over the dependency graph against the exhaustive one, on small hand-written designs and on
// every variant of them with one line dropped or one property changed: the same SPOF001 messages (part, services,
// explanation) and the same single-failure resilience summary. Fast (small designs), so that the mutation run of
// server/src/resilience can use it; test/spof-graph.test.ts does the same on large generated stamps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FailureGraph } from '../server/src/resilience/failure-graph.js';
import { repoRoot } from './support/paths.js';
import { modelOf, spofLines, summaryLines } from './support/spof-compare.js';

const designs = [
  'test/fixtures/resilience/hoster-before.stamp',
  'test/fixtures/resilience/spof-paths.stamp',
  'test/cli-inputs/capacity/placement.stamp',
  'test/fixtures/rules/HVR.stamp',
  'test/fixtures/rules/AG012.stamp',
  'test/fixtures/rules/DC.stamp',
  'test/cli-inputs/resilience/local-storage.stamp',
  'test/cli-inputs/resilience/quorum-edges.stamp',
  'test/cli-inputs/resilience/cycle-on-failure.stamp',
  'test/cli-inputs/resilience/placement-memo.stamp',
  'test/cli-inputs/resilience/simulate-edges.stamp',
];
/** Larger designs, compared as written only (each variant of them costs seconds). */
const examples = ['examples/hypervnu-lab.stamp'];




/** Property changes where the failure analysis reads them; each applies to every line it fits. */
const edits: ReadonlyArray<[RegExp, string]> = [
  [/failover automatic/g, 'failover manual'],
  [/commit synchronous/g, 'commit asynchronous'],
  [/storage csv [\w-]+/g, 'storage local'],
  [/witness (disk [\w-]+|share "[^"]*"|cloud)/g, 'witness none'],
  [/memory (\d+)GB/g, 'memory 1GB'],
  [/critical( true)?;?/g, ''],
  [/nodes ([\w-]+), [\w-]+(, [\w-]+)*/g, 'nodes $1'],
];

/** The design and its variants: each line dropped in turn, and each property change applied to the whole text. */
function variants(text: string, design: string): Array<[string, string]> {
  if (examples.includes(design)) return [['as written', text]];
  const lines = text.split('\n');
  const out: Array<[string, string]> = [['as written', text]];
  lines.forEach((line, index) => {
    if (line.trim() === '' || line.trim().startsWith('//')) return;
    out.push([`line ${index + 1} dropped`, lines.filter((_, other) => other !== index).join('\n')]);
  });
  for (const [pattern, replacement] of edits) {
    const changed = text.replace(pattern, replacement);
    if (changed !== text) out.push([`${pattern.source} -> ${replacement || '(nothing)'}`, changed]);
  }
  return out;
}

/** Written here: shapes the files above lack. */
const inline: Record<string, string> = {
  // The file share witness of the cluster is a VM of that cluster: its quorum needs the VM, the VM needs its quorum
  // (the evaluation meets a cycle; some variants do not).
  'a witness that is a VM of its own cluster': `
san SAN1 {}
host H1 { memory 32GB }
host H2 { memory 32GB }
cluster C { kind hyperv; nodes H1, H2; witness share "\\\\FS1\\W"; csv V1 { san SAN1 } }
vm FS1 on C { memory 4GB; storage csv V1; critical }
vm APP1 on C { memory 4GB; storage csv V1; critical }
host H3 {}
vm APP2 on H3 { storage local; critical }
replication APP2 to H1 { frequency 5m }`,
  // A VM that never fits (down with nothing failed) beside ones that run: no part is its single point of failure.
  'a cluster with a VM down before anything fails': `
host Q1 { memory 16GB }
host Q2 { memory 16GB }
cluster CQ { kind hyperv; nodes Q1, Q2; witness cloud; csv QV }
vm HUGE on CQ { memory 24GB; storage csv QV; critical }
vm SMALL on CQ { memory 4GB; storage csv QV; critical }
vm MID on CQ { memory 10GB; storage csv QV; critical; preferred_owners Q2 }
app SHOP { servers SMALL, MID }`,
};

for (const design of [...designs, ...examples, ...Object.keys(inline)]) {
  test(`the graph search finds what the exhaustive search finds on ${design} and its variants`, () => {
    let findings = 0;
    let overGraph = 0;
    for (const [label, text] of variants(inline[design] ?? readFileSync(join(repoRoot, design), 'utf8'), design)) {
      const fast = spofLines(modelOf(text), false);
      assert.deepEqual(fast, spofLines(modelOf(text), true), `${design}, ${label}: SPOF001 differs from the exhaustive search`);
      assert.deepEqual(summaryLines(modelOf(text), false, 1), summaryLines(modelOf(text), true, 1), `${design}, ${label}: the resilience summary differs`);
      findings += fast.length;
      if (!FailureGraph.record(modelOf(text)).cyclic) overGraph++;
    }
    assert.ok(findings > 0, `${design}: no finding to compare`);
    assert.ok(overGraph > 0, `${design}: no variant was searched over the graph`);
  });
}
