// Property test of incremental analysis: after every step of seeded random edit sequences (insertions, deletions,
// renamed names, broken and repaired braces, statements moved between files, undo), re-analysis from the previous
// state gives exactly what analyzing the same texts from scratch gives: syntax, diagnostics, symbols, model and graph.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Analysis } from '../grammar/src/analyze.js';
import type { CheckedFile } from '../grammar/src/check.js';
import type { Element, Value } from '../grammar/src/elements.js';
import { incrementalStats } from '../grammar/src/incremental.js';
import { moveDiagnostics } from '../grammar/src/analyze.js';
import type { Diagnostic } from '../grammar/src/diagnostic.js';
import { analyzeProgram, analyzeProgramReusing, CheckedFileCache, loadProgram, type SourceHost } from '../grammar/src/program.js';
import { ruleDiagnostics, sortDiagnostics } from '../server/src/analysis/diagnose.js';
import { carryAcrossValueEdit, mergeInRuleOrder } from '../server/src/analysis/value-edit-carry.js';
import { emptyConfig } from '../server/src/analysis/config.js';
import { allRules } from '../server/src/rules/registry.js';
import { buildGraph } from '../server/src/graph/graph.js';
import { workspaceSymbols } from '../server/src/features/workspace-symbols.js';
import { dumpModel } from './support/model-dump.js';
import { repoRoot } from './support/paths.js';

/** Steps per workspace (the same seeded sequence every run). */
const stepsPerWorkspace = Number(process.env.STAMP_INCREMENTAL_STEPS ?? 60);

/** Mulberry32: a small seeded generator. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces typed into a file: whole statements, parts of statements, separators and comment openers. */
const pieces = [
  'vm NEWVM on HVCLUSTER\n', 'host HVNEW { os 2012; nic MGMT { ip 10.0.0.9 } }\n', 'sql on SQL9 { auth mixed }\n', '  primary\n',
  '{', '}', '{\n', '}\n', '"', ',', ';', ', ', '/*', '*/', '// note\n', '\n', '\n\n', ' ', 'x', '1.2.3.4', '8090', 'on ', 'login "A\\B" { type windows }\n',
  'cluster CL9 { kind guest; nodes SQL1, SQL2 }\n', 'replica SQL1 { commit synchronous }\n', '\t', 'é',
];

interface Workspace {
  label: string;
  uris: string[];
  texts: Map<string, string>;
}

/** A brace broken in the previous step, repaired in the next one when its file has not changed since. */
interface Pending {
  brace?: { uri: string; before: string; after: string };
}

function hostOf(texts: Map<string, string>): SourceHost {
  return { read: (uri) => texts.get(uri) };
}

/** The top-level statements of a text as [start, end) ranges, from a scratch parse. */
function topLevelRanges(file: CheckedFile): Array<[number, number]> {
  return file.syntax.statements.map((statement) => [statement.start, statement.end]);
}

