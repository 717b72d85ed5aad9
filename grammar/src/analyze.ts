// The entry point of the language core: text in, syntax tree, elements, typed model and core diagnostics out.
import { parseStamp } from './parser.js';
import { checkFile, type CheckedFile, type OffsetMap } from './check.js';
import { resolveFiles } from './resolve.js';
import { buildModel, refreshMachineValues, type StampModel } from './model.js';
import { adoptValueEdit } from './value-patch.js';
import type { Element } from './elements.js';
import type { Diagnostic } from './diagnostic.js';
import { LineIndex } from './text.js';

/** One source file of a stamp. */
export interface SourceFile {
  uri: string;
  text: string;
}

/** Everything the language core knows about a stamp made of one or more files. */
export interface Analysis {
  files: CheckedFile[];
  model: StampModel;
  /** Syntax, schema and resolution diagnostics of every file. */
  diagnostics: Diagnostic[];
}

/** Parses and checks one file on its own; the result can be reused when other files change. */
export function checkSource(source: SourceFile): CheckedFile {
  const lines = new LineIndex(source.text);
  return checkFile(source.uri, parseStamp(source.text), lines);
}

/** Builds the model of a stamp from its checked files (the first is the one being edited). */
export function analyzeChecked(files: readonly CheckedFile[]): Analysis {
  const { index, diagnostics: resolution } = resolveFiles(files);
  const texts = new Map(files.map((file) => [file.uri, file.syntax.text]));
  const model = buildModel(index, texts);
  const analysis: Analysis = { files: [...files], model, diagnostics: [...fileDiagnostics(files), ...resolution] };
  resolutionOf.set(analysis, resolution);
  return analysis;
}

/** The syntax and schema diagnostics of files (a line with a syntax error reports only that error). */
function fileDiagnostics(files: readonly CheckedFile[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    // A line with a syntax error reports only that error: the schema's view of a broken line is noise.
    const brokenLines = new Set<number>();
    const lines = file.lines ?? new LineIndex(file.syntax.text);
    for (const error of file.syntax.errors) {
      diagnostics.push({ uri: file.uri, start: error.start, end: error.end, severity: 'error', code: error.code, message: error.message });
      brokenLines.add(lines.positionAt(error.start).line);
    }
    for (const diagnostic of file.diagnostics) {
      if (!brokenLines.has(lines.positionAt(diagnostic.start).line)) diagnostics.push(diagnostic);
    }
  }
  return diagnostics;
}

/** The resolution diagnostics of each analysis, kept for the next analysis that may re-use it. */
const resolutionOf = new WeakMap<Analysis, Diagnostic[]>();

/** Where each offset of the files of an earlier analysis is now: by URI (a file not listed did not move). */
export type StampOffsets = ReadonlyMap<string, OffsetMap>;

/**
 * The analysis of `files`, re-using `previous` when every file is either the same checked file or a later version of
 * it with the same meaning (only the space between tokens changed: see `CheckedFile.sameMeaningAs`), in the same
 * order: resolution and model are then those of `previous`, and its diagnostics are moved to the new offsets.
 * Returns the offsets' map when it re-used, so that the caller can move what it computed from `previous` too.
 * Otherwise analyzes from the checked files.
 */
export function analyzeReusing(files: readonly CheckedFile[], previous: Analysis | undefined): { analysis: Analysis; offsets?: StampOffsets; valueEdit?: StampValueEdit } {
  // Every analysis is made here or by analyzeChecked, and records its resolution diagnostics (resolutionOf).
  const resolution = previous && resolutionOf.get(previous);
  if (resolution) {
    const reused = reuse(files, previous!, resolution);
    if (reused) return reused;
    const since = valueEditSince(files, previous!);
    if (since) return keepResolution(files, previous!, resolution, since) ?? { analysis: analyzeChecked(files), valueEdit: since.edit };
  }
  return { analysis: analyzeChecked(files) };
}

/**
 * How the files of a stamp differ from an earlier analysis of it when only values changed: where each offset of the
 * earlier files is now (undefined where it has no place), and the facts the edits touched (value-edit.ts).
 */
