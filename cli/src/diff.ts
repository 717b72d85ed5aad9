// `stamp diff`: compares a design with an inventory and reports the drift like `stamp check` reports problems.
import { resolve } from 'node:path';
import { diffDesign } from '../../import/src/drift.js';
import { LineIndex } from '../../grammar/src/text.js';
import type { CheckReport, FileReport } from './check.js';
import { exitCodes, UsageError } from './errors.js';
import { displayPath } from './files.js';
import { readInventoryFile } from './inventory-file.js';
import { loadStampOfFile, pathOfUri } from './load.js';
import { choiceOption, parseCommandLine } from './options.js';
import type { CommandIo } from './output.js';
import { formatHumanReport } from './report-human.js';
import { formatJsonReport } from './report-json.js';
import { formatSarifReport } from './report-sarif.js';
import { readFileSync } from 'node:fs';

export const diffUsage = `Usage: stamp diff <design.stamp> <inventory.json> [--format human|json|sarif]

Compares a design (with the files it imports) with the inventory of the running estate written by
collect/Get-StampInventory.ps1, and reports on the design's statements:
  DRIFT001  the design has an element the estate lacks,
  DRIFT002  the estate has an element the design lacks,
  DRIFT003  a property differs (memory, placement, port rules, replica modes, logins …).
Only sources the collector reached are compared, and a property only where both sides state it.

Options:
  --format <human|json|sarif>  Output format (default: human); the same reports as \`stamp check\`.
  -h, --help                   Show this help.

Exit codes: 0 no drift, 1 drift found, 2 usage error, unreadable or invalid input.`;

/** Runs `stamp diff` and returns its exit code. */
export function runDiffCommand(args: readonly string[], io: CommandIo): number {
  const { values, positionals } = parseCommandLine('diff', args, { format: { type: 'string' } });
  if (values.help) {
    io.stdout(`${diffUsage}\n`);
    return exitCodes.clean;
  }
  if (positionals.length !== 2) throw new UsageError('Name a design (.stamp) and an inventory (.json).', 'diff');
  const format = choiceOption('diff', 'format', values.format as string | undefined, ['human', 'json', 'sarif'] as const, 'human');
  const designPath = resolve(io.cwd, positionals[0]);
  const stamp = loadStampOfFile(designPath, positionals[0], undefined, io.cwd);
  const estate = readInventoryFile(resolve(io.cwd, positionals[1]), positionals[1]);
  const drift = diffDesign(stamp.analysis, estate);

  const files: FileReport[] = [];
  const uris = [stamp.uri, ...new Set(drift.map((diagnostic) => diagnostic.uri).filter((uri) => uri !== stamp.uri))];
  for (const uri of uris) {
    const path = pathOfUri(uri);
    const text = uri === stamp.uri ? stamp.text : readFileSync(path, 'utf8');
    files.push({ path, shownPath: displayPath(io.cwd, path), text, lines: new LineIndex(text), diagnostics: drift.filter((diagnostic) => diagnostic.uri === uri) });
  }
  const report: CheckReport = { files, summary: { errors: 0, warnings: drift.length, infos: 0, files: files.length }, cwd: io.cwd, skipped: [] };
  if (format === 'json') io.stdout(formatJsonReport(report));
  else if (format === 'sarif') io.stdout(formatSarifReport(report));
  else io.stdout(drift.length === 0 ? `No drift: the estate matches ${displayPath(io.cwd, designPath)} wherever the inventory can tell.\n` : formatHumanReport(report, io.color));
  return drift.length > 0 ? exitCodes.problems : exitCodes.clean;
}
