// `stamp check` in-process, at its edges: usage errors naming its help, --max-warnings, a run where no file can be
// checked, each diagnostic reported once in its own file and in order (position, then code), and stamp.config.json
// problems with and without a position.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkUsage } from '../../cli/src/check.js';
import { runStampHere } from './run-cli.js';

const warningsOnly = 'host HV01 {\n  os 2012\n  os 2012R2\n}\n';
const sch007 = 'w.stamp:3:3 warning SCH007 `os` is already set in `host HV01`; this second one is ignored.\n  3 |   os 2012R2\n    |   ^^\n\n';
// Two findings on the same statement (DC002 and HV005 on the domain), reported by code; the SCH006 of the last line
// comes after them although its code sorts before theirs.
const sameRange = [
  'san SAN1',
  'host A1',
  'host A2',
  'cluster CA { nodes A1, A2; witness disk SAN1; csv VA { san SAN1 } }',
  'vm DC1 on CA { storage csv VA }',
  'vm DC2 on CA { storage csv VA }',
  'domain "one.test" { controllers DC1, DC2 }',
  'vm LOST on NOWHERE',
  '',
].join('\n');

describe('stamp check at its edges', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-check-edges-'));
    writeFileSync(join(folder, 'w.stamp'), warningsOnly);
    writeFileSync(join(folder, 'ew.stamp'), `${warningsOnly}vm V1 on NOPE { memory 4GB }\n`);
    writeFileSync(join(folder, 'same-range.stamp'), sameRange);
    writeFileSync(join(folder, 'nested.stamp'), 'host H1\nvm Q1 at H1 { critical }\n');
    writeFileSync(join(folder, 'w2.stamp'), 'host HV01 {\n  os 2012\n  os 2012R2\n  os 2016\n}\n');
    execFileSync('mkfifo', [join(folder, 'pipe.stamp')]);
    mkdirSync(join(folder, 'imports'));
    writeFileSync(join(folder, 'imports', 'main.stamp'), 'import "part.stamp"\nvm APP1 on HV01 { memory 4GB; colour red }\n');
    writeFileSync(join(folder, 'imports', 'part.stamp'), 'host HV01 { os 2012; os 2012R2 }\n');
    mkdirSync(join(folder, 'not-an-object'));
    writeFileSync(join(folder, 'not-an-object', 'stamp.config.json'), '{"rules": 5}');
    writeFileSync(join(folder, 'not-an-object', 'a.stamp'), 'host A { os 2012 }\n');
    mkdirSync(join(folder, 'two-problems'));
    writeFileSync(join(folder, 'two-problems', 'stamp.config.json'), '{\n  "colour": 1,\n  "rules": { "NOPE1": "error" }\n}\n');
    writeFileSync(join(folder, 'two-problems', 'a.stamp'), 'host A { os 2012 }\n');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));
  const check = (...args: string[]) => runStampHere(['check', ...args], { cwd: folder });
  const usage = (message: string) => ({ status: 2, stdout: '', stderr: `stamp: ${message}\nRun \`stamp check --help\` for usage.\n` });

  it('prints its help, and names its own help in every usage error', async () => {
    assert.deepEqual(await check('--help'), { status: 0, stdout: `${checkUsage}\n`, stderr: '' });
    assert.deepEqual(await check(), usage('Name at least one .stamp file or folder to check.'));
    assert.deepEqual(await check('--bogus', 'w.stamp'), usage('Unknown option `--bogus`.'));
    assert.deepEqual(await check('--format', 'xml', 'w.stamp'), usage('--format must be one of human, json, sarif, not `xml`.'));
    assert.deepEqual(await check('--max-warnings', 'many', 'w.stamp'), usage('--max-warnings must be a whole number of 0 or more (or -1 for no limit), not `many`.'));
    assert.deepEqual(await check('--max-file-size', 'big', 'w.stamp'), usage('--max-file-size must be a size in megabytes above 0, not `big`.'));
  });

  it('prints the human report when no format is asked for', async () => {
    assert.deepEqual(await check('w.stamp'), { status: 0, stdout: `${sch007}0 errors, 1 warning, 0 infos in 1 file\n`, stderr: '' });
  });

  it('fails on more warnings than --max-warnings, saying so only when there is no error', async () => {
    assert.deepEqual(await check('--max-warnings', '0', 'w.stamp'), { status: 1, stdout: `${sch007}0 errors, 1 warning, 0 infos in 1 file\n`, stderr: 'stamp: too many warnings: 1, more than --max-warnings 0.\n' });
    assert.deepEqual(await check('--max-warnings', '1', 'w.stamp'), { status: 0, stdout: `${sch007}0 errors, 1 warning, 0 infos in 1 file\n`, stderr: '' });
    assert.deepEqual(await check('--max-warnings', '5', 'w.stamp'), { status: 0, stdout: `${sch007}0 errors, 1 warning, 0 infos in 1 file\n`, stderr: '' });
    const two = await check('--max-warnings', '1', 'w2.stamp');
    assert.equal(two.status, 1);
    assert.equal(two.stderr, 'stamp: too many warnings: 2, more than --max-warnings 1.\n');
    const errors = await check('--max-warnings', '0', 'ew.stamp');
    assert.equal(errors.status, 1);
    assert.equal(errors.stderr, '', 'the errors are the reason, not the warnings');
    assert.match(errors.stdout, /^1 error, 1 warning, 0 infos in 1 file\n$/m);
  });

  it('stops with exit 2 when no file named can be checked', async () => {
    assert.deepEqual(await check('pipe.stamp'), { status: 2, stdout: '', stderr: 'stamp: skipped pipe.stamp: a FIFO (named pipe), not a regular file.\nstamp: no file could be checked.\n' });
  });

  it('lists a file\'s findings by position, then by code at the same place', async () => {
    const result = await check('same-range.stamp');
    const listed = result.stdout.split('\n').filter((line) => line.startsWith('same-range.stamp:')).map((line) => line.split(' ').slice(0, 2 + 1).join(' '));
    assert.deepEqual(listed, ['same-range.stamp:1:1 warning SPOF001', 'same-range.stamp:7:1 warning DC002', 'same-range.stamp:7:1 warning HV005', 'same-range.stamp:8:12 error SCH006']);
    // A finding inside another's range comes after it (it starts later, though it ends sooner).
    const nested = await check('nested.stamp');
    assert.deepEqual(nested.stdout.split('\n').filter((line) => line.startsWith('nested.stamp:')), [
      'nested.stamp:1:1 warning SPOF001 Losing H1 takes down VM Q1: H1 runs Q1.',
      'nested.stamp:2:1 warning SPOF001 Losing Q1 takes down VM Q1: nothing takes over from Q1.',
      'nested.stamp:2:7 error SCH009 Expected `on` here, not `at`.',
    ]);
    const ordered = await check('ew.stamp');
    assert.match(ordered.stdout, /^ew\.stamp:3:3 warning SCH007[^]*^ew\.stamp:5:10 error SCH006/m);
  });

  it('reports each finding once, in the file it is in, when files of one stamp are checked together', async () => {
    const result = await check('imports');
    assert.equal(result.status, 1);
    const lines = result.stdout.split('\n').filter((line) => /^\S+:\d+:\d+ /.test(line));
    assert.deepEqual(lines, [
      'imports/main.stamp:2:31 error SCH001 Unknown keyword `colour` in `vm APP1`.',
      'imports/part.stamp:1:22 warning SCH007 `os` is already set in `host HV01`; this second one is ignored.',
    ]);
  });

  it('stops on a stamp.config.json problem, with its line and column when it has one, one line each', async () => {
    assert.deepEqual(await check('not-an-object'), { status: 2, stdout: '', stderr: 'stamp: not-an-object/stamp.config.json: `rules` must be an object mapping rule ids or families to off, info, warning or error.\n' });
    assert.deepEqual(await check('two-problems'), {
      status: 2,
      stdout: '',
      stderr: 'stamp: two-problems/stamp.config.json:2:3: Unknown setting `colour` in stamp.config.json; only `rules` is read.\nstamp: two-problems/stamp.config.json:3:14: Unknown rule or family `NOPE1` in the Stamp configuration.\n',
    });
  });
});
