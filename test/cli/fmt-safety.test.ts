// `stamp fmt` never loses a byte: failed writes leave the original intact, undecodable files are refused, BOM and CRLF are kept.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeWriteOperations, writeFileSafely } from '../../cli/src/safe-write.js';
import { cliPath, runStamp } from './run-cli.js';

const messy = '// A stamp written without care for layout.\nhost   HV01 {\n    os 2012\nnic NIC1 {speed 10Gbps}\n}\ncluster C1 { kind hyperv;nodes HV01,HV02 }\n';
const tidy = '// A stamp written without care for layout.\nhost HV01 {\n  os 2012\n  nic NIC1 { speed 10Gbps }\n}\ncluster C1 { kind hyperv; nodes HV01, HV02 }\n';

/** About 245 KB of unformatted stamp: many hosts, each badly indented. */
function bigMessyStamp(): string {
  const parts = ['// A big stamp written without care for layout.\n'];
  for (let index = 0; index < 4600; index++) parts.push(`host   HV${index} {\n    os 2012\nnic NIC1 {speed 10Gbps}\n}\n`);
  return parts.join('');
}

describe('stamp fmt keeps the user\'s file safe', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-fmt-safe-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));
  const leftovers = (): string[] => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

  it('leaves the original byte for byte when the write fails part-way (a file-size limit), and exits 2', () => {
    const path = join(folder, 'big.stamp');
    const original = Buffer.from(bigMessyStamp(), 'utf8');
    assert.ok(original.length > 200 * 1024);
    writeFileSync(path, original);
    // ulimit -f 200: no file of this process may grow past 200 blocks of 512 bytes (102,400 bytes).
    const result = spawnSync('bash', ['-c', `ulimit -f 200 && exec "${process.execPath}" "${cliPath}" fmt big.stamp`], { cwd: folder, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^stamp: big\.stamp: cannot write, the file is unchanged: the file would exceed the size limit/m);
    assert.equal(result.stdout, '');
    assert.deepEqual(readFileSync(path), original, 'the original is intact');
    assert.deepEqual(leftovers(), [], 'no temporary file is left behind');
    // Without the limit, the same file formats.
    const unlimited = runStamp(['fmt', 'big.stamp'], { cwd: folder });
    assert.equal(unlimited.status, 0, unlimited.stderr);
    assert.match(readFileSync(path, 'utf8'), /^host HV4599 \{\n {2}os 2012\n {2}nic NIC1 \{ speed 10Gbps \}\n\}\n$/m);
  });

  it('leaves the original byte for byte when an injected writer fails after some bytes', () => {
    const path = join(folder, 'injected.stamp');
    writeFileSync(path, messy);
    let written = 0;
    const failing = {
      ...nodeWriteOperations,
      write: (fd: number, data: Uint8Array, offset: number, length: number): number => {
        if (written >= 40) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        const count = nodeWriteOperations.write(fd, data, offset, Math.min(length, 40 - written));
        written += count;
        return count;
      },
    };
    assert.throws(() => writeFileSafely(path, Buffer.from(tidy), failing), /no space left/);
    assert.equal(readFileSync(path, 'utf8'), messy);
    assert.deepEqual(leftovers(), []);
    const renameFails = { ...nodeWriteOperations, rename: (): void => { throw Object.assign(new Error('rename refused'), { code: 'EXDEV' }); } };
    assert.throws(() => writeFileSafely(path, Buffer.from(tidy), renameFails), /rename refused/);
    assert.equal(readFileSync(path, 'utf8'), messy);
    assert.deepEqual(leftovers(), []);
  });

  it('keeps the file\'s permissions', () => {
    const path = join(folder, 'private.stamp');
    writeFileSync(path, messy);
    chmodSync(path, 0o640);
    const result = runStamp(['fmt', 'private.stamp'], { cwd: folder });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(path, 'utf8'), tidy);
    assert.equal(statSync(path).mode & 0o777, 0o640);
  });

  it('refuses a file that is not UTF-8, naming the byte, writes nothing, formats the other files and exits 2', () => {
    const latin1 = Buffer.concat([Buffer.from('// Caf'), Buffer.from([0xe9]), Buffer.from(' des serveurs\nhost   HV01 {\n    os 2012\n}\n')]);
    writeFileSync(join(folder, 'latin1.stamp'), latin1);
    writeFileSync(join(folder, 'other.stamp'), messy);
    const result = runStamp(['fmt', 'latin1.stamp', 'other.stamp'], { cwd: folder });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^stamp: latin1\.stamp:1:7: not formatted, left unchanged: Byte 6 \(0xE9\) is not valid UTF-8/m);
    assert.equal(result.stdout, 'formatted other.stamp\n');
    assert.deepEqual(readFileSync(join(folder, 'latin1.stamp')), latin1, 'not one byte changed');
    const check = runStamp(['fmt', '--check', 'latin1.stamp'], { cwd: folder });
    assert.equal(check.status, 2);
    assert.deepEqual(readFileSync(join(folder, 'latin1.stamp')), latin1);
  });

  it('keeps a byte-order mark and CRLF line endings', () => {
    const path = join(folder, 'windows.stamp');
    writeFileSync(path, `\ufeff${messy.replace(/\n/g, '\r\n')}`);
    const result = runStamp(['fmt', 'windows.stamp'], { cwd: folder });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(path, 'utf8'), `\ufeff${tidy.replace(/\n/g, '\r\n')}`);
    assert.equal(runStamp(['fmt', '--check', 'windows.stamp'], { cwd: folder }).status, 0, 'and is then formatted');
  });
});
