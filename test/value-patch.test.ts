// A value edit keeps the previous analysis's resolution: the edited statements' new values are written into the earlier
// elements (the symbol index and every resolved reference stay), and the model is patched (a host's or a VM's own
// values) or built again from the kept index; whatever path it takes, the diagnostics with every rule, the symbols,
// the model and the graph equal a scratch analysis of the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze, valueEditStats, type Analysis } from '../grammar/src/analyze.js';
import type { CheckedFile } from '../grammar/src/check.js';
import type { Element, Value } from '../grammar/src/elements.js';
import { analyzeProgram, analyzeProgramReusing, CheckedFileCache, loadProgram, type SourceHost } from '../grammar/src/program.js';
import { diagnose, ruleDiagnostics, sortDiagnostics } from '../server/src/analysis/diagnose.js';
import type { StampFileSystem } from '../server/src/analysis/file-system.js';
import { StampWorkspace } from '../server/src/analysis/workspace.js';
import { emptyConfig } from '../server/src/analysis/config.js';
import { allRules } from '../server/src/rules/registry.js';
import { buildGraph } from '../server/src/graph/graph.js';
import { workspaceSymbols } from '../server/src/features/workspace-symbols.js';
import { dumpModel } from './support/model-dump.js';
import { repoRoot } from './support/paths.js';
import { checkedFilePicture } from './support/checked-picture.js';
import { versionOrder } from '../grammar/src/schema.js';

function hostOf(texts: Map<string, string>): SourceHost {
  return { read: (uri) => texts.get(uri) };
}

/** Every plain value (no reference, no fixed word) of a file, with the top-level element that holds it. */
function plainValues(file: CheckedFile): Array<{ top: Element; holder: Element; value: Value }> {
  const found: Array<{ top: Element; holder: Element; value: Value }> = [];
  const visit = (top: Element, element: Element): void => {
    const add = (values: Value[]) => {
      for (const value of values) if (value.kinds === undefined && value.key === undefined && value.type !== 'word' && value.end > value.start) found.push({ top, holder: element, value });
    };
    for (const [name, values] of Object.entries(element.header)) if (name !== 'name') add(values);
    for (const properties of element.properties.values()) for (const property of properties) for (const values of Object.values(property.args)) add(values);
    for (const child of element.children) visit(top, child);
  };
  for (const element of file.elements) visit(element, element);
  return found;
}

/**
 * A version becomes another release of its family (of another length where there is one); any other value gets one
 * digit changed, or a digit written before its first one when `longer` (undefined: no digit).
 */
function changedText(written: string, value: Value, longer: boolean): string | undefined {
  if (value.type === 'version') {
    const releases = Object.values(versionOrder).find((each) => each.includes(written))?.filter((release) => release !== written) ?? [];
    return releases.find((release) => (release.length !== written.length) === longer) ?? releases[0];
  }
  const digit = written.search(/[0-9]/);
  if (digit < 0) return undefined;
  return longer ? `${written.slice(0, digit)}1${written.slice(digit)}` : written.slice(0, digit) + String((Number(written[digit]) + 3) % 10) + written.slice(digit + 1);
}

/** What a user sees of an analysis: every diagnostic (every rule run), the symbols, the model and the graph. */
function picture(analysis: Analysis, uri: string): Record<string, string> {
  const diagnostics = sortDiagnostics([...analysis.diagnostics, ...ruleDiagnostics(analysis, emptyConfig, allRules)]);
  return {
    ...checkedFilePicture(analysis.files[0]),
    diagnostics: JSON.stringify(diagnostics),
    symbols: JSON.stringify(workspaceSymbols(analysis.files, '')),
    model: dumpModel(analysis.model),
    graph: JSON.stringify(buildGraph(analysis, diagnostics, uri)),
  };
}

