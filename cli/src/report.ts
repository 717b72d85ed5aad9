// The shape of a `stamp check` report: the files with their problems and the summary, read by every report format.
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
import type { LineIndex } from '../../grammar/src/text.js';

/** The problems of one checked file, with what the reports need to print positions and code frames. */
export interface FileReport {
  /** Absolute path. */
  path: string;
  /** The path as printed: relative to the working folder, forward slashes. */
  shownPath: string;
  text: string;
  lines: LineIndex;
  diagnostics: Diagnostic[];
}

export interface CheckSummary {
  errors: number;
  warnings: number;
  /** Infos and hints. */
  infos: number;
  files: number;
}

export interface CheckReport {
  files: FileReport[];
  /** Files named or found that were not checked (a FIFO, a dangling link, a loop of links), with the reason. */
  skipped: Array<{ path: string; shownPath: string; reason: string }>;
  summary: CheckSummary;
  /** The working folder, for making related places and fixes in other files relative. */
  cwd: string;
}
