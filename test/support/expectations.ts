// Inline expectations in fixtures: a comment line of carets under the text a diagnostic must cover.
//
//   sql on SQL2 { auth windows }
//   //^^^^^^^^^ error[SQL001]: uses Windows authentication only
//
// The marker refers to the nearest line above that is not a marker. When the carets follow `//` directly (`//^^^`), the
// underline starts at the `//` itself, so text at column 0 can be marked; when spaces separate them (`//   ^^^`), the
// underline is exactly the carets' columns. The message after the colon is a substring that the diagnostic's message
// must contain; without it only the code, severity and range are compared.
//
// Detail lines `//>` under a marker pin what else the user sees of that diagnostic. When a marker has any, the
// diagnostic's related places and its quick fixes must be exactly these, in this order:
//
//   //> related 12: NLB 'WEB' (unicast)             a related place on line 12 of this file (`other.stamp` in another)
//   //> fix*: Enable MAC address spoofing on W1/F    a quick fix by title; `fix*` is the preferred fix (auto fix)
//   //> no related                                   none; `//> no fix` likewise
import { LineIndex } from '../../grammar/src/text.js';
import type { Diagnostic } from '../../grammar/src/diagnostic.js';

export interface Expectation {
  line: number;
  startColumn: number;
  endColumn: number;
  severity: string;
  code: string;
  message?: string;
  /** The marker's own line, for failure messages. */
  markerLine: number;
  /** `//>` detail lines: related places (`related LINE: message`) and fixes (`fix: title`, `fix*: preferred title`). */
  details?: { related?: string[]; fixes?: string[] };
}

const markerPattern = /^(\s*)\/\/( *)(\^+)\s+(error|warning|info|hint)\[([A-Z]+[0-9]*)\](?::\s*(.*?))?\s*$/;

const detailPattern = /^\s*\/\/>\s*(?:(related|fix\*?)\s*(\S*?):\s*(.*?)|no (related|fix))\s*$/;

/** True for a marker line. */
export function isMarkerLine(line: string): boolean {
  return markerPattern.test(line);
}

/** Adds one `//>` detail line to the expectation it follows. */
function addDetail(expectation: Expectation | undefined, line: string, index: number): void {
  const match = detailPattern.exec(line);
  if (!match || !expectation) throw new Error(`line ${index + 1}: a '//>' detail line must follow a marker and read 'related LINE: message', 'fix: title', 'fix*: title', 'no related' or 'no fix'`);
  const details = (expectation.details ??= {});
  const kind = match[1] ?? match[4];
  const list = kind === 'related' ? (details.related ??= []) : (details.fixes ??= []);
  if (match[4]) return;
  list.push(kind === 'related' ? `related ${match[2]}: ${match[3]}` : `${kind}: ${match[3]}`);
}

/** Reads the expectations written in a fixture. */
export function readExpectations(text: string): Expectation[] {
  const lines = text.split('\n');
  const expectations: Expectation[] = [];
  let target = -1;
  lines.forEach((line, index) => {
    if (/^\s*\/\/>/.test(line)) {
      addDetail(expectations.at(-1), line, index);
      return;
    }
    const match = markerPattern.exec(line);
    if (!match) {
      target = index;
      return;
    }
    const slashColumn = match[1].length;
    const caretColumn = slashColumn + 2 + match[2].length;
    const startColumn = match[2].length === 0 ? slashColumn : caretColumn;
    expectations.push({
      line: target, startColumn, endColumn: caretColumn + match[3].length, severity: match[4], code: match[5],
      ...(match[6] ? { message: match[6] } : {}), markerLine: index,
    });
  });
  return expectations;
}

/** What a diagnostic looks like as an expectation: its first line, clipped to that line's text. */
export function asExpectation(diagnostic: Diagnostic, text: string, lines = new LineIndex(text)): Omit<Expectation, 'markerLine'> {
  const start = lines.positionAt(diagnostic.start);
  const end = lines.positionAt(Math.max(diagnostic.end, diagnostic.start));
  const lineText = text.split('\n')[start.line] ?? '';
  const endColumn = end.line === start.line ? Math.max(end.character, start.character + 1) : lineText.trimEnd().length;
  return { line: start.line, startColumn: start.character, endColumn, severity: diagnostic.severity, code: diagnostic.code, message: diagnostic.message };
}