/** Edits each digit-bearing plain value of a file in turn; checks each edit's analysis against a scratch one. */
function editEachValue(path: string, seen: Map<string, { patched: number; rebuilt: number }>): number {
  const uri = pathToFileURL(path).toString();
  const original = readFileSync(path, 'utf8');
  const texts = new Map([[uri, original]]);
  const values = plainValues(analyzeProgram(loadProgram([uri], hostOf(texts))).files[0]);
  let edits = 0;
  for (const [which, { top, holder, value }] of values.entries()) {
    const written = original.slice(value.start, value.end);
    // Every other value is made longer: the places after it in its statement, and every later statement, move.
    const replacement = changedText(written, value, which % 2 === 1);
    if (replacement === undefined) continue;
    const edited = original.slice(0, value.start) + replacement + original.slice(value.end);
    const cache = new CheckedFileCache();
    texts.set(uri, original);
    const previous = analyzeProgram(loadProgram([uri], hostOf(texts), cache));
    texts.set(uri, edited);
    const before = { ...valueEditStats };
    const { analysis, valueEdit } = analyzeProgramReusing(loadProgram([uri], hostOf(texts), cache), previous);
    const what = `${path.slice(repoRoot.length + 1)}: ${holder.kind.id} ${written} → ${replacement} at ${value.start}`;
    // An edit that makes a value invalid (a digit out of its range) is a schema error there, not a value edit.
    if (!valueEdit) continue;
    edits++;
    assert.equal(valueEditStats.resolutionKept, before.resolutionKept + 1, `${what}: the resolution was not kept`);
    assert.equal(analysis.model.index, previous.model.index, `${what}: the symbol index was built again`);
    // The file's elements are the stamp's (features start from either: the outline from the file, hovers from the index).
    const indexed = new Set(analysis.model.index.all);
    assert.ok(analysis.files[0].elements.every((element) => indexed.has(element)), `${what}: the file holds elements the index does not`);
    const patched = valueEditStats.modelPatched - before.modelPatched;
    const area = seen.get(top.kind.id) ?? { patched: 0, rebuilt: 0 };
    if (patched === 1) area.patched++;
    else area.rebuilt++;
    seen.set(top.kind.id, area);
    const scratch = analyzeProgram(loadProgram([uri], hostOf(texts)));
    const expected = picture(scratch, uri);
    const actual = picture(analysis, uri);
    for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], `${what}: ${key} differs from a scratch analysis`);
  }
  return edits;
}

test('a value edit in each model area keeps the resolution and gives what a scratch analysis gives (diagnostics, symbols, model, graph)', () => {
  const seen = new Map<string, { patched: number; rebuilt: number }>();
  let edits = 0;
  const rulesFolder = join(repoRoot, 'test', 'fixtures', 'rules');
  for (const name of readdirSync(rulesFolder).filter((entry) => entry.endsWith('.stamp')).sort()) edits += editEachValue(join(rulesFolder, name), seen);
  const examples = join(repoRoot, 'examples');
  for (const name of readdirSync(examples).filter((entry) => entry.endsWith('.stamp')).sort()) edits += editEachValue(join(examples, name), seen);
  assert.ok(edits >= 200, `only ${edits} value edits`);
  // Every area of the model saw a value edit: the machines' own values patch the model, every other area builds it again.
  for (const kind of ['host', 'vm']) assert.ok((seen.get(kind)?.patched ?? 0) > 0, `no value edit of a ${kind} patched the model`);
  for (const kind of ['stamp', 'cluster', 'sql', 'availability_group', 'spf', 'wap', 'nlb', 'load_balancer', 'dns_record', 'certificate', 'replication', 'recovery_plan']) {
    assert.ok((seen.get(kind)?.rebuilt ?? 0) > 0, `no value edit of a ${kind} built the model again: ${JSON.stringify([...seen])}`);
  }
});

/** No files on disk: every stamp here is made of open documents. */
const noFiles: StampFileSystem = { readText: () => undefined, readBytes: () => undefined, stat: () => undefined, readFolder: () => [], locate: () => undefined };

test('two open documents of one stamp: after a value edit in one, the other publishes what a scratch diagnosis of the new text finds', () => {
  const capFixture = readFileSync(join(repoRoot, 'test', 'fixtures', 'rules', 'CAP.stamp'), 'utf8');
  const first = 'file:///value-patch/cap.stamp';
  const second = 'file:///value-patch/more.stamp';
  const secondText = 'import "cap.stamp"\nsan SAN9 { }\n';
  const workspace = new StampWorkspace(() => emptyConfig, noFiles);
  workspace.open(first, capFixture, 1);
  workspace.open(second, secondText, 1);
  workspace.diagnosisOf(first);
  workspace.diagnosisOf(second);
  // T1 at 48 GB makes TIGHT fail N+1 (CAP001); at 8 GB the cluster holds.
  const after = capFixture.replace('vm T1 on TIGHT { memory 48GB', 'vm T1 on TIGHT { memory 8GB');
  assert.notEqual(after, capFixture);
  const kept = valueEditStats.resolutionKept;
  workspace.change(first, after, 2);
  const edited = workspace.diagnosisOf(first)!;
  assert.equal(valueEditStats.resolutionKept, kept + 1, 'the edited document did not keep the resolution');
  const other = workspace.diagnosisOf(second)!;
  const scratch = diagnose(analyze([{ uri: first, text: after }, { uri: second, text: secondText }]));
  assert.ok(!JSON.stringify(scratch).includes('TIGHT cannot absorb the loss of A1'), 'the edit did not change CAP001\'s finding');
  assert.equal(JSON.stringify(edited.all), JSON.stringify(scratch));
  assert.equal(JSON.stringify(other.all), JSON.stringify(scratch));
});

