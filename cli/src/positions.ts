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
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly report: CheckReport) {
    for (const file of report.files) this.indexes.set(file.path, file.lines);
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
    if (!lines) {
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        // An imported file that vanished since it was read: positions fall back to the first line.
      }
      lines = new LineIndex(text);
      this.indexes.set(path, lines);
    }
    return lines;
  }
}

function toOneBased(position: { line: number; character: number }): OneBasedPosition {
  return { line: position.line + 1, column: position.character + 1 };
}