/** One random edit; returns a short description for failure messages. */
function randomEdit(workspace: Workspace, random: () => number, pending: Pending, scratchFiles: Map<string, CheckedFile>, kinds: readonly number[]): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const uri = pick(workspace.uris);
  const text = workspace.texts.get(uri)!;
  const set = (next: string) => workspace.texts.set(uri, next);
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  // Repair a brace broken in the previous step, when that file has not changed since.
  if (pending.brace) {
    const brace = pending.brace;
    pending.brace = undefined;
    if (workspace.texts.get(brace.uri) === brace.after) {
      workspace.texts.set(brace.uri, brace.before);
      return 'repair the brace';
    }
  }
  const at = Math.floor(random() * (text.length + 1));
  const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((match) => match.index! + 1)];
  switch (pick(kinds)) {
    case 0: {
      const piece = pick(pieces);
      set(text.slice(0, at) + piece + text.slice(at));
      return `${name}: insert ${JSON.stringify(piece)} at ${at}`;
    }
    case 1: {
      const length = 1 + Math.floor(random() * 12);
      set(text.slice(0, at) + text.slice(at + length));
      return `${name}: delete ${length} at ${at}`;
    }
    case 2: {
      // Retype a name: change one word into another word of the workspace, or into a new one.
      const words = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_-]*/g)];
      if (words.length === 0) return 'no words';
      const word = pick(words);
      const all = [...workspace.texts.values()].join(' ').match(/[A-Z][A-Z0-9_-]{2,}/g) ?? ['X'];
      const replacement = random() < 0.5 ? pick(all) : `${word[0]}${random() < 0.5 ? '2' : ''}`;
      set(text.slice(0, word.index!) + replacement + text.slice(word.index! + word[0].length));
      return `${name}: retype ${word[0]} → ${replacement} at ${word.index}`;
    }
    case 3: {
      // Break a brace: remove a `}` or add a `{` at a line end; the next step repairs it.
      const closers = [...text.matchAll(/\}/g)];
      let after: string;
      let what: string;
      if (closers.length > 0 && random() < 0.6) {
        const closer = pick(closers).index!;
        after = text.slice(0, closer) + text.slice(closer + 1);
        what = `remove } at ${closer}`;
      } else {
        const lineEnd = text.indexOf('\n', at);
        const where = lineEnd < 0 ? text.length : lineEnd;
        after = `${text.slice(0, where)} {${text.slice(where)}`;
        what = `add { at ${where}`;
      }
      set(after);
      pending.brace = { uri, before: text, after };
      return `${name}: ${what}`;
    }
    case 4: {
      // Move a top-level statement to another file (or elsewhere in the same one, in a one-file workspace).
      const ranges = topLevelRanges(scratchFiles.get(uri)!);
      if (ranges.length === 0) return 'no statements';
      const [start, end] = pick(ranges);
      const moved = text.slice(start, end);
      const rest = text.slice(0, start) + text.slice(end);
      set(rest);
      const target = pick(workspace.uris);
      const targetText = workspace.texts.get(target)!;
      const targetStarts = [0, ...[...targetText.matchAll(/\n/g)].map((match) => match.index! + 1)];
      const into = pick(targetStarts);
      workspace.texts.set(target, `${targetText.slice(0, into)}${moved}\n${targetText.slice(into)}`);
      return `${name}: move ${JSON.stringify(moved.slice(0, 30))} to ${target.slice(target.lastIndexOf('/') + 1)}@${into}`;
    }
    case 5: {
      const line = Math.floor(random() * lineStarts.length);
      const lines = text.split('\n');
      lines.splice(line, 1);
      set(lines.join('\n'));
      return `${name}: delete line ${line}`;
    }
    case 6: {
      const lines = text.split('\n');
      const line = Math.floor(random() * lines.length);
      lines.splice(line, 0, lines[line]);
      set(lines.join('\n'));
      return `${name}: duplicate line ${line}`;
    }
    case 7: {
      // Type a whole statement at a line start, as a user adding a line does.
      const piece = pick(pieces.filter((candidate) => candidate.endsWith('\n')));
      const into = pick(lineStarts);
      set(text.slice(0, into) + piece + text.slice(into));
      return `${name}: add line ${JSON.stringify(piece)} at ${into}`;
    }
    case 10: {
      const edit = valueEdit(text, scratchFiles.get(uri)!, random);
      if (!edit) return 'no value to change';
      set(edit.text);
      return `${name}: ${edit.what}`;
    }
    case 9: {
      // Change only the space between tokens: widen or narrow a run of spaces or tabs inside a line or at its end,
      // or put a space next to a brace, comma or semicolon (inside strings and comments this changes their text).
      const runs = [...text.matchAll(/(?<=\S)[ \t]+/g)];
      const glued = [...text.matchAll(/(?<=[A-Za-z0-9"}])(?=[{};,])|(?<=[{,;])(?=[A-Za-z0-9"])/g)];
      const choice = random();
      if (choice < 0.4 && runs.length > 0) {
        const run = pick(runs);
        const where = run.index! + Math.floor(random() * run[0].length);
        const piece = random() < 0.7 ? ' ' : '\t';
        set(text.slice(0, where) + piece + text.slice(where));
        return `${name}: widen space at ${where}`;
      }
      if (choice < 0.7 && runs.length > 0) {
        const run = pick(runs);
        const trailing = /^[\r\n]|^$/.test(text.slice(run.index! + run[0].length, run.index! + run[0].length + 1));
        const cut = trailing ? run[0].length : Math.max(0, run[0].length - 1);
        if (cut === 0) return 'no space to narrow';
        set(text.slice(0, run.index!) + text.slice(run.index! + cut));
        return `${name}: narrow space at ${run.index}`;
      }
      if (glued.length === 0) return 'nothing glued';
      const where = pick(glued).index!;
      set(`${text.slice(0, where)} ${text.slice(where)}`);
      return `${name}: space at ${where}`;
    }
    default: {
      // A space at the end of the first line: the benchmark's edit.
      const lineEnd = text.indexOf('\n');
      const where = lineEnd < 0 ? text.length : lineEnd;
      set(`${text.slice(0, where)} ${text.slice(where)}`);
      return `${name}: space at ${where}`;
    }
  }
}

