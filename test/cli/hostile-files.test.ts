// The CLI against hostile files: FIFOs, huge and sparse files, bytes that are not UTF-8, deep nesting, imports outside .stamp.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inputsFolder, runStampHere } from './run-cli.js';

const good = 'host HV01 { os 2012R2 }\nhost HV02 { os 2012R2 }\ncluster C1 { kind hyperv; nodes HV01, HV02 }\n';

describe('stamp against hostile files', () => {
  let folder = '';
  const fresh = (name: string): string => {
    const path = join(folder, name);
    mkdirSync(path);
    writeFileSync(join(path, 'good.stamp'), good);
    return path;
  };
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-hostile-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('never opens a FIFO beside a file or in a checked folder, and refuses to import one (IMP001)', async () => {
    const here = fresh('fifo');
    execFileSync('mkfifo', [join(here, 'pipe.stamp')]);
    const render = await runStampHere(['render', 'good.stamp', '-o', 'out.svg'], { cwd: here });
    assert.equal(render.status, 0, `render finished: ${render.stderr}`);
    const simulate = await runStampHere(['simulate', 'good.stamp'], { cwd: here });
    assert.equal(simulate.status, 0, `simulate finished: ${simulate.stderr}`);
    const check = await runStampHere(['check', '.'], { cwd: here });
    assert.equal(check.stderr, 'stamp: skipped pipe.stamp: a FIFO (named pipe), not a regular file.\n');
    assert.match(check.stdout, /in 1 file$/m);
    writeFileSync(join(here, 'importer.stamp'), 'import "pipe.stamp"\n');
    const imported = await runStampHere(['check', 'importer.stamp'], { cwd: here });
    assert.equal(imported.status, 1);
    assert.match(imported.stdout, /^importer\.stamp:1:8 error IMP001 Cannot import `pipe\.stamp`: a FIFO \(named pipe\), not a regular file\.$/m);
    const named = await runStampHere(['check', 'pipe.stamp', 'good.stamp'], { cwd: here });
    assert.equal(named.stderr, 'stamp: skipped pipe.stamp: a FIFO (named pipe), not a regular file.\n');
    assert.equal(named.status, 0);
  });

  it('refuses `import "/etc/passwd"` with IMP001, as the editor does', async () => {
    const here = fresh('passwd');
    writeFileSync(join(here, 'main.stamp'), 'import "/etc/passwd"\nimport "../passwd/notes.txt"\n');
    writeFileSync(join(here, 'notes.txt'), 'host SECRET { os 2012 }\n');
    const result = await runStampHere(['check', 'main.stamp'], { cwd: here });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^main\.stamp:1:8 error IMP001 Cannot import `\/etc\/passwd`: only `\.stamp` files can be imported\.$/m);
    assert.match(result.stdout, /^main\.stamp:2:8 error IMP001 Cannot import `\.\.\/passwd\/notes\.txt`: only `\.stamp` files can be imported\.$/m);
    assert.doesNotMatch(result.stdout, /SECRET|root/);
  });

  it('gives a file above the size limit one FILE001 diagnostic, without reading it, and checks the others', async () => {
    const here = fresh('large');
    writeFileSync(join(here, 'big.stamp'), `${'host HV99 { os 2012 }\n'.repeat(200)}`);
    const limited = await runStampHere(['check', '.', '--max-file-size', '0.001', '--format', 'json'], { cwd: here });
    const report = JSON.parse(limited.stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string; message: string }> }> };
    const big = report.files.find((file) => file.path === 'big.stamp')!;
    assert.deepEqual(big.diagnostics.map((diagnostic) => diagnostic.code), ['FILE001']);
    assert.match(big.diagnostics[0].message, /^This file is too large to analyse: 4.3 KB; limit 1 KB/);
    // A sparse 1 GiB file: refused from its size alone (reading it would take seconds and a gigabyte).
    truncateSync(join(here, 'big.stamp'), 1024 ** 3);
    const started = Date.now();
    const sparse = await runStampHere(['check', '.'], { cwd: here });
    assert.ok(Date.now() - started < 20_000, 'answered without reading the gigabyte');
    assert.match(sparse.stdout, /^big\.stamp:1:1 error FILE001 This file is too large to analyse: 1024 MB; limit 5 MB/m);
    assert.match(sparse.stdout, /in 2 files$/m);
    assert.equal((await runStampHere(['check', '.', '--max-file-size', 'lots'], { cwd: here })).status, 2);
  });

  it('gives a file that is not UTF-8 one FILE002 diagnostic at the bad byte', async () => {
    const here = fresh('latin1');
    writeFileSync(join(here, 'latin1.stamp'), Buffer.concat([Buffer.from('host HV03 { os 2012 }\n// Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const result = await runStampHere(['check', '.'], { cwd: here });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^latin1\.stamp:2:7 error FILE002 Byte 28 \(0xE9\) is not valid UTF-8/m);
    assert.equal(result.stdout.match(/^latin1\.stamp:/gm)?.length, 1, 'one diagnostic for the file');
  });

  it('a file nested thousands of levels deep is its own SYN010; render and simulate of the good file beside it succeed', async () => {
    const here = fresh('deep');
    writeFileSync(join(here, 'deep.stamp'), `host DEEP {\n${'group {\n'.repeat(5000)}${'}\n'.repeat(5000)}}\n`);
    assert.equal((await runStampHere(['render', 'good.stamp', '-o', 'out.svg'], { cwd: here })).status, 0);
    assert.equal((await runStampHere(['simulate', 'good.stamp'], { cwd: here })).status, 0);
    const check = await runStampHere(['check', '.'], { cwd: here });
    assert.match(check.stdout, /^deep\.stamp:65:7 error SYN010 Blocks are nested more than 64 levels deep here/m);
    assert.match(check.stdout, /in 2 files$/m);
  });

  it('--max-warnings -1 means no limit', async () => {
    const here = fresh('warnings');
    copyFileSync(join(inputsFolder, 'warnings', 'warnings.stamp'), join(here, 'warnings.stamp'));
    const result = await runStampHere(['check', 'warnings.stamp', '--max-warnings', '-1'], { cwd: here });
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /warning/);
    const zero = await runStampHere(['check', 'warnings.stamp', '--max-warnings', '0'], { cwd: here });
    assert.equal(zero.status, 1);
    const negative = await runStampHere(['check', 'warnings.stamp', '--max-warnings', '-2'], { cwd: here });
    assert.equal(negative.status, 2);
    assert.match(negative.stderr, /--max-warnings must be a whole number of 0 or more \(or -1 for no limit\), not `-2`/);
  });
});

describe('stamp check human output on long lines', () => {
  it('shows a window around the column, so the output grows with the findings, not with findings × line length', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stamp-longline-'));
    try {
      const count = 2000;
      const line = `host A ${'@ '.repeat(count)}`;
      writeFileSync(join(folder, 'long.stamp'), `${line}\n`);
      const result = await runStampHere(['check', 'long.stamp'], { cwd: folder });
      assert.equal(result.status, 1);
      const headings = result.stdout.match(/^long\.stamp:1:\d+ error SYN001 /gm) ?? [];
      assert.equal(headings.length, count);
      assert.ok(result.stdout.length < count * 400, `output is ${result.stdout.length} bytes for a ${line.length}-character line`);
      const longest = Math.max(...result.stdout.split('\n').map((text) => text.length));
      assert.ok(longest <= 160, `longest output line ${longest}`);
      // The 1,000th `@` is at column 7 + 2 × 999 + 1: the window starts 40 columns before it, after an ellipsis.
      const column = 7 + 2 * 999 + 1;
      const block = result.stdout.split('\n\n').find((text) => text.startsWith(`long.stamp:1:${column} `))!;
      const [, frame, carets] = block.split('\n');
      assert.equal(frame, `  1 | …${line.slice(column - 1 - 40, column - 1 - 40 + 120)}…`);
      assert.equal(carets, `    | ${' '.repeat(41)}^`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('stamp check SARIF output for refused files', () => {
  it('names FILE001 and FILE002 for what they are, not as internal errors', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stamp-sarif-refused-'));
    try {
      writeFileSync(join(folder, 'latin1.stamp'), Buffer.concat([Buffer.from('// Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
      writeFileSync(join(folder, 'big.stamp'), 'host BIG { os 2012 }\n'.repeat(100));
      const result = await runStampHere(['check', '.', '--format', 'sarif', '--max-file-size', '0.001'], { cwd: folder });
      const sarif = JSON.parse(result.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; name: string; shortDescription: { text: string } }> } } }> };
      const rules = new Map(sarif.runs[0].tool.driver.rules.map((rule) => [rule.id, rule]));
      assert.equal(rules.get('FILE001')?.name, 'FileTooLarge');
      assert.equal(rules.get('FILE002')?.name, 'NotUtf8');
      assert.match(rules.get('FILE002')?.shortDescription.text ?? '', /not valid UTF-8/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
