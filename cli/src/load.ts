// Reads stamps from disk with the editor's multi-file semantics: files connected by imports are analysed as one stamp.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeChecked, checkSource, type Analysis } from '../../grammar/src/analyze.js';
import { analyzeProgram, CheckedFileCache, groupIntoStamps, loadProgram, type SourceHost } from '../../grammar/src/program.js';
import { readdirSync } from 'node:fs';
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
import { describeFileError } from './files.js';
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

/** Reads a file as text, turning failures into a one-line input error. */
export function readTextFile(path: string, shownAs: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${shownAs}: ${describeFileError(error)}`);
  }
}

/** One stamp of a workspace: the files connected by imports, analysed together as the editor does. */
export interface WorkspaceStamp {
  uris: string[];
  analysis: Analysis;
}

/** Reads .stamp files from disk for the multi-file loader; an unreadable file is simply absent. */
export const diskHost: SourceHost = {
  read(uri) {
    try {
      return readFileSync(pathOfUri(uri), 'utf8');
    } catch {
      return undefined;
    }
  },
};

/**
 * Groups files into stamps with the editor's semantics: files connected by imports, in either direction, are one
 * stamp; a diagnostic that involves several files lands in the file that must change. Missing imports are IMP001,
 * cycles IMP002.
 */
export function loadWorkspace(paths: readonly string[], alreadyRead: ReadonlyMap<string, string> = new Map()): WorkspaceStamp[] {
  const cache = new CheckedFileCache();
  // Each file is read from disk once: texts the caller already read, then every other file on first use.
  const texts = new Map<string, string | undefined>(alreadyRead);
  const host: SourceHost = {
    read(uri) {
      if (!texts.has(uri)) texts.set(uri, diskHost.read(uri));
      return texts.get(uri);
    },
  };
  const everything = loadProgram(paths.map(uriOfPath), host, cache);
  return groupIntoStamps(everything.files.map((file) => file.uri), everything.links).map((uris) => ({
    uris,
    analysis: analyzeProgram(loadProgram(uris, host, cache)),
  }));
}

/** The stamp a single file belongs to: its imports and the .stamp files of its folder connected to it by imports. */
export function loadStampOfFile(path: string, shownAs: string): LoadedStamp {
  const text = readTextFile(path, shownAs);
  const uri = uriOfPath(path);
  const folder = dirname(path);
  let neighbours: string[] = [];
  try {
    neighbours = readdirSync(folder).filter((name) => name.endsWith('.stamp')).map((name) => resolve(folder, name)).filter((other) => other !== path);
  } catch {
    neighbours = [];
  }
  const stamp = loadWorkspace([path, ...neighbours], new Map([[uri, text]])).find((candidate) => candidate.uris.includes(uri));
  const analysis = stamp?.analysis ?? analyzeChecked([checkSource({ uri, text })]);
  return { path, uri, text, analysis, loadDiagnostics: [] };
}
