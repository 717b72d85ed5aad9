// Tells the user (and the UI tests) whether the language server has answered for the version of the .stamp file on screen.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { DidAnalyzeParams } from '../../protocol/src/protocol.js';
import { onStampNotification } from './stamp-requests.js';

/**
 * Receives `stamp/didAnalyze` once for the whole extension and passes it on: a language client keeps one handler per
 * notification, so the preview and the status item both listen here instead of registering their own.
 */
export class AnalysisEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DidAnalyzeParams>();
  readonly onDidAnalyze = this.emitter.event;
  private readonly registration: vscode.Disposable;

  constructor(client: LanguageClient) {
    this.registration = onStampNotification(client, 'stamp/didAnalyze', (params) => this.emitter.fire(params));
  }

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
  }
}

/** The status bar item's text for a version: checked once the server answered for it, checking until then. */
export function analysisStatusText(fileName: string, version: number, analyzedVersion: number | undefined): { text: string; label: string } {
  if (analyzedVersion !== undefined && analyzedVersion >= version) {
    return { text: '$(check) Stamp', label: `Stamp checked ${fileName} version ${version}` };
  }
  return { text: '$(sync~spin) Stamp', label: `Stamp is checking ${fileName} version ${version}` };
}

/** Shows, while a .stamp file is the active editor, whether the server has analyzed its current version. */
export function activateAnalysisStatus(context: vscode.ExtensionContext, events: AnalysisEvents): void {
  const item = vscode.window.createStatusBarItem('stamp.analysis', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Stamp analysis';
  item.command = 'stamp.showOutput';
  const analyzed = new Map<string, number>();

  const update = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'stamp') {
      item.hide();
      return;
    }
    const fileName = document.uri.path.split('/').pop() ?? document.uri.toString();
    const { text, label } = analysisStatusText(fileName, document.version, analyzed.get(document.uri.toString()));
    item.text = text;
    item.tooltip = `${label}. Click to show the Stamp output.`;
    item.accessibilityInformation = { label };
    item.show();
  };

  context.subscriptions.push(
    item,
    events.onDidAnalyze((params) => {
      // The server names documents by the URI the client sent; normalize it the way VS Code prints URIs.
      let key = params.uri;
      try {
        key = vscode.Uri.parse(params.uri).toString();
      } catch {
        // Keep the URI as sent.
      }
      analyzed.set(key, Math.max(analyzed.get(key) ?? 0, params.version));
      update();
    }),
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document) update();
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      analyzed.delete(document.uri.toString());
    }),
  );
  update();
}
