// A small LSP client for protocol tests: starts dist/server.js over stdio and speaks JSON-RPC to it like an editor would.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createMessageConnection, PortMessageReader, PortMessageWriter, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, Position, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot } from './paths.js';

export interface ClientOptions {
  /** The `stamp` settings section the client answers `workspace/configuration` with. */
  settings?: Record<string, unknown>;
  /** The workspace folder, as a file path. */
  workspaceFolder?: string;
  /** Whether the client announces versioned document changes in workspace edits. */
  documentChanges?: boolean;
  /**
   * Runs the browser build (dist/web/server.js) in a worker thread, the way VS Code for the Web runs it in a web worker:
   * messages instead of stdio, and no file system but the files sent with `stamp/didChangeFiles`.
   */
  webWorker?: boolean;
  /** The server script to run instead of dist/server.js (a test entry under out/test). */
  serverModule?: string;
  /** The `initializationOptions` of the initialize request. */
  initializationOptions?: unknown;
}

/**
 * What the worker thread runs before dist/web/server.js: the members of a web worker's global scope the browser server
 * and its libraries use (`addEventListener`, `onmessage` and `postMessage` on `self`), over the thread's port; and
 * without the Node globals a browser's worker lacks (`setImmediate`, `Buffer`), so code that needs them fails here as
 * it would in VS Code for the Web, not only there.
 */
const webWorkerShim = `
const { parentPort, workerData } = require('node:worker_threads');
delete globalThis.setImmediate;
delete globalThis.clearImmediate;
delete globalThis.Buffer;
globalThis.self = {
  addEventListener(type, listener) { if (type === 'message') parentPort.on('message', (data) => listener({ data })); },
  removeEventListener() {},
  set onmessage(listener) { parentPort.on('message', (data) => listener({ data })); },
  postMessage(message) { parentPort.postMessage(message); },
};
require(workerData.server);
`;

interface Published {
  version: number | undefined;
  diagnostics: Diagnostic[];
}

/** A running server and the connection to it. */
export class LspClient {
  readonly logs: string[] = [];
  readonly shownMessages: string[] = [];
  readonly analyzed: Array<{ uri: string; version: number }> = [];
  private readonly published = new Map<string, Published>();
  private readonly waiters: Array<() => void> = [];
  private versions = new Map<string, number>();
  settings: Record<string, unknown>;
  /** True when the server did not exit after shutdown and exit, and had to be killed. */
  killedAfterTimeout = false;
  initializeResult!: InitializeResult;

  private constructor(
    private readonly process: ChildProcessWithoutNullStreams | Worker,
    readonly connection: MessageConnection,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
  }

  /** Spawns `node dist/server.js --stdio` and completes the initialize handshake. */
  static async start(options: ClientOptions = {}): Promise<LspClient> {
    let child: ChildProcessWithoutNullStreams | Worker;
    let connection: MessageConnection;
    if (options.webWorker) {
      child = new Worker(webWorkerShim, { eval: true, workerData: { server: join(repoRoot, 'dist', 'web', 'server.js') } });
      connection = createMessageConnection(new PortMessageReader(child), new PortMessageWriter(child));
    } else {
      const spawned = spawn(process.execPath, [options.serverModule ?? join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: 'pipe' });
      spawned.stderr.on('data', () => undefined);
      connection = createMessageConnection(new StreamMessageReader(spawned.stdout), new StreamMessageWriter(spawned.stdin));
      child = spawned;
    }
    const client = new LspClient(child, connection, options);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      client.published.set(params.uri, { version: params.version, diagnostics: params.diagnostics });
      client.wake();
    });
    connection.onNotification('stamp/didAnalyze', (params: { uri: string; version: number }) => {
      client.analyzed.push(params);
      client.wake();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      client.logs.push(params.message);
      client.wake();
    });
    connection.onNotification('window/showMessage', (params: { message: string }) => {
      client.shownMessages.push(params.message);
      client.wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((item) => (item.section === 'stamp' ? client.settings : null)));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      client.shownMessages.push(params.message);
      client.wake();
      return null;
    });
    connection.listen();
    const folder = options.workspaceFolder;
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder ? pathToFileURL(folder).toString() : null,
      ...(options.initializationOptions === undefined ? {} : { initializationOptions: options.initializationOptions }),
      workspaceFolders: folder ? [{ uri: pathToFileURL(folder).toString(), name: 'test' }] : null,
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: options.documentChanges ?? true }, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true } },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Writes bytes straight to the server's input, bypassing JSON-RPC framing checks (for garbage tests). */
  sendRaw(bytes: string): void {
    if (this.process instanceof Worker) throw new Error('sendRaw needs the stdio server');
    this.process.stdin.write(bytes);
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'stamp', version: 1, text } });
  }

  /** Replaces the whole text; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Sends an incremental change of one range; returns the new version. */
  async edit(uri: string, range: { start: Position; end: Position }, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** The diagnostics published for a document version (the latest version when none is given), waiting up to 5 s. */
  async diagnostics(uri: string, version?: number, timeoutMs = 5000): Promise<Diagnostic[]> {
    const wanted = version ?? this.versions.get(uri);
    const ready = (): Published | undefined => {
      const found = this.published.get(uri);
      return found && (wanted === undefined || found.version === undefined || found.version >= wanted) ? found : undefined;
    };
    await this.until(() => ready() !== undefined, timeoutMs, `diagnostics for ${uri} v${wanted}`);
    return ready()!.diagnostics;
  }

  /** Waits until a condition over what the server sent holds. */
  async until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Every URI the server published diagnostics for so far. */
  publishedUris(): string[] {
    return [...this.published.keys()];
  }

  latestDiagnostics(uri: string): Diagnostic[] | undefined {
    return this.published.get(uri)?.diagnostics;
  }

  /** Shuts the server down and waits for the process to end. */
  async stop(): Promise<void> {
    const server = this.process;
    if (server instanceof Worker) {
      // A web worker is not asked to exit; it is terminated, as a browser does when its page closes.
      this.connection.dispose();
      await server.terminate();
      return;
    }
    const exited = new Promise<void>((resolve) => {
      if (server.exitCode !== null) resolve();
      else server.once('exit', () => resolve());
    });
    let shutdownTimer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([this.request('shutdown', null), new Promise((resolve) => (shutdownTimer = setTimeout(resolve, 1000)))]);
      await this.notify('exit', null);
    } catch {
      // The server may already be gone.
    }
    clearTimeout(shutdownTimer);
    const timer = setTimeout(() => {
      this.killedAfterTimeout = true;
      server.kill();
    }, 2000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/** The zero-based position of the n-th occurrence (default first) of a piece of text, plus an offset within it. */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 1): Position {
  let at = -1;
  for (let count = 0; count < occurrence; count++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} not found (occurrence ${count + 1})`);
  }
  const offset = at + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
