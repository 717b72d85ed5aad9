// Loads the files analyzed with a document: its imports and the files connected to it by imports in either direction.
import { CheckedFileCache, groupIntoStamps, loadProgram, stampOrder, type Program, type SourceHost } from '../../../grammar/src/program.js';
import type { FileRefusal } from '../../../grammar/src/source-policy.js';
import { maximumWorkspaceFiles, stampFilesBeside } from './disk-files.js';
import type { StampFileSystem } from './file-system.js';

/** Where a document's stamp is looked for. */
export interface StampSources {
  fileSystem: StampFileSystem;
  /** The text of a file: the open document's, else the file's on disk; undefined when it does not exist or is refused. */
  read(uri: string): string | undefined;
  /** Why a file that exists is not analysed (too large, not UTF-8, not a regular file). */
  refusal(uri: string): FileRefusal | undefined;
  /** The open documents (their folder's files are candidates whatever the disk says). */
  openUris(): readonly string[];
  /** The workspace's `.stamp` files when the document lies in a workspace folder, else none. */
  workspaceFilesFor(uri: string): readonly string[];
  checkedFiles: CheckedFileCache;
}

/**
 * The program of a document: the files it imports and, as the CLI does, the files of its folder (or, in a workspace
 * folder, of the workspace) that are connected to it by imports in either direction, so a file imported by another
 * sees the importer's elements. `reads` receives every URI the final program read or looked for: the analysis depends
 * on exactly those (the search for the stamp's members reads every candidate, which does not count).
 */
export function loadStampProgram(uri: string, sources: StampSources, reads: Set<string>): Program {
  const texts = new Map<string, string | undefined>();
  // Each candidate is read at most once per load.
  const host: SourceHost = {
    read: (fileUri) => {
      // Stryker disable next-line ConditionalExpression: reading a candidate again gives the same text (cost only).
      if (!texts.has(fileUri)) texts.set(fileUri, sources.read(fileUri));
      return texts.get(fileUri);
    },
    refusal: (fileUri) => sources.refusal(fileUri),
  };
  const recordingHost: SourceHost = {
    read: (fileUri) => {
      reads.add(fileUri);
      return host.read(fileUri);
    },
    refusal: (fileUri) => sources.refusal(fileUri),
  };
  const besides = stampFilesBeside(sources.fileSystem, uri, sources.openUris());
  const elsewhere = sources.workspaceFilesFor(uri).slice(0, maximumWorkspaceFiles);
  // Stryker disable next-line MethodExpression,ConditionalExpression: the loader reads each file once, so naming the document twice changes nothing.
  const neighbours = [...new Set([...besides, ...elsewhere])].filter((other) => other !== uri);
  // Stryker disable next-line ConditionalExpression: a shortcut; grouping the document alone gives the document alone.
  if (neighbours.length === 0) return loadProgram([uri], recordingHost, sources.checkedFiles);
  const everything = loadProgram([uri, ...neighbours], host, sources.checkedFiles);
  // Stryker disable next-line ArrayDeclaration: the document is always one of the files loaded, so its group is always found.
  const group = groupIntoStamps(everything.files.map((file) => file.uri), everything.links).find((members) => members.includes(uri)) ?? [uri];
  // The stamp's own order, not the document first: the same analysis whichever member is open (`stampOrder`).
  return loadProgram(stampOrder(group, everything.links), recordingHost, sources.checkedFiles);
}
