// The VS Code extension in the browser (VS Code for the Web): the same server in a web worker, fed the workspace's files.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { ClientFile, StampNotifications } from '../../../protocol/src/protocol.js';
import { activateStamp, stampDocuments, warmUpOptions } from '../activate.js';

/** The client of the running language server, kept for deactivation. */
let languageClient: BaseLanguageClient | undefined;

/** How many `.stamp` files of the workspace are sent to the server at most, and how large one may be. */
const maxWorkspaceFiles = 2000;
const maxFileBytes = 8 * 1024 * 1024;

/** Starts the language server in a web worker and registers the commands; VS Code calls this when a `.stamp` file opens. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const workerUri = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  const watchers = [vscode.workspace.createFileSystemWatcher('**/*.stamp'), vscode.workspace.createFileSystemWatcher('**/stamp.config.json')];
  context.subscriptions.push(...watchers);
  const worker = await startWorker(workerUri);
  const client = await activateStamp(context, (outputChannel) =>
    new LanguageClient('stamp', 'Stamp Language Server', worker, {
      documentSelector: stampDocuments,
      synchronize: { configurationSection: 'stamp' },
      outputChannel,
      initializationOptions: warmUpOptions,
    }),
  );
  languageClient = client;
  // The worker cannot read the workspace: send it the files that imports and configuration may need, then every change.
  const send = (files: ClientFile[]): void => {
    if (files.length === 0) return;
    const params: StampNotifications['stamp/didChangeFiles'] = { files };
    void client.sendNotification('stamp/didChangeFiles', params);
  };
  const read = async (uri: vscode.Uri): Promise<ClientFile> => {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type !== vscode.FileType.File || stat.size > maxFileBytes) return { uri: uri.toString(), mtimeMs: stat.mtime, size: stat.size };
      const bytes = await vscode.workspace.fs.readFile(uri);
      return { uri: uri.toString(), text: new TextDecoder('utf-8').decode(bytes), mtimeMs: stat.mtime, size: stat.size };
    } catch {
      return { uri: uri.toString(), mtimeMs: 0, size: 0 };
    }
  };
  const initial = await vscode.workspace.findFiles('{**/*.stamp,**/stamp.config.json}', '**/node_modules/**', maxWorkspaceFiles);
  send(await Promise.all(initial.map(read)));
  for (const watcher of watchers) {
    context.subscriptions.push(
      watcher.onDidCreate(async (uri) => send([await read(uri)])),
      watcher.onDidChange(async (uri) => send([await read(uri)])),
      watcher.onDidDelete((uri) => send([{ uri: uri.toString(), mtimeMs: 0, size: 0 }])),
    );
  }
}

/**
 * Starts the server's worker. VS Code for the Web serves extensions over http(s) and starts a worker from that URL; a
 * web extension installed on a remote (code-server) has a `vscode-remote:` URI, from which the web extension host
 * refuses to start workers, so the script is read through the file system and started from a blob URL instead.
 */
async function startWorker(scriptUri: vscode.Uri): Promise<Worker> {
  if (scriptUri.scheme !== 'vscode-remote') return new Worker(scriptUri.toString(true));
  const source = await vscode.workspace.fs.readFile(scriptUri);
  return new Worker(URL.createObjectURL(new Blob([new Uint8Array(source)], { type: 'text/javascript' })));
}

/** Stops the language server when VS Code unloads the extension. */
export async function deactivate(): Promise<void> {
  const client = languageClient;
  languageClient = undefined;
  if (client) await client.stop();
}
