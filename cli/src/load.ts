// Reads stamps from disk with the editor's multi-file semantics: files connected by imports are analysed as one stamp.
import { lstatSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeChecked, type Analysis } from '../../grammar/src/analyze.js';
import { analyzeProgram, CheckedFileCache, errorText, failedFile, loadProgram, type Program, type SourceHost } from '../../grammar/src/program.js';
import type { FileRefusal } from '../../grammar/src/source-policy.js';
import { defaultReadLimits, readStampSource, type ReadLimits, type SourceRead } from '../../server/src/analysis/read-policy.js';
import { nodeFileSystem } from '../../server/src/node/node-file-system.js';
import { WorkspaceFolders } from '../../server/src/analysis/disk-files.js';
import { loadStampProgram, type StampSources } from '../../server/src/analysis/program-loading.js';
import { InputError } from './errors.js';

/** A stamp file analysed together with everything it imports. */
export interface LoadedStamp {
  path: string;
  uri: string;
  text: string;
  analysis: Analysis;
}

/** The file URI the CLI gives a path; diagnostics carry it and reports turn it back into a path. */
export function uriOfPath(path: string): string {
  return pathToFileURL(path).href;
}

/** The path of a diagnostic's or place's URI: the CLI gives every file a file URI (`uriOfPath`). */
export function pathOfUri(uri: string): string {
  return fileURLToPath(uri);
}

/** What a file that cannot be read is, with the reason in the user's terms. */
export type DiskRead =
  | { kind: 'text'; text: string }
  | { kind: 'missing'; reason: string }
  | { kind: 'refused'; refusal: FileRefusal; text: string };

/** Why a path names no file: a dangling link, a loop of links, or nothing. */
export function whyMissing(path: string): string {
  try {
    statSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ELOOP') return 'a loop of symbolic links';
    if (code === 'ENOENT') {
      try {
        if (lstatSync(path).isSymbolicLink()) return 'a symbolic link to nothing';
      } catch {
        // Nothing there at all.
      }
      return 'no such file or folder';
    }
    // Stryker disable next-line all: the tests run as root on the development machine, where no path is permission-denied
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return (error as Error).message ?? String(error);
  }
  // Stryker disable next-line StringLiteral: only a file that appears between the read and this look reaches here
  return 'unreadable';
}

/**
 * The files of one CLI run, each read from disk once under the policy the server applies too (regular files only,
 * size limit, strict UTF-8: `readStampSource`); the multi-file loader reads through it.
 */
export class DiskSources implements SourceHost {
  private readonly reads = new Map<string, DiskRead>();

  constructor(readonly limits: ReadLimits = defaultReadLimits) {}

  /** The outcome of reading a file, by path. */
  get(path: string): DiskRead {
    const uri = uriOfPath(path);
    let read = this.reads.get(uri);
    // Stryker disable next-line ConditionalExpression: reading a file again gives the same outcome (the cache saves reads; a FIFO is never opened)
    if (!read) this.reads.set(uri, (read = toDiskRead(path, readStampSource(nodeFileSystem, uri, this.limits))));
    return read;
  }

  read(uri: string): string | undefined {
    const read = this.byUri(uri);
    return read.kind === 'text' ? read.text : undefined;
  }

  refusal(uri: string): FileRefusal | undefined {
    const read = this.byUri(uri);
    // Stryker disable next-line ConditionalExpression: only a refused read has a `refusal`; for the others it is undefined either way
    return read.kind === 'refused' ? read.refusal : undefined;
  }

  /** The text a report shows for a file: its content, a lossy decoding of a file that is not UTF-8, or nothing. */
  shownText(path: string): string {
    const read = this.get(path);
    // Stryker disable next-line ConditionalExpression,StringLiteral: `stamp check` skips a missing file before it asks for its text
    return read.kind === 'missing' ? '' : read.text;
  }

  /** The read of a file URI; the loaders of the CLI ask for no other kind (a remote import is refused before). */
  private byUri(uri: string): DiskRead {
    return this.get(fileURLToPath(uri));
  }
}

function toDiskRead(path: string, read: SourceRead): DiskRead {
  if (read.kind === 'text') return { kind: 'text', text: read.text };
  if (read.kind === 'missing') return { kind: 'missing', reason: whyMissing(path) };
  return { kind: 'refused', refusal: read.refusal, text: read.refusal.text ?? '' };
}

/** One stamp of a workspace: the files connected by imports, analysed together as the editor does. */
export interface WorkspaceStamp {
  uris: string[];
  analysis: Analysis;
}