test('a value edit next to an unknown statement that changes its keyword, arguments or block gives what a scratch analysis gives', () => {
  const uri = 'file:///value-patch/unknown.stamp';
  const base = 'host H1 { memory 64GB }\nvm V1 on H1 { memory 4GB; foo 1 { bar } }\nvm V2 on H1 { memory 8GB }\n';
  for (const unknown of ['baz 1 { bar }', 'foo 1 2 { bar }', 'foo 1', 'foo 1 { bar; qux }', 'foo 2 { quux }']) {
    const edited = base.replace('memory 4GB; foo 1 { bar }', `memory 16GB; ${unknown}`);
    const texts = new Map([[uri, base]]);
    const cache = new CheckedFileCache();
    const previous = analyzeProgram(loadProgram([uri], hostOf(texts), cache));
    texts.set(uri, edited);
    const { analysis, valueEdit } = analyzeProgramReusing(loadProgram([uri], hostOf(texts), cache), previous);
    assert.ok(valueEdit, `${unknown}: not a value edit`);
    const expected = picture(analyzeProgram(loadProgram([uri], hostOf(texts))), uri);
    const actual = picture(analysis, uri);
    for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], `${unknown}: ${key} differs from a scratch analysis`);
  }
});

test('a value edit while a file that an unchanged import names appears: the new file joins the stamp, as from scratch', () => {
  const main = 'file:///value-patch/main.stamp';
  const later = 'file:///value-patch/later.stamp';
  const mainText = 'import "later.stamp"\nhost H1 { memory 64GB }\nvm V1 on H2 { memory 4GB }\n';
  const texts = new Map([[main, mainText]]);
  const cache = new CheckedFileCache();
  const previous = analyzeProgram(loadProgram([main], hostOf(texts), cache));
  assert.ok(previous.diagnostics.some((diagnostic) => diagnostic.code === 'IMP001'), 'later.stamp was found before it existed');
  // later.stamp is written (declaring the host V1 runs on) while V1's memory is typed.
  texts.set(later, 'host H2 { memory 32GB }\n');
  texts.set(main, mainText.replace('memory 4GB', 'memory 40GB'));
  const { analysis } = analyzeProgramReusing(loadProgram([main], hostOf(texts), cache), previous);
  const expected = picture(analyzeProgram(loadProgram([main], hostOf(texts))), main);
  const actual = picture(analysis, main);
  for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], `${key} differs from a scratch analysis`);
  assert.ok(!expected.diagnostics.includes('SCH006'), 'V1 still names an unknown host');
});

/** Analyses `before`, then `after` re-using it; returns both pictures, whether it was a value edit and the stats' steps. */
function editOnce(before: string, after: string, uri = 'file:///value-patch/edit.stamp') {
  const texts = new Map([[uri, before]]);
  const cache = new CheckedFileCache();
  const previous = analyzeProgram(loadProgram([uri], hostOf(texts), cache));
  texts.set(uri, after);
  const stats = { ...valueEditStats };
  const { analysis, valueEdit } = analyzeProgramReusing(loadProgram([uri], hostOf(texts), cache), previous);
  const steps = { kept: valueEditStats.resolutionKept - stats.resolutionKept, patched: valueEditStats.modelPatched - stats.modelPatched };
  return { valueEdit: valueEdit !== undefined, steps, actual: picture(analysis, uri), expected: picture(analyzeProgram(loadProgram([uri], hostOf(texts))), uri) };
}

