// A minimal LSP client for benchmarks: spawns a language server over stdio and times didOpen/didChange to publishDiagnostics.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

/** How to start a server and what to answer when it asks for settings. */
export interface ServerLaunch {
  label: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  languageId: string;
  /** Answers `workspace/configuration` by section name. */
  settings: (section: string | undefined) => unknown;
  /** Also pushed once with `workspace/didChangeConfiguration`. */
  pushedSettings?: unknown;
  rootUri: string;
}

interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

/** One running server and the diagnostics it publishes. */
export class BenchServer {
  private readonly waiters: Array<{ uri: string; version: number; resolve: (published: PublishedDiagnostics) => void }> = [];
  private syncKind = 1;
  private versions = new Map<string, number>();
  /** How many publishes each document got, and the version of the latest. */
  readonly publishes = new Map<string, { count: number; version?: number }>();

  private constructor(
    readonly launch: ServerLaunch,
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  /** Spawns the server, answers its requests and completes the initialize handshake. */
  static async start(launch: ServerLaunch): Promise<BenchServer> {
    const child = spawn(launch.command, launch.args, { env: { ...process.env, ...launch.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.on('data', () => undefined);
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new BenchServer(launch, child, connection);
    connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((item) => launch.settings(item.section)));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/workspaceFolders', () => [{ uri: launch.rootUri, name: 'bench' }]);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest((method: string) => {
      void method;
      return null;
    });
    connection.onNotification('textDocument/publishDiagnostics', (published: PublishedDiagnostics) => server.published(published));
    connection.onNotification(() => undefined);
    connection.listen();
    const result = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: launch.rootUri,
      workspaceFolders: [{ uri: launch.rootUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
        },
      },
      initializationOptions: {},
    })) as { capabilities: { textDocumentSync?: number | { change?: number } } };
    const sync = result.capabilities.textDocumentSync;
    server.syncKind = typeof sync === 'number' ? sync : sync?.change ?? 1;
    await connection.sendNotification('initialized', {});
    if (launch.pushedSettings !== undefined) await connection.sendNotification('workspace/didChangeConfiguration', { settings: launch.pushedSettings });
    return server;
  }

  private published(published: PublishedDiagnostics): void {
    const seen = this.publishes.get(published.uri);
    this.publishes.set(published.uri, { count: (seen?.count ?? 0) + 1, version: published.version });
    for (let index = 0; index < this.waiters.length; index++) {
      const waiter = this.waiters[index];
      if (waiter.uri !== published.uri) continue;
      if (published.version !== undefined && published.version !== null && published.version !== waiter.version) continue;
      this.waiters.splice(index, 1);
      waiter.resolve(published);
      return;
    }
  }

  private waitFor(uri: string, version: number, timeoutMs: number): Promise<PublishedDiagnostics> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.launch.label}: no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ uri, version, resolve: (published) => { clearTimeout(timer); resolve(published); } });
    });
  }

  /** Opens a document and returns the milliseconds until its diagnostics arrive, and how many there were. */
  async timeOpen(uri: string, text: string, timeoutMs = 120_000): Promise<{ ms: number; diagnostics: number }> {
    this.versions.set(uri, 1);
    const waiting = this.waitFor(uri, 1, timeoutMs);
    const started = performance.now();
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: this.launch.languageId, version: 1, text } });
    const published = await waiting;
    return { ms: performance.now() - started, diagnostics: published.diagnostics.length };
  }

  /**
   * Sends a one-character edit at the end of the first line (alternately inserting and deleting a space, so the text
   * returns to its original form) and returns the milliseconds until the diagnostics of that version arrive.
   */
  async timeEdit(uri: string, text: string, insert: boolean, timeoutMs = 120_000): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const firstLineEnd = text.indexOf('\n');
    const character = firstLineEnd < 0 ? text.length : firstLineEnd;
    const change = this.syncKind === 2
      ? insert
        ? { range: { start: { line: 0, character }, end: { line: 0, character } }, text: ' ' }
        : { range: { start: { line: 0, character }, end: { line: 0, character: character + 1 } }, text: '' }
      : { text: insert ? `${text.slice(0, character)} ${text.slice(character)}` : text };
    const waiting = this.waitFor(uri, version, timeoutMs);
    const started = performance.now();
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    await waiting;
    return performance.now() - started;
  }

  /**
   * Sends an edit that changes meaning: the first digit of the first `memory` value past the middle of the text is
   * replaced (alternately by another digit and back), so the model, the rules and their findings change. Returns the
   * milliseconds until the diagnostics of that version arrive.
   */
  async timeValueEdit(uri: string, text: string, change: boolean, timeoutMs = 120_000): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const found = /memory (\d)/g;
    found.lastIndex = Math.floor(text.length / 2);
    const match = found.exec(text) ?? /memory (\d)/.exec(text);
    if (!match) throw new Error('no memory value to edit');
    const offset = match.index + 'memory '.length;
    const original = text[offset];
    const replacement = change ? (original === '7' ? '6' : '7') : original;
    const line = text.slice(0, offset).split('\n').length - 1;
    const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
    const contentChange = this.syncKind === 2
      ? { range: { start: { line, character }, end: { line, character: character + 1 } }, text: replacement }
      : { text: `${text.slice(0, offset)}${replacement}${text.slice(offset + 1)}` };
    const waiting = this.waitFor(uri, version, timeoutMs);
    const started = performance.now();
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [contentChange] });
    await waiting;
    return performance.now() - started;
  }

  /** Sends a request and returns the milliseconds until its answer, with the answer. */
  async timeRequest<R>(method: string, params: unknown): Promise<{ ms: number; result: R }> {
    const started = performance.now();
    const result = (await this.connection.sendRequest(method, params)) as R;
    return { ms: performance.now() - started, result };
  }

  /** Replaces a document's whole text (a structural edit) and waits for the diagnostics of the new version. */
  async timeReplace(uri: string, text: string, timeoutMs = 120_000): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const waiting = this.waitFor(uri, version, timeoutMs);
    const started = performance.now();
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    await waiting;
    return performance.now() - started;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * The CPU time the server process has used so far (user and system), in ms, from /proc; undefined where /proc is
   * missing. Its resolution is the kernel's clock tick (10 ms on Linux).
   */
  cpuMs(): number | undefined {
    try {
      // The fields after the command name: state is the first, utime and stime the 12th and 13th.
      const fields = readFileSync(`/proc/${this.process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  }

  /**
   * Waits until the server has used at most `busyMs` of CPU in each of the last `windows` windows of 250 ms (it has
   * finished its background work: the preview's layouts of the other views, the slow rules), at most `maxMs`.
   * Where /proc is missing, waits `fallbackMs`. Returns the milliseconds waited.
   */
  async waitUntilIdle(maxMs = 30_000, fallbackMs = 3_000, windows = 3, busyMs = 10): Promise<number> {
    const started = performance.now();
    const initial = this.cpuMs();
    if (initial === undefined) {
      await new Promise((resolve) => setTimeout(resolve, fallbackMs));
      return performance.now() - started;
    }
    let last: number = initial;
    let quiet = 0;
    while (quiet < windows && performance.now() - started < maxMs) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now: number = this.cpuMs() ?? last;
      quiet = now - last <= busyMs ? quiet + 1 : 0;
      last = now;
    }
    return performance.now() - started;
  }

  /** The peak resident set size of the server process so far, in MB (VmHWM), or undefined where /proc is missing. */
  peakRssMb(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+)\s+kB/.exec(status);
      return match ? Number(match[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** Shuts the server down politely, then makes sure the process is gone. */
  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) {
      this.connection.dispose();
      return;
    }
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    const killer = setTimeout(() => this.process.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
    this.connection.dispose();
  }
}
