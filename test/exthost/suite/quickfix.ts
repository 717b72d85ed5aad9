// The missing-login quick fix (AG003) inside a real VS Code extension host: the diagnostic, its hover, its code
// actions, and applying them until the design is clean.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { repoRoot } from '../../editor/paths';
import { ruleById } from '../../../server/src/rules/registry';
import { closeAll, codeOf, describeDiagnostic, hoverText, nextDiagnosticsChange, openStamp, positionOf, waitFor } from './util';

const SERVER_MS = 45_000;
/** The designs the tests open, from the repo; they are copied to a scratch folder so that no edit reaches the repo. */
const designsFolder = (): string => join(repoRoot(), 'test', 'editor-workspaces', 'missing-login');
const ONE_MISSING = 'missing-login.stamp';
const TWO_MISSING = 'two-missing-logins.stamp';

/** The text of the `sql on NAME { … }` block, from its head to its closing brace at the start of a line. */
function sqlBlock(text: string, instance: string): string {
  const start = text.indexOf(`sql on ${instance} {`);
  assert.ok(start >= 0, `no "sql on ${instance} {" block in:\n${text}`);
  const end = text.indexOf('\n}', start);
  assert.ok(end > start, `the block of ${instance} is not closed in:\n${text}`);
  return text.slice(start, end + 2);
}

/** The trimmed `login NAME …` line of a block. */
function loginLine(block: string, login: string): string | undefined {
  return block
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith(`login ${login} `));
}

function ag003Of(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => codeOf(diagnostic) === 'AG003');
}

/** Waits until the server has published exactly `count` AG003 diagnostics for uri, and returns them. */
function waitForAg003(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const found = ag003Of(uri);
      return found.length === count ? found : undefined;
    },
    SERVER_MS,
    `${count} AG003 diagnostic(s) on ${uri.fsPath}`,
  );
}

/**
 * Waits until uri has no diagnostic at all, then gives the server one more publication window to prove that no new
 * diagnostic arrives after the fix (a rule that only fires on the fixed text would show up here).
 */
async function waitUntilClean(uri: vscode.Uri): Promise<void> {
  await waitFor(
    () => vscode.languages.getDiagnostics(uri).length === 0,
    SERVER_MS,
    `no diagnostics on ${uri.fsPath} after the fix; have: ${vscode.languages.getDiagnostics(uri).map(describeDiagnostic).join(' | ')}`,
  );
  await nextDiagnosticsChange(uri, 1_500);
  assert.deepEqual(vscode.languages.getDiagnostics(uri).map(describeDiagnostic), [], 'diagnostics that appeared after the fix');
}

async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind?.value,
  );
  return (actions ?? []).filter((action): action is vscode.CodeAction => 'title' in action && !('command' in action && typeof action.command === 'string'));
}

const describeActions = (actions: readonly vscode.CodeAction[]): string =>
  actions.map((action) => `${action.kind?.value ?? '?'} "${action.title}"`).join(' | ') || 'none';

