// One stamp.config.json, two readers: the CLI and the language server both honour a rule turned off in it, and agree.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../support/lsp-client.js';
import { inputsFolder, runStamp } from './run-cli.js';

/** `CODE@line:column` (1-based) of every problem, sorted, so the CLI's and the server's reports can be compared. */
type ProblemKeys = string[];

function cliProblems(folder: string): ProblemKeys {
  const result = runStamp(['check', '.', '--format', 'json'], { cwd: folder });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  const report = JSON.parse(result.stdout) as { files: Array<{ diagnostics: Array<{ code: string; range: { start: { line: number; column: number } } }> }> };
  return report.files.flatMap((file) => file.diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}:${diagnostic.range.start.column}`)).sort();
}

async function serverProblems(folder: string, file: string): Promise<ProblemKeys> {
  const client = await LspClient.start({ workspaceFolder: folder });
  try {
    const uri = pathToFileURL(join(folder, file)).toString();
    await client.open(uri, readFileSync(join(folder, file), 'utf8'));
    const diagnostics = await client.diagnostics(uri, 1, 15_000);
    return diagnostics.map((diagnostic) => `${String(diagnostic.code)}@${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`).sort();
  } finally {
    await client.stop();
  }
}

describe('a rule turned off in stamp.config.json', () => {
  let withoutConfig = '';
  let withConfig = '';
  const design = 'web-farm.stamp';

  before(() => {
    withoutConfig = mkdtempSync(join(tmpdir(), 'stamp-noconfig-'));
    withConfig = mkdtempSync(join(tmpdir(), 'stamp-config-'));
    for (const folder of [withoutConfig, withConfig]) copyFileSync(join(inputsFolder, 'config-off', design), join(folder, design));
    writeFileSync(join(withConfig, 'stamp.config.json'), '{\n  "rules": { "NLB005": "off" }\n}\n');
  });
  after(() => {
    rmSync(withoutConfig, { recursive: true, force: true });
    rmSync(withConfig, { recursive: true, force: true });
  });

  it('fires in both the CLI and the server when no configuration turns it off', async () => {
    const cli = cliProblems(withoutConfig);
    const server = await serverProblems(withoutConfig, design);
    assert.ok(cli.some((key) => key.startsWith('NLB005@')), `the CLI reports NLB005: ${cli.join(', ')}`);
    assert.deepEqual(server, cli, 'the server reports what the CLI reports');
  });

  it('is reported by neither the CLI nor the server when the configuration turns it off', async () => {
    const cli = cliProblems(withConfig);
    const server = await serverProblems(withConfig, design);
    assert.ok(!cli.some((key) => key.startsWith('NLB005@')), `the CLI leaves NLB005 out: ${cli.join(', ')}`);
    assert.ok(!server.some((key) => key.startsWith('NLB005@')), `the server leaves NLB005 out: ${server.join(', ')}`);
    assert.deepEqual(server, cli, 'the server reports what the CLI reports');
  });
});
