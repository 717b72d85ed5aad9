// `stamp fmt` in-process, at its edges: help and usage errors, files it refuses (too large, not UTF-8, not a regular
// file), how it counts syntax errors and unformatted files, and the reason it gives for each failed write.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fmtUsage, runFmtCommand } from '../../cli/src/fmt.js';
import { nodeWriteOperations } from '../../cli/src/safe-write.js';
import { runStampHere } from './run-cli.js';

const messy = 'host   HV01 {\n    os 2012\n}\n';
const tidy = 'host HV01 {\n  os 2012\n}\n';
const syntax = 'Unexpected `@`. Names with dots, backslashes or other punctuation must be written as strings in double quotes.';

describe('stamp fmt at its edges', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-fmt-edges-'));
    writeFileSync(join(folder, 'z.stamp'), messy);
    writeFileSync(join(folder, 'a.stamp'), messy);
    writeFileSync(join(folder, 'one-error.stamp'), 'host A { os @ }\n');
    writeFileSync(join(folder, 'two-errors.stamp'), 'host A { os @ }\nhost B { os @ }\n');
    writeFileSync(join(folder, 'latin1.stamp'), Buffer.concat([Buffer.from('// Caf'), Buffer.from([0xe9]), Buffer.from('\nhost   HV01 {\n}\n')]));
    mkdirSync(join(folder, 'pipes'));
    execFileSync('mkfifo', [join(folder, 'pipes', 'pipe.stamp')]);
    writeFileSync(join(folder, 'pipes', 'ok.stamp'), tidy);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));
  const fmt = (...args: string[]) => runStampHere(['fmt', ...args], { cwd: folder });

  it('prints its help, and names the command in its usage errors', async () => {
    assert.deepEqual(await fmt('--help'), { status: 0, stdout: `${fmtUsage}\n`, stderr: '' });
    assert.deepEqual(await fmt(), { status: 2, stdout: '', stderr: 'stamp: Name at least one .stamp file or folder to format.\nRun `stamp fmt --help` for usage.\n' });
    assert.deepEqual(await fmt('--bogus', 'a.stamp'), { status: 2, stdout: '', stderr: 'stamp: Unknown option `--bogus`.\nRun `stamp fmt --help` for usage.\n' });
    assert.deepEqual(await fmt('--max-file-size', 'big', 'a.stamp'), { status: 2, stdout: '', stderr: 'stamp: --max-file-size must be a size in megabytes above 0, not `big`.\nRun `stamp fmt --help` for usage.\n' });
  });

  it('leaves a file above --max-file-size alone and says why (exit 2)', async () => {
    const result = await fmt('--max-file-size', '0.00001', 'a.stamp');
    assert.deepEqual(result, { status: 2, stdout: '', stderr: 'stamp: a.stamp: not formatted, left unchanged: too large to analyse: 28 bytes; limit 10 bytes.\n' });
    assert.equal(readFileSync(join(folder, 'a.stamp'), 'utf8'), messy);
  });

  it('refuses a file that is not UTF-8 at the line and column of the bad byte (exit 2)', async () => {
    const result = await fmt('--check', 'latin1.stamp');
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^stamp: latin1\.stamp:1:7: not formatted, left unchanged: Byte 6 \(0xE9\) is not valid UTF-8[^\n]*\n$/);
  });

  it('reports a FIFO named on the command line, and skips one in a folder, never opening it', async () => {
    const named = await fmt('pipes/pipe.stamp', 'pipes/ok.stamp');
    assert.equal(named.status, 2);
    assert.equal(named.stdout, '');
    assert.equal(named.stderr, 'stamp: pipes/pipe.stamp: not formatted, left unchanged: a FIFO (named pipe), not a regular file.\n');
    assert.deepEqual(await fmt('--check', 'pipes'), { status: 0, stdout: '', stderr: 'stamp: skipped pipes/pipe.stamp: a FIFO (named pipe), not a regular file.\n' });
  });

  it('counts the syntax errors after the first one, and lists unformatted files in order with their number', async () => {
    const broken = await fmt('--check', 'two-errors.stamp', 'one-error.stamp');
    assert.equal(broken.status, 1);
    assert.equal(broken.stdout, '');
    assert.equal(broken.stderr, `one-error.stamp:1:13: not formatted, syntax error: ${syntax}\ntwo-errors.stamp:1:13: not formatted, syntax error: ${syntax} (and 1 more syntax errors)\n`);
    assert.deepEqual(await fmt('--check', 'z.stamp', 'a.stamp'), { status: 1, stdout: 'a.stamp\nz.stamp\n', stderr: '2 files are not formatted; run `stamp fmt` to format them.\n' });
    assert.deepEqual(await fmt('--check', 'z.stamp'), { status: 1, stdout: 'z.stamp\n', stderr: '1 file is not formatted; run `stamp fmt` to format it.\n' });
  });

  it('gives the reason of each failed write, and leaves the file as it was', () => {
    const reasons: Array<[string, string]> = [
      ['EACCES', 'permission denied.'],
      ['EPERM', 'permission denied.'],
      ['EISDIR', 'is a folder, not a file.'],
      ['EFBIG', 'the file would exceed the size limit of this system or process (ulimit -f).'],
      ['ENOSPC', 'the disk is full.'],
      ['EDQUOT', 'the disk quota is exceeded.'],
      ['EROFS', 'the file system is read-only.'],
      ['ENOENT', 'no such file or folder.'],
      ['EXDEV', 'cross-device link not permitted.'],
    ];
    for (const [code, reason] of reasons) {
      let stderr = '';
      const io = { stdout: () => {}, stderr: (text: string) => void (stderr += text), cwd: folder, color: false };
      const rename = (): void => {
        throw Object.assign(new Error('cross-device link not permitted'), { code });
      };
      assert.equal(runFmtCommand(['z.stamp'], io, { ...nodeWriteOperations, rename }), 2, code);
      assert.equal(stderr, `stamp: z.stamp: cannot write, the file is unchanged: ${reason}\n`, code);
      assert.equal(readFileSync(join(folder, 'z.stamp'), 'utf8'), messy);
    }
    assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith('.tmp')), []);
  });
});
