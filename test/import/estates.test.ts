// An estate imported from its inventory gets the hand-written design's diagnostics, failure analysis and diagram.
// Each example ships the inventory its running estate gives (examples/inventories/, shaped as ConvertTo-Json writes
// the cmdlets' objects); the import of it is compared with the example on the rule findings (code and element), the
// single points of failure (part and services) and the diagram (nodes and edges). What an estate cannot tell is listed
// below, per example, with the reason: every other difference fails the test.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Analysis } from '../../grammar/src/analyze.js';
import type { Element } from '../../grammar/src/elements.js';
import { statementSpan } from '../../import/src/facts.js';
import { importInventory } from '../../import/src/index.js';
import { diagnose } from '../../server/src/analysis/diagnose.js';
import { buildGraph } from '../../server/src/graph/graph.js';
import { singlePointsOfFailure } from '../../server/src/resilience/spof.js';
import { assertGolden } from '../support/golden.js';
import { repoRoot } from '../support/paths.js';
import { renderInventory } from '../support/render-inventory.js';
import { analyzeExample, analyzeImported, sanGroups } from '../support/imported.js';

const examples = join(repoRoot, 'examples');
const inventories = join(examples, 'inventories');

/** The names an estate cannot know, from the import's to the design's: SANs (matched by the volumes they hold), components, NLB clusters. */
function namesOf(design: Analysis, imported: Analysis): Map<string, string> {
  const names = new Map<string, string>();
  const groups = (analysis: Analysis): Map<string, string> => {
    const byGroup = new Map<string, string>();
    for (const san of analysis.model.sans) {
      const held = analysis.model.clusters.flatMap((cluster) => cluster.csvs.filter((csv) => csv.san === san.element).map((csv) => `${cluster.name}/${csv.name}`.toLowerCase())).sort().join(', ');
      byGroup.set(held, san.name);
    }
    return byGroup;
  };
  const designSans = groups(design);
  for (const [held, name] of groups(imported)) if (designSans.has(held)) names.set(name.toLowerCase(), designSans.get(held)!.toLowerCase());
  for (const kind of ['vmm', 'spf', 'wap'] as const) {
    const wanted = design.model.components.find((component) => component.kind === kind);
    const found = imported.model.components.find((component) => component.kind === kind);
    if (wanted && found) names.set(found.name.toLowerCase(), wanted.name.toLowerCase());
  }
  for (const nlb of imported.model.nlbs) {
    const wanted = design.model.nlbs.find((candidate) => candidate.internetName?.text.toLowerCase() === nlb.internetName?.text.toLowerCase());
    if (wanted) names.set(nlb.name.toLowerCase(), wanted.name.toLowerCase());
  }
  return names;
}

