// The import core shared by `stamp import`/`stamp diff` and the editor: inventory text in, `.stamp` files or drift out.
import { emitStamp, type EmittedFile } from './emit.js';
import { readEstate, type Estate } from './estate.js';
import { parseInventory } from './validate.js';

export { InventoryError, decodeInventory, parseInventory, maxInventoryBytes, type InventoryProblem } from './validate.js';
export type { EmittedFile } from './emit.js';
export type { Estate } from './estate.js';

/** Validates an inventory and reads it into the estate; throws an InventoryError on a bad inventory. */
export function estateOfInventory(text: string): Estate {
  return readEstate(parseInventory(text));
}

/** Validates an inventory and writes its estate as formatted `.stamp` files (the main file first). */
export function importInventory(text: string, options: { mainName: string; split?: boolean; stampName?: string }): EmittedFile[] {
  return emitStamp(estateOfInventory(text), options);
}
