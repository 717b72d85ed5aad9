// `stamp check`: analyses every stamp with the editor's rules and configuration and reports the problems.
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
import { LineIndex } from '../../grammar/src/text.js';
import { diagnose } from '../../server/src/analysis/diagnose.js';
import { ConfigCache } from './config.js';
import { exitCodes, InputError, UsageError } from './errors.js';
import { collectStampFiles, displayPath } from './files.js';
import { loadWorkspace, readTextFile, uriOfPath, type WorkspaceStamp } from './load.js';
import type { RuleConfig } from '../../server/src/analysis/config.js';
import { choiceOption, countOption, parseCommandLine } from './options.js';
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
  --max-warnings <n>           Fail when there are more than n warnings (default: warnings never fail).
  -h, --help                   Show this help.

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings,
2 usage error, unreadable file or invalid configuration.`;

/** Runs `stamp check` and returns its exit code. */
export function runCheckCommand(args: readonly string[], io: CommandIo): number {
  const { values, positionals } = parseCommandLine('check', args, {
    format: { type: 'string' },
    config: { type: 'string' },
    'max-warnings': { type: 'string' },
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

  const report = checkFiles(io.cwd, collectStampFiles(io.cwd, positionals), forcedConfig);
  if (format === 'json') io.stdout(formatJsonReport(report));
  else if (format === 'sarif') io.stdout(formatSarifReport(report));
  else io.stdout(formatHumanReport(report, io.color));

  const failed = report.summary.errors > 0 || (maxWarnings !== undefined && report.summary.warnings > maxWarnings);
  if (failed && maxWarnings !== undefined && report.summary.errors === 0) {
    io.stderr(`stamp: too many warnings: ${report.summary.warnings}, more than --max-warnings ${maxWarnings}.\n`);
  }
  return failed ? exitCodes.problems : exitCodes.clean;
}

/**
 * Analyses the files as a workspace (stamps grouped by imports, as in the editor) and reports each file's diagnostics
 * with the configuration nearest to it; configuration problems stop everything (exit 2).
 */
export function checkFiles(cwd: string, paths: readonly string[], forcedConfig?: string): CheckReport {
  const configs = new ConfigCache(cwd);
  const texts = new Map<string, string>();
  for (const path of paths) texts.set(uriOfPath(path), readTextFile(path, displayPath(cwd, path)));
  const stamps = loadWorkspace(paths, texts);
  const files: FileReport[] = [];
  for (const path of paths) {
    const config = configs.forFile(path, forcedConfig);
    const uri = uriOfPath(path);
    const stamp = stamps.find((candidate) => candidate.uris.includes(uri));
    const text = texts.get(uri) ?? '';
    const diagnostics = (stamp ? diagnosedWith(stamp, config) : [])
      .filter((diagnostic) => diagnostic.uri === uri)
      .sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
    files.push({ path, shownPath: displayPath(cwd, path), text, lines: new LineIndex(text), diagnostics });
  }
  return { files, summary: summarize(files), cwd };
}

/** The diagnostics of a stamp under one configuration, computed once per (stamp, configuration). */
const diagnosedCache = new WeakMap<WorkspaceStamp, Map<RuleConfig, Diagnostic[]>>();
function diagnosedWith(stamp: WorkspaceStamp, config: RuleConfig): Diagnostic[] {
  let byConfig = diagnosedCache.get(stamp);
  if (!byConfig) diagnosedCache.set(stamp, (byConfig = new Map()));
  let diagnostics = byConfig.get(config);
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
