// A whole editor session: code-server + Chromium on the workbench page; and the extension-host test run.
import { existsSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from './browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { withTimeout } from './processes';
import { waitForWorkbench } from './workbench';

export interface WorkbenchSession {
  server: CodeServer;
  chromium: Chromium;
  page: Page;
  /** Ends Chromium and code-server (by PID); safe to call twice; never hangs. */
  close(): Promise<void>;
}

/** Starts code-server and Chromium, and opens the workspace in the workbench. */
export async function openWorkbench(options: CodeServerOptions & { query?: Record<string, string> } = {}): Promise<WorkbenchSession> {
  const server = await startCodeServer(options);
  let chromium: Chromium | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await chromium?.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
  };
  try {
    chromium = await launchChromium();
    await chromium.page.goto(server.url(options.query), { timeout: 60_000 });
    await waitForWorkbench(chromium.page);
    return { server, chromium, page: chromium.page, close };
  } catch (error) {
    if (chromium) {
      const tail = chromium.console.slice(-30).join('\n');
      (error as Error).message += `\n--- page console (last lines) ---\n${tail}\n--- code-server ---\n${server.output().slice(-3000)}`;
    }
    await close();
    throw error;
  }
}

/** What the extension-host suite writes to the file named by STAMP_EXTHOST_RESULTS. */
export interface ExtensionTestResults {
  passed: number;
  failed: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }[];
}

export interface ExtensionTestRun {
  /** The code the workbench passed to codeAutomationExit (0 = all passed), or undefined on timeout. */
  exitCode: number | undefined;
  results: ExtensionTestResults | undefined;
  /** The page console: mocha's own report reaches it. */
  console: string[];
  /** Wall time of the whole run, code-server start included. */
  ms: number;
}

/**
 * Runs an extension's tests inside code-server's extension host, as @vscode/test-electron would on a
 * desktop VS Code: extensionDevelopmentPath + extensionTestsPath in the smoke-test driver payload.
 */
export async function runExtensionTests(options: {
  extensionDevelopmentPath: string;
  /** The compiled entry (a .js file exporting run()) or a folder holding index.js. */
  extensionTestsPath: string;
  workspace?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ExtensionTestRun> {
  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'stamp-exthost-results-'));
  const resultsFile = join(scratch, 'results.json');
  const server = await startCodeServer({
    workspace: options.workspace,
    smokeTestDriver: true,
    env: { ...options.env, STAMP_EXTHOST_RESULTS: resultsFile },
  });
  let chromium: Chromium | undefined;
  try {
    chromium = await launchChromium();
    const page = chromium.page;
    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      resolveExit(Number(code));
    });
    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(options.extensionDevelopmentPath)],
      ['extensionTestsPath', server.remoteUri(options.extensionTestsPath)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(server.url({ payload: JSON.stringify(payload) }), { timeout: 60_000 });
    const exitCode = await withTimeout(exited, options.timeoutMs ?? 120_000, 'the extension tests to finish (codeAutomationExit)').catch(
      () => undefined,
    );
    const results = existsSync(resultsFile)
      ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as ExtensionTestResults)
      : undefined;
    return { exitCode, results, console: [...chromium.console], ms: Date.now() - started };
  } finally {
    await chromium?.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}
