// The server's disk cache reads a file only when its size or time changed, never a file above the limit or a FIFO;
// and an analysis that fails still answers, with an internal-error diagnostic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiskStampFiles } from '../server/src/analysis/disk-files.js';
import type { FileStat, StampFileSystem } from '../server/src/analysis/file-system.js';
import { emptyConfig } from '../server/src/analysis/config.js';
import { StampWorkspace } from '../server/src/analysis/workspace.js';

/** A file system in memory that counts the bytes it is asked to read. */
class CountingFileSystem implements StampFileSystem {
  readonly files = new Map<string, { stat: FileStat; text: string }>();
  readonly reads: string[] = [];
  failLocate = false;

  readText(uri: string): string | undefined {
    this.reads.push(uri);
    return this.files.get(uri)?.text;
  }
  readBytes(uri: string, maxBytes: number): Uint8Array | undefined {
    this.reads.push(uri);
    const file = this.files.get(uri);
    return file && file.stat.kind === 'file' ? Buffer.from(file.text).subarray(0, maxBytes) : undefined;
  }
  stat(uri: string): FileStat | undefined {
    return this.files.get(uri)?.stat;
  }
  readFolder(): [] {
    return [];
  }
  locate(uri: string): { folderUri: string; key: string; folderKey: string } | undefined {
    if (this.failLocate) throw new Error('the file system fell over');
    return { folderUri: uri.slice(0, uri.lastIndexOf('/')), key: uri, folderKey: uri.slice(0, uri.lastIndexOf('/')) };
  }
}

test('a file is read again only when its size or modification time changed; a huge file or a FIFO is never read', () => {
  const fileSystem = new CountingFileSystem();
  const disk = new DiskStampFiles(fileSystem);
  fileSystem.files.set('file:///w/a.stamp', { stat: { kind: 'file', size: 22, mtimeMs: 1 }, text: 'host A { os 2012 }\n   ' });
  fileSystem.files.set('file:///w/huge.stamp', { stat: { kind: 'file', size: 1024 ** 3, mtimeMs: 1 }, text: '' });
  fileSystem.files.set('file:///w/pipe.stamp', { stat: { kind: 'other', size: 0, mtimeMs: 1, what: 'a FIFO (named pipe)' }, text: '' });
  for (let keystroke = 0; keystroke < 5; keystroke++) {
    assert.equal(disk.text('file:///w/a.stamp'), 'host A { os 2012 }\n   ');
    assert.equal(disk.text('file:///w/huge.stamp'), undefined);
    assert.equal(disk.text('file:///w/pipe.stamp'), undefined);
  }
  assert.deepEqual(fileSystem.reads, ['file:///w/a.stamp'], 'one read in five analyses, none of the huge file or the FIFO');
  assert.equal(disk.refusal('file:///w/huge.stamp')?.code, 'FILE001');
  assert.match(disk.refusal('file:///w/huge.stamp')?.message ?? '', /too large to analyse: 1024 MB; limit 5 MB/);
  assert.equal(disk.refusal('file:///w/pipe.stamp')?.reason, 'a FIFO (named pipe), not a regular file');
  fileSystem.files.get('file:///w/a.stamp')!.stat.mtimeMs = 2;
  disk.text('file:///w/a.stamp');
  assert.equal(fileSystem.reads.length, 2, 'read again after a change');
});

test('an analysis that fails still gives the current version diagnostics: one INTERNAL, plus the file analysed alone', () => {
  const fileSystem = new CountingFileSystem();
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  const logged: string[] = [];
  workspace.onInternalError = (what, error) => logged.push(`${what}: ${(error as Error).message}`);
  workspace.open('file:///w/doc.stamp', 'host A { os 2012 }\nhost A { os 2012 }\n', 1);
  fileSystem.failLocate = true;
  const diagnosed = workspace.diagnosisOf('file:///w/doc.stamp');
  assert.ok(diagnosed);
  assert.deepEqual(diagnosed.own.map((diagnostic) => diagnostic.code).sort(), ['INTERNAL', 'SCH005']);
  assert.match(diagnosed.own.find((diagnostic) => diagnostic.code === 'INTERNAL')!.message, /internal error: the file system fell over\); it is analysed alone\. Details are in the Stamp output channel\./);
  assert.deepEqual(logged, ['Analysing the stamp of file:///w/doc.stamp v1 failed: the file system fell over']);
});