/** Every value written in a file that is not a reference, with the property (or header argument) it belongs to. */
function plainValues(file: CheckedFile): Array<{ fact: string; value: Value }> {
  const found: Array<{ fact: string; value: Value }> = [];
  const visit = (element: Element): void => {
    const add = (fact: string, values: Value[]) => {
      for (const value of values) if (value.kinds === undefined && value.key === undefined && value.type !== 'word') found.push({ fact: `${element.kind.id}.${fact}`, value });
    };
    for (const [name, values] of Object.entries(element.header)) if (name !== 'name') add(name, values);
    for (const [keyword, properties] of element.properties) for (const property of properties) for (const values of Object.values(property.args)) add(keyword, values);
    for (const child of element.children) visit(child);
  };
  for (const element of file.elements) visit(element);
  return found;
}

/**
 * An edit of one value that is not a reference: the value replaced by another one written for the same property
 * elsewhere in the file, or one of its digits changed (a VM's memory, an address, a port, a version).
 */
function valueEdit(text: string, file: CheckedFile, random: () => number, which?: number): { text: string; what: string } | undefined {
  const values = plainValues(file).filter(({ value }) => value.end > value.start && text.slice(value.start, value.end).length > 0);
  if (values.length === 0) return undefined;
  const { fact, value } = values[which === undefined ? Math.floor(random() * values.length) : which % values.length];
  const written = text.slice(value.start, value.end);
  const others = [...new Set(values.filter((other) => other.fact === fact).map((other) => text.slice(other.value.start, other.value.end)))].filter((other) => other !== written);
  let replacement: string;
  const digits = [...written.matchAll(/[0-9]/g)];
  if (others.length > 0 && (digits.length === 0 || random() < 0.5)) {
    replacement = others[Math.floor(random() * others.length)];
  } else if (digits.length > 0) {
    const digit = digits[Math.floor(random() * digits.length)];
    const next = String((Number(digit[0]) + 1 + Math.floor(random() * 8)) % 10);
    replacement = written.slice(0, digit.index!) + next + written.slice(digit.index! + 1);
  } else {
    return undefined;
  }
  return { text: text.slice(0, value.start) + replacement + text.slice(value.end), what: `value ${fact} ${written} → ${replacement} at ${value.start}` };
}

/** Everything a user can observe of an element, references resolved (ids excluded: they only need to be unique). */
function elementFacts(element: Element): string {
  const value = (item: Value) => `${item.type}:${item.text}@${item.start}-${item.end}${item.target ? `→${item.target.kind.id}:${item.target.name}@${item.target.uri}:${item.target.nameSpan.start}` : ''}`;
  const header = Object.entries(element.header).map(([key, values]) => `${key}=${values.map(value).join(',')}`);
  const properties = [...element.properties].map(([key, list]) => `${key}=${list.map((property) => `${property.statement.start}-${property.statement.end}:${Object.values(property.args).flat().map(value).join(',')}`).join('|')}`);
  return `${element.kind.id} ${element.name} ${element.uri} line ${element.line} name ${element.nameSpan.start}-${element.nameSpan.end} statement ${element.statement.start}-${element.statement.end} parent ${element.parent?.name ?? '-'} [${header.join(' ')}] {${properties.join(' ')}} children ${element.children.length}`;
}

