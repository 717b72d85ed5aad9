// Helpers for suites that run inside the VS Code extension host (they use the real `vscode` API).
import * as vscode from 'vscode';

export const EXTENSION_ID = 'stamp-dev.stamp';
export const CLEAN_EXAMPLE = 'hypervnu-lab.stamp';
/**
 * The only warnings the clean example may have: language.md section 4 says the design is valid (its
 * rule findings are two NLB005 infos) but the failure analysis reports its one SAN (SPOF001).
 */
export const CLEAN_EXAMPLE_WARNINGS = ['SPOF001'];

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls fn until it returns a truthy value; throws with `what` after ms. */
export async function waitFor<T>(fn: () => T | Promise<T>, ms: number, what: string, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await sleep(everyMs);
  }
}

/** The workspace folder the runner opened (a fresh copy of examples/). */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open; the runner must open a copy of examples/');
  return folder.uri;
}

export function exampleUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), name);
}

/** Activates the Stamp extension (as opening a .stamp file would) and returns it. */
export async function activateStamp(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) {
    const ids = vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.'));
    throw new Error(`extension ${EXTENSION_ID} is not loaded (non-builtin extensions: ${ids.join(', ') || 'none'})`);
  }
  if (!extension.isActive) await extension.activate();
  return extension;
}

/** Opens a file in an editor and waits until the extension is active for it. */
export async function openStamp(uri: vscode.Uri): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  if (document.languageId !== 'stamp') throw new Error(`${uri.fsPath} opened as ${document.languageId}, not stamp`);
  await waitFor(() => vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 20_000, 'the extension to activate on opening a .stamp file');
  return { document, editor };
}

/** The Position of the first occurrence of `text` (optionally after `after`), plus an offset into it. */
export function positionOf(document: vscode.TextDocument, text: string, options: { after?: string; delta?: number } = {}): vscode.Position {
  const all = document.getText();
  const from = options.after ? all.indexOf(options.after) : 0;
  if (from < 0) throw new Error(`"${options.after}" not found in ${document.uri.fsPath}`);
  const at = all.indexOf(text, from);
  if (at < 0) throw new Error(`"${text}" not found in ${document.uri.fsPath}`);
  return document.positionAt(at + (options.delta ?? 0));
}

/** Waits until the language server answers with document symbols: it has parsed the document. */
export async function waitForServer(uri: vscode.Uri, ms = 30_000): Promise<vscode.DocumentSymbol[]> {
  return waitFor(
    async () => {
      const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>(
        'vscode.executeDocumentSymbolProvider',
        uri,
      );
      return symbols && symbols.length > 0 ? (symbols as vscode.DocumentSymbol[]) : undefined;
    },
    ms,
    'the language server to return document symbols',
    250,
  );
}

/** Waits for the next diagnostics change of uri, or ms, whichever first. */
export function nextDiagnosticsChange(uri: vscode.Uri, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(false);
    }, ms);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) {
        clearTimeout(timer);
        listener.dispose();
        resolve(true);
      }
    });
  });
}

export function describeDiagnostic(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return `${vscode.DiagnosticSeverity[d.severity]} ${d.source ?? '?'} ${String(code ?? '')} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`;
}

export function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code ?? '');
}

/** Flattens a DocumentSymbol tree (or SymbolInformation list) to names. */
export function symbolNames(symbols: (vscode.DocumentSymbol | vscode.SymbolInformation)[]): string[] {
  const names: string[] = [];
  const visit = (s: vscode.DocumentSymbol | vscode.SymbolInformation) => {
    names.push(s.name);
    if ('children' in s && s.children) s.children.forEach(visit);
  };
  symbols.forEach(visit);
  return names;
}

/** Plain text of hover contents (MarkdownString, MarkedString or string). */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n')
    .trim();
}

/** Closes all editors, reverting unsaved changes, so each test starts clean. */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
