// Answers the editor's inventory requests (`stamp/importInventory`, `stamp/compareInventory`) with the import core:
// the client only reads the chosen file and writes what comes back; all meaning is here and in import/src.
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';
import { analyze } from '../../../grammar/src/analyze.js';
import { diffDesign } from '../../../import/src/drift.js';
import { emitStamp } from '../../../import/src/emit.js';
import type { CompareInventoryParams, ImportInventoryParams, ImportInventoryResult } from '../../../protocol/src/protocol.js';
import { decodeInventory, estateOfInventory, InventoryError, type InventoryProblem } from '../../../import/src/index.js';


/** The bytes of a base64 text, with the Web API `atob` (the server also runs in a browser's worker, without `Buffer`). */
function bytesOfBase64(data: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(data);
  } catch {
    throw new InventoryError([{ path: '', message: 'The inventory did not arrive as base64.' }]);
  }
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Reads base64 inventory bytes into an estate, or the problems found. */
function estateOf(data: unknown): ReturnType<typeof estateOfInventory> | InventoryProblem[] {
  if (typeof data !== 'string') return [{ path: '', message: 'No inventory was sent.' }];
  try {
    return estateOfInventory(decodeInventory(bytesOfBase64(data)));
  } catch (error) {
    if (error instanceof InventoryError) return error.problems;
    throw error;
  }
}

/** Imports an inventory; the files are checked to parse without errors before they are offered. */
export function handleImportInventory(params: ImportInventoryParams): ImportInventoryResult {
  const estate = estateOf(params.data);
  if (Array.isArray(estate)) return { problems: estate };
  const mainName = typeof params.mainName === 'string' && params.mainName.endsWith('.stamp') ? params.mainName : 'estate.stamp';
  const stampName = mainName.replace(/\.stamp$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z_]+/, '') || 'estate';
  const files = emitStamp(estate, { mainName, split: params.split === true, stampName });
  const broken = analyze(files.map((file) => ({ uri: `file:///import/${file.name}`, text: file.text }))).diagnostics.filter((diagnostic) => /^(SYN|SCH|IMP)/.test(diagnostic.code));
  if (broken.length > 0) throw new Error(`the imported design does not check: ${broken[0].code} ${broken[0].message}`);
  return { files, warnings: estate.warnings };
}

/** Compares the open design's stamp with an inventory: drift diagnostics on the design's files, or the problems. */
export function handleCompareInventory(analysis: Analysis, params: CompareInventoryParams): { drift: Diagnostic[] } | { problems: InventoryProblem[] } {
  const estate = estateOf(params.data);
  if (Array.isArray(estate)) return { problems: estate };
  return { drift: diffDesign(analysis, estate) };
}
