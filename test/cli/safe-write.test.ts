// The safe write of `stamp fmt` and `stamp render`: whatever fails part-way, the user's file keeps its bytes and its
// permissions, no temporary file is left beside it and no file handle stays open; what succeeds writes every byte.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runFmtCommand } from '../../cli/src/fmt.js';
import { nodeWriteOperations, writeFileSafely, type WriteOperations } from '../../cli/src/safe-write.js';

const oldBytes = Buffer.from('host HV01 { os 2012 }\n', 'utf8');
const newBytes = Buffer.from('// Café ✓: the new content, longer than the old one.\nhost HV01 {\n  os 2012\n}\n', 'utf8');

/** The node operations, recording which file handles are open, with some of them replaced. */
function tracked(replace: Partial<WriteOperations> = {}): { operations: WriteOperations; open: Set<number> } {
  const open = new Set<number>();
  const operations: WriteOperations = {
    ...nodeWriteOperations,
    ...replace,
    open: (path, flags, mode) => {
      const fd = nodeWriteOperations.open(path, flags, mode);
      open.add(fd);
      return fd;
    },
    close: (fd) => {
      open.delete(fd);
      (replace.close ?? nodeWriteOperations.close)(fd);
    },
  };
  return { operations, open };
}

const failure = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('writeFileSafely', () => {
  let folder = '';
  let count = 0;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-safe-write-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));
  /** A new folder holding one file with the old bytes, mode 0640. */
  const userFile = (): { path: string; inFolder: () => string[] } => {
    const sub = join(folder, `case${count++}`);
    mkdirSync(sub);
    const path = join(sub, 'design.stamp');
    writeFileSync(path, oldBytes);
    chmodSync(path, 0o640);
    return { path, inFolder: () => readdirSync(sub).sort() };
  };
  const assertUntouched = (path: string, inFolder: () => string[]): void => {
    assert.deepEqual(readFileSync(path), oldBytes, 'the user\'s file keeps its bytes');
    assert.equal(statSync(path).mode & 0o777, 0o640, 'and its permissions');
    assert.deepEqual(inFolder(), ['design.stamp'], 'no temporary file is left beside it');
  };

  it('replaces a file with every byte, keeping its permissions, and leaves nothing else', () => {
    const { path, inFolder } = userFile();
    const { operations, open } = tracked();
    writeFileSafely(path, newBytes, operations);
    assert.deepEqual(readFileSync(path), newBytes);
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(inFolder(), ['design.stamp']);
    assert.deepEqual([...open], [], 'no file handle left open');
  });

  it('gives a new file the permissions of any new file of the user (the umask applies)', () => {
    const reference = join(folder, 'reference.txt');
    writeFileSync(reference, 'x');
    const path = join(folder, 'new.svg');
    writeFileSafely(path, newBytes);
    assert.deepEqual(readFileSync(path), newBytes);
    assert.equal((statSync(path).mode & 0o777).toString(8), (statSync(reference).mode & 0o777).toString(8));
  });

  it('writes every byte to a disk that takes them a few at a time', () => {
    const { path } = userFile();
    let calls = 0;
    const { operations } = tracked({
      // The first write takes 5 bytes, the next ones all they are asked for.
      write: (fd, data, offset, length) => nodeWriteOperations.write(fd, data, offset, calls++ === 0 ? Math.min(length, 5) : length),
    });
    writeFileSafely(path, newBytes, operations);
    assert.deepEqual(readFileSync(path), newBytes);
    assert.equal(calls, 2);
  });

  it('leaves the file as it was when a write fails after some bytes', () => {
    const { path, inFolder } = userFile();
    let calls = 0;
    const { operations, open } = tracked({
      write: (fd, data, offset, length) => {
        if (calls++ > 0) throw failure('no space left on device', 'ENOSPC');
        return nodeWriteOperations.write(fd, data, offset, Math.min(length, 10));
      },
    });
    assert.throws(() => writeFileSafely(path, newBytes, operations), /no space left on device/);
    assertUntouched(path, inFolder);
    assert.deepEqual([...open], [], 'the temporary file was closed');
  });

  it('stops and leaves the file as it was when the disk accepts no more bytes', () => {
    const { path, inFolder } = userFile();
    const { operations, open } = tracked({ write: () => 0 });
    assert.throws(() => writeFileSafely(path, newBytes, operations), /^Error: the disk accepted no more bytes$/);
    assertUntouched(path, inFolder);
    assert.deepEqual([...open], []);
  });

  it('leaves the file as it was when flushing to the disk fails', () => {
    const { path, inFolder } = userFile();
    const { operations, open } = tracked({ fsync: () => { throw failure('i/o error', 'EIO'); } });
    assert.throws(() => writeFileSafely(path, newBytes, operations), /i\/o error/);
    assertUntouched(path, inFolder);
    assert.deepEqual([...open], []);
  });

  it('leaves the file as it was when closing reports a failed write (as network file systems do)', () => {
    const { path, inFolder } = userFile();
    const { operations, open } = tracked({
      close: (fd) => {
        nodeWriteOperations.close(fd);
        throw failure('i/o error on close', 'EIO');
      },
    });
    assert.throws(() => writeFileSafely(path, newBytes, operations), /i\/o error on close/);
    assertUntouched(path, inFolder);
    assert.deepEqual([...open], []);
  });

  it('leaves the file as it was when the rename fails', () => {
    const { path, inFolder } = userFile();
    const { operations, open } = tracked({ rename: () => { throw failure('rename refused', 'EXDEV'); } });
    assert.throws(() => writeFileSafely(path, newBytes, operations), /rename refused/);
    assertUntouched(path, inFolder);
    assert.deepEqual([...open], []);
  });

  it('stamp fmt reports the failed write with its reason, formats the other files and exits 2', () => {
    const sub = join(folder, 'fmt');
    mkdirSync(sub);
    const messy = 'host   HV01 {\n    os 2012\n}\n';
    writeFileSync(join(sub, 'a.stamp'), messy);
    writeFileSync(join(sub, 'b.stamp'), messy);
    let stdout = '';
    let stderr = '';
    const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), cwd: sub, color: false };
    let calls = 0;
    // The first file's write gets nowhere; the second file's goes through.
    const { operations } = tracked({ write: (fd, data, offset, length) => (calls++ === 0 ? 0 : nodeWriteOperations.write(fd, data, offset, length)) });
    assert.equal(runFmtCommand(['.'], io, operations), 2);
    assert.equal(stderr, 'stamp: a.stamp: cannot write, the file is unchanged: the disk accepted no more bytes.\n');
    assert.equal(stdout, 'formatted b.stamp\n');
    assert.equal(readFileSync(join(sub, 'a.stamp'), 'utf8'), messy);
    assert.equal(readFileSync(join(sub, 'b.stamp'), 'utf8'), 'host HV01 {\n  os 2012\n}\n');
    assert.deepEqual(readdirSync(sub).sort(), ['a.stamp', 'b.stamp']);
  });
});
