// Go to definition, find references and rename: the element under the cursor, its declaration and every reference to it.
import type { TextEdit } from '../../../grammar/src/diagnostic.js';
import type { Element, Span } from '../../../grammar/src/elements.js';
import { nameText } from '../../../grammar/src/edits.js';
import { computerNameHolder, computerNameKinds } from '../../../grammar/src/resolve.js';
import type { AnalyzedDocument } from '../analysis/workspace.js';
import { argumentAt, statementAt } from './locate.js';

/** A span in some file of the stamp. */
export interface Place extends Span {
  uri: string;
}

/** The element named at an offset (by a reference or by its declaration) and the span of the name there. */
export interface NamedAt {
  element: Element;
  span: Span;
  /** The name as written there, without quotes. */
  text: string;
  isDeclaration: boolean;
}

/** Kinds whose "name" is not a name a user would rename (a path, a port range, a group number). */
const unnamedKinds = new Set(['import', 'port_rule', 'plan_group']);

/** The element a reference or declaration at an offset names. */
export function namedAt(document: AnalyzedDocument, offset: number): NamedAt | undefined {
  const located = statementAt(document, offset);
  if (!located) return undefined;
  const argument = argumentAt(document, located, offset);
  if (!argument) return undefined;
  const span = { start: argument.argument.start, end: argument.argument.end };
  if (argument.reference?.target) return { element: argument.reference.target, span, text: argument.argument.text, isDeclaration: false };
  if (argument.declares) return { element: argument.declares, span, text: argument.argument.text, isDeclaration: true };
  return undefined;
}

/** The declaration of the element referenced at an offset. */
export function definitionAt(document: AnalyzedDocument, offset: number): Place | undefined {
  const named = namedAt(document, offset);
  if (!named) return undefined;
  return { uri: named.element.uri, start: named.element.nameSpan.start, end: named.element.nameSpan.end };
}

/** Every reference to the element at an offset, optionally with its declaration first. */
export function referencesAt(document: AnalyzedDocument, offset: number, includeDeclaration: boolean): Place[] {
  const named = namedAt(document, offset);
  if (!named) return [];
  const element = named.element;
  const places: Place[] = [];
  if (includeDeclaration) places.push({ uri: element.uri, start: element.nameSpan.start, end: element.nameSpan.end });
  // No element's name is a reference to itself (the names that are references, `sql on VM`, `replica SQL`, `server VM`,
  // name another element), so the declaration is never listed twice.
  for (const { value, holder } of document.analysis.model.index.references) {
    if (value.target === element) places.push({ uri: holder.uri, start: value.start, end: value.end });
  }
  return places;
}

/** The outcome of checking a rename: the span to edit and the current name, or why renaming is refused. */
export type PrepareRenameResult = { start: number; end: number; placeholder: string } | { error: string } | undefined;

export function prepareRenameAt(document: AnalyzedDocument, offset: number): PrepareRenameResult {
  const named = namedAt(document, offset);
  if (!named) return undefined;
  if (unnamedKinds.has(named.element.kind.id)) return { error: `A ${named.element.kind.label} has no name to rename.` };
  return { start: named.span.start, end: named.span.end, placeholder: named.text };
}

/** The edits that rename the element at an offset everywhere, or the reason the new name is refused. */
export function renameAt(document: AnalyzedDocument, offset: number, newName: string): { edits: TextEdit[] } | { error: string } | undefined {
  const named = namedAt(document, offset);
  if (!named) return undefined;
  const element = named.element;
  if (unnamedKinds.has(element.kind.id)) return { error: `A ${element.kind.label} has no name to rename.` };
  const problem = invalidNameReason(newName);
  if (problem) return { error: problem };
  const index = document.analysis.model.index;
  // A local element always has a parent (a local kind is never allowed at the top level).
  const clash = element.kind.scope === 'global' ? index.lookup(element.kind.id, newName.toLowerCase()) : element.parent!.children.find((sibling) => sibling.kind.id === element.kind.id && sibling.key === newName.toLowerCase());
  if (clash && clash !== element) return { error: `A ${element.kind.label} named \`${clash.name}\` already exists (line ${clash.line}).` };
  // Hosts, VMs, clusters, listeners and Replica Brokers are computers in one domain: a name held by one is taken for all (SCH010).
  const computer = computerNameKinds.has(element.kind.id) ? computerNameHolder(index, newName.toLowerCase(), element) : undefined;
  if (computer) return { error: `A ${computer.kind.label} named \`${computer.name}\` already exists (line ${computer.line}); hosts, VMs, clusters, listeners and Replica Brokers need different names.` };
  const written = nameText(newName);
  const edits: TextEdit[] = [{ uri: element.uri, start: element.nameSpan.start, end: element.nameSpan.end, newText: written }];
  // A guard against editing one place twice (an editor refuses overlapping edits). Today each reference value is listed
  // once by the index and none is a declaration's name (see referencesAt), so it never skips anything.
  // Stryker disable next-line ArrayDeclaration,StringLiteral: see above
  const seen = new Set([`${element.uri}:${element.nameSpan.start}`]);
  const add = (uri: string, span: Span, newText: string): void => {
    const key = `${uri}:${span.start}`;
    // Stryker disable next-line ConditionalExpression: see above
    if (seen.has(key)) return;
    // Stryker disable next-line all: see above
    seen.add(key);
    edits.push({ uri, start: span.start, end: span.end, newText });
  };
  for (const { value, holder } of index.references) {
    if (value.target === element) {
      add(holder.uri, value, written);
      continue;
    }
    // A SQL instance is also referenced through its machine's name (`replica SQL1`, `MACHINE\INSTANCE`).
    const target = value.target;
    if (target?.kind.id !== 'sql') continue;
    // Stryker disable next-line OptionalChaining: an instance a reference found was written with its machine (its first header argument)
    if (target.header.machine?.[0]?.target !== element) continue;
    // Stryker disable next-line OptionalChaining: a written instance list holds its one name
    const instance = target.header.instance?.[0]?.text;
    if (value.key === element.key) {
      add(holder.uri, value, written);
      continue;
    }
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a reference finds an instance of this machine by the machine's name (above) or as MACHINE\INSTANCE of that very instance, so here the key always matches
    if (instance && value.key === `${element.key}\\${instance.toLowerCase()}`) add(holder.uri, value, nameText(`${newName}\\${instance}`));
  }
  return { edits };
}

/** Why a new name cannot be written in a `.stamp` file, or undefined when it can (quoted when not an identifier). */
export function invalidNameReason(name: string): string | undefined {
  if (name.trim() === '') return 'A name cannot be empty.';
  if (name.includes('"')) return 'A name cannot contain `"`: strings in `.stamp` files have no escape sequences.';
  if (/[\r\n]/.test(name)) return 'A name must fit on one line.';
  return undefined;
}
