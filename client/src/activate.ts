// What the desktop and the web extension share: the output channel, the commands, the preview and the failure simulation.
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { activateAnalysisStatus, AnalysisEvents } from './analysis-status.js';
import { activatePreview } from './preview/index.js';
import { activateFailureSimulation } from './resilience/commands.js';
import { activateInventoryCommands } from './import/commands.js';
import type { StampInitializationOptions } from '../../protocol/src/protocol.js';

/** The `.stamp` documents the server handles, in every file system VS Code for the Web may open. */
export const stampDocuments: LanguageClientOptions['documentSelector'] = [{ language: 'stamp' }];

/** The extension shows the preview: the server warms its layout up once it starts. */
export const warmUpOptions: StampInitializationOptions = { warmUpPreview: true };

/**
 * Starts a language client made by `createClient` (Node IPC on the desktop, a web worker in the browser) and registers
 * the commands, the preview and the failure simulation on it; returns the client for deactivation.
 */
export async function activateStamp(
  context: vscode.ExtensionContext,
  createClient: (outputChannel: vscode.LogOutputChannel) => BaseLanguageClient,
): Promise<BaseLanguageClient> {
  const outputChannel = vscode.window.createOutputChannel('Stamp', { log: true });
  context.subscriptions.push(outputChannel);
  // The id `stamp` makes the client read its trace level from the `stamp.trace.server` setting.
  const client = createClient(outputChannel);
  context.subscriptions.push(
    vscode.commands.registerCommand('stamp.restartServer', async () => {
      outputChannel.appendLine('Restarting the Stamp language server.');
      await client.stop();
      await client.start();
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
  return client;
}
