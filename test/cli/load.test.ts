// How the CLI reads a stamp from disk (cli/src/load.ts), as a user sees it: why a named file cannot be read (nothing
// there, a dangling link, a loop of links, a path through a file, a FIFO), the empty code frame of a file refused for
// its size, and the files connected by imports reported together.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runStampHere } from './run-cli.js';

describe('a stamp file that cannot be read', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-load-'));
    writeFileSync(join(folder, 'ok.stamp'), 'host A { os 2019 }\n');
    symlinkSync('nothere.stamp', join(folder, 'dangling.stamp'));
    symlinkSync('loop2.stamp', join(folder, 'loop1.stamp'));
    symlinkSync('loop1.stamp', join(folder, 'loop2.stamp'));
    execFileSync('mkfifo', [join(folder, 'pipe.stamp')]);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('says why, in the user\'s terms, and exits 2', async () => {
    const cases: Array<[string, string]> = [
      ['nothere.stamp', 'no such file or folder'],
      ['dangling.stamp', 'a symbolic link to nothing'],
      ['loop1.stamp', 'a loop of symbolic links'],
      ['pipe.stamp', 'a FIFO (named pipe), not a regular file'],
      // Any other reason is the system's own message.
      ['ok.stamp/x.stamp', `ENOTDIR: not a directory, stat '${join(folder, 'ok.stamp', 'x.stamp')}'`],
    ];
    for (const [name, reason] of cases) {
      for (const command of ['simulate', 'diff']) {
        const args = command === 'diff' ? [command, name, 'inventory.json'] : [command, name];
        const result = await runStampHere(args, { cwd: folder });
        assert.deepEqual([result.status, result.stdout, result.stderr], [2, '', `stamp: ${name}: ${reason}.\n`], args.join(' '));
      }
    }
  });
});

describe('files read for a check', () => {
  it('shows a file refused for its size with an empty first line, not its text', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stamp-load-size-'));
    try {
      writeFileSync(join(folder, 'big.stamp'), `host A { os 2019 }\n${'// filler\n'.repeat(300)}`);
      const result = await runStampHere(['check', 'big.stamp', '--max-file-size', '0.001'], { cwd: folder });
      assert.equal(result.status, 1);
      const [heading, frame, carets] = result.stdout.split('\n');
      assert.match(heading, /^big\.stamp:1:1 error FILE001 /);
      assert.deepEqual([frame, carets], ['  1 | ', '    | ^']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reports each named file of one stamp with its own findings, also a file only reached through an import', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stamp-load-imports-'));
    try {
      mkdirSync(join(folder, 'parts'));
      writeFileSync(join(folder, 'main.stamp'), 'import "parts/hosts.stamp"\nvm APP1 on HV01 { memory 4GB }\nvm APP1 on HV01 { memory 4GB }\n');
      writeFileSync(join(folder, 'parts', 'hosts.stamp'), 'host HV01 {\n  os 2012\n  os 2019\n}\n');
      const result = await runStampHere(['check', 'main.stamp', 'parts/hosts.stamp', '--format', 'json'], { cwd: folder });
      const report = JSON.parse(result.stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string; range: { start: { line: number } } }> }> };
      assert.deepEqual(
        report.files.map((file) => `${file.path}: ${file.diagnostics.map((diagnostic) => `${diagnostic.range.start.line} ${diagnostic.code}`).join(', ')}`),
        ['main.stamp: 3 SCH005', 'parts/hosts.stamp: 3 SCH007'],
      );
      // Named alone, the imported file is still analysed with its importer (a VM that runs on it is known there).
      const alone = await runStampHere(['check', 'parts/hosts.stamp', '--format', 'json'], { cwd: folder });
      assert.deepEqual(JSON.parse(alone.stdout).files.map((file: { path: string }) => file.path), ['parts/hosts.stamp']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