export interface StampValueEdit {
  offsets: StampOffsets;
  touched: ReadonlySet<string>;
}

/** How value edits were analysed, for tests: the resolution kept, and of those the model patched (else built again). */
export const valueEditStats = { resolutionKept: 0, modelPatched: 0 };

/** A value edit since an earlier analysis, with the files it edited (their indexes in the file list). */
interface ValueEditSince {
  edit: StampValueEdit;
  edited: number[];
}

/**
 * The value edit from `previous` to `files`: every file is the same checked file, a later version of the same meaning,
 * or a value edit of the earlier version (`CheckedFile.valueEditOf`), in the same order, and at least one is a value edit.
 */
function valueEditSince(files: readonly CheckedFile[], previous: Analysis): ValueEditSince | undefined {
  if (previous.files.length !== files.length) return undefined;
  const offsets = new Map<string, OffsetMap>();
  const touched = new Set<string>();
  const edited: number[] = [];
  for (const [index, file] of files.entries()) {
    const before = previous.files[index];
    if (file === before) continue;
    // (A file's value edit and its versions of the same meaning are versions of its own URI.)
    const edit = file.valueEditOf;
    if (edit && edit.previous.deref() === before) {
      const { start, end, delta } = edit;
      // (An offset at `start` itself, a line start the edit does not move, gets no place: a finding there is re-made.)
      offsets.set(file.uri, (offset) => {
        // Stryker disable next-line EqualityOperator: `start` is a line start the edit does not move, so its place is itself; with none, the rule of a finding there runs again and finds it there
        if (offset < start) return offset;
        // Stryker disable next-line EqualityOperator: `end` moves by `delta` (the text from it on is the same); with no place there, the rule of a finding there runs again and finds it there
        if (offset >= end) return offset + delta;
        return undefined;
      });
      for (const fact of edit.touched) touched.add(fact);
      edited.push(index);
      continue;
    }
    const link = file.sameMeaningAs?.find((each) => each.file.deref() === before);
    if (!link) return undefined;
    offsets.set(file.uri, link.offset);
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: with no file value-edited, every file is the same or has the same meaning, which `reuse` answered first (it fails only on a diagnostic without a place, which no input makes: see its mark); the `false` form, never a value edit, is killed
  return edited.length > 0 ? { edit: { offsets, touched }, edited } : undefined;
}

/**
 * The analysis after a value edit, keeping `previous`'s resolution: the edited files adopt the earlier statements and
 * elements with the new values written into them (value-patch.ts), so the symbol index and every resolved reference
 * stay valid (names, references and structure are the same); the resolution diagnostics are moved; the model is
 * patched where the changed values are only a host's or a VM's own facts, and built again from the kept index
 * otherwise. Undefined when something cannot be kept (then the caller analyzes from the checked files).
 */
function keepResolution(files: readonly CheckedFile[], previous: Analysis, resolution: readonly Diagnostic[], since: ValueEditSince): { analysis: Analysis; valueEdit: StampValueEdit } | undefined {
  // The resolution diagnostics are moved with the places of the tokens they point at (none has a fix whose text reads
  // the file around it); the caller's rule findings keep the value edit's offsets, which have no place inside the
  // re-checked stretch: a finding there may read more of the text than its tokens (a fix writes the file's line breaks).
  const offsets = new Map(since.edit.offsets);
  const changed: Element[] = [];
  for (const index of since.edited) {
    const file = files[index];
    const adopted = adoptValueEdit(previous.files[index], file);
    if (!adopted) return undefined;
    const { start, end, delta } = file.valueEditOf!;
    const { places } = adopted;
    // Inside the re-checked stretch, the places of its keywords and values moved with them (value-patch.ts).
    offsets.set(file.uri, (offset) => {
      // Stryker disable next-line EqualityOperator: the re-checked stretch starts at a line start, which the edit does not move (its place, if any, is itself)
      if (offset < start) return offset;
      // Stryker disable next-line EqualityOperator: `end` moves by `delta`; with no place there, a resolution diagnostic there is made again by a fresh analysis (cost only)
      if (offset >= end) return offset + delta;
      const to = places.get(offset);
      // (NaN: two places that met at this offset moved apart.)
      return Number.isNaN(to) ? undefined : to;
    });
    changed.push(...adopted.changed);
  }
  const moved = moveDiagnostics(resolution, offsets);
  if (!moved) return undefined;
  const texts = new Map(files.map((file) => [file.uri, file.syntax.text]));
  const index = previous.model.index;
  const machines = new Set<Element>();
  for (const element of changed) {
    const machine = element.kind.id === 'host' || element.kind.id === 'vm' ? element : element.parent;
    if (machine && (machine.kind.id === 'host' || machine.kind.id === 'vm')) machines.add(machine);
    else machines.clear();
    if (machines.size === 0) break;
  }
  let model: StampModel;
  if (machines.size > 0 || changed.length === 0) {
    refreshMachineValues(previous.model, machines);
    model = { ...previous.model, texts };
    valueEditStats.modelPatched++;
  } else {
    model = buildModel(index, texts);
  }
  valueEditStats.resolutionKept++;
  const analysis: Analysis = { files: [...files], model, diagnostics: [...fileDiagnostics(files), ...moved] };
  resolutionOf.set(analysis, moved);
  return { analysis, valueEdit: since.edit };
}

function reuse(files: readonly CheckedFile[], previous: Analysis, resolution: readonly Diagnostic[]): { analysis: Analysis; offsets: StampOffsets } | undefined {
  if (previous.files.length !== files.length) return undefined;
  const offsets = new Map<string, OffsetMap>();
  for (const [index, file] of files.entries()) {
    const before = previous.files[index];
    if (file === before) continue;
    const link = file.uri === before.uri ? file.sameMeaningAs?.find((each) => each.file.deref() === before) : undefined;
    if (!link) return undefined;
    offsets.set(file.uri, link.offset);
  }
  const moved = moveDiagnostics(resolution, offsets);
  // Stryker disable next-line ConditionalExpression: no input reaches it today (a resolution diagnostic holds only the places of tokens and names, which the re-check placed before it kept the file's meaning); kept so that a later diagnostic holding a place between tokens makes a fresh analysis rather than a failure
  if (!moved) return undefined;
  const texts = new Map(files.map((file) => [file.uri, file.syntax.text]));
  // A new model object (the same typed objects, the new texts): what is remembered per model is computed again.
  const model: StampModel = { ...previous.model, texts };
  const analysis: Analysis = { files: [...files], model, diagnostics: [...fileDiagnostics(files), ...moved] };
  resolutionOf.set(analysis, moved);
  return { analysis, offsets };
}

/** Copies of diagnostics at their new offsets, or undefined when one of their offsets has no place in the new text. */
export function moveDiagnostics(diagnostics: readonly Diagnostic[], offsets: StampOffsets): Diagnostic[] | undefined {
  const result: Diagnostic[] = [];
  let lost = false;
  const at = (uri: string, offset: number): number => {
    const map = offsets.get(uri);
    if (!map) return offset;
    const moved = map(offset);
    if (moved === undefined) lost = true;
    return moved ?? offset;
  };
  for (const diagnostic of diagnostics) {
    if (!offsets.has(diagnostic.uri) && !diagnostic.related?.some((place) => offsets.has(place.uri)) && !diagnostic.fixes?.some((fix) => fix.edits.some((edit) => offsets.has(edit.uri)))) {
      result.push(diagnostic);
      continue;
    }
    const copy: Diagnostic = { ...diagnostic, start: at(diagnostic.uri, diagnostic.start), end: at(diagnostic.uri, diagnostic.end) };
    if (diagnostic.related) copy.related = diagnostic.related.map((place) => ({ ...place, start: at(place.uri, place.start), end: at(place.uri, place.end) }));
    if (diagnostic.fixes) copy.fixes = diagnostic.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, start: at(edit.uri, edit.start), end: at(edit.uri, edit.end) })) }));
    result.push(copy);
  }
  return lost ? undefined : result;
}

/** Parses, checks, resolves and models a stamp given as source files. */
export function analyze(sources: readonly SourceFile[]): Analysis {
  return analyzeChecked(sources.map(checkSource));
}
