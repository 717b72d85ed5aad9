// "Import Inventory…" and "Compare with Inventory…": pick the inventory, send its bytes to the server, write the
// files it answers with (temporary name, then rename) or show the drift it finds. No meaning is computed here.
import * as vscode from 'vscode';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageclient';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import type { InventoryProblem } from '../../../protocol/src/protocol.js';
import { sendStampRequest } from '../stamp-requests.js';
import { workspaceFiles } from '../vscode-files.js';
import { writeAllOrNothing } from '../write-files.js';

const inventoryFilters = { 'Stamp inventory': ['json'], 'All files': ['*'] };

/** Registers the inventory commands and the drift diagnostics they publish. */
export function activateInventoryCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  const drift = vscode.languages.createDiagnosticCollection('stamp-drift');
  context.subscriptions.push(drift);

  // The inventory named by the command's argument (a script, a test, an explorer context), else picked in a dialog.
  const pickInventory = async (title: string, given?: unknown): Promise<{ uri: vscode.Uri; data: string } | undefined> => {
    const picked = given instanceof vscode.Uri ? [given] : await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: inventoryFilters, openLabel: 'Use Inventory' });
    if (!picked || picked.length === 0) return undefined;
    const bytes = await vscode.workspace.fs.readFile(picked[0]);
    return { uri: picked[0], data: base64Of(bytes) };
  };

  const showProblems = (inventory: vscode.Uri, problems: InventoryProblem[]): void => {
    const name = inventory.path.split('/').pop() ?? 'the inventory';
    const lines = problems.map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message));
    void vscode.window.showErrorMessage(`${name} cannot be used; nothing was written.`, { modal: true, detail: lines.slice(0, 12).join('\n') });
  };

  /** Imports an inventory (argument or dialog) into a design (argument or save dialog); answers with the files written. */
  const importInventory = async (inventoryArgument?: unknown, targetArgument?: unknown): Promise<vscode.Uri[] | undefined> => {
    const inventory = await pickInventory('Import Inventory', inventoryArgument);
    if (!inventory) return undefined;
    const folder = vscode.Uri.joinPath(inventory.uri, '..');
    const target = targetArgument instanceof vscode.Uri
      ? targetArgument
      : await vscode.window.showSaveDialog({ title: 'Save the imported design', defaultUri: vscode.Uri.joinPath(folder, 'estate.stamp'), filters: { Stamp: ['stamp'] } });
    if (!target) return undefined;
    const mainName = target.path.split('/').pop() ?? 'estate.stamp';
    const result = await sendStampRequest(client, 'stamp/importInventory', { data: inventory.data, mainName });
    if (!result) {
      void vscode.window.showErrorMessage('The inventory could not be imported; see the Stamp output for details.');
      return undefined;
    }
    if ('problems' in result) {
      showProblems(inventory.uri, result.problems);
      return undefined;
    }
    const targetFolder = vscode.Uri.joinPath(target, '..');
    const written = await writeAllOrNothing(workspaceFiles, result.files.map((file) => ({ uri: vscode.Uri.joinPath(targetFolder, file.name), text: file.text })));
    await vscode.window.showTextDocument(written[0]);
    if (result.warnings.length > 0) void vscode.window.showWarningMessage(`The collector skipped ${result.warnings.length === 1 ? 'a source' : `${result.warnings.length} sources`}; see the comments at the top of ${mainName}.`);
    return written;
  };

  /** Compares a design (argument, else the active editor) with an inventory (argument or dialog); answers with the number of differences. */
  const compareWithInventory = async (inventoryArgument?: unknown, designArgument?: unknown): Promise<number | undefined> => {
    const editor = designArgument instanceof vscode.Uri ? await vscode.window.showTextDocument(designArgument) : vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'stamp') {
      void vscode.window.showInformationMessage('Open the design (.stamp) to compare first.');
      return undefined;
    }
    const inventory = await pickInventory('Compare with Inventory', inventoryArgument);
    if (!inventory) return undefined;
    const result = await sendStampRequest(client, 'stamp/compareInventory', { uri: editor.document.uri.toString(), data: inventory.data });
    if (!result) {
      void vscode.window.showErrorMessage('The design could not be compared; see the Stamp output for details.');
      return undefined;
    }
    if ('problems' in result) {
      showProblems(inventory.uri, result.problems);
      return undefined;
    }
    drift.clear();
    let count = 0;
    for (const file of result.files) {
      const diagnostics = await client.protocol2CodeConverter.asDiagnostics(file.diagnostics as LspDiagnostic[]);
      drift.set(vscode.Uri.parse(file.uri), diagnostics);
      count += diagnostics.length;
    }
    void vscode.window.showInformationMessage(count === 0 ? 'No drift: the estate matches the design wherever the inventory can tell.' : `${count} ${count === 1 ? 'difference' : 'differences'} between the design and the estate (DRIFT in the Problems view).`);
    return count;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('stamp.importInventory', importInventory),
    vscode.commands.registerCommand('stamp.compareInventory', compareWithInventory),
    vscode.commands.registerCommand('stamp.clearInventoryComparison', () => drift.clear()),
  );
}

/** Base64 of some bytes with the Web APIs, so the command works in the desktop and the web extension host alike. */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}
