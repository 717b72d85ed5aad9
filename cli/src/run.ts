// The `stamp` command line as a function: arguments and streams in, exit code out (main.ts gives it the process's).
import { closestName } from '../../grammar/src/suggest.js';
import { exitCodes, InputError, UsageError } from './errors.js';
import { checkUsage, runCheckCommand } from './check.js';
import { diffUsage, runDiffCommand } from './diff.js';
import { explainUsage, runExplainCommand } from './explain.js';
import { fmtUsage, runFmtCommand } from './fmt.js';
import { importUsage, runImportCommand } from './import.js';
import type { CommandIo } from './output.js';
import { renderUsage } from './render-usage.js';
import { runSimulateCommand, simulateUsage } from './simulate.js';
import { packageVersion } from './version.js';

export const mainUsage = `Usage: stamp <command> [options]

Commands:
  check <files or folders...>   Report problems with the editor's rules (human, json or sarif output).
  fmt <files or folders...>     Format .stamp files in place (--check: only list unformatted files).
  explain <RULE-ID>             Explain a catalog rule: why it exists, how to fix it, sources.
  render <file> -o <out>        Draw the topology diagram to an .svg or .png file.
  simulate <file> [--fail X]    Simulate part failures, or print how many failures each service survives.
  import <inventory.json>       Turn a read-only inventory of a running estate into a .stamp design.
  diff <design> <inventory>     Report drift between a design and the running estate (exit 1 on drift).

Options:
  -h, --help     Show help (also: stamp <command> --help).
  -v, --version  Print the version.

Exit codes: 0 success, 1 problems found, 2 usage or input/output error.`;

const usageOf: Record<string, string> = { check: checkUsage, fmt: fmtUsage, explain: explainUsage, render: renderUsage, simulate: simulateUsage, import: importUsage, diff: diffUsage };

/** Runs the command line and returns the exit code; never throws. */
export async function runCli(args: readonly string[], io: CommandIo): Promise<number> {
  try {
    const [command, ...rest] = args;
    switch (command) {
      case undefined:
        throw new UsageError('Name a command.');
      case '-h':
      case '--help':
      case 'help':
        io.stdout(`${rest[0] && usageOf[rest[0]] ? usageOf[rest[0]] : mainUsage}\n`);
        return exitCodes.clean;
      case '-v':
      case '--version':
        io.stdout(`${packageVersion}\n`);
        return exitCodes.clean;
      case 'check':
        return runCheckCommand(rest, io);
      case 'fmt':
        return runFmtCommand(rest, io);
      case 'explain':
        return runExplainCommand(rest, io);
      case 'simulate':
        return runSimulateCommand(rest, io);
      case 'import':
        return runImportCommand(rest, io);
      case 'diff':
        return runDiffCommand(rest, io);
      case 'render': {
        // The renderer pulls in the layout engine: load it only for this command.
        const { runRenderCommand } = await import('./render.js');
        return await runRenderCommand(rest, io);
      }
      default:
        if (command.startsWith('-')) throw new UsageError(`Unknown option \`${command}\`.`);
        throw new UsageError(`Unknown command \`${command}\`.${suggestCommand(command)}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const help = error.command ? `stamp ${error.command} --help` : 'stamp --help';
      io.stderr(`stamp: ${error.message}\nRun \`${help}\` for usage.\n`);
      return exitCodes.failure;
    }
    if (error instanceof InputError) {
      for (const line of error.message.split('\n')) io.stderr(`stamp: ${line}\n`);
      return exitCodes.failure;
    }
    // Anything else is a bug in Stamp; say so in one line, with the stack only when asked for.
    io.stderr(`stamp: internal error: ${(error as Error).message ?? String(error)}\n`);
    if (process.env.STAMP_DEBUG) io.stderr(`${(error as Error).stack ?? ''}\n`);
    return exitCodes.failure;
  }
}

function suggestCommand(command: string): string {
  const closest = closestName(command, Object.keys(usageOf));
  return closest ? ` Did you mean \`${closest}\`?` : '';
}
