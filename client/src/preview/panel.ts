// One topology preview panel: a webview showing the graph of one stamp document, refreshed as the document changes.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import type { FromWebviewMessage, GraphRequestParams, GraphResult, PreviewWebviewState, Range, ToWebviewMessage, ViewName } from '../../../protocol/src/protocol.js';
import { sendStampRequest } from '../stamp-requests.js';
import { workspaceFiles } from '../vscode-files.js';
import { writeAllOrNothing } from '../write-files.js';
import { previewHtml } from './html.js';
import type { FailureSimulations } from './simulation.js';

/** The view type of the preview panel; also its serializer's id and activation event (`onWebviewPanel:stamp.preview`). */
export const previewViewType = 'stamp.preview';

/** What the webview keeps across reloads through getState/setState. */
export type PreviewState = PreviewWebviewState;

/** How long the preview waits after the last edit before it asks the server for a new graph. */
export const refreshDelayMs = 250;

export class PreviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private lastResult: GraphResult | undefined;
  /** The view shown, and the containers opened in each view's overview. */
  private view: ViewName | undefined;
  private readonly expanded = new Map<ViewName, string[]>();
  /** Whether the topology view draws the network layer (the toolbar's Network toggle). */
  private network = false;
  private freshLayoutWanted = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private requestInFlight = false;
  private refreshWanted = false;
  private webviewReady = false;
  private disposed = false;
  private readonly onDisposeHandlers: Array<() => void> = [];
  private pendingExport: ((data: { format: string; text?: string; base64?: string } | { failed: string }) => void) | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly documentUri: vscode.Uri,
    private readonly client: LanguageClient,
    private readonly extensionUri: vscode.Uri,
    private readonly simulations: FailureSimulations,
    restored?: PreviewState,
  ) {
    this.view = restored?.view;
    this.network = restored?.network === true;
    for (const [view, ids] of Object.entries(restored?.expanded ?? {})) if (Array.isArray(ids)) this.expanded.set(view as ViewName, ids.filter((id) => typeof id === 'string'));
    panel.webview.options = previewWebviewOptions(extensionUri);
    panel.webview.html = previewHtml(panel.webview, extensionUri);
    panel.title = `Preview ${baseName(documentUri)}`;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'preview-icon.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: FromWebviewMessage) => this.onMessage(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === this.documentUri.toString()) this.scheduleRefresh();
      }),
      simulations.onDidChange((uri) => {
        if (uri === this.documentUri.toString()) void this.refreshFailureAnalysis();
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document.uri.toString() === this.documentUri.toString()) this.highlightAt(event.selections[0].active);
      }),
    );
  }

  /** Registers a callback for when the panel closes. */
  onDidDispose(handler: () => void): void {
    this.onDisposeHandlers.push(handler);
  }

  /** Asks for a new graph after the debounce delay; several calls in a row make one request. */
  scheduleRefresh(delayMs = refreshDelayMs): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, delayMs);
  }

  /** Requests the graph; at most one request is in flight, and a request wanted meanwhile runs after it (the latest wins). */
  async refresh(): Promise<void> {
    if (this.disposed) return;
    if (this.requestInFlight) {
      this.refreshWanted = true;
      return;
    }
    this.requestInFlight = true;
    try {
      const params: GraphRequestParams = { uri: this.documentUri.toString(), view: this.view, expanded: this.view ? this.expanded.get(this.view) : undefined };
      if (this.network) params.network = true;
      if (this.freshLayoutWanted) params.fresh = true;
      this.freshLayoutWanted = false;
      const result = await sendStampRequest(this.client, 'stamp/graph', params);
      if (this.disposed) return;
      if (!result) {
        this.post({ type: 'error', message: 'The language server has no graph for this file yet.' });
        return;
      }
      this.lastResult = result;
      this.view = result.view;
      if (this.webviewReady && !this.refreshWanted) {
        this.post({ type: 'graph', uri: this.documentUri.toString(), result });
        const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === this.documentUri.toString());
        if (editor) this.highlightAt(editor.selection.active);
        // An active simulation follows the edits: it is asked again for every new analysis.
        await this.refreshFailureAnalysis();
      }
    } catch (error) {
      if (!this.disposed) this.post({ type: 'error', message: `The graph request failed: ${(error as Error).message}` });
    } finally {
      this.requestInFlight = false;
      if (this.refreshWanted && !this.disposed) {
        this.refreshWanted = false;
        void this.refresh();
      }
    }
  }

  /**
   * Sends the webview the failure simulation and the resilience summary the user asked for (null for what is off).
   * The server computes every state and sentence; the webview only styles nodes and lists the lines.
   */
  async refreshFailureAnalysis(): Promise<void> {
    if (this.disposed || !this.webviewReady) return;
    const uri = this.documentUri.toString();
    const failed = this.simulations.failedOf(uri);
    try {
      const [simulation, resilience] = await Promise.all([
        failed ? sendStampRequest(this.client, 'stamp/simulate', { uri, failed }) : Promise.resolve(null),
        this.simulations.resilienceShown(uri) ? sendStampRequest(this.client, 'stamp/resilience', { uri }) : Promise.resolve(null),
      ]);
      if (this.disposed) return;
      // The answer is stale when the user cleared or changed the simulation meanwhile: a newer call sends the current one.
      if (this.simulations.failedOf(uri) !== failed) return;
      this.post({ type: 'failureAnalysis', simulation: simulation ?? null, resilience: resilience ?? null });
    } catch (error) {
      if (!this.disposed) this.post({ type: 'error', message: `The failure analysis failed: ${(error as Error).message}` });
    }
  }

  private post(message: ToWebviewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  /** Highlights the innermost element whose statement contains a position (the webview finds the node that shows it in the view). */
  private highlightAt(position: vscode.Position): void {
    const id = this.nodeAt(position);
    this.post({ type: 'highlight', id });
  }

  private nodeAt(position: vscode.Position): string | undefined {
    let best: { id: string; size: number } | undefined;
    for (const node of this.lastResult?.graph.elements ?? []) {
      if (node.uri !== this.documentUri.toString()) continue;
      const range = toRange(node.range);
      if (!range.contains(position)) continue;
      const size = (range.end.line - range.start.line) * 100_000 + (range.end.character - range.start.character);
      if (!best || size < best.size) best = { id: node.id, size };
    }
    return best?.id;
  }

  /** Asks the webview for an export and saves it where the user chooses. */
  async export(format: 'svg' | 'png'): Promise<void> {
    if (!this.lastResult) {
      void vscode.window.showWarningMessage('The preview has nothing to export yet.');
      return;
    }
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'Light', description: 'fixed light colours, for documents', theme: 'light' as const },
        { label: 'Current theme', description: 'the colours of the editor theme in use', theme: 'current' as const },
      ],
      { title: `Export the ${this.view ?? 'topology'} view as ${format.toUpperCase()}` },
    );
    if (!choice) return;
    // The server lays the view out for a page (readable on A4); without its answer the picture on screen is exported.
    const params: GraphRequestParams = { uri: this.documentUri.toString(), view: this.view, expanded: this.view ? this.expanded.get(this.view) : undefined };
    if (this.network) params.network = true;
    const page = await sendStampRequest(this.client, 'stamp/export', params).catch(() => null);
    const data = await new Promise<{ format: string; text?: string; base64?: string } | { failed: string }>((resolve) => {
      this.pendingExport = resolve;
      this.post({ type: 'export', format, theme: choice.theme, ...(page ? { exportSvg: page.exportSvg, lightSvg: page.lightSvg } : {}) });
    });
    this.pendingExport = undefined;
    if ('failed' in data) {
      void vscode.window.showErrorMessage(`Export failed: ${data.failed}`);
      return;
    }
    // Named after the view it shows: lab.services.svg, lab.replication.png.
    const defaultUri = this.documentUri.with({ path: this.documentUri.path.replace(/\.stamp$/i, '') + `.${this.view ?? 'topology'}.${format}` });
    const target = await vscode.window.showSaveDialog({ defaultUri, filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] } });
    if (!target) return;
    const bytes = data.text !== undefined ? new TextEncoder().encode(data.text) : Uint8Array.from(atob(data.base64 ?? ''), (character) => character.charCodeAt(0));
    // Through a temporary beside it, then renamed: a viewer (or a test) that opens the file never finds it half-written.
    await writeAllOrNothing(workspaceFiles, [{ uri: target, bytes }]);
    void vscode.window.showInformationMessage(`Saved the ${this.view ?? 'topology'} view to ${baseName(target)}.`);
  }

  private async onMessage(message: FromWebviewMessage): Promise<void> {
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        if (!this.lastResult && isViewName(message.view)) {
          this.view = message.view;
          if (Array.isArray(message.expanded)) this.expanded.set(message.view, message.expanded.filter((id) => typeof id === 'string'));
        }
        if (!this.lastResult && typeof message.network === 'boolean') this.network = message.network;
        if (this.lastResult) {
          this.post({ type: 'graph', uri: this.documentUri.toString(), result: this.lastResult });
          void this.refreshFailureAnalysis();
        } else {
          void this.refresh();
        }
        break;
      case 'setView':
        if (isViewName(message.view) && message.view !== this.view) {
          this.view = message.view;
          void this.refresh();
        }
        break;
      case 'expand':
        if (this.view && typeof message.id === 'string') {
          const opened = this.expanded.get(this.view) ?? [];
          if (!opened.includes(message.id)) this.expanded.set(this.view, [...opened, message.id]);
          void this.refresh();
        }
        break;
      case 'toggleNetwork':
        this.network = !this.network;
        void this.refresh();
        break;
      case 'tidy':
        this.freshLayoutWanted = true;
        void this.refresh();
        break;
      case 'clearSimulation':
        this.simulations.setFailed(this.documentUri.toString(), undefined);
        break;
      case 'toggleResilience':
        this.simulations.setResilienceShown(this.documentUri.toString(), !this.simulations.resilienceShown(this.documentUri.toString()));
        break;
      case 'reveal':
        if (typeof message.id === 'string') await this.reveal(message.id);
        break;
      case 'exportClicked':
        if (message.format === 'svg' || message.format === 'png') await this.export(message.format);
        break;
      case 'exportData':
        this.pendingExport?.({ format: String(message.format), text: typeof message.text === 'string' ? message.text : undefined, base64: typeof message.base64 === 'string' ? message.base64 : undefined });
        break;
      case 'exportFailed':
        this.pendingExport?.({ failed: String(message.message) });
        break;
      default:
        // A message this version does not know (or none) is ignored.
        break;
    }
  }

  /** Shows the node's statement in its editor beside the preview, selected. */
  private async reveal(id: string): Promise<void> {
    const node = this.lastResult?.graph.elements.find((candidate) => candidate.id === id);
    if (!node) return;
    const uri = vscode.Uri.parse(node.uri);
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
    const range = toRange(node.range);
    const editor = await vscode.window.showTextDocument(visible?.document ?? (await vscode.workspace.openTextDocument(uri)), {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      preserveFocus: false,
    });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Brings the panel to the front without taking the focus from the editor. */
  show(): void {
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.pendingExport?.({ failed: 'the preview was closed' });
    for (const disposable of this.disposables) disposable.dispose();
    this.panel.dispose();
    for (const handler of this.onDisposeHandlers) handler();
  }
}

/** The webview options: scripts on, and only the extension's media folder and the webview's script readable. */
export function previewWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/** The views the preview can ask for (the server lists them with their titles in every answer). */
const viewNames: readonly ViewName[] = ['topology', 'services', 'replication'];
function isViewName(value: unknown): value is ViewName {
  return typeof value === 'string' && (viewNames as readonly string[]).includes(value);
}

function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
