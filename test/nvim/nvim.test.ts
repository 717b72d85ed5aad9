// Neovim 0.7.2 as a second, independent LSP client: runs test/nvim/lsp.lua headless against
// `node dist/server.js --stdio` on a copy of examples/hypervnu-lab.stamp.
// Env: STAMP_SERVER (default dist/server.js), NVIM_BIN.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, nvimBinary, repoRoot, track, withTimeout } from '../editor';

const root = repoRoot();

test('Neovim LSP client: diagnostics, hover and a broken line', { timeout: 90_000 }, async (t) => {
  const server = process.env.STAMP_SERVER || join(root, 'dist', 'server.js');
  assert.ok(existsSync(server), `${server} missing: run npm run build`);
  const tmp = mkdtempSync(join(tmpdir(), 'stamp-nvim-'));
  const file = join(tmp, 'hypervnu-lab.stamp');
  copyFileSync(join(root, 'examples', 'hypervnu-lab.stamp'), file);
  const started = Date.now();
  const child = spawn(nvimBinary(), ['--headless', '--clean', '-c', `luafile ${join(root, 'test', 'nvim', 'lsp.lua')}`], {
    cwd: tmp,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STAMP_NODE: process.execPath, STAMP_SERVER: server, STAMP_FILE: file, STAMP_NVIM_TIMEOUT_MS: '15000' },
  });
  track(child.pid);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const code = await withTimeout(
      new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (status) => resolve(status));
      }),
      60_000,
      `nvim to finish; output so far:\n${output}`,
    );
    t.diagnostic(`nvim run took ${Date.now() - started} ms, exit code ${code}`);
    console.log(output.trim());
    assert.equal(code, 0, `nvim exited with ${code}:\n${output}`);
    assert.match(output, /STAMP-NVIM: clean file: \d+ diagnostics \(0 errors, \d+ warnings, 0 unexpected\)/);
    assert.match(output, /STAMP-NVIM: hover on nlb: \S/);
    assert.match(output, /STAMP-NVIM: error diagnostic: stamp [A-Z]{3}\d{3} at 2:\d+/);
    assert.match(output, /STAMP-NVIM: error cleared/);
    assert.match(output, /^STAMP-NVIM: OK$/m);
  } finally {
    await killGroup(child.pid, 1000, child);
    rmSync(tmp, { recursive: true, force: true });
  }
});
