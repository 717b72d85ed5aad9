// Starts code-server (VS Code 1.139 served to a browser) on a free loopback port with a fresh
// profile, fresh extensions folder and a fresh copy of the workspace, and ends it by PID.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editors, repoRoot } from './paths';
import { killGroup, track, withTimeout } from './processes';

export interface CodeServerOptions {
  /** Folder copied to a temporary workspace and opened (default: <repo>/examples). */
  workspace?: string;
  /** Adds `--vscode-option enable-smoke-test-driver` (needed for the extension-test payload). */
  smokeTestDriver?: boolean;
  /** A .vsix installed into the fresh extensions folder before the start. */
  vsix?: string;
  /** Extra environment for code-server and so for its extension host. */
  env?: Record<string, string>;
  /** User settings written to the fresh profile (merged over quiet defaults). */
  settings?: Record<string, unknown>;
  /** How long to wait for "HTTP server listening" (default 60 s). */
  startTimeoutMs?: number;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The temporary copy of the workspace that was opened. */
  workspace: string;
  /** Root of everything temporary of this run (profile, extensions, workspace, log). */
  tmp: string;
  userDataDir: string;
  extensionsDir: string;
  pid: number;
  /** The page URL opening the workspace, with optional extra query parameters. */
  url(query?: Record<string, string>): string;
  /** vscode-remote:// URI for an absolute path on this machine, with the authority of the page URL. */
  remoteUri(absPath: string): string;
  /** Everything code-server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic for tests. */
export const defaultSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.hover.delay': 200,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
};

const CODE_SERVER_FLAGS = [
  '--auth', 'none',
  '--bind-addr', '127.0.0.1:0',
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-workspace-trust',
  '--disable-getting-started-override',
];

/** Environment for code-server: ours, minus anything a surrounding VS Code would leak in. */
function childEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VSCODE_|ELECTRON_|NODE_OPTIONS$|NODE_TEST_CONTEXT$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const { node24, codeServerEntry } = editors();
  const tmp = mkdtempSync(join(tmpdir(), 'stamp-code-server-'));
  const userDataDir = join(tmp, 'data');
  const extensionsDir = join(tmp, 'ext');
  const workspace = join(tmp, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  cpSync(options.workspace ?? join(repoRoot(), 'examples'), workspace, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...defaultSettings, ...options.settings }, null, 2),
  );
  const env = childEnv(options.env);
  const profileFlags = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (options.vsix) {
    const installed = spawnSync(node24, [codeServerEntry, ...profileFlags, '--install-extension', options.vsix], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
      killSignal: 'SIGKILL',
    });
    const said = `${installed.stdout ?? ''}${installed.stderr ?? ''}`;
    if (installed.status !== 0 || !/successfully installed/i.test(said)) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`code-server --install-extension ${options.vsix} failed (status ${installed.status}):\n${said}`);
    }
  }

  const args = [codeServerEntry, ...CODE_SERVER_FLAGS, ...profileFlags];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(workspace);
  const child = spawn(node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child.pid);
  const log = createWriteStream(join(tmp, 'code-server.log'));
  let output = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    log.write(text);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const stop = async () => {
    await killGroup(child.pid, 3000, child);
    log.end();
    if (!process.env.STAMP_KEEP_TMP) rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  };

  let port: number;
  try {
    port = await withTimeout(
      new Promise<number>((resolve, reject) => {
        const check = () => {
          const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
          if (m) resolve(Number(m[1]));
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.once('exit', (code, sig) => reject(new Error(`code-server exited (${code ?? sig}) before listening:\n${output}`)));
        child.once('error', reject);
      }),
      options.startTimeoutMs ?? 60_000,
      `code-server to listen; it printed:\n${output}`,
    );
  } catch (error) {
    await stop();
    throw error;
  }

  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    workspace,
    tmp,
    userDataDir,
    extensionsDir,
    pid: child.pid!,
    url(query = {}) {
      const params = new URLSearchParams({ folder: workspace, ...query });
      return `${origin}/?${params.toString()}`;
    },
    remoteUri(absPath: string) {
      return `vscode-remote://127.0.0.1:${port}${absPath.split('/').map(encodeURIComponent).join('/')}`;
    },
    output: () => output,
    stop,
  };
}
