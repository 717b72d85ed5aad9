// Multi-file stamps: follows `import` statements from some files, reports missing files and cycles, and groups the
// files connected by imports into stamps that are analyzed as one.
import type { CheckedFile } from './check.js';
import { analyzeReusing, type Analysis, type StampOffsets, type StampValueEdit } from './analyze.js';
import { checkText, recheck } from './incremental.js';
import type { Diagnostic } from './diagnostic.js';
import { importRefusal, type FileRefusal } from './source-policy.js';

/** Reads files for the program; returns undefined for a file that does not exist or cannot be read. */
export interface SourceHost {
  read(uri: string): string | undefined;
  /** Why a file that exists is not analysed (too large, not UTF-8, not a regular file), when `read` gave undefined. */
  refusal?(uri: string): FileRefusal | undefined;
}

/**
 * Caches checked files by URI and text, so unchanged files are not parsed again; a changed text is re-checked
 * incrementally from the cached one (only the top-level statements the edit touched are parsed and checked again).
 */
export class CheckedFileCache {
  private readonly entries = new Map<string, CheckedFile>();

  get(uri: string, text: string): CheckedFile {
    const cached = this.entries.get(uri);
    // Stryker disable next-line ConditionalExpression: re-checking an unchanged text gives the same file (cost only)
    if (cached && cached.syntax.text === text) return cached;
    const checked = checkSourceIsolated(uri, text, cached);
    // Stryker disable next-line CallExpression: without the entry the next text is checked from scratch, with the same result (cost only)
    this.entries.set(uri, checked);
    return checked;
  }

  // Stryker disable next-line BlockStatement: memory only; a later get checks the text from scratch or re-checks it, with the same result
  delete(uri: string): void {
    // Stryker disable next-line CallExpression: memory only; a later get checks the text from scratch or re-checks it, with the same result
    this.entries.delete(uri);
  }
}

/**
 * Checks one file; if the language core fails on it (a bug, or an input beyond its bounds), the file gets one
 * internal-error diagnostic and no elements, and the other files of the stamp are analysed without it.
 */
export function checkSourceIsolated(uri: string, text: string, previous?: CheckedFile): CheckedFile {
  try {
    // The incremental re-check gives what a check from scratch gives (test/incremental.test.ts); only the cost differs.
    // Stryker disable next-line ConditionalExpression,BlockStatement: re-checking from scratch instead gives the same file
    if (previous) {
      // Stryker disable next-line BlockStatement: re-checking from scratch instead gives the same file
      try {
        return recheck(previous, text);
      } catch {
        // An incremental re-check that fails gets one more chance from scratch.
      }
    }
    return checkText(uri, text);
  } catch (error) {
    return failedFile(uri, text, `Stamp could not analyse this file (internal error: ${errorText(error)}); the other files are analysed without it.`);
  }
}

/** A file that is not analysed: its text (for positions) and nothing else. */
function refusedFile(uri: string, text: string): CheckedFile {
  return { uri, syntax: { text, statements: [], comments: [], errors: [] }, elements: [], diagnostics: [] };
}

/** A file with no elements and one internal-error diagnostic at its start. */
export function failedFile(uri: string, text: string, message: string): CheckedFile {
  return {
    uri,
    syntax: { text, statements: [], comments: [], errors: [] },
    elements: [],
    diagnostics: [{ uri, start: 0, end: Math.min(text.length, Math.max(0, text.search(/[\r\n]|$/))), severity: 'error', code: 'INTERNAL', message }],
  };
}

/** An exception's message in one line. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return text.split(/\r?\n/)[0].slice(0, 300);
}

/** One `import` statement of a file, with its resolved target. */
export interface ImportLink {
  from: string;
  to: string;
  /** Offsets of the path string in the importing file. */
  start: number;
  end: number;
  path: string;
}

/** The URI an import path names, relative to the importing file. */
export function resolveImportUri(fromUri: string, path: string): string {
  const written = path.replace(/\\/g, '/');
  // Not an address (from a file that has none, such as an untitled one): the path as written, refused by importRefusal.
  return URL.canParse(written, fromUri) ? new URL(written, fromUri).toString() : path;
}

