// The `stamp` command line: check, format, explain and render .stamp designs outside the editor (for CI).
import { colorWanted, type CommandIo } from './output.js';
import { runCli } from './run.js';

/** Runs the CLI in this process with its real streams; bin/stamp.js calls this. */
export function main(): void {
  // A reader that stops early (`stamp check … | head`) closes the pipe; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const io: CommandIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    color: colorWanted(process.env, process.stdout.isTTY === true),
  };
  void runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) main();
