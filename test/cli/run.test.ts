// The `stamp` command line itself (cli/src/run.ts): help for the tool and for each command, the version, unknown
// commands and options with a suggestion, usage errors naming the command's help, and a bug reported in one line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffUsage } from '../../cli/src/diff.js';
import { fmtUsage } from '../../cli/src/fmt.js';
import { importUsage } from '../../cli/src/import.js';
import { mainUsage, runCli } from '../../cli/src/run.js';
import { runStampHere } from './run-cli.js';

const usage = (message: string, help = 'stamp --help'): { status: number; stdout: string; stderr: string } => ({ status: 2, stdout: '', stderr: `stamp: ${message}\nRun \`${help}\` for usage.\n` });

describe('the stamp command line', () => {
  it('prints the tool\'s help for -h, --help and help, and a command\'s help for help COMMAND', async () => {
    for (const args of [['-h'], ['--help'], ['help'], ['help', 'nosuch'], ['--help', '']]) {
      assert.deepEqual(await runStampHere(args), { status: 0, stdout: `${mainUsage}\n`, stderr: '' }, args.join(' '));
    }
    assert.deepEqual(await runStampHere(['help', 'fmt']), { status: 0, stdout: `${fmtUsage}\n`, stderr: '' });
    assert.deepEqual(await runStampHere(['-h', 'import']), { status: 0, stdout: `${importUsage}\n`, stderr: '' });
  });

  it('runs import and diff, whose usage errors name their own help', async () => {
    assert.deepEqual(await runStampHere(['import']), usage('Name exactly one inventory file to import.', 'stamp import --help'));
    assert.deepEqual(await runStampHere(['diff']), usage('Name a design (.stamp) and an inventory (.json).', 'stamp diff --help'));
    assert.deepEqual(await runStampHere(['diff', '--help']), { status: 0, stdout: `${diffUsage}\n`, stderr: '' });
    assert.deepEqual(await runStampHere(['import', '--help']), { status: 0, stdout: `${importUsage}\n`, stderr: '' });
  });

  it('refuses an unknown option or command, suggesting the closest command', async () => {
    assert.deepEqual(await runStampHere([]), usage('Name a command.'));
    assert.deepEqual(await runStampHere(['--bogus']), usage('Unknown option `--bogus`.'));
    assert.deepEqual(await runStampHere(['chek']), usage('Unknown command `chek`. Did you mean `check`?'));
    assert.deepEqual(await runStampHere(['zzzzzzzz']), usage('Unknown command `zzzzzzzz`.'));
    assert.deepEqual(await runStampHere(['fmt', '--bogus']), usage('Unknown option `--bogus`.', 'stamp fmt --help'));
  });

  it('reports a bug (anything but a usage or input error) in one line, with its stack only under STAMP_DEBUG', async () => {
    const saved = process.env.STAMP_DEBUG;
    try {
      for (const debug of [undefined, '1']) {
        if (debug === undefined) delete process.env.STAMP_DEBUG;
        else process.env.STAMP_DEBUG = debug;
        let stderr = '';
        const failing = (thrown: unknown) => runCli(['--version'], { stdout: () => { throw thrown; }, stderr: (text) => void (stderr += text), cwd: process.cwd(), color: false });
        const error = new TypeError('the output stream broke');
        assert.equal(await failing(error), 2);
        assert.equal(stderr, `stamp: internal error: the output stream broke\n${debug ? `${error.stack}\n` : ''}`);
        stderr = '';
        // A thrown value that is not an Error: shown as it is, with no stack to show.
        assert.equal(await failing('broken pipe'), 2);
        assert.equal(stderr, `stamp: internal error: broken pipe\n${debug ? '\n' : ''}`);
      }
    } finally {
      if (saved === undefined) delete process.env.STAMP_DEBUG;
      else process.env.STAMP_DEBUG = saved;
    }
  });
});