/** The imports a checked file declares. */
export function importsOf(file: CheckedFile): ImportLink[] {
  const links: ImportLink[] = [];
  for (const element of file.elements) {
    // Stryker disable next-line ConditionalExpression: no other kind's header has a `path` argument (schema.ts), so other elements are skipped below anyway
    if (element.kind.id !== 'import') continue;
    const path = element.header.path?.[0];
    if (!path || path.text.trim() === '') continue;
    links.push({ from: file.uri, to: resolveImportUri(file.uri, path.text), start: path.start, end: path.end, path: path.text });
  }
  return links;
}

/** The files reachable from some entry files through imports, with import diagnostics. */
export interface Program {
  files: CheckedFile[];
  links: ImportLink[];
  diagnostics: Diagnostic[];
}

/** Loads the entry files and everything they import, transitively; a cycle or a missing file is reported, never followed. */
export function loadProgram(entryUris: readonly string[], host: SourceHost, cache = new CheckedFileCache()): Program {
  const files = new Map<string, CheckedFile>();
  const links: ImportLink[] = [];
  const diagnostics: Diagnostic[] = [];
  const queue = [...entryUris];
  // Files loaded as refused: every import of one gets IMP001, whether the file was met before the import or after.
  const refusedFiles = new Set<string>();
  while (queue.length > 0) {
    const uri = queue.shift()!;
    if (files.has(uri)) continue;
    const text = host.read(uri);
    if (text === undefined) {
      // A file that exists but is refused gets its one diagnostic and no analysis; the rest of the stamp goes on.
      const refusal = host.refusal?.(uri);
      if (refusal) {
        diagnostics.push({ uri, start: refusal.offset, end: refusal.offset, severity: 'error', code: refusal.code, message: refusal.message });
        files.set(uri, refusedFile(uri, refusal.text ?? ''));
        refusedFiles.add(uri);
      }
      continue;
    }
    const file = cache.get(uri, text);
    files.set(uri, file);
    for (const link of importsOf(file)) {
      links.push(link);
      if (link.to === uri) {
        diagnostics.push({ uri, start: link.start, end: link.end, severity: 'error', code: 'IMP002', message: `\`${link.path}\` is this file; a file cannot import itself.` });
        continue;
      }
      const refused = importRefusal(uri, link.to);
      if (refused) {
        diagnostics.push({ uri, start: link.start, end: link.end, severity: 'error', code: 'IMP001', message: `Cannot import \`${link.path}\`: ${refused}.` });
        continue;
      }
      if (refusedFiles.has(link.to) || (!files.has(link.to) && host.read(link.to) === undefined)) {
        const refusal = host.refusal?.(link.to);
        if (refusal) {
          diagnostics.push({ uri, start: link.start, end: link.end, severity: 'error', code: 'IMP001', message: `Cannot import \`${link.path}\`: ${refusal.reason}.` });
          continue;
        }
        diagnostics.push({
          uri, start: link.start, end: link.end, severity: 'error', code: 'IMP001',
          message: `Cannot find \`${link.path}\` (looked for ${link.to.startsWith('file://') ? link.to.slice('file://'.length) : link.to}).`,
          fixes: [{ title: `Create ${link.path}`, edits: [], createFiles: [{ uri: link.to, text: `// ${link.path}: part of the stamp, imported by ${baseName(uri)}.\n` }] }],
        });
        continue;
      }
      queue.push(link.to);
    }
  }
  diagnostics.push(...findCycles([...files.keys()], links));
  return { files: [...files.values()], links, diagnostics };
}

/** Reports each import that closes a cycle, on its path string, naming the whole cycle. */
function findCycles(uris: readonly string[], links: readonly ImportLink[]): Diagnostic[] {
  const outgoing = new Map<string, ImportLink[]>();
  // Stryker disable next-line ArrayDeclaration: a stray entry that is not a link has no target: it reaches no file and closes no cycle
  for (const link of links) if (link.from !== link.to) (outgoing.get(link.from) ?? outgoing.set(link.from, []).get(link.from)!).push(link);
  const visited = new Set<string>();
  const active = new Set<string>();
  // Stryker disable next-line ArrayDeclaration: a stray entry below the files is never a cycle's first member (those are visited files)
  const stack: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const visit = (uri: string): void => {
    visited.add(uri);
    active.add(uri);
    stack.push(uri);
    // Stryker disable next-line ArrayDeclaration: a stray entry that is not a link has no target: it reaches no file and closes no cycle
    for (const link of outgoing.get(uri) ?? []) {
      if (active.has(link.to)) {
        // Name the cycle from the file whose import closes it (the last on the stack) to the file it imports.
        const members = stack.slice(stack.indexOf(link.to));
        const cycle = [link.from, ...members.slice(0, -1), link.from].map(baseName).join(' → ');
        diagnostics.push({ uri: link.from, start: link.start, end: link.end, severity: 'error', code: 'IMP002', message: `Import cycle: ${cycle}. Each file's elements are already visible in the whole stamp; remove this import.` });
      } else if (!visited.has(link.to)) {
        visit(link.to);
      }
    }
    stack.pop();
    active.delete(uri);
  };
  // Stryker disable next-line ConditionalExpression: visiting a finished file again meets only finished files and reports nothing (cost only)
  for (const uri of uris) if (!visited.has(uri)) visit(uri);
  return diagnostics;
}

