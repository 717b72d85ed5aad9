// `stamp fmt`: formats .stamp files in place, or with --check lists the files that are not formatted.
import { writeFileSync } from 'node:fs';
import { formatStamp } from '../../grammar/src/format.js';
import { parseStamp } from '../../grammar/src/parser.js';
import { LineIndex } from '../../grammar/src/text.js';
import { exitCodes, InputError, UsageError } from './errors.js';
import { collectStampFiles, describeFileError, displayPath } from './files.js';
import { readTextFile } from './load.js';
import { parseCommandLine } from './options.js';
import type { CommandIo } from './output.js';

export const fmtUsage = `Usage: stamp fmt <files or folders...> [--check]

Formats .stamp files in place, the same way as the editor's Format Document.
Files with syntax errors are reported and left unchanged.

Options:
  --check     Write nothing; list the files that are not formatted.
  -h, --help  Show this help.

Exit codes: 0 every file is (now) formatted, 1 a file has syntax errors or, with --check,
a file is not formatted, 2 usage error or unreadable file.`;

/** Runs `stamp fmt` and returns its exit code. */
export function runFmtCommand(args: readonly string[], io: CommandIo): number {
  const { values, positionals } = parseCommandLine('fmt', args, { check: { type: 'boolean' } });
  if (values.help) {
    io.stdout(`${fmtUsage}\n`);
    return exitCodes.clean;
  }
  if (positionals.length === 0) throw new UsageError('Name at least one .stamp file or folder to format.', 'fmt');
  const checkOnly = values.check === true;
  let failed = false;
  let changed = 0;
  const paths = collectStampFiles(io.cwd, positionals);
  for (const path of paths) {
    const shown = displayPath(io.cwd, path);
    const text = readTextFile(path, shown);
    const syntax = parseStamp(text);
    if (syntax.errors.length > 0) {
      const first = syntax.errors[0];
      const position = new LineIndex(text).positionAt(first.start);
      const more = syntax.errors.length > 1 ? ` (and ${syntax.errors.length - 1} more syntax errors)` : '';
      io.stderr(`${shown}:${position.line + 1}:${position.character + 1}: not formatted, syntax error: ${first.message}${more}\n`);
      failed = true;
      continue;
    }
    const formatted = formatStamp(text);
    if (formatted === text) continue;
    changed++;
    if (checkOnly) {
      io.stdout(`${shown}\n`);
      failed = true;
      continue;
    }
    try {
      writeFileSync(path, formatted);
    } catch (error) {
      throw new InputError(`${shown}: cannot write: ${describeFileError(error)}`);
    }
    io.stdout(`formatted ${shown}\n`);
  }
  if (checkOnly && changed > 0) {
    io.stderr(`${changed === 1 ? '1 file is' : `${changed} files are`} not formatted; run \`stamp fmt\` to format ${changed === 1 ? 'it' : 'them'}.\n`);
  }
  return failed ? exitCodes.problems : exitCodes.clean;
}
