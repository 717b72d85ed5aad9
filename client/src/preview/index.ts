// The topology preview: a webview beside the editor that draws the graph the server computes.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** Registers the preview's commands and serializer. (Placeholder until the preview issue lands.) */
export function activatePreview(context: vscode.ExtensionContext, client: LanguageClient): void {
  void context;
  void client;
}
