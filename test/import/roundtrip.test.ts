// The round trip: each example design, rendered as the inventory its estate would produce and imported again, gives
// a stamp without syntax or schema errors and with the same elements, references and observable properties.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { analyze, type Analysis } from '../../grammar/src/analyze.js';
import { observeModel, type ObservedElement } from '../../import/src/facts.js';
import { importInventory } from '../../import/src/index.js';
import { renderInventory } from '../support/render-inventory.js';
import { repoRoot } from '../support/paths.js';

const examples = join(repoRoot, 'examples');

export function analyzeExample(name: string): Analysis {
  const path = join(examples, name);
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

describe('import round trip of the examples', () => {
  for (const name of readdirSync(examples).filter((entry) => entry.endsWith('.stamp')).sort()) {
    for (const split of [false, true]) {
      it(`${name}${split ? ' (one file per cluster)' : ''} comes back with the same elements and properties`, () => {
        const design = analyzeExample(name);
        const inventory = JSON.stringify(renderInventory(design.model), null, 2);
        const files = importInventory(inventory, { mainName: 'estate.stamp', split });
        if (split) assert.ok(files.length > 2, `one file per cluster: got ${files.map((file) => file.name).join(', ')}`);
        const imported = analyzeImported(files);
        assert.deepEqual(coreErrors(imported), [], files.map((file) => `--- ${file.name}\n${file.text}`).join('\n'));
        const observedDesign = observeModel(design.model);
        assert.ok(observedDesign.size > 20, 'the design has facts to compare');
        assert.deepEqual(roundTripDifferences(observedDesign, observeModel(imported.model)), []);
      });
    }
  }
});