test('a value edit on the line of a resolution error keeps the resolution and moves the error with the name, keyword or value it marks', () => {
  const hosts = 'host A { memory 64GB }\n';
  const cases = [
    { why: 'an unknown host before the edited value', code: 'SCH006', before: `${hosts}vm V on NOPE { memory 4GB }\n`, after: `${hosts}vm V on NOPE { memory 14GB }\n` },
    { why: 'an unknown DNS server after it', code: 'SCH006', before: `${hosts}vm V on A { memory 4GB; dns NOPE }\n`, after: `${hosts}vm V on A { memory 14GB; dns NOPE }\n` },
    { why: 'a host declared twice, the second edited', code: 'SCH005', before: `${hosts}host A { memory 4GB }\n`, after: `${hosts}host A { memory 14GB }\n` },
    { why: 'a host declared twice, the first edited (the related place moves)', code: 'SCH005', before: `host A { memory 4GB }\n${hosts}`, after: `host A { memory 14GB }\n${hosts}` },
    {
      why: 'dynamic memory written twice (keywords)', code: 'SCH005',
      before: `${hosts}vm V on A { memory 4GB; dynamic_memory { maximum 8GB }; dynamic_memory { maximum 8GB } }\n`,
      after: `${hosts}vm V on A { memory 14GB; dynamic_memory { maximum 8GB }; dynamic_memory { maximum 8GB } }\n`,
    },
    { why: 'a VM with a host\'s name', code: 'SCH010', before: `${hosts}vm A on A { memory 4GB }\n`, after: `${hosts}vm A on A { memory 14GB }\n` },
  ];
  for (const { why, code, before, after } of cases) {
    const { valueEdit, steps, actual, expected } = editOnce(before, after);
    assert.ok(expected.diagnostics.includes(`"code":"${code}"`), `${why}: no ${code} from scratch`);
    assert.ok(valueEdit, `${why}: not a value edit`);
    assert.equal(steps.kept, 1, `${why}: the resolution was not kept`);
    for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], `${why}: ${key} differs from a scratch analysis`);
  }
});

test('a value edit that also types a space between two values written together: the unknown name\'s error ends where the name ends', () => {
  // NOPE and "X" touch (SCH003 asks for a comma); with the space the name ends before the space and the string starts after it.
  const before = 'host A { memory 64GB }\nvm V on A { memory 4GB; dns NOPE"X" }\n';
  const after = 'host A { memory 64GB }\nvm V on A { memory 14GB; dns NOPE "X" }\n';
  const { valueEdit, actual, expected } = editOnce(before, after);
  assert.ok(valueEdit, 'not a value edit');
  const nope = after.indexOf('NOPE');
  assert.ok(expected.diagnostics.includes(`"start":${nope},"end":${nope + 4},"severity":"error","code":"SCH006"`), expected.diagnostics);
  for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], `${key} differs from a scratch analysis`);
});

test('a value edit beside statements that make no element or change nothing: the same file and model as from scratch, the model patched', () => {
  const cases = [
    // A top-level statement of an unknown keyword is a unit without an element.
    { why: 'an unknown statement on the next line', before: 'host A { memory 4GB }\nbogus thing 1\n', after: 'host A { memory 14GB }\nbogus thing 1\n' },
    // The cluster on the edited line is checked again but none of its values changed: the host's model is patched.
    { why: 'an unchanged cluster on the edited line', before: 'host A { memory 4GB }; cluster C { nodes A }\n', after: 'host A { memory 14GB }; cluster C { nodes A }\n' },
    // A host without a name: its one value is the one that changed.
    { why: 'a host without a name', before: 'host { memory 4GB }\n', after: 'host { memory 14GB }\n' },
    // A VM's own value, and a value of a host's adapter (the host's model is written again with its adapters).
    { why: 'a VM\'s memory', before: 'host A { memory 64GB }\nvm V on A { memory 4GB }\n', after: 'host A { memory 64GB }\nvm V on A { memory 14GB }\n' },
    { why: 'a host adapter\'s address', before: 'host A { nic N { ip 10.0.0.1 } }\n', after: 'host A { nic N { ip 10.0.0.12 } }\n' },
    // An argument of an unknown statement: no element's value changed.
    { why: 'an unknown statement\'s argument', before: 'host A { memory 4GB }\nbogus thing 1\n', after: 'host A { memory 4GB }\nbogus thing 12\n' },
  ];
  for (const { why, before, after } of cases) {
    const { valueEdit, steps, actual, expected } = editOnce(before, after);
    assert.ok(valueEdit, `${why}: not a value edit`);
    assert.equal(steps.kept, 1, `${why}: the resolution was not kept`);
    assert.equal(steps.patched, 1, `${why}: the model was built again`);
    for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], `${why}: ${key} differs from a scratch analysis`);
  }
});

