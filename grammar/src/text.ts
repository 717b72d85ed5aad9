// Offsets to line/character positions, for messages and for hosts that do not keep a text document.

/** A zero-based line and UTF-16 character, as LSP counts them. */
export interface LineCharacter {
  line: number;
  character: number;
}

/** Maps offsets to lines and back for one text, computed once. */
export class LineIndex {
  private readonly lineStarts: Uint32Array;

  constructor(readonly text: string) {
    this.lineStarts = lineStartsOf(text);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): LineCharacter {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  /** The zero-based line holding an offset (positionAt's line, without making a position). */
  lineAt(offset: number): number {
    let low = 0;
    // Stryker disable next-line ArithmeticOperator: a start past the last one is undefined, never <= the offset: the search ends on the same line
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The offset of a position; a character past the end of its line means the line's end (before its line break), as LSP says. */
  offsetAt(position: LineCharacter): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = this.lineStarts[position.line];
    return Math.max(lineStart, Math.min(lineStart + position.character, this.lineEnd(position.line)));
  }

  /** The offset where a line's text ends: before its LF, CRLF or CR; the end of the text on the last line. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    const nextStart = this.lineStarts[line + 1];
    return nextStart - (this.text.charCodeAt(nextStart - 1) === 10 && this.text.charCodeAt(nextStart - 2) === 13 ? 2 : 1);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }
}

/**
 * Where each line of a text starts: 0, then after each LF, CRLF and lone CR, as LSP and editors count lines. Unless the
 * text has a lone CR (rare), every line but the first starts after an LF: those are counted first with `indexOf`, which
 * V8 runs faster than a loop over the characters, then written into an array of that exact size. Pushing each start
 * (as until round 13) grew the list again and again: 19-31 ms at 100k lines (LF), now 4-7 ms.
 */
function lineStartsOf(text: string): Uint32Array {
  if (hasLoneCarriageReturn(text)) return Uint32Array.from(lineStartsByCharacter(text));
  let count = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  const starts = new Uint32Array(count);
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts[line++] = at + 1;
  return starts;
}

function hasLoneCarriageReturn(text: string): boolean {
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== 10) return true;
  }
  return false;
}

/** The line starts of a text that may hold lone CRs, character by character. */
function lineStartsByCharacter(text: string): number[] {
  const starts = [0];
  // Stryker disable next-line EqualityOperator: one step further, charCodeAt gives NaN, which is no line break
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10) starts.push(index + 1);
    else if (code === 13) {
      if (text.charCodeAt(index + 1) === 10) index++;
      starts.push(index + 1);
    }
  }
  return starts;
}

/** The offset where the line holding `offset` starts: after the last LF, CRLF or lone CR before it (offset 0 is on the first line). */
export function lineStartAt(text: string, offset: number): number {
  // Scans back to the nearest break only (lastIndexOf of a break the text lacks, a CR in an LF file, read the whole
  // text before the offset: at 100k lines, seconds for the diagnostics of one open).
  const from = Math.min(offset, text.length);
  for (let at = from - 1; at >= 0; at--) {
    const code = text.charCodeAt(at);
    // An offset between the CR and the LF of a CRLF is still on the line that CRLF ends.
    if (code === 10 || (code === 13 && !(at + 1 === from && text.charCodeAt(from) === 10))) return at + 1;
  }
  return 0;
}

/** The first line break at or after `from` (LF, CRLF or lone CR): its offset and length, or undefined at the last line. */
export function lineBreakAfter(text: string, from: number): { at: number; length: number } | undefined {
  // Stryker disable next-line EqualityOperator: one step further, charCodeAt gives NaN, which is no line break
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 10) return { at, length: 1 };
    if (code === 13) return { at, length: text.charCodeAt(at + 1) === 10 ? 2 : 1 };
  }
  return undefined;
}

/** True when a piece of text holds a line break of any kind. */
export function hasLineBreak(text: string): boolean {
  return text.includes('\n') || text.includes('\r');
}

/** The line break a text uses (its first one), LF for a text of one line: what new lines written into it should use. */
export function lineBreakOf(text: string): '\n' | '\r\n' | '\r' {
  const found = lineBreakAfter(text, 0);
  if (!found) return '\n';
  return found.length === 2 ? '\r\n' : text[found.at] === '\r' ? '\r' : '\n';
}
