// `stamp import`: turns an inventory from collect/Get-StampInventory.ps1 into formatted .stamp files, written
// atomically (every file to a temporary name first, then renamed), after checking they parse without errors.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { analyze } from '../../grammar/src/analyze.js';
import { emitStamp, type EmittedFile } from '../../import/src/emit.js';
import { exitCodes, InputError, UsageError } from './errors.js';
import { describeFileError, displayPath } from './files.js';
import { readInventoryFile } from './inventory-file.js';
import { parseCommandLine } from './options.js';
import type { CommandIo } from './output.js';

export const importUsage = `Usage: stamp import <inventory.json> [-o <estate.stamp>] [--split] [--name <stamp>] [--force]

Reads the inventory written by collect/Get-StampInventory.ps1, checks it against the published schema
(collect/inventory.schema.json) and writes the estate as a formatted .stamp design. Facts the language
cannot hold are kept as \`// not mapped: …\` comments. Without -o the design is printed.

Options:
  -o, --output <file>  Write the design to this .stamp file.
  --split              One file per cluster (its hosts, VMs, SQL instances and availability groups),
                       imported by the main file; needs -o.
  --name <stamp>       The name of the \`stamp\` statement (default: the output file's name).
  --force              Replace files that exist.
  -h, --help           Show this help.

Exit codes: 0 written, 2 usage error, unreadable or invalid inventory (nothing is written).`;

/** Runs `stamp import` and returns its exit code. */
export function runImportCommand(args: readonly string[], io: CommandIo): number {
  const { values, positionals } = parseCommandLine('import', args, {
    output: { type: 'string', short: 'o' }, split: { type: 'boolean' }, name: { type: 'string' }, force: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(`${importUsage}\n`);
    return exitCodes.clean;
  }
  if (positionals.length !== 1) throw new UsageError('Name exactly one inventory file to import.', 'import');
  const output = typeof values.output === 'string' ? resolve(io.cwd, values.output) : undefined;
  if (values.split && !output) throw new UsageError('--split writes several files: name the main one with -o.', 'import');
  if (output && !output.endsWith('.stamp')) throw new UsageError(`The output must be a .stamp file, not \`${values.output}\`.`, 'import');

  const estate = readInventoryFile(resolve(io.cwd, positionals[0]), positionals[0]);
  // Stryker disable next-line StringLiteral: without -o the design is printed, so its file name shows nowhere (an empty one gives the same stamp name, estate, below)
  const mainName = output ? basename(output) : 'estate.stamp';
  const stampName = typeof values.name === 'string' ? values.name : mainName.replace(/\.stamp$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z_]+/, '') || 'estate';
  const files = emitStamp(estate, { mainName, split: values.split === true, stampName });
  assertClean(files);
  if (!output) {
    io.stdout(files[0].text);
    return exitCodes.clean;
  }
  const folder = dirname(output);
  const targets = files.map((file) => ({ path: join(folder, file.name), text: file.text }));
  if (values.force !== true) {
    const existing = targets.filter((target) => existsSync(target.path));
    if (existing.length > 0) throw new InputError(`${existing.map((target) => displayPath(io.cwd, target.path)).join(', ')}: already exists; use --force to replace.`);
  }
  writeAtomically(targets, io.cwd);
  for (const target of targets) io.stdout(`wrote ${displayPath(io.cwd, target.path)}\n`);
  if (estate.warnings.length > 0) io.stderr(`stamp: the collector skipped sources (see the comments at the top of ${displayPath(io.cwd, targets[0].path)}):\n${estate.warnings.map((warning) => `  ${warning}`).join('\n')}\n`);
  return exitCodes.clean;
}

/** The import must parse and fit the schema; anything else is a bug in Stamp, and nothing is written. */
function assertClean(files: EmittedFile[]): void {
  const analysis = analyze(files.map((file) => ({ uri: `file:///import/${file.name}`, text: file.text })));
  // Stryker disable next-line Regex: no diagnostic code holds SYN, SCH or IMP anywhere but at its start
  const broken = analysis.diagnostics.filter((diagnostic) => /^(SYN|SCH|IMP)/.test(diagnostic.code));
  // Stryker disable next-line StringLiteral,CallExpression: only a bug in emitStamp reaches this throw (every import test checks the design it writes); the text is that bug's report
  if (broken.length > 0) throw new Error(`the imported design does not check (${broken[0].code} ${broken[0].message}); nothing was written`);
}

/** Writes every file to a temporary name in its folder, then renames them all; on failure removes what it wrote. */
export function writeAtomically(targets: Array<{ path: string; text: string }>, cwd: string): void {
  const temporary: string[] = [];
  try {
    for (const target of targets) {
      const temp = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.tmp`);
      temporary.push(temp);
      writeFileSync(temp, target.text, { flag: 'w' });
    }
  } catch (error) {
    for (const temp of temporary) rmSync(temp, { force: true });
    throw new InputError(`${displayPath(cwd, dirname(targets[0].path))}: cannot write: ${describeFileError(error)}`);
  }
  targets.forEach((target, index) => renameSync(temporary[index], target.path));
}
