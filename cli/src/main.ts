// The `stamp` command line: check, format, explain and render .stamp designs outside the editor (for CI).
import { colorWanted, type CommandIo } from './output.js';
import { runCli } from './run.js';

/** What the command line needs of its process (the real `process`, or a test's stand-in). */
export interface CliProcess {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean; on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown };
  stderr: { write(text: string): unknown };
  cwd(): string;
  exit(code: number): void;
  exitCode?: number | string | null;
}

/**
 * Runs the CLI with a process's arguments (after the node binary and script), environment and streams; sets the
 * process's exit code and returns it. bin/stamp.js and dist/cli.js (cli/src/bin.ts) call it with the real process.
 */
export async function main(proc: CliProcess = process): Promise<number> {
  // A reader that stops early (`stamp check … | head`) closes the pipe; that is not an error worth a stack trace.
  proc.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') proc.exit(Number(proc.exitCode ?? 0));
    else throw error;
  });
  const io: CommandIo = {
    stdout: (text) => proc.stdout.write(text),
    stderr: (text) => proc.stderr.write(text),
    cwd: proc.cwd(),
    color: colorWanted(proc.env, proc.stdout.isTTY === true),
  };
  const code = await runCli(proc.argv.slice(2), io);
  proc.exitCode = code;
  return code;
}