/** A comparable picture of an analysis: syntax, units, diagnostics with every rule, symbols, model and graph. */
function observe(analysis: Analysis, uris: readonly string[], rules: Diagnostic[]): Record<string, string> {
  const diagnostics = sortDiagnostics([...analysis.diagnostics, ...rules]);
  const files = [...analysis.files].sort((a, b) => (a.uri < b.uri ? -1 : 1));
  const picture: Record<string, string> = {
    syntax: JSON.stringify(files.map((file) => ({ uri: file.uri, text: file.syntax.text, statements: file.syntax.statements, comments: file.syntax.comments, errors: file.syntax.errors }))),
    checked: JSON.stringify(files.map((file) => file.diagnostics)),
    elements: analysis.model.index.all.map(elementFacts).join('\n'),
    diagnostics: JSON.stringify(diagnostics),
    symbols: JSON.stringify(workspaceSymbols(files, '')),
    model: dumpModel(analysis.model),
  };
  for (const uri of uris) picture[`graph ${uri}`] = JSON.stringify(buildGraph(analysis, diagnostics, uri));
  return picture;
}

function firstDifference(a: string, b: string): string {
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return `incremental …${a.slice(Math.max(0, at - 80), at + 120)}…\n    scratch …${b.slice(Math.max(0, at - 80), at + 120)}…`;
}

/** Every kind of edit, and the ones a user typing in a healthy file makes (no broken braces, comments or strings). */
const everyEdit = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const typingEdits = [2, 4, 7, 8];
/** Edits of the space between tokens only (and the benchmark's space at a line end). */
const spaceEdits = [8, 9];
/** Edits of values (mostly), names and structure: the edits a value edit's re-use must tell apart. */
const valueEdits = [10, 10, 10, 2, 7, 9];

/** How often an analysis was re-used (no file changed meaning), and how often the rules' findings were carried over. */
const reuseStats = { analyses: 0, reused: 0, carried: 0, valueEdits: 0, rulesKept: 0, rulesRerun: 0 };

