// The Stamp extension inside a real VS Code extension host: activation, diagnostics, hover,
// symbols, completion, definition and formatting, through the same API the workbench uses.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  CLEAN_EXAMPLE,
  CLEAN_EXAMPLE_WARNINGS,
  activateStamp,
  closeAll,
  codeOf,
  describeDiagnostic,
  exampleUri,
  hoverText,
  nextDiagnosticsChange,
  openStamp,
  positionOf,
  symbolNames,
  waitFor,
  waitForServer,
  workspaceFolder,
} from './util';

const SERVER_MS = 45_000;

export function registerLanguageSuite(): void {
  describe('Stamp language features in the extension host', function () {
    this.timeout(90_000);

    let document: vscode.TextDocument;
    let uri: vscode.Uri;

    before(async function () {
      uri = exampleUri(CLEAN_EXAMPLE);
      ({ document } = await openStamp(uri));
      await activateStamp();
      await waitForServer(uri, SERVER_MS);
    });

    after(async function () {
      await closeAll();
    });

    it('activates on a .stamp file and gives it the stamp language', function () {
      assert.equal(document.languageId, 'stamp');
      assert.ok(vscode.extensions.getExtension('stamp-dev.stamp')?.isActive, 'extension is active');
    });

    it('reports no errors, and no warnings but the failure analysis, on the clean example', async function () {
      // The server publishes after parsing (two NLB005 infos for this file); if nothing has
      // arrived yet, give it a moment past the first symbols answer.
      if (vscode.languages.getDiagnostics(uri).length === 0) await nextDiagnosticsChange(uri, 3_000);
      const all = vscode.languages.getDiagnostics(uri);
      console.log(`clean example diagnostics: ${all.map(describeDiagnostic).join(' | ')}`);
      const problems = all.filter(
        (d) =>
          d.severity === vscode.DiagnosticSeverity.Error ||
          (d.severity === vscode.DiagnosticSeverity.Warning && !CLEAN_EXAMPLE_WARNINGS.includes(codeOf(d))),
      );
      assert.deepEqual(problems.map(describeDiagnostic), [], 'errors/unexpected warnings on the clean example');
    });

    it('reports a stamp diagnostic for a broken line, and clears it when the line goes', async function () {
      const editor = await vscode.window.showTextDocument(document);
      const end = document.lineAt(document.lineCount - 1).range.end;
      const broken = '\ncluster "broken { kind hyperv\n';
      assert.ok(await editor.edit((edit) => edit.insert(end, broken)), 'edit applied');
      const brokenLine = end.line + 1;
      const found = await waitFor(
        () =>
          vscode.languages
            .getDiagnostics(uri)
            .find((d) => d.source === 'stamp' && d.severity === vscode.DiagnosticSeverity.Error && Math.abs(d.range.start.line - brokenLine) <= 1),
        SERVER_MS,
        `an error with source "stamp" near line ${brokenLine + 1}; have: ${vscode.languages.getDiagnostics(uri).map(describeDiagnostic).join(' | ')}`,
      );
      assert.match(codeOf(found), /^[A-Z]{3}\d{3}$/, `diagnostic code like SYN001: ${describeDiagnostic(found)}`);

      // Undo the edit: the error must disappear again.
      const whole = new vscode.Range(end, document.lineAt(document.lineCount - 1).range.end);
      assert.ok(await editor.edit((edit) => edit.delete(whole)), 'edit reverted');
      await waitFor(
        () =>
          !vscode.languages
            .getDiagnostics(uri)
            .some((d) => d.severity === vscode.DiagnosticSeverity.Error),
        SERVER_MS,
        'the error to go away after removing the broken line',
      );
    });

    it('shows a non-empty markdown hover on the keyword nlb', async function () {
      const position = positionOf(document, 'nlb SPFNLB', { delta: 1 });
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
      const text = hoverText(hovers ?? []);
      assert.ok(text.length > 0, 'hover text on `nlb` is empty');
      assert.match(text, /nlb|load.?balanc/i, `hover mentions NLB: ${text.slice(0, 200)}`);
    });

    it('lists document symbols including the availability group SCAG', async function () {
      const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>(
        'vscode.executeDocumentSymbolProvider',
        uri,
      );
      const names = symbolNames(symbols ?? []);
      assert.ok(names.some((n) => /\bSCAG\b/.test(n)), `symbols: ${names.join(', ')}`);
      assert.ok(names.some((n) => /\bSPFNLB\b/.test(n)), `symbols include SPFNLB: ${names.join(', ')}`);
    });

    it('offers `login` when completing inside a `sql on X { }` block', async function () {
      const editor = await vscode.window.showTextDocument(document);
      // A fresh empty line inside `sql on SQL1 { … }`, right after `auth mixed`.
      const anchor = positionOf(document, 'auth mixed', { after: 'sql on SQL1' });
      const lineEnd = document.lineAt(anchor.line).range.end;
      assert.ok(await editor.edit((edit) => edit.insert(lineEnd, '\n  ')), 'edit applied');
      try {
        const at = new vscode.Position(anchor.line + 1, 2);
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, at);
        const labels = (list?.items ?? []).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
        assert.ok(labels.includes('login'), `completion labels inside sql: ${labels.slice(0, 40).join(', ')}`);
      } finally {
        await editor.edit((edit) => edit.delete(new vscode.Range(lineEnd, new vscode.Position(anchor.line + 1, 2))));
      }
    });

    it('goes to the definition of a referenced cluster', async function () {
      // `availability_group SCAG on SQLCLUSTER`: SQLCLUSTER refers to `cluster SQLCLUSTER {`.
      const reference = positionOf(document, 'SQLCLUSTER', { after: 'availability_group SCAG on', delta: 2 });
      const target = positionOf(document, 'cluster SQLCLUSTER');
      const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        uri,
        reference,
      );
      assert.ok(found && found.length > 0, 'no definition found for SQLCLUSTER');
      const first = found[0];
      const targetUri = 'targetUri' in first ? first.targetUri : first.uri;
      const range = 'targetRange' in first ? first.targetRange : first.range;
      assert.equal(targetUri.toString(), uri.toString(), 'definition is in the same file');
      assert.equal(range.start.line, target.line, `definition on the line of "cluster SQLCLUSTER" (${target.line + 1}), got ${range.start.line + 1}`);
    });

    it('formats a badly indented document and is idempotent', async function () {
      const messy = vscode.Uri.joinPath(workspaceFolder(), 'format-me.stamp');
      const source = 'host   HV09    {\n        integration_services   6.2.9200\nnic NIC1 {   speed 10Gbps }\n}\n';
      await vscode.workspace.fs.writeFile(messy, new TextEncoder().encode(source));
      try {
        const doc = await vscode.workspace.openTextDocument(messy);
        await vscode.window.showTextDocument(doc);
        await waitForServer(messy, SERVER_MS);
        const options = { tabSize: 2, insertSpaces: true };
        const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', messy, options);
        assert.ok(edits && edits.length > 0, 'the formatter returned no edits for a badly indented document');
        const workspaceEdit = new vscode.WorkspaceEdit();
        workspaceEdit.set(messy, edits);
        assert.ok(await vscode.workspace.applyEdit(workspaceEdit), 'format edits applied');
        const formatted = doc.getText();
        const lines = formatted.split('\n');
        // Indentation is the formatter's job here (spacing inside a line may be kept for alignment).
        assert.match(lines[0], /^host\s+HV09\s+\{$/, `first line at column 1: ${JSON.stringify(formatted)}`);
        assert.match(lines[1], /^ {2}integration_services\s+6\.2\.9200$/, `body indented by two spaces: ${JSON.stringify(formatted)}`);
        assert.match(lines[2], /^ {2}nic NIC1\b/, `nested statement indented: ${JSON.stringify(formatted)}`);
        assert.equal(lines.filter((line) => line.trim() !== '').pop(), '}', `closing brace at column 1: ${JSON.stringify(formatted)}`);
        const again = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', messy, options);
        const changed = (again ?? []).filter((e) => doc.getText(e.range) !== e.newText);
        assert.equal(changed.length, 0, `formatting is idempotent; second pass wants: ${JSON.stringify(changed.map((e) => e.newText))}`);
      } finally {
        await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        await vscode.workspace.fs.delete(messy).then(undefined, () => undefined);
      }
    });
  });
}
