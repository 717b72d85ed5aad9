// "Import Inventory…" writes through `writeAllOrNothing`: what is on disk after a write that succeeds, one that fails
// half-way, and one whose temporary name is already taken (by a user's file, or a link an attacker planted).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { type FileOperations, randomTag, writeAllOrNothing } from '../client/src/write-files.js';

/** A folder in memory, with paths for addresses; `failWrite`/`failRename` make the named operation throw. */
function memoryFolder(initial: Record<string, string>, failures: { write?: (path: string) => boolean; rename?: (path: string) => boolean } = {}) {
  const files = new Map(Object.entries(initial));
  const log: string[] = [];
  const operations: FileOperations<string> = {
    exists: async (path) => files.has(path),
    write: async (path, bytes) => {
      log.push(`write ${path}`);
      if (failures.write?.(path)) throw new Error(`disk full writing ${path}`);
      files.set(path, new TextDecoder().decode(bytes));
    },
    rename: async (from, to) => {
      log.push(`rename ${from} ${to}`);
      if (failures.rename?.(to)) throw new Error(`cannot replace ${to}`);
      files.set(to, files.get(from) ?? '');
      files.delete(from);
    },
    remove: async (path) => {
      log.push(`remove ${path}`);
      files.delete(path);
    },
    beside: (path, name) => `${path.slice(0, path.lastIndexOf('/') + 1)}${name}`,
    baseName: (path) => path.slice(path.lastIndexOf('/') + 1),
  };
  return { files, log, operations, contents: () => Object.fromEntries([...files].sort()) };
}

/** Tags handed out in order, so a test knows the temporary names the write will try. */
function tags(...values: string[]): () => string {
  let next = 0;
  return () => values[next++] ?? `spare${next}`;
}

test('the new text replaces the design and nothing else is left in the folder', async () => {
  const folder = memoryFolder({ '/d/estate.stamp': 'old design', '/d/notes.txt': 'notes' });
  const written = await writeAllOrNothing(folder.operations, [{ uri: '/d/estate.stamp', text: 'imported' }], tags('a1'));
  assert.deepEqual(written, ['/d/estate.stamp']);
  assert.deepEqual(folder.contents(), { '/d/estate.stamp': 'imported', '/d/notes.txt': 'notes' });
  assert.deepEqual(folder.log, ['write /d/.estate.stamp.a1.tmp', 'rename /d/.estate.stamp.a1.tmp /d/estate.stamp']);
});

test('bytes (an exported PNG) are written as given, through a temporary name too', async () => {
  const folder = memoryFolder({ '/d/lab.topology.png': 'old picture' });
  const written: Uint8Array[] = [];
  const write = folder.operations.write;
  folder.operations.write = async (path, bytes) => {
    written.push(bytes);
    return write(path, bytes);
  };
  // The PNG signature: 0x89 is not UTF-8 on its own, so encoding it as text would change the bytes.
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await writeAllOrNothing(folder.operations, [{ uri: '/d/lab.topology.png', bytes: png }], tags('c3'));
  assert.deepEqual(written, [png]);
  assert.deepEqual(folder.log, ['write /d/.lab.topology.png.c3.tmp', 'rename /d/.lab.topology.png.c3.tmp /d/lab.topology.png']);
});

test('a file already at the temporary name is neither written nor removed: another name is used', async () => {
  // The user's own file, or a link planted at a name the old code chose predictably.
  const folder = memoryFolder({ '/d/.estate.stamp.a1.tmp': 'somebody else\'s file' });
  await writeAllOrNothing(folder.operations, [{ uri: '/d/estate.stamp', text: 'imported' }], tags('a1', 'b2'));
  assert.deepEqual(folder.contents(), { '/d/.estate.stamp.a1.tmp': 'somebody else\'s file', '/d/estate.stamp': 'imported' });
  assert.ok(!folder.log.some((entry) => entry.includes('.a1.tmp')), folder.log.join('\n'));
});

test('a failed write leaves every target as it was and removes only the temporaries it made', async () => {
  const folder = memoryFolder(
    { '/d/main.stamp': 'old main', '/d/hosts.stamp': 'old hosts', '/d/.hosts.stamp.b2.tmp': 'not ours' },
    { write: (path) => path.includes('hosts') },
  );
  await assert.rejects(
    writeAllOrNothing(folder.operations, [{ uri: '/d/main.stamp', text: 'new main' }, { uri: '/d/hosts.stamp', text: 'new hosts' }], tags('a1', 'b2', 'c3')),
    /disk full writing \/d\/\.hosts\.stamp\.c3\.tmp/,
  );
  assert.deepEqual(folder.contents(), { '/d/.hosts.stamp.b2.tmp': 'not ours', '/d/hosts.stamp': 'old hosts', '/d/main.stamp': 'old main' });
});

test('a failed rename leaves no temporary behind', async () => {
  const folder = memoryFolder({ '/d/main.stamp': 'old main', '/d/hosts.stamp': 'old hosts' }, { rename: (path) => path === '/d/hosts.stamp' });
  await assert.rejects(
    writeAllOrNothing(folder.operations, [{ uri: '/d/main.stamp', text: 'new main' }, { uri: '/d/hosts.stamp', text: 'new hosts' }], tags('a1', 'b2')),
    /cannot replace \/d\/hosts\.stamp/,
  );
  assert.deepEqual(folder.contents(), { '/d/hosts.stamp': 'old hosts', '/d/main.stamp': 'new main' });
});

test('when every name tried is taken the write stops before touching anything', async () => {
  const taken = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`/d/.estate.stamp.t${index}.tmp`, 'taken']));
  const folder = memoryFolder({ ...taken, '/d/estate.stamp': 'old design' });
  await assert.rejects(
    writeAllOrNothing(folder.operations, [{ uri: '/d/estate.stamp', text: 'imported' }], tags(...Object.keys(taken).map((path) => path.split('.')[3]))),
    /no unused temporary name beside estate\.stamp/,
  );
  assert.deepEqual(folder.contents(), { ...taken, '/d/estate.stamp': 'old design' });
  assert.deepEqual(folder.log, []);
});

test('temporary names are random, not derived from the clock', () => {
  const seen = new Set(Array.from({ length: 50 }, () => randomTag()));
  assert.equal(seen.size, 50);
  for (const tag of seen) assert.match(tag, /^[0-9a-f]{16}$/);
});