function runSequence(workspace: Workspace, seed: number, kinds = everyEdit, steps = stepsPerWorkspace): void {
  const random = seededRandom(seed);
  const cache = new CheckedFileCache();
  const pending: Pending = {};
  const history: string[] = [];
  const snapshots: Array<Map<string, string>> = [];
  // The previous step's analysis and its rules' findings, re-used (moved) when no file changed meaning since.
  let previous: Analysis | undefined;
  let previousRules: Diagnostic[] = [];
  for (let step = 0; step < steps; step++) {
    const host = hostOf(workspace.texts);
    const scratch = analyzeProgram(loadProgram(workspace.uris, host));
    const { analysis: incremental, offsets, valueEdit: edited } = analyzeProgramReusing(loadProgram(workspace.uris, host, cache), previous);
    const rules = ruleDiagnostics(incremental, emptyConfig, allRules);
    const expected = observe(scratch, workspace.uris, ruleDiagnostics(scratch, emptyConfig, allRules));
    const actual = observe(incremental, workspace.uris, rules);
    const context = () => `${workspace.label}, seed ${seed}, step ${step}`;
    for (const key of Object.keys(expected)) {
      if (actual[key] !== expected[key]) {
        assert.fail(`${context()}${offsets ? ' (re-used analysis)' : ''}: ${key} differs after\n  ${history.slice(-6).join('\n  ')}\n  ${firstDifference(actual[key], expected[key])}`);
      }
    }
    reuseStats.analyses++;
    if (offsets) {
      reuseStats.reused++;
      // What the server publishes without running the rules: the previous findings at their new offsets.
      const carried = moveDiagnostics(previousRules, offsets);
      if (carried) {
        reuseStats.carried++;
        const published = JSON.stringify(sortDiagnostics([...incremental.diagnostics, ...carried]));
        if (published !== expected.diagnostics) assert.fail(`${context()}: carried findings differ after\n  ${history.slice(-6).join('\n  ')}\n  ${firstDifference(published, expected.diagnostics)}`);
      }
    }
    if (edited) {
      // What the server publishes after a value edit: the findings of the rules that read none of the changed values,
      // moved, with the findings of the others run again.
      const carried = carryAcrossValueEdit(previousRules, edited, allRules);
      if (carried) {
        reuseStats.valueEdits++;
        reuseStats.rulesKept += allRules.length - carried.rerun.length;
        reuseStats.rulesRerun += carried.rerun.length;
        const published = JSON.stringify(sortDiagnostics([...incremental.diagnostics, ...mergeInRuleOrder(carried.kept, ruleDiagnostics(incremental, emptyConfig, carried.rerun))]));
        if (published !== expected.diagnostics) assert.fail(`${context()}: findings after a value edit (${[...edited.touched].join(', ')}) differ after\n  ${history.slice(-6).join('\n  ')}\n  ${firstDifference(published, expected.diagnostics)}`);
      }
    }
    previous = incremental;
    previousRules = rules;
    snapshots.push(new Map(workspace.texts));
    // Now and then undo several steps at once: one large change spread over the file.
    if (kinds === everyEdit && step > 3 && random() < 0.08) {
      const back = snapshots[Math.max(0, snapshots.length - 1 - Math.floor(random() * 4) - 1)];
      for (const [uri, text] of back) workspace.texts.set(uri, text);
      history.push('undo');
      continue;
    }
    history.push(randomEdit(workspace, random, pending, new Map(scratch.files.map((file) => [file.uri, file])), kinds));
    // Now and then the files are checked between two edits without an analysis (as the server does when a change
    // arrives during the debounce): the next analysis then spans two edits.
    // (Not in the typing tests: their counts of re-parsed statements are judged on their own fixed sequences.)
    if (kinds !== typingEdits && random() < 0.25) {
      loadProgram(workspace.uris, hostOf(workspace.texts), cache);
      history.push(randomEdit(workspace, random, pending, new Map(scratch.files.map((file) => [file.uri, file])), kinds));
    }
  }
}

function workspaceOf(label: string, folder: string, names: readonly string[]): Workspace {
  const uris = names.map((name) => pathToFileURL(join(folder, name)).toString());
  return { label, uris, texts: new Map(uris.map((uri, index) => [uri, readFileSync(join(folder, names[index]), 'utf8')])) };
}

const examplesFolder = join(repoRoot, 'examples');
for (const [index, name] of readdirSync(examplesFolder).filter((entry) => entry.endsWith('.stamp')).sort().entries()) {
  test(`incremental analysis equals a scratch analysis after every random edit: ${name}`, () => {
    runSequence(workspaceOf(name, examplesFolder, [name]), 1000 + index);
  });
}

test('incremental analysis equals a scratch analysis after every random edit: a four-file stamp, statements moving between files', () => {
  const folder = join(repoRoot, 'test', 'fixtures', 'workspace-split');
  const names = readdirSync(folder).filter((entry) => entry.endsWith('.stamp')).sort();
  runSequence(workspaceOf('workspace-split', folder, names), 2000);
  runSequence(workspaceOf('workspace-split', folder, names), 2001);
});

test('typing in a healthy file is handled incrementally, not by parsing the whole file again', () => {
  // The property tests above would pass if every edit fell back to a full parse; this keeps the fast path honest.
  const before = { ...incrementalStats };
  const folder = join(repoRoot, 'test', 'fixtures', 'workspace-split');
  const names = readdirSync(folder).filter((entry) => entry.endsWith('.stamp')).sort();
  runSequence(workspaceOf('workspace-split', folder, names), 3000, typingEdits, 40);
  const incremental = incrementalStats.incremental - before.incremental;
  const full = incrementalStats.fallback - before.fallback;
  assert.ok(incremental >= 0.9 * (incremental + full), `only ${incremental} of ${incremental + full} re-checks were incremental`);
  assert.ok(incrementalStats.reusedStatements - before.reusedStatements > 10 * (incrementalStats.reparsedStatements - before.reparsedStatements), 'edits re-parse far more statements than they touch');
});

