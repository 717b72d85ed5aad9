// `stamp fmt`: formats in place, --check lists unformatted files and writes nothing, syntax errors are left alone.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inputsFolder, runStampHere } from './run-cli.js';

describe('stamp fmt', () => {
  let folder = '';
  const read = (name: string): string => readFileSync(join(folder, name), 'utf8');
  const original = (name: string): string => readFileSync(join(inputsFolder, 'fmt', name), 'utf8');

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-fmt-'));
    cpSync(join(inputsFolder, 'fmt'), folder, { recursive: true });
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('--check lists the unformatted file, reports the broken one, changes nothing and exits 1', async () => {
    const result = await runStampHere(['fmt', '--check', '.'], { cwd: folder });
    assert.equal(result.status, 1);
    assert.equal(result.stdout, 'messy.stamp\n');
    assert.match(result.stderr, /^broken\.stamp:3:11: not formatted, syntax error: Unexpected `@`/m);
    assert.match(result.stderr, /^1 file is not formatted; run `stamp fmt` to format it\.$/m);
    for (const name of ['messy.stamp', 'tidy.stamp', 'broken.stamp']) assert.equal(read(name), original(name), `${name} is unchanged`);
  });

  it('--check exits 0 when every file named is formatted', async () => {
    const result = await runStampHere(['fmt', '--check', 'tidy.stamp'], { cwd: folder });
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, '');
  });

  it('formats files in place, leaves formatted and broken files alone, and exits 1 because of the broken one', async () => {
    const result = await runStampHere(['fmt', 'messy.stamp', 'tidy.stamp', 'broken.stamp'], { cwd: folder });
    assert.equal(result.status, 1);
    assert.equal(result.stdout, 'formatted messy.stamp\n');
    assert.equal(read('messy.stamp'), '// A stamp written without care for layout.\nhost HV01 {\n  os 2012\n  nic NIC1 { speed 10Gbps }\n}\ncluster C1 { kind hyperv; nodes HV01, HV02 }\n');
    assert.equal(read('tidy.stamp'), original('tidy.stamp'));
    assert.equal(read('broken.stamp'), original('broken.stamp'));
    const again = await runStampHere(['fmt', '--check', 'messy.stamp', 'tidy.stamp'], { cwd: folder });
    assert.equal(again.status, 0, 'formatting is stable: a formatted file passes --check');
  });

  it('exits 2 on a missing file and on no files', async () => {
    const missing = await runStampHere(['fmt', 'absent.stamp'], { cwd: folder });
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'stamp: absent.stamp: no such file or folder.\n');
    assert.equal((await runStampHere(['fmt'], { cwd: folder })).status, 2);
  });
});
