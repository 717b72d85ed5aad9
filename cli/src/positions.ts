// Converts offsets in a checked file, or in a file it imports, to the one-based positions every report prints.
import { readFileSync } from 'node:fs';
import { LineIndex } from '../../grammar/src/text.js';
import type { CheckReport } from './report.js';
import { displayPath } from './files.js';
import { pathOfUri } from './load.js';

/** A one-based line and column (UTF-16 code units, as editors count them). */
export interface OneBasedPosition {
  line: number;
  column: number;
}

/** An end-exclusive range of one-based positions. */
export interface OneBasedRange {
  start: OneBasedPosition;
  end: OneBasedPosition;
}

/** Resolves a uri and offsets to a printed path and range, reading imported files only when a place points into them. */
export class PlaceResolver {
  /** The line index of each file, by path: the checked files' own, and imported files' once read. */
  private readonly indexes: Map<string, LineIndex>;

  constructor(private readonly report: CheckReport) {
    // Stryker disable next-line ArrayDeclaration: without the checked files' indexes each is read from disk again, where it has the text it was checked with
    this.indexes = new Map(report.files.map((file): [string, LineIndex] => [file.path, file.lines]));
  }

  path(uri: string): string {
    return displayPath(this.report.cwd, pathOfUri(uri));
  }

  range(uri: string, start: number, end: number): OneBasedRange {
    const lines = this.lineIndex(pathOfUri(uri));
    return { start: toOneBased(lines.positionAt(start)), end: toOneBased(lines.positionAt(end)) };
  }

  private lineIndex(path: string): LineIndex {
    let lines = this.indexes.get(path);
    // Stryker disable next-line ConditionalExpression: reading a checked file again gives the text it was checked with
    if (!lines) {
      // Stryker disable next-line StringLiteral: only a file deleted between its analysis and the report keeps this text
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        // An imported file that vanished since it was read: positions fall back to the first line.
      }
      lines = new LineIndex(text);
      // Stryker disable next-line CallExpression: without it the file is read again for each place in it, with the same text
      this.indexes.set(path, lines);
    }
    return lines;
  }
}

function toOneBased(position: { line: number; character: number }): OneBasedPosition {
  return { line: position.line + 1, column: position.character + 1 };
}