/** A workspace with its texts' line breaks turned into CR (as classic Mac OS wrote them) or CRLF. */
function withLineBreaks(workspace: Workspace, lineBreak: '\r' | '\r\n'): Workspace {
  return { ...workspace, label: `${workspace.label} (${lineBreak === '\r' ? 'CR' : 'CRLF'})`, texts: new Map([...workspace.texts].map(([uri, text]) => [uri, text.replace(/\r\n|\r|\n/g, lineBreak)])) };
}

test('incremental analysis equals a scratch analysis after every random edit, with CR-only and CRLF line breaks', () => {
  const folder = join(repoRoot, 'test', 'fixtures', 'workspace-split');
  const names = readdirSync(folder).filter((entry) => entry.endsWith('.stamp')).sort();
  runSequence(withLineBreaks(workspaceOf('workspace-split', folder, names), '\r'), 4000);
  runSequence(withLineBreaks(workspaceOf('workspace-split', folder, names), '\r\n'), 4001);
});

test('typing in a healthy file with CR-only line breaks re-parses only the lines it touches', () => {
  // Lines ended by a lone CR once widened every edit to the whole file (line starts were looked for as LF only).
  const before = { ...incrementalStats };
  const folder = join(repoRoot, 'test', 'fixtures', 'workspace-split');
  const names = readdirSync(folder).filter((entry) => entry.endsWith('.stamp')).sort();
  runSequence(withLineBreaks(workspaceOf('workspace-split', folder, names), '\r'), 3000, typingEdits, 40);
  const reused = incrementalStats.reusedStatements - before.reusedStatements;
  const reparsed = incrementalStats.reparsedStatements - before.reparsedStatements;
  assert.ok(reused > 10 * reparsed, `CR-only: ${reused} statements kept, ${reparsed} parsed again`);
});

test('edits of the space between tokens re-use the analysis and carry the findings over, in one file and across files', () => {
  // The property tests above would pass if no analysis were ever re-used; this keeps the re-use honest. Not every
  // such edit keeps the meaning: a space typed inside a string or a comment changes its text, and a quarter of the
  // steps take two edits before the analysis, one of which may be such a change.
  const before = { ...reuseStats };
  const sameMeaningBefore = incrementalStats.sameMeaning;
  const folder = join(repoRoot, 'test', 'fixtures', 'workspace-split');
  const names = readdirSync(folder).filter((entry) => entry.endsWith('.stamp')).sort();
  runSequence(workspaceOf('workspace-split', folder, names), 5000, spaceEdits, 40);
  runSequence(workspaceOf('hoster-4-server.stamp', examplesFolder, ['hoster-4-server.stamp']), 5001, spaceEdits, 30);
  const analyses = reuseStats.analyses - before.analyses;
  const reused = reuseStats.reused - before.reused;
  const carried = reuseStats.carried - before.carried;
  assert.ok(incrementalStats.sameMeaning > sameMeaningBefore, 'no re-check kept the meaning of its region');
  assert.ok(reused >= 0.3 * analyses, `only ${reused} of ${analyses} analyses after space edits were re-used`);
  assert.ok(carried >= 0.8 * reused, `the findings were carried over in only ${carried} of ${reused} re-used analyses`);
});

test('a re-used analysis reads the new offsets of the statements its model facts point at (witness, storage)', () => {
  // The model keeps spans of whole statements (a cluster's witness, a VM's storage) that rules report on; after a
  // space added above them, the re-used model must give their new offsets, as a scratch model does.
  const path = join(examplesFolder, 'hoster-4-server.stamp');
  const uri = pathToFileURL(path).toString();
  const before = readFileSync(path, 'utf8');
  const at = before.indexOf('\n', before.indexOf('\ncluster ') + 1);
  const after = `${before.slice(0, at)}  ${before.slice(at)}`;
  const cache = new CheckedFileCache();
  const texts = new Map([[uri, before]]);
  const previous = analyzeProgram(loadProgram([uri], hostOf(texts), cache));
  texts.set(uri, after);
  const { analysis, offsets } = analyzeProgramReusing(loadProgram([uri], hostOf(texts), cache), previous);
  assert.ok(offsets, 'the space was not re-used');
  const scratch = analyzeProgram(loadProgram([uri], hostOf(texts)));
  const spans = (model: Analysis['model']) => JSON.stringify([
    ...model.clusters.map((cluster) => cluster.witness && [cluster.name, cluster.witness.span.start, cluster.witness.span.end]),
    ...model.vms.map((vm) => vm.storage && [vm.name, vm.storage.span.start, vm.storage.span.end]),
  ]);
  assert.equal(spans(analysis.model), spans(scratch.model));
  assert.ok(scratch.model.vms.some((vm) => vm.storage && vm.storage.span.start > at), 'no storage statement after the edit');
});

