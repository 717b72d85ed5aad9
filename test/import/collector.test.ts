// The collector parses under a real PowerShell grammar (tree-sitter-powershell, run by web-tree-sitter from its
// WebAssembly build), calls only read-only cmdlets, and never asks for a secret.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoRoot } from '../support/paths.js';

const requireHere = createRequire(join(repoRoot, 'package.json'));
const scriptPath = join(repoRoot, 'collect', 'Get-StampInventory.ps1');

interface Node { type: string; text: string; isMissing: boolean; hasError: boolean; startPosition: { row: number; column: number }; children: Node[] }
interface Parser { parse(text: string): { rootNode: Node } }
let parser: Parser;

before(async () => {
  const { Parser: TreeSitter, Language } = requireHere('web-tree-sitter') as {
    Parser: { init(): Promise<void>; new (): Parser & { setLanguage(language: unknown): void } };
    Language: { load(path: string): Promise<unknown> };
  };
  await TreeSitter.init();
  const language = await Language.load(requireHere.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
  const instance = new TreeSitter();
  instance.setLanguage(language);
  parser = instance;
});

/** The first ERROR or MISSING node, as `line:column text`, or undefined when the tree is clean. */
function firstError(node: Node): string | undefined {
  if (node.type === 'ERROR' || node.isMissing) return `${node.startPosition.row + 1}:${node.startPosition.column + 1} ${node.isMissing ? `missing ${node.type}` : node.text.slice(0, 60)}`;
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    const found = firstError(child);
    if (found) return found;
  }
  return undefined;
}

function commandNames(node: Node, names: Set<string>): Set<string> {
  if (node.type === 'command_name') names.add(node.text);
  for (const child of node.children) commandNames(child, names);
  return names;
}

describe('collect/Get-StampInventory.ps1', () => {
  const script = readFileSync(scriptPath, 'utf8');

  // tree-sitter-powershell 0.26 rejects bare words in a comma list of command arguments (`Select-Object Name, State`),
  // valid as that is; the collector quotes property names (`-Property 'Name', 'State'`), which both accept.
  it('parses without a syntax error under the PowerShell grammar', () => {
    const tree = parser.parse(script);
    assert.equal(firstError(tree.rootNode), undefined);
  });

  it('is rejected by the same grammar when a brace or a quote is lost (the check can fail)', () => {
    const withoutBrace = script.replace('foreach ($name in $ClusterName) {', 'foreach ($name in $ClusterName) ');
    assert.notEqual(firstError(parser.parse(withoutBrace).rootNode), undefined);
    const withoutQuote = script.replace("Add-StampWarning 'dns: Resolve-DnsName", "Add-StampWarning 'dns: Resolve-DnsName'");
    assert.notEqual(firstError(parser.parse(withoutQuote).rootNode), undefined);
  });

  it('calls only commands that read (and writes nothing but its own output file)', () => {
    const used = commandNames(parser.parse(script).rootNode, new Set());
    const allowed = /^(Get-|Set-StrictMode$|Select-Object$|Where-Object$|ForEach-Object$|Sort-Object$|Resolve-DnsName$|Test-StampCommand$|Invoke-Command$|Invoke-Sqlcmd$|Invoke-StampQuery$|New-Object$|New-CimSession$|Remove-CimSession$|Import-Module$|Write-(Warning|Verbose|Progress|Host)$|Add-(StampWarning|Collected)$|ConvertTo-Json$|Move-Item$|sqlcmd\.exe$)/;
    const writers = [...used].filter((name) => !allowed.test(name));
    assert.deepEqual(writers, []);
    assert.ok(used.has('Get-ClusterNode') && used.has('Get-VMReplication') && used.has('Get-NlbClusterPortRule') && used.has('Get-NetLbfoTeam'), [...used].join(', '));
    // The one file it writes is its own output, through a temporary file.
    assert.equal((script.match(/Move-Item/g) ?? []).length, 1);
    assert.match(script, /Move-Item -LiteralPath \$temporary -Destination \$target -Force/);
  });

  it('never reads a password, a password hash or a private key, and says so', () => {
    const code = script.replace(/<#[\s\S]*?#>/g, '').split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');
    assert.doesNotMatch(code, /password_hash|LOGINPROPERTY|(?<!Has)PrivateKey\b|Export-PfxCertificate|-AsPlainText|GetNetworkCredential/i);
    assert.match(script, /never reads a password, a password hash or a private key/);
    assert.match(script, /"SELECT name, type, type_desc, CONVERT\(varchar\(200\), sid, 1\) AS sid, is_disabled FROM sys\.server_principals/);
  });

  it('strips passwords from every connection string it reads (VMM, SPF, WAP) before the string leaves the server', () => {
    assert.match(script, /\$stripSecrets = \{[\s\S]*?-notmatch '\^\\s\*\(password\|pwd\)\\s\*='[\s\S]*?\}/);
    // Every connection string or setting value the collector keeps goes through the stripper.
    const kept = script.split('\n').filter((line) => /(ConnectionString|connectionString|Value)\s*=\s*(?!if)/.test(line) && /\$sql\.ConnectionString|Get-SCSpfConnectionString|\$_\.Value|\$_\.connectionString/.test(line));
    assert.equal(kept.length, 3, kept.join('\n'));
    assert.match(script, /\$connection = & \$strip "\$\(Get-SCSpfConnectionString\)"/);
    for (const line of kept) assert.match(line, /& \$strip /, line);
    for (const source of ['Get-SCSpfSetting', 'Get-SCSpfServer -ServerType VMM', 'Get-MgmtSvcResourceProviderConfiguration -Name systemcenter', "Settings\\Sql'", 'Get-ClusterOwnerNode -Group', 'DiskIdGuid', 'Get-IscsiSession', 'MemoryReserve']) {
      assert.ok(script.includes(source), source);
    }
  });

  it('writes schemaVersion 1, the version the importer reads', () => {
    assert.match(script, /schemaVersion = 1\n/);
    const schema = JSON.parse(readFileSync(join(repoRoot, 'collect', 'inventory.schema.json'), 'utf8'));
    assert.equal(schema.properties.schemaVersion.const, 1);
  });
});