/**
 * Groups files into stamps: the files connected by imports, in either direction, form one stamp and are analyzed
 * together, so a diagnostic that involves several files lands in the file that must change.
 */
export function groupIntoStamps(uris: readonly string[], links: readonly ImportLink[]): string[][] {
  const parent = new Map(uris.map((uri) => [uri, uri]));
  const find = (uri: string): string => {
    let root = uri;
    while (parent.get(root) !== root) root = parent.get(root)!;
    // Stryker disable next-line CallExpression: path compression, cost only: the walk above finds the same root without it
    parent.set(uri, root);
    return root;
  };
  for (const link of links) {
    if (!parent.has(link.from) || !parent.has(link.to)) continue;
    parent.set(find(link.from), find(link.to));
  }
  const groups = new Map<string, string[]>();
  for (const uri of uris) (groups.get(find(uri)) ?? groups.set(find(uri), []).get(find(uri))!).push(uri);
  return [...groups.values()];
}

/**
 * The order in which the files of one stamp are analysed, the same whichever of them is opened or checked: the files
 * no other member imports (the stamp's roots) by URI, each followed breadth-first by what it imports in the order
 * written, then any member left (files that only import one another) by URI. What depends on order follows it: which of
 * two namesakes is "the first declaration" (SCH005 goes on the other), where an import cycle is reported, the order
 * VMs are placed in. Entry-first, two open files of a stamp each put a duplicate on the other, and neither showed it.
 */
export function stampOrder(uris: readonly string[], links: readonly ImportLink[]): string[] {
  const members = new Set(uris);
  const imported = new Set(links.filter((link) => link.from !== link.to && members.has(link.from)).map((link) => link.to));
  // Each file's imports of other members, as written: one pass over the links, so the order costs what the links are.
  const importsOf = new Map<string, string[]>();
  for (const link of links) {
    if (!members.has(link.to)) continue;
    const targets = importsOf.get(link.from);
    if (targets) targets.push(link.to);
    else importsOf.set(link.from, [link.to]);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visitFrom = (start: string): void => {
    const queue = [start];
    placed.add(start);
    for (let next = 0; next < queue.length; next++) {
      ordered.push(queue[next]);
      for (const target of importsOf.get(queue[next]) ?? []) {
        if (placed.has(target)) continue;
        placed.add(target);
        queue.push(target);
      }
    }
  };
  // `sort()` without a comparer orders strings by UTF-16 code units: the same order on every machine and locale.
  for (const root of uris.filter((uri) => !imported.has(uri)).sort()) visitFrom(root);
  for (const rest of [...uris].sort()) if (!placed.has(rest)) visitFrom(rest);
  return ordered;
}

/** Analyzes a program as one stamp, adding the import diagnostics. */
export function analyzeProgram(program: Program): Analysis {
  return analyzeProgramReusing(program, undefined).analysis;
}

/**
 * `analyzeProgram`, re-using the analysis of an earlier version of the same program when no file changed its meaning
 * (see `analyzeReusing`); `offsets` is set when it did, `valueEdit` when only values changed since `previous`.
 */
export function analyzeProgramReusing(program: Program, previous: Analysis | undefined): { analysis: Analysis; offsets?: StampOffsets; valueEdit?: StampValueEdit } {
  const result = analyzeReusing(program.files, previous);
  result.analysis.diagnostics.push(...program.diagnostics);
  return result;
}

function baseName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}
