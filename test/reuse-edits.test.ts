// Edits that change only the space between tokens (grammar/src/incremental.ts's same-meaning path, analyze.ts's
// `analyzeReusing`, program.ts's `analyzeProgramReusing`), one edit at a time: a space typed or deleted at every offset
// of a small design in LF, CRLF and lone-CR line breaks, a line comment's trailing space, spaces inside strings and
// comments, several edits between two analyses, several files. After each edit the re-checked file and the analysis
// show what a check from scratch shows (diagnostics with ranges and related places, elements, model), AND the edit was
// re-used (nothing re-checked, the analysis kept) exactly when it kept the meaning. Deterministic and fast: a mutation
// run's test of the re-use (test/incremental.test.ts is the slow random property test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeChecked, analyzeReusing, moveDiagnostics, type Analysis } from '../grammar/src/analyze.js';
import type { CheckedFile } from '../grammar/src/check.js';
import type { Diagnostic } from '../grammar/src/diagnostic.js';
import { checkText, incrementalStats, recheck } from '../grammar/src/incremental.js';
import { analyzeProgram, analyzeProgramReusing, CheckedFileCache, loadProgram, type SourceHost } from '../grammar/src/program.js';
import { checkedFilePicture } from './support/checked-picture.js';
import { dumpModel } from './support/model-dump.js';

const uri = 'file:///work/reuse.stamp';

/**
 * A healthy design (no syntax error): blocks over several lines and on one line, a line comment, a block comment, a
 * string with two spaces inside, schema diagnostics (a property written twice: a related place), resolution
 * diagnostics (a name declared twice, with the first declaration as related place; a node that does not exist), a
 * statement that makes no element (`colour` is no top-level keyword), and no line break at the end.
 */
const design = [
  '// a lab  ',
  'domain "corp  lab" {}',
  'host HV01 {',
  '  os 2012',
  '  nic NIC1 { speed 10Gbps } /* fast */',
  '}',
  'host HV02 { os 2012R2; os 2016 }',
  '// the second HV01',
  'host HV01 { os 2016 }',
  '',
  'cluster CL { kind hyperv; nodes HV01, HV02, HV09 }',
  'vm VM1 on CL { memory 4GB }',
  'colour red',
  'host HV05 { os 2016 }',
].join('\n');

function withBreaks(text: string, lineBreak: string): string {
  return text.replace(/\n/g, lineBreak);
}


function sorted(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify([...diagnostics].sort((a, b) => a.uri.localeCompare(b.uri) || a.start - b.start || a.end - b.end || a.code.localeCompare(b.code) || a.message.localeCompare(b.message)));
}

/** What an analysis shows: its diagnostics (messages, ranges, related places), the model and the texts it reads. */
function analysisPicture(analysis: Analysis): Record<string, string> {
  return {
    diagnostics: sorted(analysis.diagnostics),
    model: dumpModel(analysis.model),
    texts: JSON.stringify([...analysis.model.texts]),
    files: analysis.files.map((file) => file.syntax.text).join('\u0000'),
  };
}

function assertSame(actual: Record<string, string>, expected: Record<string, string>, what: string): void {
  for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], `${what}: ${key}`);
}

/** The user's view of the tokens: keywords, arguments, braces, comments (a line comment without its trailing space). */
function tokensOf(file: CheckedFile): string {
  const out: string[] = [];
  const statement = (item: CheckedFile['syntax']['statements'][number]): void => {
    out.push(item.keyword, ...item.args.map((argument) => `${argument.kind}:${argument.text}${argument.commaAfter ? ',' : ''}`));
    if (!item.block) return;
    out.push('{');
    for (const child of item.block.statements) statement(child);
    out.push(item.block.close === undefined ? '(open)' : '}');
  };
  for (const item of file.syntax.statements) statement(item);
  for (const comment of file.syntax.comments) out.push(`${comment.block ? 'block' : 'line'}:${file.syntax.text.slice(comment.start, comment.end).replace(/[ \t]+$/, '')}`);
  return JSON.stringify(out);
}