export function registerQuickFixSuite(): void {
  describe('The missing-login quick fix (AG003) in the extension host', function () {
    this.timeout(90_000);

    let scratch: string;

    before(function () {
      scratch = mkdtempSync(join(tmpdir(), 'stamp-quickfix-'));
      for (const name of [ONE_MISSING, TWO_MISSING]) copyFileSync(join(designsFolder(), name), join(scratch, name));
    });

    after(async function () {
      await closeAll();
      rmSync(scratch, { recursive: true, force: true });
    });

    describe('one login missing on SQL2', function () {
      let uri: vscode.Uri;
      let document: vscode.TextDocument;
      let diagnostic: vscode.Diagnostic;

      before(async function () {
        uri = vscode.Uri.file(join(scratch, ONE_MISSING));
        ({ document } = await openStamp(uri));
        [diagnostic] = await waitForAg003(uri, 1);
      });

      it('reports AG003 on the head of SQL2\'s sql block, linked to the rule\'s documentation', function () {
        const text = document.getText();
        const head = 'sql on SQL2';
        const headStart = document.positionAt(text.indexOf(`${head} {`));
        assert.deepEqual(
          vscode.languages.getDiagnostics(uri).map(describeDiagnostic),
          [describeDiagnostic(diagnostic)],
          'AG003 is the only diagnostic of the design',
        );
        assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
        assert.equal(diagnostic.source, 'stamp');
        assert.deepEqual(
          [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
          [headStart.line, headStart.character, headStart.line, headStart.character + head.length],
          `the range covers "${head}": ${describeDiagnostic(diagnostic)}`,
        );
        assert.match(diagnostic.message, /Login 'AppUser' exists on SQL1 but not on replica SQL2/);
        const code = diagnostic.code;
        assert.ok(typeof code === 'object' && code !== null, `the code carries a documentation link: ${JSON.stringify(code)}`);
        assert.equal(code.value, 'AG003');
        const documented = ruleById('AG003')?.sources.find((source) => source.url)?.url;
        assert.ok(documented, 'the AG003 catalog entry has a source URL');
        assert.equal(code.target.scheme, 'https');
        assert.equal(code.target.toString(true), vscode.Uri.parse(documented).toString(true));
      });

      it('explains the rule in the hover over the diagnostic', async function () {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diagnostic.range.start.translate(0, 1));
        const text = hoverText(hovers ?? []);
        assert.match(text, /AG003/, `hover: ${text.slice(0, 400)}`);
        assert.match(text, /not server-level objects such as logins/, 'the hover says why logins must be copied');
        assert.match(text, /sp_help_revlogin/, 'the hover names the tool that copies logins with their SID');
      });

      it('offers the preferred quick fix "Add login" on the diagnostic only, and applying it clears AG003', async function () {
        const actions = await codeActionsAt(uri, diagnostic.range);
        const fix = actions.find((action) => action.title.startsWith('Add login '));
        assert.ok(fix, `an "Add login …" action among: ${describeActions(actions)}`);
        assert.equal(fix.title, "Add login 'AppUser' (type sql) to instance SQL2");
        assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
        assert.equal(fix.isPreferred, true, 'the fix is preferred (applied by the auto-fix shortcut)');
        assert.ok(fix.edit, 'the fix carries its edit');
        // vscode.executeCodeActionProvider drops CodeAction.diagnostics, so the binding is shown the other way round:
        // where there is no diagnostic (SQL1's head), there is no such fix.
        const elsewhere = await codeActionsAt(uri, new vscode.Range(positionOf(document, 'sql on SQL1'), positionOf(document, 'sql on SQL1', { delta: 11 })));
        assert.deepEqual(
          elsewhere.filter((action) => action.kind?.value === vscode.CodeActionKind.QuickFix.value).map((action) => action.title),
          [],
          'no quick fix where there is no diagnostic',
        );

        const before = document.getText();
        const expected = loginLine(sqlBlock(before, 'SQL1'), 'AppUser');
        assert.ok(expected, 'SQL1 has the login AppUser');
        assert.equal(loginLine(sqlBlock(before, 'SQL2'), 'AppUser'), undefined, 'SQL2 lacks AppUser before the fix');

        assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applied');
        await waitUntilClean(uri);
        const after = document.getText();
        assert.equal(loginLine(sqlBlock(after, 'SQL2'), 'AppUser'), expected, 'SQL2 now has the login with SQL1\'s type, sid and password');
        assert.equal(sqlBlock(after, 'SQL1'), sqlBlock(before, 'SQL1'), 'SQL1 is unchanged');
        const leftover = await codeActionsAt(uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
        assert.deepEqual(leftover.map((action) => action.title), [], 'no quick fix is left on SQL2 after the fix');
        assert.match(after, /login "CORP\\svc_app" \{ type windows \}\n\s+login AppUser \{ type sql; sid s-appuser; password pw-appuser \}\n\}/, `the login is the last statement of SQL2, indented like its siblings:\n${sqlBlock(after, 'SQL2')}`);
      });
    });

    describe('two logins missing on SQL2', function () {
      let uri: vscode.Uri;
      let document: vscode.TextDocument;
      let diagnostics: vscode.Diagnostic[];

      before(async function () {
        uri = vscode.Uri.file(join(scratch, TWO_MISSING));
        ({ document } = await openStamp(uri));
        diagnostics = await waitForAg003(uri, 2);
      });

      it('offers, besides one fix per login, the source action that adds all missing logins of the group, and it clears both', async function () {
        const range = diagnostics[0].range;
        const quickFixes = await codeActionsAt(uri, range, vscode.CodeActionKind.QuickFix);
        const titles = quickFixes.map((action) => action.title);
        assert.ok(titles.includes("Add login 'AppUser' (type sql) to instance SQL2"), `quick fixes: ${describeActions(quickFixes)}`);
        assert.ok(titles.includes("Add login 'ReportUser' (type sql) to instance SQL2"), `quick fixes: ${describeActions(quickFixes)}`);
        assert.ok(titles.includes('Add all 2 missing logins of availability group AG1'), `quick fixes: ${describeActions(quickFixes)}`);

        const sourceActions = await codeActionsAt(uri, range, vscode.CodeActionKind.Source);
        const addAll = sourceActions.find((action) => action.title === 'Add all missing logins of availability group AG1');
        assert.ok(addAll, `the source action among: ${describeActions(sourceActions)}`);
        assert.equal(addAll.kind?.value, vscode.CodeActionKind.Source.value);
        assert.ok(addAll.edit, 'the source action carries its edit');

        const before = document.getText();
        const sql1 = sqlBlock(before, 'SQL1');
        assert.ok(await vscode.workspace.applyEdit(addAll.edit), 'the edit applied');
        await waitUntilClean(uri);
        const sql2 = sqlBlock(document.getText(), 'SQL2');
        for (const login of ['AppUser', 'ReportUser']) {
          const expected = loginLine(sql1, login);
          assert.ok(expected, `SQL1 has the login ${login}`);
          assert.equal(loginLine(sql2, login), expected, `SQL2 now has ${login} with SQL1's type, sid and password:\n${sql2}`);
        }
      });
    });
  });
}
