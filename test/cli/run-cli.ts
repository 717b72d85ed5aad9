// Helpers of the CLI tests: run `stamp` in this process (runCli, so mutation testing sees which tests cover the CLI)
// or the bundled dist/cli.js as a child process, and compare outputs with golden files.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';
import { assertGolden as assertGoldenFile } from '../support/golden.js';
import { runCli } from '../../cli/src/run.js';
import { colorWanted } from '../../cli/src/output.js';

export const cliPath = join(repoRoot, 'dist', 'cli.js');
export const inputsFolder = join(repoRoot, 'test', 'cli-inputs');
export const goldenFolder = join(repoRoot, 'test', 'golden', 'cli');
export const packageVersion: string = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ARGS` in a folder (the repository root by default), without colours unless env asks. */
export function runStamp(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? repoRoot, env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs `stamp ARGS` in this process through `runCli`, with what the child process of `runStamp` would get: the folder
 * (the repository root by default), no colours unless env asks (off a terminal, as stdout is a pipe there).
 */
export async function runStampHere(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env };
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd: options.cwd ?? repoRoot,
    color: colorWanted(env, false),
  });
  return { status, stdout, stderr };
}

/** Replaces what differs between machines and releases: the repository's absolute path and the package version. */
export function normalizeText(text: string): string {
  return text.split(repoRoot).join('<ROOT>');
}

/** Normalizes a JSON or SARIF report: the tool version fields become <VERSION>, absolute paths <ROOT>. */
export function normalizeReport(text: string): string {
  const report = JSON.parse(text) as { tool?: { version?: string }; runs?: Array<{ tool: { driver: { version?: string; semanticVersion?: string } } }> };
  if (report.tool?.version === packageVersion) report.tool.version = '<VERSION>';
  for (const run of report.runs ?? []) {
    if (run.tool.driver.version === packageVersion) run.tool.driver.version = '<VERSION>';
    if (run.tool.driver.semanticVersion === packageVersion) run.tool.driver.semanticVersion = '<VERSION>';
  }
  return normalizeText(`${JSON.stringify(report, null, 2)}\n`);
}

/** Compares with test/golden/cli/NAME (rewritten by `npm run golden:update`; a missing golden fails). */
export function assertGolden(name: string, actual: string): void {
  assertGoldenFile(join(goldenFolder, name), actual, 'the CLI output');
}