/** Each line's indentation and line break. */
function layoutOf(text: string): string {
  return JSON.stringify(text.split(/(\r\n|\r|\n)/).map((piece, index) => (index % 2 === 1 ? piece : piece.slice(0, piece.length - piece.trimStart().length))));
}

/** The offsets where one token ends and the next starts, with nothing between them (`{}`, a block comment right after a brace). */
function touchingOf(file: CheckedFile): Set<number> {
  const starts = new Set<number>();
  const ends = new Set<number>();
  const token = (start: number, end: number): void => {
    starts.add(start);
    ends.add(end);
  };
  const statement = (item: CheckedFile['syntax']['statements'][number]): void => {
    token(item.keywordStart, item.keywordEnd);
    for (const argument of item.args) token(argument.start, argument.end);
    if (!item.block) return;
    token(item.block.open, item.block.open + 1);
    if (item.block.close !== undefined) token(item.block.close, item.block.close + 1);
    for (const child of item.block.statements) statement(child);
  };
  for (const item of file.syntax.statements) statement(item);
  for (const comment of file.syntax.comments) token(comment.start, comment.end);
  return new Set([...starts].filter((offset) => ends.has(offset)));
}

/**
 * Whether an edit keeps the meaning, as a user sees it: the same tokens and comments, the same lines and indentation.
 * A space typed between two tokens that touched (`{}` → `{ }`) is not re-used: the offset they shared (the end of one,
 * the start of the other) has two new places, and what held it cannot tell which (docs/performance.md).
 */
function keepsMeaning(old: CheckedFile, scratch: CheckedFile, insertedAt?: number): boolean {
  if (insertedAt !== undefined && touchingOf(old).has(insertedAt)) return false;
  return tokensOf(old) === tokensOf(scratch) && layoutOf(old.syntax.text) === layoutOf(scratch.syntax.text);
}

function resetStats(): void {
  Object.assign(incrementalStats, { incremental: 0, fallback: 0, reusedStatements: 0, reparsedStatements: 0, sameMeaning: 0 });
}

/**
 * Re-checks and re-analyses `after` from the file and analysis of `before`; both are compared with a scratch check and
 * analysis. Returns whether the file kept its meaning (re-checked nothing) and whether the analysis was re-used.
 */
function reuseOf(before: string, after: string, what: string): { sameMeaning: boolean; reparsed: number; reused: boolean; scratch: CheckedFile } {
  const previousFile = checkText(uri, before);
  const previous = analyzeChecked([previousFile]);
  resetStats();
  const file = recheck(previousFile, after);
  const sameMeaning = incrementalStats.sameMeaning === 1;
  const reparsed = incrementalStats.reparsedStatements;
  const scratchFile = checkText(uri, after);
  assertSame(checkedFilePicture(file), checkedFilePicture(scratchFile), what);
  const { analysis, offsets } = analyzeReusing([file], previous);
  assertSame(analysisPicture(analysis), analysisPicture(analyzeChecked([scratchFile])), what);
  return { sameMeaning, reparsed, reused: offsets !== undefined, scratch: scratchFile };
}

function assertReuse(before: string, after: string, expected: boolean | ((scratch: CheckedFile) => boolean), what: string): boolean {
  const result = reuseOf(before, after, what);
  if (typeof expected === 'function') expected = expected(result.scratch);
  assert.equal(result.sameMeaning, expected, `${what}: kept the meaning of the file`);
  assert.equal(result.reused, expected, `${what}: re-used the analysis`);
  // A kept meaning re-parses the region and keeps its statements; the others' cost is judged in incremental-edits.
  if (expected) assert.equal(result.reparsed <= 3, true, `${what}: re-parsed ${result.reparsed} statements`);
  return expected;
}

