// Workspace symbols: every element of every `.stamp` file of the workspace whose name matches a query, with its kind and container.
import type { CheckedFile } from '../../../grammar/src/check.js';
import type { Element } from '../../../grammar/src/elements.js';
import type { ElementKind } from '../../../grammar/src/schema-types.js';

/** One element found for a workspace-symbol query, by offsets in its file. */
export interface WorkspaceSymbolEntry {
  name: string;
  symbol: ElementKind['symbol'];
  /** The element kind's label ("availability group"), shown with the container. */
  kindLabel: string;
  uri: string;
  start: number;
  end: number;
  /** The name of the element that holds it, when it is nested. */
  containerName?: string;
}

/** The most symbols answered for one query; editors filter further as the user types. */
export const maximumWorkspaceSymbols = 1000;

/** Whether every character of the query appears in the name in order, ignoring case (`sqag` matches `SQLCLUSTER-AG`). */
export function matchesSubsequence(name: string, query: string): boolean {
  const haystack = name.toLowerCase();
  let position = 0;
  for (const character of query.toLowerCase()) {
    if (/\s/.test(character)) continue;
    position = haystack.indexOf(character, position);
    if (position < 0) return false;
    position++;
  }
  return true;
}

/** The elements of the files whose names match the query, files in the order given, elements in source order. */
export function workspaceSymbols(files: readonly CheckedFile[], query: string): WorkspaceSymbolEntry[] {
  const found: WorkspaceSymbolEntry[] = [];
  const visit = (element: Element, uri: string): void => {
    if (found.length >= maximumWorkspaceSymbols) return;
    // Imports and unnamed elements (a port rule is named by its ports) are still worth finding by what is written.
    const name = element.name !== '' ? element.name : element.kind.keyword;
    if (element.kind.id !== 'import' && matchesSubsequence(name, query)) {
      const parent = element.parent;
      found.push({
        name, symbol: element.kind.symbol, kindLabel: element.kind.label, uri,
        start: element.nameSpan.start, end: element.nameSpan.end,
        ...(parent ? { containerName: parent.name !== '' ? parent.name : parent.kind.keyword } : {}),
      });
    }
    for (const child of element.children) visit(child, uri);
  };
  for (const file of files) for (const element of file.elements) visit(element, file.uri);
  return found;
}
