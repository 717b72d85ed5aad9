// The topology preview: commands, the editor-title button's command, and the serializer that restores panels after a reload.
// One panel per document: opening the preview of a file that already has one brings that panel to the front.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { PreviewPanel, previewViewType, previewWebviewOptions, type PreviewState } from './panel.js';
import { FailureSimulations } from './simulation.js';
import type { AnalysisEvents } from '../analysis-status.js';

/** What other features (the failure simulation commands) use of the preview. */
export interface PreviewController {
  simulations: FailureSimulations;
  /** Opens the preview of a document, or brings its panel to the front; undefined when no stamp document is at hand. */
  open(argument?: unknown): Promise<PreviewPanel | undefined>;
  /** The stamp document a command is about: the argument, the active stamp editor, or a visible one. */
  stampUriOf(argument?: unknown): vscode.Uri | undefined;
}

/** Registers the preview's commands and serializer. */
export function activatePreview(context: vscode.ExtensionContext, client: LanguageClient, analysisEvents: AnalysisEvents): PreviewController {
  const panels = new Map<string, PreviewPanel>();
  const simulations = new FailureSimulations();
  context.subscriptions.push(simulations);
  let lastActive: PreviewPanel | undefined;

  // The export commands show in the palette while a preview is open.
  const updateContext = (): void => {
    void vscode.commands.executeCommand('setContext', 'stamp.previewOpen', panels.size > 0);
  };
  const track = (panel: PreviewPanel): PreviewPanel => {
    const key = panel.documentUri.toString();
    panels.set(key, panel);
    updateContext();
    lastActive = panel;
    panel.panel.onDidChangeViewState((event) => {
      if (event.webviewPanel.active) lastActive = panel;
    });
    panel.onDidDispose(() => {
      if (panels.get(key) === panel) panels.delete(key);
      updateContext();
      if (lastActive === panel) lastActive = undefined;
    });
    context.subscriptions.push(panel);
    return panel;
  };

  const stampUriOf = (argument: unknown): vscode.Uri | undefined => {
    if (argument instanceof vscode.Uri) return argument;
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'stamp') return editor.document.uri;
    return vscode.window.visibleTextEditors.find((candidate) => candidate.document.languageId === 'stamp')?.document.uri;
  };

  const openPreview = async (argument?: unknown): Promise<PreviewPanel | undefined> => {
    const uri = stampUriOf(argument);
    if (!uri) {
      void vscode.window.showInformationMessage('Open a .stamp file to preview its topology.');
      return undefined;
    }
    const existing = panels.get(uri.toString());
    if (existing) {
      existing.show();
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(previewViewType, 'Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      ...previewWebviewOptions(context.extensionUri),
      retainContextWhenHidden: false,
    });
    return track(new PreviewPanel(webviewPanel, uri, client, context.extensionUri, simulations));
  };

  const exportActive = (format: 'svg' | 'png') => async (): Promise<void> => {
    const panel = lastActive ?? [...panels.values()][0];
    if (!panel) {
      void vscode.window.showInformationMessage('Open the topology preview first (Stamp: Open Preview to the Side).');
      return;
    }
    await panel.export(format);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('stamp.openPreview', async (argument?: unknown) => {
      await openPreview(argument);
    }),
    vscode.commands.registerCommand('stamp.exportPreviewSvg', exportActive('svg')),
    vscode.commands.registerCommand('stamp.exportPreviewPng', exportActive('png')),
    vscode.window.registerWebviewPanelSerializer(previewViewType, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
        const uriText = (state as PreviewState | undefined)?.uri;
        if (!uriText) {
          webviewPanel.dispose();
          return;
        }
        const uri = vscode.Uri.parse(uriText);
        if (panels.has(uri.toString())) {
          webviewPanel.dispose();
          return;
        }
        track(new PreviewPanel(webviewPanel, uri, client, context.extensionUri, simulations, state as PreviewState));
      },
    }),
    // The server tells us when it has analyzed a document: the preview of that document refreshes.
    analysisEvents.onDidAnalyze((params) => {
      panels.get(params.uri)?.scheduleRefresh(50);
    }),
  );
  return { simulations, open: openPreview, stampUriOf };
}