/** Renders a diagnostic as the marker line a fixture would need, for failure messages and for writing fixtures. */
export function markerFor(diagnostic: Diagnostic, text: string): string {
  const e = asExpectation(diagnostic, text);
  const width = Math.max(1, e.endColumn - e.startColumn);
  const marker = e.startColumn >= 3 ? `${' '.repeat(e.startColumn - 3)}// ${'^'.repeat(width)}` : `${' '.repeat(e.startColumn)}//${'^'.repeat(Math.max(1, width - 2))}`;
  return `${marker} ${e.severity}[${e.code}]: ${e.message}`;
}

/** The `//>` lines a diagnostic would need: its related places (line in this file, or file:line) and its fixes. */
export function detailsOf(diagnostic: Diagnostic, uri: string, text: string): { related: string[]; fixes: string[] } {
  const lines = new LineIndex(text);
  const related = (diagnostic.related ?? []).map((place) => {
    const where = place.uri === uri ? `${lines.positionAt(place.start).line + 1}` : `${place.uri.slice(place.uri.lastIndexOf('/') + 1)}`;
    return `related ${where}: ${place.message}`;
  });
  const fixes = (diagnostic.fixes ?? []).map((fix) => `${fix.preferred ? 'fix*' : 'fix'}: ${fix.title}`);
  return { related, fixes };
}

/** Compares diagnostics with expectations; returns human-readable problems (empty when they agree). */
export function compareWithExpectations(text: string, diagnostics: readonly Diagnostic[]): string[] {
  const lines = new LineIndex(text);
  const expected = readExpectations(text);
  const actual = diagnostics.map((diagnostic) => ({ diagnostic, shape: asExpectation(diagnostic, text, lines), used: false }));
  const problems: string[] = [];
  // The carets cannot show a range that ends before it starts (it is drawn one character wide), so it is checked here:
  // an editor given such a range shows the squiggle in the wrong place or rejects the diagnostic.
  for (const { diagnostic, shape } of actual) {
    if (diagnostic.end < diagnostic.start) problems.push(`range ends before it starts on line ${shape.line + 1}: ${diagnostic.code} ${diagnostic.start}-${diagnostic.end}`);
  }
  for (const expectation of expected) {
    const match = actual.find(
      (candidate) =>
        !candidate.used &&
        candidate.shape.code === expectation.code &&
        candidate.shape.severity === expectation.severity &&
        candidate.shape.line === expectation.line &&
        candidate.shape.startColumn === expectation.startColumn &&
        candidate.shape.endColumn === expectation.endColumn &&
        (expectation.message === undefined || (candidate.shape.message ?? '').includes(expectation.message)),
    );
    if (match) {
      match.used = true;
      if (expectation.details) problems.push(...compareDetails(expectation, match.diagnostic, text));
      continue;
    }
    const near = actual.filter((candidate) => !candidate.used && candidate.shape.code === expectation.code);
    const hint = near.length > 0 ? `\n    closest actual: ${near.map((candidate) => `line ${candidate.shape.line + 1}: ${markerFor(candidate.diagnostic, text)}`).join('\n    ')}` : '';
    problems.push(`missing on line ${expectation.line + 1} (marker line ${expectation.markerLine + 1}): ${expectation.severity}[${expectation.code}] columns ${expectation.startColumn}-${expectation.endColumn}${expectation.message ? ` "${expectation.message}"` : ''}${hint}`);
  }
  for (const candidate of actual) {
    if (!candidate.used) problems.push(`unexpected on line ${candidate.shape.line + 1}: ${markerFor(candidate.diagnostic, text)}`);
  }
  return problems;
}

/** Problems with the related places and fixes of a matched diagnostic, when its marker has `//>` lines. */
function compareDetails(expectation: Expectation, diagnostic: Diagnostic, text: string): string[] {
  const actual = detailsOf(diagnostic, diagnostic.uri, text);
  const expected = { related: expectation.details?.related ?? [], fixes: expectation.details?.fixes ?? [] };
  const problems: string[] = [];
  for (const kind of ['related', 'fixes'] as const) {
    if (JSON.stringify(actual[kind]) === JSON.stringify(expected[kind])) continue;
    const show = (list: string[]) => (list.length ? list.map((entry) => `//> ${entry}`).join(' | ') : `//> no ${kind === 'fixes' ? 'fix' : 'related'}`);
    problems.push(`${kind} of ${expectation.code} on line ${expectation.line + 1} (marker line ${expectation.markerLine + 1}): expected ${show(expected[kind])}, actual ${show(actual[kind])}`);
  }
  return problems;
}