/** Analyses `before`, then `after` re-using that analysis; returns whether it was re-used and both diagnostic lists. */
function reuseAfterEdit(path: string, edit: (text: string) => string): { reused: boolean; published: string; scratch: string } {
  const uri = pathToFileURL(path).toString();
  const before = readFileSync(path, 'utf8');
  const cache = new CheckedFileCache();
  const texts = new Map([[uri, before]]);
  const previous = analyzeProgram(loadProgram([uri], hostOf(texts), cache));
  const previousRules = ruleDiagnostics(previous, emptyConfig, allRules);
  texts.set(uri, edit(before));
  const { analysis, offsets } = analyzeProgramReusing(loadProgram([uri], hostOf(texts), cache), previous);
  const scratch = analyzeProgram(loadProgram([uri], hostOf(texts)));
  const carried = offsets ? moveDiagnostics(previousRules, offsets) : undefined;
  const published = sortDiagnostics([...analysis.diagnostics, ...(carried ?? ruleDiagnostics(analysis, emptyConfig, allRules))]);
  return { reused: offsets !== undefined && carried !== undefined, published: JSON.stringify(published), scratch: JSON.stringify(sortDiagnostics([...scratch.diagnostics, ...ruleDiagnostics(scratch, emptyConfig, allRules)])) };
}

test('a space at the end of a line comment keeps the analysis; a space inside a suppression comment does not', () => {
  // The server's didChange bench types a space at the end of line 1, a comment in the generated stamps.
  const path = join(repoRoot, 'test', 'fixtures', 'rules', 'LB.stamp');
  const lineEndAfter = (marker: string) => (text: string) => {
    const at = text.indexOf('\n', text.indexOf(marker));
    return `${text.slice(0, at)}  ${text.slice(at)}`;
  };
  const first = reuseAfterEdit(path, lineEndAfter('// LB rules'));
  assert.ok(first.reused, 'a space after the first comment was not re-used');
  assert.equal(first.published, first.scratch);
  const suppression = reuseAfterEdit(path, lineEndAfter('// stamp-disable-next-line SPOF001'));
  assert.ok(suppression.reused, 'a space after a suppression comment was not re-used');
  assert.equal(suppression.published, suppression.scratch);
  // Inside the comment the words change ("stamp- disable…" is no suppression comment): the analysis must be made again.
  const inside = reuseAfterEdit(path, (text) => text.replaceAll('// stamp-disable-next-line SPOF001', '// stamp- disable-next-line SPOF001'));
  assert.equal(inside.reused, false, 'a space inside a suppression comment was re-used');
  assert.equal(inside.published, inside.scratch);
  assert.ok(inside.scratch.includes('SPOF001'), 'the broken suppression comment still silences SPOF001');
});

