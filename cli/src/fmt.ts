// `stamp fmt`: formats .stamp files in place, or with --check lists the files that are not formatted.
import { formatStamp } from '../../grammar/src/format.js';
import { parseStamp } from '../../grammar/src/parser.js';
import { LineIndex } from '../../grammar/src/text.js';
import { exitCodes, UsageError } from './errors.js';
import { collectStampFiles, describeFileError, displayPath } from './files.js';
import { DiskSources } from './load.js';
import { parseCommandLine, readLimitsOption } from './options.js';
import type { CommandIo } from './output.js';
import { writeFileSafely, type WriteOperations } from './safe-write.js';

export const fmtUsage = `Usage: stamp fmt <files or folders...> [--check]

Formats .stamp files in place, the same way as the editor's Format Document.
Files with syntax errors are reported and left unchanged. A file that is not valid UTF-8 is never rewritten.
The byte-order mark and line endings (LF, CRLF) of each file are kept. Each file is written to a temporary file
beside it and renamed over it, so a failed write leaves the original as it was.

Options:
  --check                Write nothing; list the files that are not formatted.
  --max-file-size <MB>   Leave larger files alone (default: 5).
  -h, --help             Show this help.

Exit codes: 0 every file is (now) formatted, 1 a file has syntax errors or, with --check,
a file is not formatted, 2 usage error, or a file that cannot be read, decoded or written.`;

/** Runs `stamp fmt` and returns its exit code. */
export function runFmtCommand(args: readonly string[], io: CommandIo, writeOperations?: WriteOperations): number {
  const { values, positionals } = parseCommandLine('fmt', args, { check: { type: 'boolean' }, 'max-file-size': { type: 'string' } });
  if (values.help) {
    io.stdout(`${fmtUsage}\n`);
    return exitCodes.clean;
  }
  if (positionals.length === 0) throw new UsageError('Name at least one .stamp file or folder to format.', 'fmt');
  const checkOnly = values.check === true;
  const sources = new DiskSources(readLimitsOption('fmt', values['max-file-size']));
  let failed = false;
  let unusable = false;
  let changed = 0;
  const paths = collectStampFiles(io.cwd, positionals, (path, reason) => io.stderr(`stamp: skipped ${displayPath(io.cwd, path)}: ${reason}.\n`));
  for (const path of paths) {
    const shown = displayPath(io.cwd, path);
    // Each file on its own: one that cannot be read, decoded or written is reported, and the others are formatted.
    const read = sources.get(path);
    if (read.kind === 'missing') {
      io.stderr(`stamp: ${shown}: ${read.reason}.\n`);
      unusable = true;
      continue;
    }
    if (read.kind === 'refused') {
      const place = read.refusal.code === 'FILE002' ? `:${positionText(read.text, read.refusal.offset)}` : '';
      io.stderr(`stamp: ${shown}${place}: not formatted, left unchanged: ${read.refusal.code === 'FILE002' ? read.refusal.message : `${read.refusal.reason}.`}\n`);
      unusable = true;
      continue;
    }
    const text = read.text;
    const syntax = parseStamp(text);
    if (syntax.errors.length > 0) {
      const first = syntax.errors[0];
      const more = syntax.errors.length > 1 ? ` (and ${syntax.errors.length - 1} more syntax errors)` : '';
      io.stderr(`${shown}:${positionText(text, first.start)}: not formatted, syntax error: ${first.message}${more}\n`);
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
      writeFileSafely(path, Buffer.from(formatted), writeOperations);
    } catch (error) {
      io.stderr(`stamp: ${shown}: cannot write, the file is unchanged: ${describeFileError(error)}\n`);
      unusable = true;
      continue;
    }
    io.stdout(`formatted ${shown}\n`);
  }
  if (checkOnly && changed > 0) {
    io.stderr(`${changed === 1 ? '1 file is' : `${changed} files are`} not formatted; run \`stamp fmt\` to format ${changed === 1 ? 'it' : 'them'}.\n`);
  }
  return unusable ? exitCodes.failure : failed ? exitCodes.problems : exitCodes.clean;
}

function positionText(text: string, offset: number): string {
  const position = new LineIndex(text).positionAt(offset);
  return `${position.line + 1}:${position.character + 1}`;
}
