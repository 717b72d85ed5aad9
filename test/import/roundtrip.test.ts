// The round trip: each example design, rendered as the inventory its estate would produce and imported again, gives
// a stamp without syntax or schema errors and with the same elements, references and observable properties.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Analysis } from '../../grammar/src/analyze.js';
import { observeModel, type ObservedElement } from '../../import/src/facts.js';
import { importInventory } from '../../import/src/index.js';
import { renderInventory } from '../support/render-inventory.js';
import { analyzeExample, analyzeImported, sanGroups } from '../support/imported.js';
import { repoRoot } from '../support/paths.js';

const examples = join(repoRoot, 'examples');
/** Designs that carry what the examples do not (owners, reserve, a named instance, a Fibre Channel SAN, a disk witness). */
const designs = join(repoRoot, 'test', 'import', 'designs');

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