test('value edits keep the findings of the rules that read no changed value, equal to a scratch analysis (examples, rule fixtures)', () => {
  // The property test of the value-edit path: random value edits (with name and structure edits among them) over the
  // examples and every rule fixture; after each, the carried findings plus the re-run rules' equal a scratch analysis.
  const before = { ...reuseStats };
  const rulesFolder = join(repoRoot, 'test', 'fixtures', 'rules');
  const fixtures = readdirSync(rulesFolder).filter((entry) => entry.endsWith('.stamp')).sort();
  for (const [index, name] of fixtures.entries()) runSequence(workspaceOf(name, rulesFolder, [name]), 6000 + index, valueEdits, 8);
  for (const [index, name] of readdirSync(examplesFolder).filter((entry) => entry.endsWith('.stamp')).sort().entries()) {
    runSequence(workspaceOf(name, examplesFolder, [name]), 6500 + index, valueEdits, 12);
  }
  const folder = join(repoRoot, 'test', 'fixtures', 'workspace-split');
  runSequence(workspaceOf('workspace-split', folder, readdirSync(folder).filter((entry) => entry.endsWith('.stamp')).sort()), 6900, valueEdits, 40);
  const edits = reuseStats.valueEdits - before.valueEdits;
  const kept = reuseStats.rulesKept - before.rulesKept;
  const rerun = reuseStats.rulesRerun - before.rulesRerun;
  // Not vacuous: many steps took the value-edit path, and rules kept their findings there.
  assert.ok(edits >= 100, `only ${edits} value edits took the re-use path`);
  // Most families read VMs and hosts, which most random value edits change; still a good share of rules is kept.
  assert.ok(kept >= 0.2 * (kept + rerun), `value edits re-ran ${rerun} rules and kept only ${kept}`);
});

test('a value edit re-runs each rule family that reads the changed value, and its findings change as a scratch analysis says', () => {
  // For every rule fixture, every plain value is changed in turn (deterministically); each family must see, somewhere,
  // an edit whose scratch findings of that family differ from before, and there the carried path must have re-run it.
  const rulesFolder = join(repoRoot, 'test', 'fixtures', 'rules');
  const changedFamilies = new Set<string>();
  for (const name of readdirSync(rulesFolder).filter((entry) => entry.endsWith('.stamp')).sort()) {
    const path = join(rulesFolder, name);
    const uri = pathToFileURL(path).toString();
    const original = readFileSync(path, 'utf8');
    const texts = new Map([[uri, original]]);
    const first = analyzeProgram(loadProgram([uri], hostOf(texts)));
    const previousRules = ruleDiagnostics(first, emptyConfig, allRules);
    const count = plainValues(first.files[0]).length;
    const random = seededRandom(name.length);
    for (let which = 0; which < count; which++) {
      const edit = valueEdit(original, first.files[0], random, which);
      if (!edit) continue;
      // A fresh previous analysis each time: a re-check consumes the checked file it starts from.
      const cache = new CheckedFileCache();
      texts.set(uri, original);
      const previous = analyzeProgram(loadProgram([uri], hostOf(texts), cache));
      texts.set(uri, edit.text);
      const { analysis, valueEdit: edited } = analyzeProgramReusing(loadProgram([uri], hostOf(texts), cache), previous);
      if (!edited) continue;
      const carried = carryAcrossValueEdit(previousRules, edited, allRules);
      assert.ok(carried, `${name}: ${edit.what}: nothing carried`);
      const scratchRules = ruleDiagnostics(analysis, emptyConfig, allRules);
      const published = mergeInRuleOrder(carried.kept, ruleDiagnostics(analysis, emptyConfig, carried.rerun));
      assert.equal(JSON.stringify(sortDiagnostics([...published])), JSON.stringify(sortDiagnostics([...scratchRules])), `${name}: ${edit.what}`);
      const findings = (list: Diagnostic[], family: string) => JSON.stringify(list.filter((diagnostic) => diagnostic.code.replace(/[0-9]+$/, '') === family).map((diagnostic) => [diagnostic.code, diagnostic.message]));
      for (const rule of carried.rerun) {
        if (findings(scratchRules, rule.family) !== findings(previousRules, rule.family)) changedFamilies.add(rule.family);
      }
    }
  }
  // Every family whose findings a value can change was seen re-run with changed findings.
  // (DC's findings depend only on references and forms: which machines are controllers, where they run and are stored,
  // whom VMs ask for DNS. SPOF declares nothing, so it always runs again.)
  for (const family of ['AG', 'LSN', 'SQL', 'CL', 'HV', 'CAP', 'NLB', 'LB', 'SPF', 'WAP', 'HVR', 'TEAM', 'ASR', 'CERT']) {
    assert.ok(changedFamilies.has(family), `no value edit re-ran ${family} with changed findings`);
  }
});
