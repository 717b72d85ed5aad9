// `stamp check`: golden outputs in every format, exit codes, configuration, folders, imports and colours.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../support/paths.js';
import { assertGolden, inputsFolder, normalizeReport, normalizeText, packageVersion, runStampHere } from './run-cli.js';

const example = 'examples/hypervnu-lab.stamp';
const problems = 'test/cli-inputs/problems';

describe('stamp check output', () => {
  it('reports the example with the two NLB005 infos, in the human format, and exits 0', async () => {
    const result = await runStampHere(['check', example]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout.match(/^examples\/hypervnu-lab\.stamp:\d+:1 info NLB005 /gm)?.length, 2);
    assert.match(result.stdout, /^0 errors, \d+ warnings?, 2 infos in 1 file\n$/m);
    assertGolden('example.human.txt', normalizeText(result.stdout));
  });

  it('reports the example as JSON and as SARIF', async () => {
    const json = await runStampHere(['check', example, '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    assertGolden('example.json', normalizeReport(json.stdout));
    const sarif = await runStampHere(['check', example, '--format', 'sarif']);
    assert.equal(sarif.status, 0, sarif.stderr);
    assertGolden('example.sarif', normalizeReport(sarif.stdout));
  });

  it('reports syntax, schema and rule problems with code frames and exits 1', async () => {
    const result = await runStampHere(['check', problems]);
    assert.equal(result.status, 1, result.stderr);
    // The first line of each problem is `path:line:col severity CODE message`, then the line and a caret underline.
    assert.match(result.stdout, /^test\/cli-inputs\/problems\/problems\.stamp:\d+:\d+ error SYN001 Unexpected `@`/m);
    assert.match(result.stdout, /^ {2}\d+ \| {3}colour blue\n {2} + \| {3}\^{6}$/m);
    assertGolden('problems.human.txt', normalizeText(result.stdout));
  });

  it('reports the problems as JSON with 1-based ranges, fixes and a summary, and as SARIF', async () => {
    const json = await runStampHere(['check', problems, '--format', 'json']);
    assert.equal(json.status, 1, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.equal(report.version, 1);
    const syntaxError = report.files[0].diagnostics.find((diagnostic: { code: string }) => diagnostic.code === 'SYN001');
    assert.ok(syntaxError, 'the syntax error is in the JSON report');
    assert.deepEqual(syntaxError.range, { start: { line: 29, column: 11 }, end: { line: 29, column: 12 } });
    assert.equal(report.summary.errors, report.files[0].diagnostics.filter((diagnostic: { severity: string }) => diagnostic.severity === 'error').length);
    assertGolden('problems.json', normalizeReport(json.stdout));
    const sarif = await runStampHere(['check', problems, '--format', 'sarif']);
    assert.equal(sarif.status, 1, sarif.stderr);
    assertGolden('problems.sarif', normalizeReport(sarif.stdout));
  });
});

describe('stamp check exit codes', () => {
  it('exits 0 on warnings by default, and 1 when they are more than --max-warnings', async () => {
    const relaxed = await runStampHere(['check', 'test/cli-inputs/warnings']);
    assert.equal(relaxed.status, 0);
    assert.match(relaxed.stdout, /warning SCH007/);
    assert.match(relaxed.stdout, /0 errors, 1 warning, 0 infos in 1 file/);
    assert.equal((await runStampHere(['check', 'test/cli-inputs/warnings', '--max-warnings', '1'])).status, 0);
    const strict = await runStampHere(['check', 'test/cli-inputs/warnings', '--max-warnings', '0']);
    assert.equal(strict.status, 1);
    assert.equal(strict.stderr, 'stamp: too many warnings: 1, more than --max-warnings 0.\n');
    assert.equal((await runStampHere(['check', 'test/cli-inputs/warnings', '--max-warnings', '0', '--format', 'json'])).status, 1);
  });

  it('never fails on infos alone', async () => {
    const result = await runStampHere(['check', 'test/cli-inputs/config-off', '--config', 'test/cli-inputs/no-rules.json', '--max-warnings', '0']);
    assert.match(result.stdout, /^0 errors, 0 warnings, 1 info in 1 file\n$/m);
    assert.equal(result.status, 0);
  });

  for (const [what, args, message] of [
    ['an unknown option', ['check', example, '--colour'], /Unknown option `--colour`/],
    ['an unknown command', ['chek', example], /Unknown command `chek`\. Did you mean `check`\?/],
    ['an unknown format', ['check', example, '--format', 'xml'], /--format must be one of human, json, sarif/],
    ['a bad --max-warnings', ['check', example, '--max-warnings', 'many'], /--max-warnings must be a whole number/],
    ['no files', ['check'], /Name at least one \.stamp file or folder/],
    ['no command', [], /Name a command/],
  ] as const) {
    it(`exits 2 with a usage message on ${what}`, async () => {
      const result = await runStampHere(args);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
      assert.match(result.stderr, /for usage\.\n$/);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    });
  }

  it('exits 2 with one line on a missing path, and on a folder without stamps', async () => {
    const missing = await runStampHere(['check', 'designs/absent.stamp']);
    assert.equal(missing.status, 2);
    assert.equal(missing.stdout, '');
    assert.equal(missing.stderr, 'stamp: designs/absent.stamp: no such file or folder.\n');
    const empty = mkdtempSync(join(tmpdir(), 'stamp-empty-'));
    try {
      const result = await runStampHere(['check', '.'], { cwd: empty });
      assert.equal(result.status, 2);
      assert.equal(result.stderr, 'stamp: .: no .stamp files in this folder.\n');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('skips a dangling link and a loop of links found in a folder, with one line each, and checks the other files', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stamp-unreadable-'));
    try {
      copyFileSync(join(inputsFolder, 'warnings', 'warnings.stamp'), join(folder, 'good.stamp'));
      symlinkSync(join(folder, 'deleted.stamp'), join(folder, 'link.stamp'));
      symlinkSync(join(folder, 'loop-b.stamp'), join(folder, 'loop-a.stamp'));
      symlinkSync(join(folder, 'loop-a.stamp'), join(folder, 'loop-b.stamp'));
      const result = await runStampHere(['check', '.'], { cwd: folder });
      assert.equal(result.stderr, 'stamp: skipped link.stamp: a symbolic link to nothing.\nstamp: skipped loop-a.stamp: a loop of symbolic links.\nstamp: skipped loop-b.stamp: a loop of symbolic links.\n');
      assert.match(result.stdout, /^good\.stamp:\d+:\d+ warning /m);
      assert.match(result.stdout, /in 1 file$/m);
      assert.equal(result.status, 0, 'the warnings of good.stamp do not fail the check');
      const only = await runStampHere(['check', 'link.stamp'], { cwd: folder });
      assert.equal(only.status, 2, 'nothing left to check is an input error');
      assert.equal(only.stderr, 'stamp: link.stamp: no such file or folder.\n');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('exits 2 on an invalid configuration, naming the file, the position and the key', async () => {
    const result = await runStampHere(['check', 'test/cli-inputs/bad-config']);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'stamp: test/cli-inputs/bad-config/stamp.config.json:4:5: Unknown rule or family `NLB999` in the Stamp configuration.\n');
  });

  it('exits 2 on a configuration file that is not JSON, or has a bad severity', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stamp-badjson-'));
    try {
      copyFileSync(join(inputsFolder, 'warnings', 'warnings.stamp'), join(folder, 'design.stamp'));
      writeFileSync(join(folder, 'stamp.config.json'), '{ "rules": { "NLB005": "off", } }\n');
      const broken = await runStampHere(['check', '.'], { cwd: folder });
      assert.equal(broken.status, 2);
      assert.equal(broken.stdout, '');
      assert.match(broken.stderr, /^stamp: stamp\.config\.json:1:1: stamp\.config\.json is not valid JSON: [^\n]+\n$/);
      writeFileSync(join(folder, 'stamp.config.json'), '{ "rules": { "NLB005": "loud" } }\n');
      const severity = await runStampHere(['check', '.'], { cwd: folder });
      assert.equal(severity.status, 2);
      assert.match(severity.stderr, /^stamp: stamp\.config\.json:1:14: The severity of `NLB005` must be off, info, warning or error, not "loud"\.\n$/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('exits 2 when --config names a file that does not exist', async () => {
    const result = await runStampHere(['check', example, '--config', 'absent.json']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^stamp: absent\.json: no such configuration file\.\n$/);
  });
});

describe('stamp check configuration', () => {
  it('honours the nearest stamp.config.json, and --config replaces it', async () => {
    const withFile = await runStampHere(['check', 'test/cli-inputs/config-off']);
    assert.equal(withFile.status, 0);
    assert.doesNotMatch(withFile.stdout, /NLB005/);
    assert.match(withFile.stdout, /0 errors, 0 warnings, 0 infos in 1 file/);
    const folder = mkdtempSync(join(tmpdir(), 'stamp-config-'));
    try {
      writeFileSync(join(folder, 'empty.json'), '{ "rules": {} }\n');
      const forced = await runStampHere(['check', 'test/cli-inputs/config-off', '--config', join(folder, 'empty.json')]);
      assert.equal(forced.status, 0);
      assert.match(forced.stdout, /info NLB005/);
      writeFileSync(join(folder, 'raise.json'), '{ "rules": { "NLB": "error" } }\n');
      const raised = await runStampHere(['check', example, '--config', join(folder, 'raise.json')]);
      assert.equal(raised.status, 1, 'a family raised to error fails the check');
      assert.match(raised.stdout, /error NLB005/);
      assert.match(raised.stdout, /^2 errors, \d+ warnings?, 0 infos in 1 file$/m);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('stamp check suppressions', () => {
  it('honours `// stamp-disable-next-line` comments like the editor', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stamp-suppress-'));
    try {
      const text = readFileSync(join(inputsFolder, 'config-off', 'web-farm.stamp'), 'utf8');
      assert.match(text, /^nlb WEBNLB \{$/m);
      writeFileSync(join(folder, 'farm.stamp'), text.replace(/^nlb WEBNLB \{$/m, '// stamp-disable-next-line NLB005\nnlb WEBNLB {'));
      writeFileSync(join(folder, 'plain.stamp'), text);
      assert.match((await runStampHere(['check', 'plain.stamp'], { cwd: folder })).stdout, /info NLB005/, 'without the comment NLB005 fires');
      const result = await runStampHere(['check', 'farm.stamp'], { cwd: folder });
      assert.equal(result.status, 0);
      assert.doesNotMatch(result.stdout, /NLB005/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('stamp check files', () => {
  it('walks folders, skipping node_modules and dot-folders, and checks files named explicitly whatever their extension', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stamp-walk-'));
    try {
      for (const sub of ['designs/lab', 'designs/node_modules/pkg', 'designs/.cache']) mkdirSync(join(folder, sub), { recursive: true });
      copyFileSync(join(inputsFolder, 'warnings', 'warnings.stamp'), join(folder, 'designs/lab/one.stamp'));
      copyFileSync(join(inputsFolder, 'warnings', 'warnings.stamp'), join(folder, 'designs/two.stamp'));
      copyFileSync(join(inputsFolder, 'warnings', 'warnings.stamp'), join(folder, 'designs/node_modules/pkg/skipped.stamp'));
      copyFileSync(join(inputsFolder, 'warnings', 'warnings.stamp'), join(folder, 'designs/.cache/skipped.stamp'));
      copyFileSync(join(inputsFolder, 'warnings', 'warnings.stamp'), join(folder, 'designs/notes.txt'));
      const result = await runStampHere(['check', 'designs', '--format', 'json'], { cwd: folder });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout).files.map((file: { path: string }) => file.path), ['designs/lab/one.stamp', 'designs/two.stamp']);
      const explicit = await runStampHere(['check', 'designs/notes.txt', 'designs/two.stamp', 'designs'], { cwd: folder, env: {} });
      assert.match(explicit.stdout, /in 3 files\n$/, 'a file named twice is checked once');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('resolves references into imported files, and reports an import that cannot be read', async () => {
    // The same semantics as the editor: files connected by imports are one stamp (see test/workspaces.test.ts).
    const clean = await runStampHere(['check', 'test/cli-inputs/imports']);
    assert.equal(clean.status, 0, clean.stdout);
    assert.match(clean.stdout, /^0 errors, 0 warnings, 0 infos in 2 files\n$/);
    const broken = await runStampHere(['check', 'test/cli-inputs/missing-import']);
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /main\.stamp:2:8 error IMP001 Cannot find `parts\/absent\.stamp`/);
  });
});

describe('stamp check colours', () => {
  it('writes no ANSI codes off a terminal or with NO_COLOR, and colours with FORCE_COLOR', async () => {
    const plain = await runStampHere(['check', 'test/cli-inputs/warnings'], { env: { NO_COLOR: undefined } });
    assert.doesNotMatch(plain.stdout, /\u001b\[/);
    const forced = await runStampHere(['check', 'test/cli-inputs/warnings'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    assert.match(forced.stdout, /\u001b\[33mwarning\u001b\[0m/);
    const refused = await runStampHere(['check', 'test/cli-inputs/warnings'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    assert.doesNotMatch(refused.stdout, /\u001b\[/);
  });
});

describe('stamp --help and --version', () => {
  it('prints the version of package.json, also through the bin/stamp.js launcher', async () => {
    const launched = spawnSync(process.execPath, [join(repoRoot, 'bin', 'stamp.js'), '--version'], { encoding: 'utf8' });
    assert.equal(launched.status, 0, launched.stderr);
    assert.equal(launched.stdout, (await runStampHere(['--version'])).stdout);
    const result = await runStampHere(['--version']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^\d+\.\d+\.\d+\S*\n$/);
    assert.equal(result.stdout.trim(), packageVersion);
  });

  for (const command of ['check', 'fmt', 'explain', 'render']) {
    it(`prints the usage of ${command} with --help and exits 0`, async () => {
      const result = await runStampHere([command, '--help']);
      assert.equal(result.status, 0);
      assert.match(result.stdout, new RegExp(`^Usage: stamp ${command} `));
    });
  }

  it('lists every command in the main help', async () => {
    const result = await runStampHere(['--help']);
    assert.equal(result.status, 0);
    for (const command of ['check', 'fmt', 'explain', 'render']) assert.match(result.stdout, new RegExp(`^ {2}${command} `, 'm'));
  });
});

describe('stamp check on a multi-file workspace', () => {
  it('reports a cross-file problem in the file that must change, as the editor does', async () => {
    const result = await runStampHere(['check', 'test/fixtures/workspace-cross', '--format', 'json']);
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string }> }> };
    const byFile = new Map(report.files.map((file) => [file.path.replace(/.*\//, ''), file.diagnostics.map((d) => d.code)]));
    assert.deepEqual(byFile.get('ag.stamp'), []);
    assert.deepEqual(byFile.get('sql.stamp'), ['AG003']);
  });

  it('checks the split hyper-v.nu lab with exactly the findings of the single file', async () => {
    const split = JSON.parse((await runStampHere(['check', 'test/fixtures/workspace-split', '--format', 'json'])).stdout) as { summary: unknown };
    const single = JSON.parse((await runStampHere(['check', 'examples/hypervnu-lab.stamp', '--format', 'json'])).stdout) as { summary: { files: number } };
    assert.deepEqual({ ...(split.summary as object), files: 1 }, { ...single.summary, files: 1 });
  });
});

describe('stamp check FILE uses the stamp the editor would', () => {
  const codesOf = (stdout: string, file: string): string[] => {
    const report = JSON.parse(stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string }> }> };
    return report.files.find((entry) => entry.path.endsWith(file))?.diagnostics.map((d) => d.code) ?? [];
  };

  it('checks an imported file with the file of its folder that imports it, as the editor shows it', async () => {
    // sql.stamp is imported by ag.stamp; the missing login is found only with the importer, and lands in sql.stamp.
    const alone = await runStampHere(['check', 'test/fixtures/workspace-cross/sql.stamp', '--format', 'json']);
    assert.equal(alone.status, 1, alone.stderr);
    assert.deepEqual(codesOf(alone.stdout, 'sql.stamp'), ['AG003']);
    const report = JSON.parse(alone.stdout) as { files: unknown[] };
    assert.equal(report.files.length, 1, 'only the named file is reported');
    const whole = await runStampHere(['check', 'test/fixtures/workspace-cross', '--format', 'json']);
    assert.deepEqual(codesOf(alone.stdout, 'sql.stamp'), codesOf(whole.stdout, 'sql.stamp'));
  });

  it('gives each file of the split lab the findings it has when the whole folder is checked', async () => {
    const whole = (await runStampHere(['check', 'test/fixtures/workspace-split', '--format', 'json'])).stdout;
    for (const file of ['fabric.stamp', 'main.stamp', 'portal.stamp', 'sql.stamp']) {
      const alone = (await runStampHere(['check', `test/fixtures/workspace-split/${file}`, '--format', 'json'])).stdout;
      assert.deepEqual(codesOf(alone, file), codesOf(whole, file), file);
    }
  });

  it('finds an importer in another folder under the current folder (the editor\'s workspace), not outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'stamp-importer-'));
    try {
      mkdirSync(join(root, 'shared'));
      mkdirSync(join(root, 'sites'));
      copyFileSync(join(repoRoot, 'test/fixtures/workspace-cross/sql.stamp'), join(root, 'shared', 'sql.stamp'));
      const ag = readFileSync(join(repoRoot, 'test/fixtures/workspace-cross/ag.stamp'), 'utf8').replace('import "sql.stamp"', 'import "../shared/sql.stamp"');
      writeFileSync(join(root, 'sites', 'ag.stamp'), ag);
      const inside = await runStampHere(['check', 'shared/sql.stamp', '--format', 'json'], { cwd: root });
      assert.deepEqual(codesOf(inside.stdout, 'sql.stamp'), ['AG003']);
      // Run from the file's own folder, the importer lies outside the workspace: only the folder is searched.
      const outside = await runStampHere(['check', 'sql.stamp', '--format', 'json'], { cwd: join(root, 'shared') });
      assert.deepEqual(codesOf(outside.stdout, 'sql.stamp'), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

