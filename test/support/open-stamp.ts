// Opens .stamp texts in the server's workspace in-process (no LSP), for tests of hover, rename and other features
// that assert what the user sees; in-process so that mutation testing sees which tests cover the features.
import { StampWorkspace, type DiagnosedDocument } from '../../server/src/analysis/workspace.js';
import { emptyConfig } from '../../server/src/analysis/config.js';
import { nodeFileSystem } from '../../server/src/node/node-file-system.js';
import { hoverAt } from '../../server/src/features/hover.js';
import { prepareRenameAt, renameAt } from '../../server/src/features/navigation.js';
import type { TextEdit } from '../../grammar/src/diagnostic.js';

/** An open stamp: the texts by URI and the diagnosis of one document. */
export interface OpenStamp {
  uri: string;
  text: string;
  texts: Map<string, string>;
  diagnosed: DiagnosedDocument;
  /** The offset of the n-th occurrence (1-based) of a needle in the document, plus a delta. */
  offsetOf(needle: string, delta?: number, occurrence?: number): number;
  /** The hover Markdown at a needle (plus delta), or undefined when there is none. */
  hover(needle: string, delta?: number, occurrence?: number): string | undefined;
  prepareRename(needle: string, delta?: number): ReturnType<typeof prepareRenameAt>;
  rename(needle: string, newName: string, delta?: number): ReturnType<typeof renameAt>;
  /** Applies a rename's edits to every file; throws with the refusal when the rename is refused. */
  renamed(needle: string, newName: string, delta?: number): Map<string, string>;
}

/** Opens every file (the first is the document the helpers act on) and diagnoses the first one. */
export function openStamp(files: Record<string, string>): OpenStamp {
  const workspace = new StampWorkspace(() => emptyConfig, nodeFileSystem);
  const entries = Object.entries(files);
  entries.forEach(([uri, text]) => workspace.open(uri, text, 1));
  const [uri, text] = entries[0];
  const diagnosed = workspace.diagnosisOf(uri);
  if (!diagnosed) throw new Error(`no diagnosis for ${uri}`);
  const offsetOf = (needle: string, delta = 0, occurrence = 1): number => {
    let at = -1;
    for (let count = 0; count < occurrence; count++) {
      at = text.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`${JSON.stringify(needle)} not found in ${uri} (occurrence ${count + 1})`);
    }
    return at + delta;
  };
  const rename = (needle: string, newName: string, delta = 1) => renameAt(diagnosed.document, offsetOf(needle, delta), newName);
  return {
    uri, text, texts: new Map(entries), diagnosed, offsetOf,
    hover: (needle, delta = 1, occurrence = 1) => hoverAt(diagnosed.document, diagnosed.all, offsetOf(needle, delta, occurrence))?.markdown,
    prepareRename: (needle, delta = 1) => prepareRenameAt(diagnosed.document, offsetOf(needle, delta)),
    rename,
    renamed(needle, newName, delta = 1) {
      const result = rename(needle, newName, delta);
      if (!result) throw new Error(`nothing to rename at ${needle}`);
      if ('error' in result) throw new Error(result.error);
      return applyEdits(new Map(entries), result.edits);
    },
  };
}

/** Applies non-overlapping edits to texts by URI. */
export function applyEdits(texts: Map<string, string>, edits: readonly TextEdit[]): Map<string, string> {
  const result = new Map(texts);
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  for (const edit of sorted) {
    const text = result.get(edit.uri);
    if (text === undefined) throw new Error(`edit of an unknown file ${edit.uri}`);
    result.set(edit.uri, text.slice(0, edit.start) + edit.newText + text.slice(edit.end));
  }
  return result;
}
