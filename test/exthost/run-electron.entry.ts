// Runs the same extension-host suite under a desktop VS Code with @vscode/test-electron, where one
// exists (not on the offline build machines: the VS Code download is unreachable there; the
// code-server runner test/exthost/exthost.test.ts covers it).
//   VSCODE_EXECUTABLE=/path/to/code node out/test/exthost/run-electron.entry.js
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  if (process.env.NODE_TEST_CONTEXT) {
    // Picked up by `node --test out/test/` (Node 20 runs every .js under a test/ folder): not a test file.
    console.log('# run-electron.entry.js is a launcher, not a test file: nothing to do under node --test');
    return;
  }
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (!vscodeExecutablePath) {
    console.error('set VSCODE_EXECUTABLE to a desktop VS Code (runTests cannot download one offline)');
    process.exit(2);
  }
  const root = resolve(__dirname, '..', '..', '..');
  const tmp = mkdtempSync(join(tmpdir(), 'stamp-electron-'));
  const workspace = join(tmp, 'workspace');
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  try {
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: process.env.STAMP_EXTENSION_DIR || root,
      extensionTestsPath: join(root, 'out', 'test', 'exthost', 'index.entry.js'),
      extensionTestsEnv: { STAMP_EXTHOST_RESULTS: process.env.STAMP_EXTHOST_RESULTS ?? join(root, 'test-results', 'exthost-electron.json') },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(tmp, 'data'), '--extensions-dir', join(tmp, 'ext')],
    });
    process.exitCode = code;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
