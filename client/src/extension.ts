// The VS Code extension: starts the Stamp language server, registers the editor commands and the preview.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { activateAnalysisStatus, AnalysisEvents } from './analysis-status.js';
import { activatePreview } from './preview/index.js';
import { activateFailureSimulation } from './resilience/commands.js';
import { activateInventoryCommands } from './import/commands.js';

/** The client of the running language server, kept for deactivation. */
let languageClient: LanguageClient | undefined;

/** Starts the language server and registers the commands; VS Code calls this when a `.stamp` file opens. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const outputChannel = vscode.window.createOutputChannel('Stamp', { log: true });
  context.subscriptions.push(outputChannel);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const stampFileWatcher = vscode.workspace.createFileSystemWatcher('**/*.stamp');
  const configFileWatcher = vscode.workspace.createFileSystemWatcher('**/stamp.config.json');
  context.subscriptions.push(stampFileWatcher, configFileWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'stamp' },
      { scheme: 'untitled', language: 'stamp' },
    ],
    synchronize: {
      fileEvents: [stampFileWatcher, configFileWatcher],
      configurationSection: 'stamp',
    },
    outputChannel,
  };

  // The id `stamp` makes the client read its trace level from the `stamp.trace.server` setting.
  const client = new LanguageClient('stamp', 'Stamp Language Server', serverOptions, clientOptions);
  languageClient = client;

  context.subscriptions.push(
    vscode.commands.registerCommand('stamp.restartServer', async () => {
      outputChannel.appendLine('Restarting the Stamp language server.');
      await client.restart();
    }),
    vscode.commands.registerCommand('stamp.showOutput', () => {
      outputChannel.show(true);
    }),
  );

  const analysisEvents = new AnalysisEvents(client);
  context.subscriptions.push(analysisEvents);
  activateAnalysisStatus(context, analysisEvents);
  const preview = activatePreview(context, client, analysisEvents);
  activateFailureSimulation(context, client, preview);
  activateInventoryCommands(context, client);
  await client.start();
}

/** Stops the language server when VS Code unloads the extension. */
export async function deactivate(): Promise<void> {
  const client = languageClient;
  languageClient = undefined;
  if (client) await client.stop();
}
