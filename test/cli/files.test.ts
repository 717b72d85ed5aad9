// Which files the CLI takes from its arguments and how it prints their paths: sorted, dot-files included, files
// outside the working folder shown by their absolute path.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runStampHere } from './run-cli.js';

const messy = 'host   HV01 {\n    os 2012\n}\n';

describe('the files the CLI takes', () => {
  let root = '';
  let here = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'stamp-files-'));
    here = join(root, 'here');
    mkdirSync(join(here, '.drafts'), { recursive: true });
    mkdirSync(join(root, 'other'));
    writeFileSync(join(here, 'b.stamp'), messy);
    writeFileSync(join(here, 'a.stamp'), messy);
    writeFileSync(join(here, '.drafts', 'draft.stamp'), messy);
    writeFileSync(join(here, '.hidden.stamp'), messy);
    writeFileSync(join(root, 'other', 'elsewhere.stamp'), messy);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('takes the files in path order, once each, dot-files included and dot-folders skipped', async () => {
    const result = await runStampHere(['fmt', '--check', 'b.stamp', '.', 'a.stamp'], { cwd: here });
    assert.equal(result.stdout, '.hidden.stamp\na.stamp\nb.stamp\n');
    assert.equal(result.stderr, '3 files are not formatted; run `stamp fmt` to format them.\n');
  });

  it('reports a folder it cannot read (here: a path too long for the system) and exits 2', async () => {
    const deep = join(root, 'deep');
    mkdirSync(join(deep, 'a'), { recursive: true });
    let folder = join(deep, 'a');
    while (folder.length < 3900) {
      folder = join(folder, 'd'.repeat(200));
      mkdirSync(folder);
    }
    writeFileSync(join(folder, 'design.stamp'), messy);
    // Renamed from `a`, the top folder makes every path below it longer than the system reads.
    renameSync(join(deep, 'a'), join(deep, 'b'.repeat(250)));
    try {
      const result = await runStampHere(['fmt', '--check', 'deep'], { cwd: root });
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^stamp: \/\S+: ENAMETOOLONG: name too long, scandir '\/\S+'\.\n$/);
    } finally {
      renameSync(join(deep, 'b'.repeat(250)), join(deep, 'a'));
    }
  });

  it('skips a link to nothing found in a folder, saying so, and exits 2', async () => {
    const links = join(root, 'links');
    mkdirSync(links);
    symlinkSync(join(links, 'nowhere.stamp'), join(links, 'ghost.stamp'));
    writeFileSync(join(links, 'real.stamp'), messy);
    const result = await runStampHere(['fmt', '--check', 'links'], { cwd: root });
    assert.deepEqual(result, { status: 2, stdout: 'links/real.stamp\n', stderr: 'stamp: links/ghost.stamp: a symbolic link to nothing.\n1 file is not formatted; run `stamp fmt` to format it.\n' });
  });

  it('shows a file outside the working folder by its absolute path, however it was named', async () => {
    const absolute = join(root, 'other', 'elsewhere.stamp');
    assert.equal((await runStampHere(['fmt', '--check', '../other/elsewhere.stamp'], { cwd: here })).stdout, `${absolute}\n`);
    assert.equal((await runStampHere(['fmt', '--check', absolute], { cwd: here })).stdout, `${absolute}\n`);
    assert.equal((await runStampHere(['fmt', '--check', 'other/elsewhere.stamp'], { cwd: root })).stdout, 'other/elsewhere.stamp\n');
  });
});