test('a value edit in one file while another file of the stamp is unchanged and a third changed only its spaces, twice: every error where a scratch analysis puts it, the resolution kept', () => {
  const main = 'file:///value-patch/stamp/main.stamp';
  const same = 'file:///value-patch/stamp/same.stamp';
  const spaced = 'file:///value-patch/stamp/spaced.stamp';
  const texts = new Map([
    [main, 'import "same.stamp"\nimport "spaced.stamp"\nhost A { memory 64GB }\nvm V on A { memory 4GB; dns NOPE1 }\n'],
    [same, 'vm X on A { dns NOPE2 }\n'],
    [spaced, 'vm W on A { dns NOPE3 }\n'],
  ]);
  const cache = new CheckedFileCache();
  const previous = analyzeProgram(loadProgram([main], hostOf(texts), cache));
  // spaced.stamp is checked once with one space more, then once more with two (no analysis in between), while V's
  // memory is typed: the file remembers both earlier versions, and its error moves by two.
  texts.set(spaced, 'vm  W on A { dns NOPE3 }\n');
  loadProgram([main], hostOf(texts), cache);
  texts.set(spaced, 'vm  W  on A { dns NOPE3 }\n');
  texts.set(main, texts.get(main)!.replace('memory 4GB', 'memory 14GB'));
  const kept = valueEditStats.resolutionKept;
  const { analysis, valueEdit } = analyzeProgramReusing(loadProgram([main], hostOf(texts), cache), previous);
  assert.ok(valueEdit, 'not a value edit');
  assert.equal(valueEditStats.resolutionKept, kept + 1, 'the resolution was not kept');
  const expected = picture(analyzeProgram(loadProgram([main], hostOf(texts))), main);
  const actual = picture(analysis, main);
  assert.ok(expected.diagnostics.includes(`"uri":"${spaced}","start":${texts.get(spaced)!.indexOf('NOPE3')}`), expected.diagnostics);
  for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], `${key} differs from a scratch analysis`);
});

test('one edit that changes values of several elements on a line: the model of each is what a scratch analysis builds', () => {
  const cases = [
    { why: 'two hosts', before: 'host A { memory 4GB }; host B { memory 4GB }\n', after: 'host A { memory 14GB }; host B { memory 14GB }\n', patched: true },
    { why: 'a host, then a cluster\'s vote', before: 'host A { memory 4GB }; cluster C { nodes A; vote A 1 }\n', after: 'host A { memory 14GB }; cluster C { nodes A; vote A 0 }\n', patched: false },
    { why: 'a cluster\'s vote, then a host', before: 'cluster C { nodes A; vote A 1 }; host A { memory 4GB }\n', after: 'cluster C { nodes A; vote A 0 }; host A { memory 14GB }\n', patched: false },
  ];
  for (const { why, before, after, patched } of cases) {
    const { valueEdit, steps, actual, expected } = editOnce(before, after);
    assert.ok(valueEdit, `${why}: not a value edit`);
    assert.equal(steps.kept, 1, `${why}: the resolution was not kept`);
    assert.equal(actual.model, expected.model, `${why}: the model differs from a scratch analysis`);
    for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], `${why}: ${key} differs from a scratch analysis`);
    // A cluster's values are read across the model: it is built again (the hosts' own values are written in place).
    assert.equal(steps.patched, patched ? 1 : 0, `${why}: the model was ${patched ? 'built again' : 'patched'}`);
  }
});

test('two value edits in a row: analysed each, the second keeps the resolution too; analysed only after the second, the same as from scratch', () => {
  const uri = 'file:///value-patch/twice.stamp';
  const first = 'host A { memory 4GB }\nhost B { memory 4GB }\nvm V on A { dns NOPE }\n';
  const second = first.replace('host A { memory 4GB }', 'host A { memory 14GB }');
  const third = second.replace('host B { memory 4GB }', 'host B { memory 14GB }');
  const nope = third.indexOf('NOPE');
  for (const analyseBetween of [true, false]) {
    const texts = new Map([[uri, first]]);
    const cache = new CheckedFileCache();
    let previous = analyzeProgram(loadProgram([uri], hostOf(texts), cache));
    texts.set(uri, second);
    const program = loadProgram([uri], hostOf(texts), cache);
    if (analyseBetween) previous = analyzeProgramReusing(program, previous).analysis;
    texts.set(uri, third);
    const kept = valueEditStats.resolutionKept;
    const { analysis } = analyzeProgramReusing(loadProgram([uri], hostOf(texts), cache), previous);
    const why = analyseBetween ? 'analysed after each edit' : 'analysed after the second edit only';
    const expected = picture(analyzeProgram(loadProgram([uri], hostOf(texts))), uri);
    assert.ok(expected.diagnostics.includes(`"start":${nope},"end":${nope + 4},"severity":"error","code":"SCH006"`), expected.diagnostics);
    const actual = picture(analysis, uri);
    for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], `${why}: ${key} differs from a scratch analysis`);
    // Analysed after the first edit too, the second is a value edit of that analysis; else the file's value edit is of
    // a version never analysed, and the stamp is analysed again.
    assert.equal(valueEditStats.resolutionKept, kept + (analyseBetween ? 1 : 0), `${why}: the resolution`);
  }
});
