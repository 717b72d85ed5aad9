// The VS Code extension on the desktop: starts the Stamp language server over Node IPC, then the shared commands and preview.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateStamp, warmUpOptions } from './activate.js';

/** The client of the running language server, kept for deactivation. */
let languageClient: BaseLanguageClient | undefined;

/** Starts the language server and registers the commands; VS Code calls this when a `.stamp` file opens. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const stampFileWatcher = vscode.workspace.createFileSystemWatcher('**/*.stamp');
  const configFileWatcher = vscode.workspace.createFileSystemWatcher('**/stamp.config.json');
  context.subscriptions.push(stampFileWatcher, configFileWatcher);
  languageClient = await activateStamp(context, (outputChannel) =>
    new LanguageClient('stamp', 'Stamp Language Server', serverOptions, {
      documentSelector: [
        { scheme: 'file', language: 'stamp' },
        { scheme: 'untitled', language: 'stamp' },
      ],
      synchronize: { fileEvents: [stampFileWatcher, configFileWatcher], configurationSection: 'stamp' },
      outputChannel,
      initializationOptions: warmUpOptions,
    }),
  );
}

/** Stops the language server when VS Code unloads the extension. */
export async function deactivate(): Promise<void> {
  const client = languageClient;
  languageClient = undefined;
  if (client) await client.stop();
}
