// Reads stamps from disk with the editor's multi-file semantics: files connected by imports are analysed as one stamp.
import { lstatSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeChecked, type Analysis } from '../../grammar/src/analyze.js';
import { analyzeProgram, CheckedFileCache, errorText, failedFile, loadProgram, type Program, type SourceHost } from '../../grammar/src/program.js';
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
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
  /** Problems found while loading, beyond the analysis's own (none today: missing imports are IMP001). */
  loadDiagnostics: Diagnostic[];
}

/** The file URI the CLI gives a path; diagnostics carry it and reports turn it back into a path. */
export function uriOfPath(path: string): string {
  return pathToFileURL(path).href;
}

export function pathOfUri(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
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
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return (error as Error).message ?? String(error);
  }
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
    if (!read) this.reads.set(uri, (read = toDiskRead(path, readStampSource(nodeFileSystem, uri, this.limits))));
    return read;
  }

  read(uri: string): string | undefined {
    const read = this.byUri(uri);
    return read?.kind === 'text' ? read.text : undefined;
  }

  refusal(uri: string): FileRefusal | undefined {
    const read = this.byUri(uri);
    return read?.kind === 'refused' ? read.refusal : undefined;
  }

  /** The text a report shows for a file: its content, a lossy decoding of a file that is not UTF-8, or nothing. */
  shownText(path: string): string {
    const read = this.get(path);
    return read.kind === 'missing' ? '' : read.text;
  }

  private byUri(uri: string): DiskRead | undefined {
    if (!uri.startsWith('file:')) return undefined;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    return this.get(path);
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

function analyzeIsolated(uris: readonly string[], sources: DiskSources, cache: CheckedFileCache): Analysis {
  try {
    return analyzeProgram(loadProgram(uris, sources, cache));
  } catch (error) {
    const message = `Stamp could not analyse the stamp this file belongs to (internal error: ${errorText(error)}).`;
    return analyzeChecked(uris.map((uri) => failedFile(uri, sources.read(uri) ?? '', message)));
  }
}

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
    openUris: () => [],
    workspaceFilesFor: (uri) => (workspace.contains(uri) ? workspace.stampFiles() : []),
    checkedFiles,
  };
  const stamps = new Map<string, WorkspaceStamp>();
  for (const path of paths) {
    const uri = uriOfPath(path);
    if (stamps.has(uri)) continue;
    let program: Program | undefined;
    try {
      program = loadStampProgram(uri, stampSources, new Set());
    } catch {
      program = undefined;
    }
    const uris = program ? program.files.map((file) => file.uri) : [uri];
    if (!uris.includes(uri)) uris.unshift(uri);
    const stamp: WorkspaceStamp = { uris, analysis: program ? analyzeLoaded(program, uris, sources) : analyzeIsolated([uri], sources, checkedFiles) };
    // Every member of the stamp has this same stamp: the files connected to it by imports.
    for (const member of uris) if (!stamps.has(member)) stamps.set(member, stamp);
  }
  return stamps;
}

function analyzeLoaded(program: Program, uris: readonly string[], sources: DiskSources): Analysis {
  try {
    return analyzeProgram(program);
  } catch (error) {
    const message = `Stamp could not analyse the stamp this file belongs to (internal error: ${errorText(error)}).`;
    return analyzeChecked(uris.map((uri) => failedFile(uri, sources.read(uri) ?? '', message)));
  }
}

/** The stamp a single file belongs to, found as the editor finds it (`loadStampsAsEditor`). */
export function loadStampOfFile(path: string, shownAs: string, sources: DiskSources = new DiskSources(), cwd = process.cwd()): LoadedStamp {
  const read = sources.get(path);
  if (read.kind === 'missing') throw new InputError(`${shownAs}: ${read.reason}.`);
  if (read.kind === 'refused') throw new InputError(`${shownAs}: ${read.refusal.reason}.`);
  const uri = uriOfPath(path);
  // Neighbours are read through the same policy (a FIFO beside the file is never opened) and only join the stamp
  // when connected to the file by imports.
  const stamp = loadStampsAsEditor([path], cwd, sources).get(uri);
  const analysis = stamp?.analysis ?? analyzeIsolated([uri], sources, new CheckedFileCache());
  return { path, uri, text: read.text, analysis, loadDiagnostics: [] };
}
