// Golden outlines: the document symbols of every examples/*.stamp must equal test/golden/<name>.symbols.json.
// `npm run golden:update` rewrites the golden files; review the diff.
import { after, before, test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentSymbol, Range } from 'vscode-languageserver-protocol';
import { SymbolKind } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';
import { assertGolden } from '../support/golden.js';

const examplesFolder = join(repoRoot, 'examples');
const goldenFolder = join(repoRoot, 'test', 'golden');
let client: LspClient;

interface GoldenSymbol {
  name: string;
  detail?: string;
  kind: string;
  range: string;
  selection: string;
  children?: GoldenSymbol[];
}

/** Ranges as `line:character-line:character`, one-based lines, so the golden file reads like an editor's status bar. */
function rangeText(range: Range): string {
  return `${range.start.line + 1}:${range.start.character}-${range.end.line + 1}:${range.end.character}`;
}

function golden(symbol: DocumentSymbol): GoldenSymbol {
  const kindName = Object.entries(SymbolKind).find(([, value]) => value === symbol.kind)?.[0] ?? String(symbol.kind);
  return {
    name: symbol.name,
    ...(symbol.detail ? { detail: symbol.detail } : {}),
    kind: kindName,
    range: rangeText(symbol.range),
    selection: rangeText(symbol.selectionRange),
    ...(symbol.children && symbol.children.length > 0 ? { children: symbol.children.map(golden) } : {}),
  };
}

before(async () => {
  client = await LspClient.start({ workspaceFolder: repoRoot });
});
after(async () => {
  await client.stop();
});

for (const file of readdirSync(examplesFolder).filter((name) => name.endsWith('.stamp')).sort()) {
  test(`document symbols of examples/${file}`, async () => {
    const path = join(examplesFolder, file);
    const uri = pathToFileURL(path).toString();
    await client.open(uri, readFileSync(path, 'utf8'));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    await client.close(uri);
    const actual = `${JSON.stringify(symbols.map(golden), null, 2)}\n`;
    const goldenPath = join(goldenFolder, file.replace(/\.stamp$/, '.symbols.json'));
    assertGolden(goldenPath, actual, `the outline of examples/${file}`);
  });
}