for (const [label, lineBreak] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
  test(`a space typed at every offset, and every space deleted, re-uses exactly when the meaning is kept (${label})`, () => {
    const text = withBreaks(design, lineBreak);
    const old = checkText(uri, text);
    let reusedCount = 0;
    let notReused = 0;
    for (let at = 0; at <= text.length; at++) {
      const edits: Array<[string, number | undefined]> = [[`${text.slice(0, at)} ${text.slice(at)}`, at]];
      if (text[at] === ' ') edits.push([`${text.slice(0, at)}${text.slice(at + 1)}`, undefined]);
      // A line break written another way (the same lines, not the same text): never re-used.
      const lineBreakHere = /^(\r\n|\r|\n)/.exec(text.slice(at))?.[0];
      if (lineBreakHere && text[at - 1] !== '\r') for (const other of ['\n', '\r\n', '\r'].filter((each) => each !== lineBreakHere)) edits.push([`${text.slice(0, at)}${other}${text.slice(at + lineBreakHere.length)}`, undefined]);
      for (const [after, insertedAt] of edits) {
        const expected = assertReuse(text, after, (scratch) => keepsMeaning(old, scratch, insertedAt), `${label}: ${JSON.stringify(after.slice(Math.max(0, at - 12), at + 12))} at ${at}`);
        if (expected) reusedCount++;
        else notReused++;
      }
    }
    // Both kinds occur often (the oracle would otherwise prove little).
    assert.ok(reusedCount > 40 && notReused > 100, `${label}: ${reusedCount} re-used, ${notReused} not`);
  });
}

test('a character that is no token typed at a line end, and a space typed on a line with a syntax error, are not re-used', () => {
  // Every line keeps its non-blank characters, or it is checked again (a `;` after a statement changes nothing, but
  // it is a character of the line).
  const semicolon = design.replace('  os 2012\n', '  os 2012;\n');
  assertReuse(design, semicolon, false, 'a `;` typed at a line end');
  // A line with a syntax error (`!`): a space typed on it is checked again; a space on another line is re-used.
  const broken = `${design}\nhost HV03 { os 2016 } !\nhost HV04 { os 2016 }\n`;
  assertReuse(broken, broken.replace('HV03 {', 'HV03  {'), false, 'a space on the line with `!`');
  assertReuse(broken, broken.replace('HV04 {', 'HV04  {'), true, 'a space on the line after');
  assertReuse(broken, broken.replace('HV02 {', 'HV02  {'), true, 'a space on a line before');
});

test('two slashes joined into a line comment by deleting the space between them are not re-used', () => {
  const slashes = `${design}\nhost HV07 { os 2016 } / / note\n`;
  assertReuse(slashes, slashes.replace('/ / note', '// note'), false, 'a comment made of `/ /`');
  assertReuse(slashes.replace('/ / note', '// note'), slashes, false, 'a comment broken into `/ /`');
});

test('a tab or a space at the end of a line comment keeps the meaning; inside the comment it does not', () => {
  const line = '// a lab  ';
  assertReuse(design, design.replace(line, `${line}\t`), true, 'a tab after the comment');
  assertReuse(design.replace(line, `${line}\t`), design.replace(line, `${line}\t `), true, 'a space after a tab after the comment');
  assertReuse(design, design.replace(line, '// a  lab  '), false, 'a space inside the comment');
  assertReuse(design, design.replace(line, '//\ta lab  '), false, 'a tab inside the comment');
});

test('the re-used analysis moves every diagnostic, its related place and the model to the new offsets', () => {
  // A space typed before HV01's second declaration: SCH005 there (related: the first HV01) moves by one; the first HV01
  // and the diagnostics before the edit stay.
  const at = design.indexOf('host HV01 { os 2016 }') + 'host'.length;
  const after = `${design.slice(0, at)}   ${design.slice(at)}`;
  const first = checkText(uri, design);
  const previous = analyzeChecked([first]);
  const file = recheck(first, after);
  const { analysis, offsets } = analyzeReusing([file], previous);
  assert.ok(offsets, 'not re-used');
  const duplicate = analysis.diagnostics.find((diagnostic) => diagnostic.message.includes('HV01') && diagnostic.related);
  assert.ok(duplicate, 'no duplicate-name diagnostic');
  assert.equal(after.slice(duplicate.start, duplicate.end), 'HV01');
  assert.equal(duplicate.start, at + 4);
  assert.equal(after.slice(duplicate.related![0].start, duplicate.related![0].end), 'HV01');
  assert.equal(duplicate.related![0].start, design.indexOf('HV01'));
  const unknown = analysis.diagnostics.find((diagnostic) => diagnostic.message.includes('HV09'));
  assert.ok(unknown, 'no diagnostic for the unknown node');
  assert.equal(after.slice(unknown.start, unknown.end), 'HV09');
  // The same model objects (nothing was resolved again), reading the new text.
  assert.equal(analysis.model.hosts, previous.model.hosts);
  assert.equal(analysis.model.texts.get(uri), after);
  assert.equal(offsets.get(uri)!(design.indexOf('cluster')), after.indexOf('cluster'));
});

