// The failure-analysis commands: simulate the failure of chosen parts in the preview, clear it, show the resilience summary.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PreviewController } from '../preview/index.js';
import { sendStampRequest } from '../stamp-requests.js';

/** How the quick pick describes each kind of part. */
const kindDescriptions: Record<string, string> = { san: 'SAN', csv: 'cluster shared volume', host: 'Hyper-V host', vm: 'virtual machine' };

/** Registers "Simulate Failure…", "Clear Failure Simulation" and "Show Resilience Summary". */
export function activateFailureSimulation(context: vscode.ExtensionContext, client: LanguageClient, preview: PreviewController): void {
  const simulations = preview.simulations;

  const documentOrExplain = (argument: unknown): vscode.Uri | undefined => {
    const uri = preview.stampUriOf(argument);
    if (!uri) void vscode.window.showInformationMessage('Open a .stamp file first: the failure analysis works on the stamp in the editor.');
    return uri;
  };

  const simulateFailure = async (argument?: unknown): Promise<void> => {
    const uri = documentOrExplain(argument);
    if (!uri) return;
    const key = uri.toString();
    const parts = await sendStampRequest(client, 'stamp/failableParts', { uri: key });
    if (!parts || parts.length === 0) {
      void vscode.window.showInformationMessage('This stamp declares no hosts, SANs, CSVs or VMs whose failure could be simulated.');
      return;
    }
    const current = new Set(simulations.failedOf(key) ?? []);
    const items = parts.map((part) => ({ label: part.name, description: kindDescriptions[part.kind] ?? part.kind, picked: current.has(part.id), id: part.id }));
    const chosen = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: 'Simulate Failure',
      placeHolder: 'Check the parts that fail at the same time (hosts, SANs, CSVs, VMs), then press Enter',
      matchOnDescription: true,
    });
    if (!chosen) return;
    simulations.setFailed(key, chosen.map((item) => item.id));
    await preview.open(uri);
  };

  const clearSimulation = async (argument?: unknown): Promise<void> => {
    const uri = preview.stampUriOf(argument);
    if (uri && simulations.failedOf(uri.toString())) simulations.setFailed(uri.toString(), undefined);
  };

  const showResilienceSummary = async (argument?: unknown): Promise<void> => {
    const uri = documentOrExplain(argument);
    if (!uri) return;
    simulations.setResilienceShown(uri.toString(), true);
    await preview.open(uri);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('stamp.simulateFailure', simulateFailure),
    vscode.commands.registerCommand('stamp.clearFailureSimulation', clearSimulation),
    vscode.commands.registerCommand('stamp.showResilienceSummary', showResilienceSummary),
  );
}
