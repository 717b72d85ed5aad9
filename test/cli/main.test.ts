// `main`, what bin/stamp.js and dist/cli.js run, over a stand-in process: the arguments after node and the script, the
// working folder, colours decided from the environment and the terminal, the exit code set on the process, and a
// closed pipe (`stamp check … | head`) that ends the process quietly with the code it had.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main, type CliProcess } from '../../cli/src/main.js';
import { repoRoot } from '../support/paths.js';
import { packageVersion } from './run-cli.js';

interface FakeProcess extends CliProcess {
  out: string;
  err: string;
  exits: number[];
  pipeError?: (error: NodeJS.ErrnoException) => void;
}

function fakeProcess(args: string[], options: { env?: NodeJS.ProcessEnv; isTTY?: boolean; cwd?: string } = {}): FakeProcess {
  const proc: FakeProcess = {
    argv: ['/usr/bin/node', '/usr/lib/stamp/bin/stamp.js', ...args],
    env: options.env ?? {},
    out: '',
    err: '',
    exits: [],
    stdout: {
      write: (text: string) => {
        proc.out += text;
        return true;
      },
      isTTY: options.isTTY,
      on: (event: 'error', listener: (error: NodeJS.ErrnoException) => void) => {
        assert.equal(event, 'error');
        proc.pipeError = listener;
      },
    },
    stderr: {
      write: (text: string) => {
        proc.err += text;
        return true;
      },
    },
    cwd: () => options.cwd ?? repoRoot,
    exit: (code: number) => {
      proc.exits.push(code);
    },
  };
  return proc;
}

const red = (text: string): string => `\u001b[31m${text}\u001b[0m`;

describe('main (the process entry of `stamp`)', () => {
  it('runs the command named after the node binary and the script, and sets the exit code on the process', async () => {
    const version = fakeProcess(['--version']);
    assert.equal(await main(version), 0);
    assert.equal(version.out, `${packageVersion}\n`);
    assert.equal(version.err, '');
    assert.equal(version.exitCode, 0);

    const problems = fakeProcess(['check', 'problems.stamp'], { cwd: `${repoRoot}/test/cli-inputs/problems` });
    assert.equal(await main(problems), 1);
    assert.equal(problems.exitCode, 1);
    assert.match(problems.out, /^problems\.stamp:\d+:\d+ error /m, 'paths are relative to the process working folder');

    const unknown = fakeProcess(['nosuch']);
    assert.equal(await main(unknown), 2);
    assert.equal(unknown.exitCode, 2);
    assert.equal(unknown.out, '');
    assert.equal(unknown.err, 'stamp: Unknown command `nosuch`.\nRun `stamp --help` for usage.\n');
  });

  it('paints the report on a terminal, not in a pipe, not on a dumb terminal, and when FORCE_COLOR asks', async () => {
    const summaryOf = async (options: { env?: NodeJS.ProcessEnv; isTTY?: boolean }): Promise<string | undefined> => {
      const proc = fakeProcess(['check', 'problems.stamp'], { ...options, cwd: `${repoRoot}/test/cli-inputs/problems` });
      await main(proc);
      return proc.out.trimEnd().split('\n').at(-1);
    };
    const plain = await summaryOf({ isTTY: false });
    assert.match(plain ?? '', /^\d+ errors?, \d+ warnings?, \d+ infos? in 1 file$/);
    assert.equal(await summaryOf({ isTTY: true }), red(plain!));
    assert.equal(await summaryOf({ isTTY: undefined }), plain);
    assert.equal(await summaryOf({ isTTY: true, env: { TERM: 'dumb' } }), plain);
    assert.equal(await summaryOf({ isTTY: true, env: { TERM: 'xterm-256color' } }), red(plain!));
    assert.equal(await summaryOf({ isTTY: false, env: { FORCE_COLOR: '1' } }), red(plain!));
    assert.equal(await summaryOf({ isTTY: true, env: { NO_COLOR: '1' } }), plain);
    assert.equal(await summaryOf({ isTTY: true, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }), plain, 'NO_COLOR wins');
    // Empty variables count as unset; FORCE_COLOR=0 forces nothing.
    assert.equal(await summaryOf({ isTTY: true, env: { NO_COLOR: '' } }), red(plain!));
    assert.equal(await summaryOf({ isTTY: false, env: { FORCE_COLOR: '' } }), plain);
    assert.equal(await summaryOf({ isTTY: false, env: { FORCE_COLOR: '0' } }), plain);
    assert.equal(await summaryOf({ isTTY: false, env: { FORCE_COLOR: 'true' } }), red(plain!));
  });

  it('ends quietly with the exit code so far when the reader closes the pipe, and rethrows other stream errors', async () => {
    const proc = fakeProcess(['check', 'problems.stamp'], { cwd: `${repoRoot}/test/cli-inputs/problems` });
    await main(proc);
    assert.ok(proc.pipeError, 'main listens for errors on stdout');
    proc.pipeError({ name: 'Error', message: 'write EPIPE', code: 'EPIPE' });
    assert.deepEqual(proc.exits, [1]);

    const early = fakeProcess(['--version']);
    const running = main(early);
    early.pipeError!({ name: 'Error', message: 'write EPIPE', code: 'EPIPE' });
    assert.deepEqual(early.exits, [0], 'a pipe closed before any exit code was set ends with 0');
    await running;

    const other = fakeProcess(['--version']);
    await main(other);
    const failure = { name: 'Error', message: 'write EIO', code: 'EIO' };
    assert.throws(() => other.pipeError!(failure), (error) => error === failure);
    assert.deepEqual(other.exits, []);
  });
});
