// Reads an inventory file for `stamp import` and `stamp diff`: the size is checked before reading, then the core
// validates it; every problem becomes one line of the input error, with the file's name and the place in it.
import { readFileSync, statSync } from 'node:fs';
import { decodeInventory, estateOfInventory, InventoryError, maxInventoryBytes, type Estate } from '../../import/src/index.js';
import { InputError } from './errors.js';
import { describeFileError } from './files.js';

/** The estate of an inventory file, or an InputError that lists what is wrong with it. */
export function readInventoryFile(path: string, shownAs: string): Estate {
  let bytes: Uint8Array;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new InputError(`${shownAs}: not a file.`);
    if (stats.size > maxInventoryBytes) {
      throw new InputError(`${shownAs}: the inventory is ${(stats.size / 1024 / 1024).toFixed(1)} MB; Stamp reads inventories up to ${maxInventoryBytes / 1024 / 1024} MB.`);
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${shownAs}: ${describeFileError(error)}`);
  }
  try {
    return estateOfInventory(decodeInventory(bytes));
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: the inventory reader throws nothing but InventoryError for any input; anything else is a bug in Stamp, reported as an internal error either way
    if (error instanceof InventoryError) {
      const lines = error.problems.map((problem) => `${shownAs}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
      throw new InputError(`${lines.join('\n')}\n${shownAs}: not imported; nothing was written.`);
    }
    throw error;
  }
}