/** Rewrites the import's names to the design's in graph ids (`kind:name`, `kind:parent/name`), never a kind. */
function renamer(names: Map<string, string>): (text: string) => string {
  if (names.size === 0) return (text) => text.toLowerCase();
  // A name follows `:` or `/` and ends before `/`, `->`, a space or the end; a kind is followed by `:`.
  const alternatives = [...names.keys()].sort((a, b) => b.length - a.length).map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<=[:/])(${alternatives.join('|')})(?=$|[/\\s]|->)`, 'gi');
  return (text) => text.toLowerCase().replace(pattern, (found) => names.get(found.toLowerCase())!);
}

/** The innermost element whose statement holds an offset, as a path of kinds and names (`cluster sqlcluster`). */
function elementPath(analysis: Analysis, uri: string, offset: number, names: Map<string, string>): string {
  let best: Element | undefined;
  for (const element of analysis.model.index.all) {
    if (element.uri !== uri) continue;
    const span = statementSpan(element.statement);
    if (span.start <= offset && offset < span.end && (!best || span.end - span.start <= statementSpan(best.statement).end - statementSpan(best.statement).start)) best = element;
  }
  const path: string[] = [];
  for (let element = best; element; element = element.parent) path.unshift(`${element.kind.id} ${names.get(element.key) ?? element.key}`);
  return path.join(' / ') || '(file)';
}

/** What the user sees of a stamp: rule findings, single points of failure, the diagram's nodes and edges. */
function observable(analysis: Analysis, names: Map<string, string>): string[] {
  const rename = renamer(names);
  const nameOf = (element: Element): string => names.get(element.key) ?? element.key;
  const uri = analysis.files[0].uri;
  const diagnostics = diagnose(analysis);
  const facts = new Set<string>();
  for (const diagnostic of diagnostics) facts.add(`diagnostic ${diagnostic.code} on ${elementPath(analysis, diagnostic.uri, diagnostic.start, names)}`.toLowerCase());
  for (const spof of singlePointsOfFailure(analysis.model)) {
    // A service by its element (a component, a group, a replicated VM): the label uses names the estate cannot know.
    const services = spof.services.map((service) => `${service.element.kind.id} ${nameOf(service.element)}`).sort();
    facts.add(`spof ${spof.part.kind.id} ${nameOf(spof.part)}: ${services.join(', ')}`.toLowerCase());
  }
  const graph = buildGraph(analysis, diagnostics, uri);
  for (const node of graph.nodes) facts.add(rename(`node ${node.id}${node.parent ? ` in ${node.parent}` : ''}`));
  for (const edge of graph.edges) facts.add(rename(`edge ${edge.id}`));
  return [...facts].sort();
}

/** The differences between the design's observable facts and the import's. */
function differences(design: Analysis, imported: Analysis): string[] {
  const wanted = observable(design, new Map());
  const found = observable(imported, namesOf(design, imported));
  const wantedSet = new Set(wanted);
  const foundSet = new Set(found);
  return [
    ...wanted.filter((fact) => !foundSet.has(fact)).map((fact) => `only in the design: ${fact}`),
    ...found.filter((fact) => !wantedSet.has(fact)).map((fact) => `only in the import: ${fact}`),
  ];
}

/**
 * What a running estate cannot tell, per example: each difference between the import and the hand-written design,
 * with the reason it cannot be read. docs/import.md ("What a running estate cannot tell") lists the same facts.
 */
const unknowable: Record<string, Array<[RegExp, string]>> = {
  'asr-stamp': [
    [/^only in the design: (node|edge \w+:\w+:[\w./-]+->)?.*load_balancer:(spflb|portallb)/, 'hardware load balancers are not Windows machines: the collector cannot read their virtual servers, so the import has no `load_balancer` and none of its edges (fronts, real servers, DNS, certificates)'],
    [/^only in the design: .*recovery_(plan|group):managementstamp/, 'Azure Site Recovery plans live in the Recovery Services vault, not in the estate'],
    [/^only in the import: diagnostic lb001 on (spf spf|wap portal)$/, 'with the load balancer unknown, two SPF and two WAP servers have nothing in front of them (LB001)'],
    [/^only in the import: edge installed_on:certificate:(spf\.stamp\.local|portal\.stamp\.com)->vm:(spf|wap)0[12]$/, 'the collector finds the certificates bound on the web servers behind the load balancer, not on the appliance'],
    [/^only in the import: edge uses_spf:wap:portal->spf:spf$/, 'WAP\'s SPF URL names the load balancer\'s FQDN; without the load balancer, the import links WAP to SPF itself'],
  ],
  'hoster-4-server': [
    [/^only in the design: (node |edge \w+:)app:project/, '`app` elements: which machines run an application and which database it uses is not something Windows or SQL Server report'],
  ],
};

describe('an imported estate and its hand-written design', () => {
  for (const name of readdirSync(examples).filter((entry) => entry.endsWith('.stamp')).sort()) {
    const base = name.replace(/\.stamp$/, '');
    it(`${name}: the shipped inventory is what its estate gives the collector`, () => {
      const inventory = `${JSON.stringify(renderInventory(analyzeExample(name).model), null, 2)}\n`;
      assertGolden(join(inventories, `${base}.json`), inventory);
    });

    it(`${name}: the import has the same findings, single points of failure and diagram, but for what an estate cannot tell`, () => {
      const design = analyzeExample(name);
      const files = importInventory(readFileSync(join(inventories, `${base}.json`), 'utf8'), { mainName: 'estate.stamp' });
      const imported = analyzeImported(files);
      assert.ok(sanGroups(imported).length > 0, 'the SANs are identified');
      const found = differences(design, imported);
      const reasons = unknowable[base] ?? [];
      const unexplained = found.filter((difference) => !reasons.some(([pattern]) => pattern.test(difference)));
      assert.deepEqual(unexplained, [], files[0].text);
      // Every listed reason is still needed: a fact the import learns to read leaves the list.
      const unused = reasons.filter(([pattern]) => !found.some((difference) => pattern.test(difference))).map(([pattern, why]) => `${pattern}: ${why}`);
      assert.deepEqual(unused, []);
    });
  }
});