test('several space edits between two analyses re-use the analysis up to three versions back, not four', () => {
  // Each re-check remembers at most three earlier versions of the same meaning; the analysis of an older one is made again.
  const spaced = [design];
  let next = design;
  for (let step = 1; step <= 4; step++) {
    const at = next.indexOf('nodes');
    next = `${next.slice(0, at)} ${next.slice(at)}`;
    spaced.push(next);
  }
  for (const back of [1, 2, 3, 4]) {
    let file = checkText(uri, spaced[0]);
    const analyses: Analysis[] = [analyzeChecked([file])];
    for (let step = 1; step <= back; step++) file = recheck(file, spaced[step]);
    const { analysis, offsets } = analyzeReusing([file], analyses[0]);
    assertSame(analysisPicture(analysis), analysisPicture(analyzeChecked([checkText(uri, spaced[back])])), `${back} edits`);
    assert.equal(offsets !== undefined, back <= 3, `${back} edits between the analyses`);
    if (offsets) assert.equal(offsets.get(uri)!(spaced[0].indexOf('HV09')), spaced[back].indexOf('HV09'), `${back} edits: HV09's new offset`);
  }
  // An edit that changes the meaning ends the chain: a space edit after it is re-used from its own analysis only.
  let file = checkText(uri, spaced[1]);
  const older = analyzeChecked([file]);
  file = recheck(file, spaced[1].replace('4GB', '8GB'));
  const middle = analyzeChecked([file]);
  file = recheck(file, `${spaced[1].replace('4GB', '8GB')} `);
  assert.equal(analyzeReusing([file], older).offsets, undefined, 'an analysis of another meaning was re-used');
  assert.ok(analyzeReusing([file], middle).offsets, 'the analysis of the same meaning was not re-used');
});

function hostOf(texts: Map<string, string>): SourceHost {
  return { read: (name) => texts.get(name) };
}