// Stryker disable all: the language core isolates a file it fails on itself (test/program.test.ts); this fallback only
// runs when gathering or analysing a stamp throws, which no input makes it do.
function analyzeIsolated(uris: readonly string[], sources: DiskSources, cache: CheckedFileCache): Analysis {
  try {
    return analyzeProgram(loadProgram(uris, sources, cache));
  } catch (error) {
    const message = `Stamp could not analyse the stamp this file belongs to (internal error: ${errorText(error)}).`;
    return analyzeChecked(uris.map((uri) => failedFile(uri, sources.read(uri) ?? '', message)));
  }
}

// Stryker restore all
/**
 * The stamp of each file as the editor would analyse it, were it opened on the current folder: the file, what it
 * imports, and the `.stamp` files connected to it by imports in either direction, looked for beside the file and,
 * when the file lies under `cwd`, anywhere under `cwd` (the editor's workspace folder), with the editor's own search
 * (`loadStampProgram`: the same folder walk, skips and limits). So `stamp check fabric.stamp` sees the file that imports
 * it. Files of one stamp share one analysis.
 */
export function loadStampsAsEditor(paths: readonly string[], cwd: string, sources: DiskSources = new DiskSources()): Map<string, WorkspaceStamp> {
  const workspace = new WorkspaceFolders(nodeFileSystem);
  workspace.set([pathToFileURL(resolve(cwd)).href]);
  const checkedFiles = new CheckedFileCache();
  const stampSources: StampSources = {
    fileSystem: nodeFileSystem,
    read: (uri) => sources.read(uri),
    refusal: (uri) => sources.refusal(uri),
    // Stryker disable next-line ArrayDeclaration: a URI that names no file beside the stamp is never one of its candidates
    openUris: () => [],
    // Stryker disable next-line ArrayDeclaration: as above; a candidate that is no file is read as missing and joins no stamp
    workspaceFilesFor: (uri) => (workspace.contains(uri) ? workspace.stampFiles() : []),
    checkedFiles,
  };
  const stamps = new Map<string, WorkspaceStamp>();
  for (const path of paths) {
    const uri = uriOfPath(path);
    // Stryker disable next-line ConditionalExpression: a file of a stamp already loaded would load the same stamp again (cost only)
    if (stamps.has(uri)) continue;
    let program: Program | undefined;
    try {
      program = loadStampProgram(uri, stampSources, new Set());
    } catch {
      // The stamp cannot be gathered: the file is analysed alone.
    }
    // The program holds `uri` (in the stamp's order, `stampOrder`). `program` is undefined only when gathering the stamp throws (above); without
    // the stamp's members (the arrow function), each other named file of the stamp loads it again (cost only).
    // Stryker disable next-line ArrowFunction,ConditionalExpression,ArrayDeclaration: see the comment above
    const uris = program ? program.files.map((file) => file.uri) : [uri];
    // Stryker disable next-line ConditionalExpression,ArrayDeclaration: as above
    const stamp: WorkspaceStamp = { uris, analysis: program ? analyzeLoaded(program, uris, sources) : analyzeIsolated([uri], sources, checkedFiles) };
    // Every member of the stamp has this same stamp: the files connected to it by imports.
    // Stryker disable next-line ConditionalExpression: a member's stamp found earlier is this same group of connected files
    for (const member of uris) if (!stamps.has(member)) stamps.set(member, stamp);
  }
  return stamps;
}

// Stryker disable all: as analyzeIsolated, its catch only runs when analysing a stamp throws.
function analyzeLoaded(program: Program, uris: readonly string[], sources: DiskSources): Analysis {
  try {
    return analyzeProgram(program);
  } catch (error) {
    const message = `Stamp could not analyse the stamp this file belongs to (internal error: ${errorText(error)}).`;
    return analyzeChecked(uris.map((uri) => failedFile(uri, sources.read(uri) ?? '', message)));
  }
}

// Stryker restore all
/** The stamp a single file belongs to, found as the editor finds it (`loadStampsAsEditor`). */
export function loadStampOfFile(path: string, shownAs: string, sources: DiskSources = new DiskSources(), cwd = process.cwd()): LoadedStamp {
  const read = sources.get(path);
  if (read.kind === 'missing') throw new InputError(`${shownAs}: ${read.reason}.`);
  if (read.kind === 'refused') throw new InputError(`${shownAs}: ${read.refusal.reason}.`);
  const uri = uriOfPath(path);
  // Neighbours are read through the same policy (a FIFO beside the file is never opened) and only join the stamp
  // when connected to the file by imports.
  const { analysis } = loadStampsAsEditor([path], cwd, sources).get(uri)!;
  return { path, uri, text: read.text, analysis };
}
