// `stamp check`: analyses every stamp with the editor's rules and configuration and reports the problems.
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
import { LineIndex } from '../../grammar/src/text.js';
import { diagnose } from '../../server/src/analysis/diagnose.js';
import { ConfigCache } from './config.js';
import { exitCodes, InputError, UsageError } from './errors.js';
import { collectStampFiles, displayPath } from './files.js';
import { DiskSources, loadStampsAsEditor, uriOfPath, type WorkspaceStamp } from './load.js';
import type { RuleConfig } from '../../server/src/analysis/config.js';
import { choiceOption, countOption, parseCommandLine, readLimitsOption } from './options.js';
import type { CommandIo } from './output.js';
import { formatHumanReport } from './report-human.js';
import { formatJsonReport } from './report-json.js';
import { formatSarifReport } from './report-sarif.js';

import type { CheckReport, CheckSummary, FileReport } from './report.js';

export type { CheckReport, CheckSummary, FileReport };

export const checkFormats = ['human', 'json', 'sarif'] as const;
export type CheckFormat = (typeof checkFormats)[number];

export const checkUsage = `Usage: stamp check <files or folders...> [options]

Checks .stamp files with the same rules and stamp.config.json as the editor.
Folders are searched recursively (node_modules and folders starting with a dot are skipped).

Options:
  --format <human|json|sarif>  Output format (default: human).
  --config <path>              Use this configuration file instead of the nearest stamp.config.json.
  --max-warnings <n>           Fail when there are more than n warnings (default, or -1: warnings never fail).
  --max-file-size <MB>         Larger files get one diagnostic instead of an analysis (default: 5).
  -h, --help                   Show this help.

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings,
2 usage error, unreadable file or invalid configuration.`;

/** Runs `stamp check` and returns its exit code. */
export function runCheckCommand(args: readonly string[], io: CommandIo): number {
  const { values, positionals } = parseCommandLine('check', args, {
    format: { type: 'string' },
    config: { type: 'string' },
    'max-warnings': { type: 'string' },
    'max-file-size': { type: 'string' },
  });
  if (values.help) {
    io.stdout(`${checkUsage}\n`);
    return exitCodes.clean;
  }
  const format = choiceOption('check', 'format', values.format, checkFormats, 'human');
  const maxWarnings = countOption('check', 'max-warnings', values['max-warnings']);
  if (positionals.length === 0) throw new UsageError('Name at least one .stamp file or folder to check.', 'check');
  const forcedConfig = typeof values.config === 'string' ? resolve(io.cwd, values.config) : undefined;
  if (forcedConfig !== undefined && !existsSync(forcedConfig)) throw new InputError(`${values.config}: no such configuration file.`);

  const skippedInFolders: CheckReport['skipped'] = [];
  const paths = collectStampFiles(io.cwd, positionals, (path, reason) => skippedInFolders.push({ path, shownPath: displayPath(io.cwd, path), reason }));
  const report = checkFiles(io.cwd, paths, forcedConfig, new DiskSources(readLimitsOption('check', values['max-file-size'])));
  report.skipped.unshift(...skippedInFolders);
  for (const skipped of report.skipped) io.stderr(`stamp: skipped ${skipped.shownPath}: ${skipped.reason}.\n`);
  if (report.files.length === 0) throw new InputError('no file could be checked.');
  const reporters: Record<CheckFormat, () => string> = { human: () => formatHumanReport(report, io.color), json: () => formatJsonReport(report), sarif: () => formatSarifReport(report) };
  io.stdout(reporters[format]());

  // Without --max-warnings, any number of warnings passes.
  const tooManyWarnings = report.summary.warnings > (maxWarnings ?? Infinity);
  if (tooManyWarnings && report.summary.errors === 0) {
    io.stderr(`stamp: too many warnings: ${report.summary.warnings}, more than --max-warnings ${maxWarnings}.\n`);
  }
  return report.summary.errors > 0 || tooManyWarnings ? exitCodes.problems : exitCodes.clean;
}

/**
 * Analyses the files as a workspace (stamps grouped by imports, as in the editor) and reports each file's diagnostics
 * with the configuration nearest to it; configuration problems stop everything (exit 2).
 */
export function checkFiles(cwd: string, allPaths: readonly string[], forcedConfig?: string, sources = new DiskSources()): CheckReport {
  const configs = new ConfigCache(cwd);
  const skipped: CheckReport['skipped'] = [];
  // A file that is gone, or is not a regular file, is skipped with a message; the others are checked. A file too large
  // or not UTF-8 is checked: it gets its one diagnostic.
  const paths = allPaths.filter((path) => {
    const read = sources.get(path);
    const reason = read.kind === 'missing' ? read.reason : read.kind === 'refused' && read.refusal.code === 'FILE003' ? read.refusal.reason : undefined;
    if (reason !== undefined) skipped.push({ path, shownPath: displayPath(cwd, path), reason });
    return reason === undefined;
  });
  // Each file is checked in the stamp the editor would give it, so findings that need an importer are reported too.
  const stampOf = loadStampsAsEditor(paths, cwd, sources);
  const files: FileReport[] = [];
  for (const path of paths) {
    const config = configs.forFile(path, forcedConfig);
    const uri = uriOfPath(path);
    // Every path has its stamp: loadStampsAsEditor gives one to each, alone when it cannot be loaded with others.
    const stamp = stampOf.get(uri) as WorkspaceStamp;
    const text = sources.shownText(path);
    const diagnostics = diagnosedWith(stamp, config)
      .filter((diagnostic) => diagnostic.uri === uri)
      .sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
    files.push({ path, shownPath: displayPath(cwd, path), text, lines: new LineIndex(text), diagnostics });
  }
  return { files, skipped, summary: summarize(files), cwd };
}

/** The diagnostics of a stamp under one configuration, computed once per (stamp, configuration). */
const diagnosedCache = new WeakMap<WorkspaceStamp, Map<RuleConfig, Diagnostic[]>>();
function diagnosedWith(stamp: WorkspaceStamp, config: RuleConfig): Diagnostic[] {
  let byConfig = diagnosedCache.get(stamp);
  // Stryker disable next-line ConditionalExpression: a cache only saves time: a new map each time loses the stamps' earlier results, never a diagnostic
  if (!byConfig) diagnosedCache.set(stamp, (byConfig = new Map()));
  let diagnostics = byConfig.get(config);
  // Stryker disable next-line ConditionalExpression: diagnose is a pure function of (analysis, configuration): computed again, the diagnostics are the same
  if (!diagnostics) byConfig.set(config, (diagnostics = diagnose(stamp.analysis, config)));
  return diagnostics;
}

function summarize(files: readonly FileReport[]): CheckSummary {
  const summary: CheckSummary = { errors: 0, warnings: 0, infos: 0, files: files.length };
  for (const file of files) {
    for (const diagnostic of file.diagnostics) {
      if (diagnostic.severity === 'error') summary.errors++;
      else if (diagnostic.severity === 'warning') summary.warnings++;
      else summary.infos++;
    }
  }
  return summary;
}
