// Reads a stamp from disk with the files it imports, so that references into imported files resolve as in the editor.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeChecked, checkSource, type Analysis } from '../../grammar/src/analyze.js';
import type { CheckedFile } from '../../grammar/src/check.js';
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
import { describeFileError } from './files.js';
import { InputError } from './errors.js';

/** The code of the diagnostic on an `import` whose file cannot be read (the CLI's own; the core cannot read files). */
export const unreadableImportCode = 'IMPORT';

/** A stamp file analysed together with everything it imports. */
export interface LoadedStamp {
  path: string;
  uri: string;
  text: string;
  analysis: Analysis;
  /** Problems found while loading: imports that cannot be read. */
  loadDiagnostics: Diagnostic[];
}

/** The file URI the CLI gives a path; diagnostics carry it and reports turn it back into a path. */
export function uriOfPath(path: string): string {
  return pathToFileURL(path).href;
}

export function pathOfUri(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

/** Reads a file as text, turning failures into a one-line input error. */
export function readTextFile(path: string, shownAs: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${shownAs}: ${describeFileError(error)}`);
  }
}

/** Loads a stamp and, transitively, the files its `import` statements name (relative to the importing file). */
export function loadStamp(path: string, shownAs: string): LoadedStamp {
  const text = readTextFile(path, shownAs);
  const uri = uriOfPath(path);
  const first = checkSource({ uri, text });
  const checked: CheckedFile[] = [first];
  const seen = new Set([path]);
  const loadDiagnostics: Diagnostic[] = [];
  for (let index = 0; index < checked.length; index++) {
    const file = checked[index];
    const folder = dirname(pathOfUri(file.uri));
    for (const element of file.elements) {
      if (element.kind.id !== 'import' || element.name === '') continue;
      const imported = resolve(folder, element.name);
      if (seen.has(imported)) continue;
      seen.add(imported);
      let importedText: string;
      try {
        importedText = readFileSync(imported, 'utf8');
      } catch (error) {
        loadDiagnostics.push({
          uri: file.uri, start: element.nameSpan.start, end: element.nameSpan.end, severity: 'error', code: unreadableImportCode,
          message: `Cannot read the imported file \`${element.name}\`: ${describeFileError(error)}`,
        });
        continue;
      }
      checked.push(checkSource({ uri: uriOfPath(imported), text: importedText }));
    }
  }
  return { path, uri, text, analysis: analyzeChecked(checked), loadDiagnostics };
}
