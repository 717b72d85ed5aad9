// The human report of `stamp check`: one block per problem with a code frame, then a summary line.
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
import type { CheckReport, CheckSummary, FileReport } from './report.js';
import { Painter } from './output.js';

/** Formats a check report like tsc and eslint do: `path:line:col severity CODE message`, the line, a caret underline. */
export function formatHumanReport(report: CheckReport, color: boolean): string {
  const paint = new Painter(color);
  const blocks: string[] = [];
  for (const file of report.files) {
    for (const diagnostic of file.diagnostics) blocks.push(formatDiagnostic(file, diagnostic, paint));
  }
  const summary = formatSummary(report.summary);
  const styledSummary = report.summary.errors > 0 ? paint.red(summary) : report.summary.warnings > 0 ? paint.yellow(summary) : summary;
  return blocks.length > 0 ? `${blocks.join('\n\n')}\n\n${styledSummary}\n` : `${styledSummary}\n`;
}

/** `2 errors, 1 warning, 0 infos in 3 files`. */
export function formatSummary(summary: CheckSummary): string {
  return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')} in ${plural(summary.files, 'file')}`;
}

function formatDiagnostic(file: FileReport, diagnostic: Diagnostic, paint: Painter): string {
  const start = file.lines.positionAt(diagnostic.start);
  const end = file.lines.positionAt(diagnostic.end);
  const tint = (text: string): string => (diagnostic.severity === 'error' ? paint.red(text) : diagnostic.severity === 'warning' ? paint.yellow(text) : paint.blue(text));
  const severity = tint(diagnostic.severity);
  const heading = `${paint.cyan(file.shownPath)}:${start.line + 1}:${start.character + 1} ${severity} ${paint.dim(diagnostic.code)} ${diagnostic.message}`;
  return [heading, ...codeFrame(file, start.line, start.character, end.line === start.line ? end.character : undefined, paint, tint)].join('\n');
}

/** A code frame shows at most this many characters of a line: a window around the problem's column. */
export const maxFrameWidth = 120;
/** How much of the line before the problem a window keeps. */
const frameContextBefore = 40;

/**
 * The line of the problem with its number and a caret underline; a range running past the line is underlined to its
 * end. A long line is shown as a window around the column, so the output stays linear in the number of findings.
 */
function codeFrame(file: FileReport, line: number, startColumn: number, endColumn: number | undefined, paint: Painter, tint: (text: string) => string): string[] {
  const lineStart = file.lines.lineStart(line);
  let lineEnd = line + 1 < file.lines.lineCount ? file.lines.lineStart(line + 1) : file.text.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: without the guard an empty last line takes the break before it and gets length -1, which shows the same empty line and one caret
  if (lineEnd > lineStart && file.text.charCodeAt(lineEnd - 1) === 10) lineEnd--;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: as above (an empty last line after a CR)
  if (lineEnd > lineStart && file.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  const length = lineEnd - lineStart;
  let from = 0;
  let to = length;
  // Stryker disable next-line EqualityOperator: a line of exactly the width gets the window 0 to its length, itself
  if (length > maxFrameWidth) {
    from = Math.max(0, Math.min(startColumn - frameContextBefore, length - maxFrameWidth));
    to = from + maxFrameWidth;
    // Never cut a surrogate pair in half.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: at 0 the character is the line's first; a low surrogate there would be a lone one, which strict UTF-8 decoding never yields
    if (from > 0 && isLowSurrogate(file.text.charCodeAt(lineStart + from))) from++;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: at the line's length the character is its line break, or none at the end of the text
    if (to < length && isLowSurrogate(file.text.charCodeAt(lineStart + to))) to++;
  }
  const before = from > 0 ? '…' : '';
  const after = to < length ? '…' : '';
  const windowText = file.text.slice(lineStart + from, lineStart + to);
  const gutter = String(line + 1);
  const blank = ' '.repeat(gutter.length);
  const column = Math.max(from, Math.min(startColumn, to));
  const lastColumn = Math.min(endColumn ?? to, to);
  const width = Math.max(1, lastColumn - column);
  // Tabs stay tabs in the indentation of the carets so that they line up with the text above them.
  const indent = ' '.repeat(before.length) + windowText.slice(0, column - from).replace(/[^\t]/g, ' ');
  return [`  ${paint.dim(`${gutter} |`)} ${before}${windowText}${after}`, `  ${paint.dim(`${blank} |`)} ${indent}${tint('^'.repeat(width))}`];
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
