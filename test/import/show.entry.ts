// Prints an example's rendered inventory (argv[2]) and its import, for eyeballing while developing.
import { writeFileSync } from 'node:fs';
import { importInventory } from '../../import/src/index.js';
import { renderInventory } from '../support/render-inventory.js';
import { analyzeExample } from './roundtrip.test.js';
const inventory = JSON.stringify(renderInventory(analyzeExample(process.argv[2]).model), null, 2);
writeFileSync('/tmp/inventory.json', inventory);
for (const file of importInventory(inventory, { mainName: 'estate.stamp', split: process.argv[3] === 'split' })) console.log(`=== ${file.name}\n${file.text}`);
