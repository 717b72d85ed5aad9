// The inventory commands in a real extension host: "Stamp: Import Inventory…" writes the imported design and opens it
// with its diagnostics, "Stamp: Compare with Inventory…" puts the planted drift on the design's statements. The file
// pickers are bypassed through the commands' URI arguments; the shipped sample inventories are the input.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateStamp, closeAll, codeOf, exampleUri, openStamp, waitFor, waitForServer, workspaceFolder } from './util';

export function registerInventorySuite(): void {
  describe('Stamp inventory commands in the extension host', function () {
    this.timeout(120_000);

    before(async function () {
      await openStamp(exampleUri('hypervnu-lab.stamp'));
      await activateStamp();
      await waitForServer(exampleUri('hypervnu-lab.stamp'), 45_000);
    });

    after(async function () {
      await closeAll();
    });

    it('Import Inventory writes the estate as a design, opens it, and the server checks it', async function () {
      const folder = vscode.Uri.joinPath(workspaceFolder(), 'imported');
      await vscode.workspace.fs.createDirectory(folder);
      const target = vscode.Uri.joinPath(folder, 'estate.stamp');
      const written = await vscode.commands.executeCommand<vscode.Uri[]>('stamp.importInventory', exampleUri('inventories/hypervnu-lab.json'), target);
      assert.deepEqual(written?.map((uri) => uri.path), [target.path]);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      assert.match(text, /^\/\/ Imported by `stamp import` from a read-only inventory\./);
      assert.match(text, /^san SAN1 \{\n {2}protocol iscsi\n\}$/m, 'the SAN is identified from the iSCSI sessions');
      assert.match(text, /^vmm VMM \{\n {2}servers VMM01, VMM02\n {2}database_server SQL\n {2}database VirtualManagerDB\n/m, 'VMM is wired to the listener');
      // Nothing but the design is left in the folder (the temporary file was renamed over it).
      assert.deepEqual((await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name), ['estate.stamp']);
      assert.equal(vscode.window.activeTextEditor?.document.uri.path, target.path, 'the imported design is opened');
      // The language server checks it as any design: the SAN is the single point of failure, as in the example.
      const spof = await waitFor(() => vscode.languages.getDiagnostics(target).find((diagnostic) => codeOf(diagnostic) === 'SPOF001'), 45_000, 'SPOF001 on the imported design');
      assert.match(spof.message, /^Losing SAN1 takes down VMM, SPF, WAP and listener SQL/);
      assert.equal(spof.range.start.line, text.split('\n').findIndex((line) => line.startsWith('san SAN1')));
    });

    it('Compare with Inventory puts the drift on the design\'s statements', async function () {
      const design = exampleUri('hoster-4-server.stamp');
      const count = await vscode.commands.executeCommand<number>('stamp.compareInventory', exampleUri('inventories/hoster-4-server-drift.json'), design);
      assert.equal(count, 7);
      const drift = vscode.languages.getDiagnostics(design).filter((diagnostic) => /^DRIFT/.test(codeOf(diagnostic)));
      const seen = drift.map((diagnostic) => `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${codeOf(diagnostic)} ${diagnostic.message}`).sort();
      assert.deepEqual(seen, [
        '110:9 DRIFT001 The design has login PROJECT\\svc_web on SQL2; the estate does not.',
        '115:18 DRIFT003 Replica SQL2 of PROJECTAG: commit is synchronous in the design and asynchronous in the estate.',
        '115:38 DRIFT003 Replica SQL2 of PROJECTAG: failover is automatic in the design and manual in the estate.',
        '130:31 DRIFT003 Replication of WEB2: frequency is 5m in the design and 30s in the estate.',
        '19:1 DRIFT002 The estate has VM TEST01; the design does not.',
        '69:4 DRIFT001 The design has VM DC2; the estate does not.',
        '79:20 DRIFT003 VM SQL2: memory is 12GB in the design and 16GB in the estate.',
      ]);
      await vscode.commands.executeCommand('stamp.clearInventoryComparison');
      assert.equal(vscode.languages.getDiagnostics(design).filter((diagnostic) => /^DRIFT/.test(codeOf(diagnostic))).length, 0);
    });
  });
}
