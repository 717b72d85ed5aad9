// The entry point of the language core: text in, syntax tree, elements, typed model and core diagnostics out.
import { parseStamp } from './parser.js';
import { checkFile, type CheckedFile } from './check.js';
import { resolveFiles } from './resolve.js';
import { buildModel, type StampModel } from './model.js';
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
  diagnostics.push(...resolution);
  return { files: [...files], model, diagnostics };
}

/** Parses, checks, resolves and models a stamp given as source files. */
export function analyze(sources: readonly SourceFile[]): Analysis {
  return analyzeChecked(sources.map(checkSource));
}