test('a stamp of several files: a space edit in one file re-uses the analysis; moved places in the other file stay', () => {
  const main = 'file:///work/main.stamp';
  const other = 'file:///work/other.stamp';
  const texts = new Map([
    [main, 'import "other.stamp"\nimport "missing.stamp"\nhost HV01 { os 2016 }\ncluster CL { kind hyperv; nodes HV01, HV02 }\n'],
    [other, 'host HV02 { os 2016 }\nhost HV01 { os 2012 }\n'],
  ]);
  const cache = new CheckedFileCache();
  const previous = analyzeProgram(loadProgram([main], hostOf(texts), cache));
  // A space typed in the other file, before its HV01 (the duplicate of main's, related to it).
  texts.set(other, 'host HV02 { os 2016 }\nhost  HV01 { os 2012 }\n');
  const { analysis, offsets } = analyzeProgramReusing(loadProgram([main], hostOf(texts), cache), previous);
  const scratch = analyzeProgram(loadProgram([main], hostOf(texts)));
  assertSame(analysisPicture(analysis), analysisPicture(scratch), 'space in the imported file');
  assert.ok(offsets, 'not re-used');
  assert.equal(offsets.has(main), false, 'the unchanged file has an offset map');
  // The import that is missing is still reported (the program's own diagnostics are added to a re-used analysis too).
  assert.ok(analysis.diagnostics.some((diagnostic) => diagnostic.uri === main && diagnostic.message.includes('missing.stamp')), 'the missing import is not reported');
  const duplicate = analysis.diagnostics.find((diagnostic) => diagnostic.uri === other && diagnostic.related);
  assert.ok(duplicate, 'no duplicate across the files');
  assert.equal(texts.get(other)!.slice(duplicate.start, duplicate.end), 'HV01');
  assert.equal(duplicate.related![0].uri, main);
  assert.equal(texts.get(main)!.slice(duplicate.related![0].start, duplicate.related![0].end), 'HV01');
  // The files in another order, or one more file: analyzed again.
  const reordered = analyzeReusing([...analysis.files].reverse(), analysis);
  assert.equal(reordered.offsets, undefined, 'files in another order re-used');
  assert.equal(analyzeReusing([analysis.files[0]], analysis).offsets, undefined, 'a file less re-used');
  // An analysis made without `analyzeChecked` (nothing remembered of it) is never re-used.
  assert.equal(analyzeReusing(analysis.files, { ...analysis }).offsets, undefined, 'an unknown analysis re-used');
  // The same files: re-used with no offsets to move.
  const same = analyzeReusing(analysis.files, analysis);
  assert.ok(same.offsets, 'the same files not re-used');
  assert.equal(same.offsets.size, 0);
  assert.equal(sorted(same.analysis.diagnostics), sorted(analysis.diagnostics.filter((diagnostic) => !diagnostic.message.includes('missing.stamp'))));
});

test('a file of another name with the same meaning is not taken for the earlier file', () => {
  const before = checkText(uri, design);
  const previous = analyzeChecked([before]);
  const renamed = checkText('file:///work/other.stamp', design);
  renamed.sameMeaningAs = [{ file: new WeakRef(before), offset: (offset) => offset }];
  assert.equal(analyzeReusing([renamed], previous).offsets, undefined);
});

