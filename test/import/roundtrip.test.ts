// The round trip: each example design, rendered as the inventory its estate would produce and imported again, gives
// a stamp without syntax or schema errors and with the same elements, references and observable properties.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { analyze, type Analysis } from '../../grammar/src/analyze.js';
import { propValue } from '../../grammar/src/elements.js';
import { observeModel, type ObservedElement } from '../../import/src/facts.js';
import { importInventory } from '../../import/src/index.js';
import { renderInventory } from '../support/render-inventory.js';
import { repoRoot } from '../support/paths.js';

const examples = join(repoRoot, 'examples');
/** Designs that carry what the examples do not (owners, reserve, a named instance, a Fibre Channel SAN, a disk witness). */
const designs = join(repoRoot, 'test', 'import', 'designs');

export function analyzeExample(name: string, folder = examples): Analysis {
  const path = join(folder, name);
  return analyze([{ uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') }]);
}

/** Imports files as a stamp in memory (the first is the main file, the others are reached by its imports). */
export function analyzeImported(files: Array<{ name: string; text: string }>): Analysis {
  return analyze(files.map((file) => ({ uri: `file:///imported/${file.name}`, text: file.text })));
}

function coreErrors(analysis: Analysis): string[] {
  return analysis.diagnostics.filter((diagnostic) => /^(SYN|SCH|IMP)/.test(diagnostic.code)).map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`);
}

/** Differences between the design's observable facts and the import's: every element on both sides, every design property equal. */
export function roundTripDifferences(design: Map<string, ObservedElement>, imported: Map<string, ObservedElement>): string[] {
  const differences: string[] = [];
  for (const id of design.keys()) if (!imported.has(id)) differences.push(`lost: ${id}`);
  for (const id of imported.keys()) if (!design.has(id)) differences.push(`invented: ${id}`);
  for (const [id, entry] of design) {
    const other = imported.get(id);
    if (!other) continue;
    for (const [name, property] of entry.properties) {
      const importedProperty = other.properties.get(name);
      if (!importedProperty) differences.push(`${id}: ${name} lost (design ${property.value})`);
      else if (importedProperty.value !== property.value) differences.push(`${id}: ${name} is ${property.value} in the design, ${importedProperty.value} imported`);
    }
  }
  return differences;
}

/**
 * Which CSVs (and disk witnesses) share a SAN: the import names SANs itself (SAN1, SAN2, …), so what must survive is
 * the grouping and each SAN's protocol, written as `protocol: cluster/csv, …` per SAN, sorted.
 */
export function sanGroups(analysis: Analysis): string[] {
  const groups = new Map<string, string[]>();
  const member = (san: { name: string } | undefined, what: string): void => {
    if (!san) return;
    groups.set(san.name, [...(groups.get(san.name) ?? []), what.toLowerCase()]);
  };
  for (const cluster of analysis.model.clusters) {
    for (const csv of cluster.csvs) member(csv.san, `${cluster.name}/${csv.name}`);
    const witness = cluster.witness;
    if (witness?.type === 'disk' && witness.target?.kind.id === 'san') member(witness.target, `${cluster.name}/witness`);
  }
  return [...groups].map(([name, members]) => {
    const san = analysis.model.sans.find((candidate) => candidate.name === name)!;
    return `${propValue(san.element, 'protocol')?.text ?? 'unknown'}: ${members.sort().join(', ')}`;
  }).sort();
}

describe('import round trip of the examples', () => {
  const cases = [
    ...readdirSync(examples).filter((entry) => entry.endsWith('.stamp')).sort().map((name) => ({ name, folder: examples })),
    ...readdirSync(designs).filter((entry) => entry.endsWith('.stamp')).sort().map((name) => ({ name, folder: designs })),
  ];
  for (const { name, folder } of cases) {
    for (const split of [false, true]) {
      it(`${name}${split ? ' (one file per cluster)' : ''} comes back with the same elements and properties`, () => {
        const design = analyzeExample(name, folder);
        const inventory = JSON.stringify(renderInventory(design.model), null, 2);
        const files = importInventory(inventory, { mainName: 'estate.stamp', split });
        if (split) assert.ok(files.length > 1, `one file per cluster: got ${files.map((file) => file.name).join(', ')}`);
        const imported = analyzeImported(files);
        assert.deepEqual(coreErrors(imported), [], files.map((file) => `--- ${file.name}\n${file.text}`).join('\n'));
        const observedDesign = observeModel(design.model);
        assert.ok(observedDesign.size > 20, 'the design has facts to compare');
        assert.deepEqual(roundTripDifferences(observedDesign, observeModel(imported.model)), []);
        // The SANs come back as the same groups of volumes, each with its protocol.
        assert.ok(sanGroups(design).length > 0, 'the design has SANs');
        assert.deepEqual(sanGroups(imported), sanGroups(design));
      });
    }
  }
});
