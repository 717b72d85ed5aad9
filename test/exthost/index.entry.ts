// The extension-host test entry (VS Code's `extensionTestsPath` module): `run()` runs mocha over the
// suites below inside the extension host and resolves only if they all pass.
// Works the same under code-server (test/exthost/exthost.test.ts) and under @vscode/test-electron
// (test/exthost/run-electron.ts). Bundled by scripts/build.mjs to out/test/exthost/index.entry.js.
//
// Results: when STAMP_EXTHOST_RESULTS names a file, a JSON summary is written there
// ({ passed, failed, pending, tests: [{ title, state, durationMs, error }] }).
// STAMP_EXTHOST_GREP restricts the run to tests whose full title matches.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

// The suites are required lazily (esbuild still bundles them): loading this file outside VS Code
// (e.g. by `node --test out/test/`, which runs every .js under a test/ folder) must not need `vscode`.
type LanguageSuite = typeof import('./suite/language');

interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

/** Registers the suites with mocha's BDD globals (the suites are bundled into this file). */
function registerSuites(mocha: Mocha): void {
  const file = __filename;
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, file, mocha);
  (require('./suite/language') as LanguageSuite).registerLanguageSuite();
  (require('./suite/quickfix') as typeof import('./suite/quickfix')).registerQuickFixSuite();
  (require('./suite/inventory') as typeof import('./suite/inventory')).registerInventorySuite();
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_REQUIRE, {}, file, mocha);
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_POST_REQUIRE, globalThis, file, mocha);
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (process.env.STAMP_EXTHOST_GREP) mocha.grep(process.env.STAMP_EXTHOST_GREP);
  registerSuites(mocha);

  const tests: TestResult[] = [];
  const errorText = (error: unknown): string =>
    error instanceof Error ? `${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(error);

  return new Promise<void>((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        const summary = {
          passed: tests.filter((t) => t.state === 'passed').length,
          failed: tests.filter((t) => t.state === 'failed').length,
          pending: tests.filter((t) => t.state === 'pending').length,
          tests,
        };
        const out = process.env.STAMP_EXTHOST_RESULTS;
        if (out) {
          try {
            writeFileSync(out, JSON.stringify(summary, null, 2));
          } catch (error) {
            console.error(`could not write ${out}: ${String(error)}`);
          }
        }
        console.log(`stamp exthost mocha: ${summary.passed} passing, ${summary.failed} failing, ${summary.pending} pending`);
        if (failures > 0 || summary.failed > 0 || summary.passed === 0) {
          reject(new Error(`${Math.max(failures, summary.failed)} extension-host test(s) failed (${summary.passed} passed)`));
        } else {
          resolve();
        }
      });
    } catch (error) {
      reject(error);
      return;
    }
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test) => {
      tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => {
      tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: errorText(error) });
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test) => {
      tests.push({ title: test.fullTitle(), state: 'pending' });
    });
  });
}