test('carried findings: a quick fix, a related place in the moved file and one in another file move as the analysis does', () => {
  const at = design.indexOf('cluster') + 'cluster'.length;
  const after = `${design.slice(0, at)} ${design.slice(at)}`;
  const first = checkText(uri, design);
  const previous = analyzeChecked([first]);
  const file = recheck(first, after);
  const reused = analyzeReusing([file], previous);
  assert.ok(reused.offsets, 'not re-used');
  const elsewhere = 'file:///work/elsewhere.stamp';
  const clusterAt = design.indexOf('CL');
  const finding: Diagnostic = {
    uri, start: clusterAt, end: clusterAt + 2, severity: 'warning', code: 'X001', message: 'finding',
    related: [{ uri, start: clusterAt, end: clusterAt + 2, message: 'here' }, { uri: elsewhere, start: 5, end: 9, message: 'there' }],
    fixes: [{ title: 'fix', edits: [{ uri, start: clusterAt + 2, end: clusterAt + 2, newText: ' x' }, { uri: elsewhere, start: 1, end: 2, newText: 'y' }] }],
  };
  const other: Diagnostic = { uri: elsewhere, start: 3, end: 4, severity: 'warning', code: 'X002', message: 'other' };
  // A finding of another file with one edit of its quick fix, or one related place, in the moved file (not the first).
  const fixedElsewhere: Diagnostic = { uri: elsewhere, start: 3, end: 4, severity: 'warning', code: 'X003', message: 'fix here', fixes: [{ title: 'other', edits: [{ uri: elsewhere, start: 7, end: 8, newText: 'w' }] }, { title: 'fix', edits: [{ uri: elsewhere, start: 0, end: 1, newText: 'z' }, { uri, start: clusterAt, end: clusterAt + 2, newText: 'CX' }] }] };
  const relatedHere: Diagnostic = { uri: elsewhere, start: 3, end: 4, severity: 'warning', code: 'X004', message: 'related here', related: [{ uri: elsewhere, start: 0, end: 1, message: 'a' }, { uri, start: clusterAt, end: clusterAt + 2, message: 'CL' }] };
  const carried = moveDiagnostics([finding, other, fixedElsewhere, relatedHere], reused.offsets)!;
  const newAt = after.indexOf('CL');
  assert.equal(newAt, clusterAt + 1);
  assert.deepEqual(carried.map((diagnostic) => [diagnostic.start, diagnostic.end]), [[newAt, newAt + 2], [3, 4], [3, 4], [3, 4]]);
  assert.deepEqual(carried[0].related!.map((place) => [place.uri, place.start, place.end]), [[uri, newAt, newAt + 2], [elsewhere, 5, 9]]);
  assert.deepEqual(carried[0].fixes![0].edits.map((edit) => [edit.uri, edit.start, edit.end, edit.newText]), [[uri, newAt + 2, newAt + 2, ' x'], [elsewhere, 1, 2, 'y']]);
  assert.equal(carried[0].fixes![0].title, 'fix');
  assert.equal(carried[1], other, 'a finding with nothing in the moved file is not copied');
  assert.deepEqual(carried[2].fixes!.map((fix) => fix.edits.map((edit) => [edit.start, edit.end])), [[[7, 8]], [[0, 1], [newAt, newAt + 2]]]);
  assert.deepEqual(carried[3].related!.map((place) => [place.start, place.end, place.message]), [[0, 1, 'a'], [newAt, newAt + 2, 'CL']]);
  // The originals are not changed (the previous findings may be read again).
  assert.equal(finding.start, clusterAt);
  assert.equal(finding.fixes![0].edits[0].start, clusterAt + 2);
  // A finding that holds a line start (a whole indented line) of the re-parsed region moves with its line.
  const hostAt = design.indexOf('HV01 {') + 4;
  const spacedHost = `${design.slice(0, hostAt)} ${design.slice(hostAt)}`;
  const hostFile = checkText(uri, design);
  const hostAnalysis = analyzeChecked([hostFile]);
  const hostReused = analyzeReusing([recheck(hostFile, spacedHost)], hostAnalysis);
  assert.ok(hostReused.offsets, 'a space before a brace not re-used');
  const lineStart = design.indexOf('  os 2012');
  const wholeLine: Diagnostic = { uri, start: lineStart, end: lineStart + '  os 2012'.length, severity: 'warning', code: 'X005', message: 'line' };
  const [movedLine] = moveDiagnostics([wholeLine], hostReused.offsets)!;
  assert.deepEqual([movedLine.start, movedLine.end], [lineStart + 1, lineStart + 1 + '  os 2012'.length]);
  assert.equal(spacedHost.slice(movedLine.start, movedLine.end), '  os 2012');
  // An indented top-level line: its line start is the re-parsed region's start, before any token; a space typed
  // between its first two tokens leaves it in place.
  const indented = `${design}\n  host HV06 { os 2016 }\n`;
  const indentedAt = indented.indexOf('host HV06') + 4;
  const indentedFile = checkText(uri, indented);
  const indentedAnalysis = analyzeChecked([indentedFile]);
  const indentedReused = analyzeReusing([recheck(indentedFile, `${indented.slice(0, indentedAt)} ${indented.slice(indentedAt)}`)], indentedAnalysis);
  assert.ok(indentedReused.offsets, 'a space after an indented keyword not re-used');
  const indentedStart = indented.indexOf('  host HV06');
  const [movedIndented] = moveDiagnostics([{ ...wholeLine, start: indentedStart, end: indentedStart + 6 }], indentedReused.offsets)!;
  assert.deepEqual([movedIndented.start, movedIndented.end], [indentedStart, indentedStart + 6]);
  // Nothing moved: the same findings.
  assert.deepEqual(moveDiagnostics([finding], new Map()), [finding]);
  // A place between two tokens has no new place: nothing is carried.
  // (The space after `;` of the edited line: `hyperv` ends before the `;` and `nodes` starts after the space.)
  const between = design.indexOf('; nodes') + 1;
  assert.equal(moveDiagnostics([{ ...finding, start: between, end: between, related: undefined, fixes: undefined }], reused.offsets), undefined);
});
