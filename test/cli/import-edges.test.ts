// `stamp import` and `stamp diff` in-process, at their edges: usage errors naming their help, inventories that are
// not files or hold several problems, the stamp name of an output without letters, outputs that exist, are replaced
// (keeping their permissions) or cannot be written (nothing is left behind), and drift reported in a file the design imports.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/paths.js';
import { runStampHere } from './run-cli.js';

const seed = join(repoRoot, 'test/import/inventories/hoster-seed003.json');
const usage = (command: string, message: string) => ({ status: 2, stdout: '', stderr: `stamp: ${message}\nRun \`stamp ${command} --help\` for usage.\n` });

describe('stamp import and diff at their edges', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-import-edges-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));
  /** A new empty folder under the scratch folder. */
  const fresh = (name: string): string => {
    const path = join(folder, name);
    mkdirSync(path, { recursive: true });
    return path;
  };

  it('names its own help in every usage error', async () => {
    assert.deepEqual(await runStampHere(['import', 'a.json', 'b.json']), usage('import', 'Name exactly one inventory file to import.'));
    assert.deepEqual(await runStampHere(['import', '--bogus', 'a.json']), usage('import', 'Unknown option `--bogus`.'));
    assert.deepEqual(await runStampHere(['import', '--split', seed]), usage('import', '--split writes several files: name the main one with -o.'));
    assert.deepEqual(await runStampHere(['import', seed, '-o', 'estate.txt']), usage('import', 'The output must be a .stamp file, not `estate.txt`.'));
    assert.deepEqual(await runStampHere(['diff', 'a.stamp']), usage('diff', 'Name a design (.stamp) and an inventory (.json).'));
    assert.deepEqual(await runStampHere(['diff', '--bogus', 'a.stamp', 'b.json']), usage('diff', 'Unknown option `--bogus`.'));
  });

  it('refuses an inventory that is a folder or missing, and lists every problem of a bad one on its own line', async () => {
    const here = fresh('inputs');
    mkdirSync(join(here, 'folder.json'));
    assert.deepEqual(await runStampHere(['import', 'folder.json'], { cwd: here }), { status: 2, stdout: '', stderr: 'stamp: folder.json: not a file.\n' });
    assert.deepEqual(await runStampHere(['import', 'absent.json'], { cwd: here }), { status: 2, stdout: '', stderr: 'stamp: absent.json: no such file or folder.\n' });
    writeFileSync(join(here, 'empty.json'), '[]');
    const empty = await runStampHere(['import', 'empty.json'], { cwd: here });
    assert.equal(empty.status, 2);
    assert.equal(empty.stdout, '');
    assert.equal(empty.stderr, 'stamp: empty.json: Expected a JSON object with a schemaVersion (the output of Get-StampInventory.ps1).\nstamp: empty.json: not imported; nothing was written.\n');
    const inventory = JSON.parse(readFileSync(seed, 'utf8').replace(/^\uFEFF/, ''));
    inventory.hosts[0].vms[0].MemoryStartup = '4GB';
    inventory.hosts[0].vms[1].MemoryStartup = '8GB';
    writeFileSync(join(here, 'two.json'), JSON.stringify(inventory));
    const two = await runStampHere(['import', 'two.json'], { cwd: here });
    assert.equal(two.status, 2);
    const lines = two.stderr.split('\n');
    assert.equal(lines.length, 4, two.stderr);
    assert.equal(lines[0], 'stamp: two.json: hosts[0].vms[0].MemoryStartup: Expected null or a whole number, found the string "4GB".');
    assert.equal(lines[1], 'stamp: two.json: hosts[0].vms[1].MemoryStartup: Expected null or a whole number, found the string "8GB".');
    assert.equal(lines[2], 'stamp: two.json: not imported; nothing was written.');
  });

  it('names the stamp `estate` when the output\'s name has no letter', async () => {
    const here = fresh('no-letters');
    const result = await runStampHere(['import', seed, '-o', '2024.stamp'], { cwd: here });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'wrote 2024.stamp\n');
    assert.match(readFileSync(join(here, '2024.stamp'), 'utf8'), /^stamp estate \{$/m);
  });

  it('names every output that exists, and writes none of them without --force', async () => {
    const here = fresh('existing');
    writeFileSync(join(here, 'main.stamp'), 'mine\n');
    writeFileSync(join(here, 'cluster1.stamp'), 'mine too\n');
    const result = await runStampHere(['import', seed, '-o', 'main.stamp', '--split'], { cwd: here });
    assert.deepEqual(result, { status: 2, stdout: '', stderr: 'stamp: main.stamp, cluster1.stamp: already exists; use --force to replace.\n' });
    assert.equal(readFileSync(join(here, 'main.stamp'), 'utf8'), 'mine\n');
    assert.deepEqual(readdirSync(here).sort(), ['cluster1.stamp', 'main.stamp']);
  });

  it('replaces outputs with --force keeping their permissions, without writing through a file at a temporary name', async () => {
    const here = fresh('forced');
    writeFileSync(join(here, 'main.stamp'), 'mine\n', { mode: 0o640 });
    chmodSync(join(here, 'main.stamp'), 0o640);
    // A link where the first version put its temporary file (the name of the output, this process's id, `.tmp`).
    const victim = join(folder, 'victim.txt');
    writeFileSync(victim, 'not to be written\n');
    symlinkSync(victim, join(here, `.main.stamp.${process.pid}.tmp`));
    const result = await runStampHere(['import', seed, '-o', 'main.stamp', '--split', '--force'], { cwd: here });
    assert.equal(result.status, 0, result.stderr);
    assert.match(readFileSync(join(here, 'main.stamp'), 'utf8'), /^stamp /m);
    assert.equal(statSync(join(here, 'main.stamp')).mode & 0o777, 0o640);
    assert.equal(readFileSync(victim, 'utf8'), 'not to be written\n');
    assert.deepEqual(readdirSync(here).filter((name) => name.endsWith('.tmp')), [`.main.stamp.${process.pid}.tmp`]);
  });

  it('writes no output, and leaves no temporary file, when a later output cannot be written', async () => {
    const here = fresh('later-output');
    // A cluster named so long that the temporary file of its output exceeds the file system's name limit, while the
    // main output (written first) succeeds.
    const inventory = readFileSync(seed, 'utf8').replace(/^\uFEFF/, '').replaceAll('CLUSTER1', `C${'L'.repeat(235)}`);
    writeFileSync(join(here, 'long.json'), inventory);
    const result = await runStampHere(['import', 'long.json', '-o', 'main.stamp', '--split'], { cwd: here });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^stamp: .*: cannot write: .*name too long/);
    assert.deepEqual(readdirSync(here), ['long.json']);
  });

  it('says which folder cannot be written, and leaves no temporary file', async () => {
    const here = fresh('unwritable');
    const result = await runStampHere(['import', seed, '-o', 'missing/estate.stamp'], { cwd: here });
    assert.deepEqual(result, { status: 2, stdout: '', stderr: 'stamp: missing: cannot write: no such file or folder.\n' });
    assert.deepEqual(readdirSync(here), []);
    // The working folder itself, or the one above it, is shown by its absolute path, not as an empty path or `..`.
    const gone = join(folder, 'gone');
    const inGone = await runStampHere(['import', seed, '-o', 'estate.stamp'], { cwd: gone });
    assert.deepEqual(inGone, { status: 2, stdout: '', stderr: `stamp: ${gone}: cannot write: no such file or folder.\n` });
    const above = await runStampHere(['import', seed, '-o', '../estate.stamp'], { cwd: join(gone, 'sub') });
    assert.deepEqual(above, { status: 2, stdout: '', stderr: `stamp: ${gone}: cannot write: no such file or folder.\n` });
    assert.equal(existsSync(gone), false);
  });

  it('reports drift in a file the design imports, with that file\'s lines', async () => {
    const here = fresh('split-design');
    const lines = readFileSync(join(repoRoot, 'examples/hoster-4-server.stamp'), 'utf8').split('\n');
    // The replications (the last three statements) in a file of their own, which the design imports.
    writeFileSync(join(here, 'design.stamp'), ['import "replications.stamp"', ...lines.slice(0, 128)].join('\n'));
    writeFileSync(join(here, 'replications.stamp'), `// Café: the replications.\n${lines.slice(128).join('\n')}`);
    const result = await runStampHere(['diff', 'design.stamp', join(repoRoot, 'examples/inventories/hoster-4-server-drift.json')], { cwd: here });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^replications\.stamp:3:31 warning DRIFT003 Replication of WEB2: frequency is 5m in the design and 30s in the estate\.\n {2}3 \| replication WEB2 to BACKUP1/m);
  });

  it('finds the file that imports the named design anywhere under the folder it runs in, as the editor does', async () => {
    const here = fresh('importer-elsewhere');
    const lines = readFileSync(join(repoRoot, 'examples/hoster-4-server.stamp'), 'utf8').split('\n');
    // The replications alone in a subfolder; the rest of the design, which imports them, in another one.
    mkdirSync(join(here, 'parts'));
    mkdirSync(join(here, 'main'));
    writeFileSync(join(here, 'main', 'design.stamp'), ['import "../parts/replications.stamp"', ...lines.slice(0, 128)].join('\n'));
    writeFileSync(join(here, 'parts', 'replications.stamp'), `// The replications.\n${lines.slice(128).join('\n')}`);
    const result = await runStampHere(['diff', 'parts/replications.stamp', join(repoRoot, 'examples/inventories/hoster-4-server-drift.json')], { cwd: here });
    assert.equal(result.status, 1, result.stderr);
    // Without the importer the replications name VMs that no file declares, and no replication is compared.
    assert.match(result.stdout, /^parts\/replications\.stamp:3:31 warning DRIFT003 Replication of WEB2: frequency is 5m in the design and 30s in the estate\./m);
    assert.match(result.stdout, /^main\/design\.stamp:\d+:\d+ warning DRIFT003 VM SQL2: memory is 12GB in the design and 16GB in the estate\./m);
  });
});
