// The command line's options as a user types them: negative values after an option (`--max-warnings -1`), whole-number
// and size options with what they accept and refuse, and parseArgs' errors turned into one short line each.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runStampHere } from './run-cli.js';

const warnings = 'test/cli-inputs/warnings/warnings.stamp';

/** The usage error `stamp COMMAND` prints for a message. */
const usage = (command: string, message: string): string => `stamp: ${message}\nRun \`stamp ${command} --help\` for usage.\n`;

describe('--max-warnings (a whole number, or -1 for no limit)', () => {
  it('takes -1 after the option as no limit, and whole numbers of any length', async () => {
    for (const value of ['-1', '1', '10']) {
      const result = await runStampHere(['check', warnings, '--max-warnings', value]);
      assert.deepEqual([result.status, result.stderr], [0, ''], value);
    }
    const zero = await runStampHere(['check', warnings, '--max-warnings', '0']);
    assert.deepEqual([zero.status, zero.stderr], [1, 'stamp: too many warnings: 1, more than --max-warnings 0.\n']);
    const joined = await runStampHere(['check', warnings, '--max-warnings=-1']);
    assert.equal(joined.status, 0);
  });

  it('refuses anything else with one line naming the value', async () => {
    for (const value of ['-2', '2x', 'x2', 'abc', '1.5', '']) {
      const result = await runStampHere(['check', warnings, '--max-warnings', value]);
      assert.equal(result.status, 2, value);
      assert.equal(result.stderr, usage('check', `--max-warnings must be a whole number of 0 or more (or -1 for no limit), not \`${value}\`.`), value);
    }
  });

  it('joins a negative number only to an option that takes a value', async () => {
    const boolean = await runStampHere(['fmt', '--check', '-1', warnings]);
    assert.equal(boolean.status, 2);
    assert.equal(boolean.stderr, usage('fmt', 'Unknown option `-1`.'));
    const last = await runStampHere(['check', warnings, '--max-warnings']);
    assert.equal(last.stderr, usage('check', 'Option `--max-warnings` needs a value.'));
  });
});

describe('--max-file-size (megabytes above 0)', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-options-'));
    // 3,000 bytes: above 0.001 MB, below 0.01 MB whether a megabyte is 10^6 or 2^20 bytes.
    writeFileSync(join(folder, 'big.stamp'), 'host HV01 { os 2019 }\n'.padEnd(2999, '/').concat('\n'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('gives a file above the size one FILE001 and analyses a file below it, with whole and decimal sizes', async () => {
    const above = await runStampHere(['check', 'big.stamp', '--max-file-size', '0.001', '--format', 'json'], { cwd: folder });
    assert.equal(above.status, 1, above.stderr);
    assert.deepEqual(JSON.parse(above.stdout).files[0].diagnostics.map((diagnostic: { code: string }) => diagnostic.code), ['FILE001']);
    for (const value of ['0.01', '0.25', '1', '10', '12.5']) {
      const below = await runStampHere(['check', 'big.stamp', '--max-file-size', value], { cwd: folder });
      assert.deepEqual([below.status, below.stderr], [0, ''], value);
    }
    // fmt reads through the same limit.
    const fmt = await runStampHere(['fmt', '--check', 'big.stamp', '--max-file-size', '0.001'], { cwd: folder });
    assert.notEqual(fmt.status, 0);
    assert.match(fmt.stderr, /big\.stamp/);
  });

  it('refuses zero, negative, signed, spaced, exponent and malformed sizes with one line naming the value', async () => {
    for (const value of ['0', '0.0', '-1', '-0.5', '+5', ' 5', '5 ', '5e3', '0x10', 'abc', '1.', '.5', '1.2.3', '']) {
      const result = await runStampHere(['check', 'big.stamp', '--max-file-size', value], { cwd: folder });
      assert.equal(result.status, 2, `--max-file-size ${JSON.stringify(value)}`);
      assert.equal(result.stderr, usage('check', `--max-file-size must be a size in megabytes above 0, not \`${value}\`.`), value);
    }
  });
});

describe('parse errors', () => {
  it('say in one line which option is unknown, lacks its value or takes none', async () => {
    const cases: Array<[string[], string, string]> = [
      [['check', warnings, '--nope'], 'check', 'Unknown option `--nope`.'],
      [['check', warnings, '--format'], 'check', 'Option `--format` needs a value.'],
      [['render', warnings, '-o'], 'render', 'Option `--output` needs a value.'],
      [['render', warnings, '--output'], 'render', 'Option `--output` needs a value.'],
      [['simulate', warnings, '--fail'], 'simulate', 'Option `--fail` needs a value.'],
      [['check', warnings, '--max-file-size'], 'check', 'Option `--max-file-size` needs a value.'],
      [['fmt', '--check=yes', warnings], 'fmt', 'Option `--check` does not take a value.'],
      [['check', '--help=1', warnings], 'check', 'Option `--help` does not take a value.'],
      // Another parseArgs error: its first line.
      [['check', warnings, '--format', '--max-warnings', '0'], 'check', "Option '--format' argument is ambiguous."],
    ];
    for (const [args, command, message] of cases) {
      const result = await runStampHere(args);
      assert.deepEqual([result.status, result.stdout, result.stderr], [2, '', usage(command, message)], args.join(' '));
    }
  });
});
