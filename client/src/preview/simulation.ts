// What the preview shows of the failure analysis, per document: the failed parts of an active simulation and whether the
// resilience summary is open. The commands change it; every preview panel of the document follows it.
import * as vscode from 'vscode';

export class FailureSimulations implements vscode.Disposable {
  private readonly failedByUri = new Map<string, string[]>();
  private readonly resilienceShownUris = new Set<string>();
  private readonly changeEmitter = new vscode.EventEmitter<string>();
  /** Fires with the document URI whose simulation or summary changed. */
  readonly onDidChange = this.changeEmitter.event;

  /** The graph node ids of the failed parts, or undefined when no simulation is active for the document. */
  failedOf(uri: string): string[] | undefined {
    return this.failedByUri.get(uri);
  }

  /** Starts or updates a simulation; undefined or an empty list clears it. */
  setFailed(uri: string, ids: readonly string[] | undefined): void {
    if (ids && ids.length > 0) this.failedByUri.set(uri, [...ids]);
    else this.failedByUri.delete(uri);
    this.changed(uri);
  }

  resilienceShown(uri: string): boolean {
    return this.resilienceShownUris.has(uri);
  }

  setResilienceShown(uri: string, shown: boolean): void {
    if (shown) this.resilienceShownUris.add(uri);
    else this.resilienceShownUris.delete(uri);
    this.changed(uri);
  }

  /** Whether any document has a simulation running (the "Clear" command shows in the palette then). */
  get anyActive(): boolean {
    return this.failedByUri.size > 0;
  }

  private changed(uri: string): void {
    void vscode.commands.executeCommand('setContext', 'stamp.simulationActive', this.anyActive);
    this.changeEmitter.fire(uri);
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
