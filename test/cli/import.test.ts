// `stamp import` and `stamp diff` from the command line: a seed-shaped inventory imports into a design that checks,
// planted drift is reported exactly, and bad inventories give clear errors and never leave a file behind.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../grammar/src/analyze.js';
import { renderInventory } from '../support/render-inventory.js';
import { repoRoot } from '../support/paths.js';
import { assertGolden, normalizeReport, normalizeText, runStampHere } from './run-cli.js';

const inventories = 'test/import/inventories';
const seed = `${inventories}/hoster-seed003.json`;
const scratch = mkdtempSync(join(tmpdir(), 'stamp-import-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function renderedLab(): Record<string, any> {
  const path = join(repoRoot, 'examples', 'hypervnu-lab.stamp');
  return renderInventory(analyze([{ uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') }]).model) as Record<string, any>;
}

describe('stamp import', () => {
  it('imports a seed-shaped inventory (UTF-8 with BOM, enums as numbers, single results, /Date/) into a design that checks', async () => {
    const out = join(scratch, 'seed', 'estate.stamp');
    rmSync(join(scratch, 'seed'), { recursive: true, force: true });
    const folder = join(scratch, 'seed');
    mkdirSync(folder);
    const result = await runStampHere(['import', seed, '-o', out]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `wrote ${out}\n`);
    assert.match(result.stderr, /the collector skipped sources/);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /^\/\/ collector warning: nlb: Get-NlbCluster is not installed/m);
    // The CSV's disk is the NexentaStor zvol the nodes reach over iSCSI: one SAN, named by the import, holding Volume1.
    assert.match(text, /^\/\/ identified by: iSCSI target portal 10\.0\.1\.3\nsan SAN1 \{\n {2}protocol iscsi\n\}$/m);
    assert.match(text, /^ {2}csv Volume1 \{\n {4}san SAN1\n {4}free 2TB\n {2}\}$/m);
    assert.match(text, /^vm WEB1 on CLUSTER1 \{$/m, 'a clustered VM is placed on its cluster');
    assert.match(text, /^vm SQL1 on NODE1 \{$/m, 'a VM that is not clustered stays on its host');
    assert.doesNotMatch(text, /NT SERVICE|##MS_/, 'the product\'s own logins are left out');
    assert.equal(readdirSync(folder).join(','), 'estate.stamp', 'no temporary file is left');
    const check = await runStampHere(['check', out, '--format', 'json']);
    const report = JSON.parse(check.stdout);
    const core = report.files[0].diagnostics.filter((diagnostic: { code: string }) => /^(SYN|SCH|IMP)/.test(diagnostic.code));
    assert.deepEqual(core, []);
    assertGolden('import-hoster-seed003.stamp.txt', text);
  });

  it('prints the design without -o, and with --split writes one file per cluster that the main file imports', async () => {
    const printed = await runStampHere(['import', seed, '--name', 'hoster']);
    assert.equal(printed.status, 0, printed.stderr);
    assert.match(printed.stdout, /^stamp hoster \{$/m);
    const folder = join(scratch, 'split');
    mkdirSync(folder, { recursive: true });
    const split = await runStampHere(['import', seed, '-o', join(folder, 'main.stamp'), '--split']);
    assert.equal(split.status, 0, split.stderr);
    assert.deepEqual(readdirSync(folder).sort(), ['cluster1.stamp', 'main.stamp', 'sqlcluster.stamp']);
    assert.match(readFileSync(join(folder, 'main.stamp'), 'utf8'), /^import "cluster1\.stamp"\nimport "sqlcluster\.stamp"$/m);
    const check = await runStampHere(['check', folder]);
    assert.match(check.stdout, /^0 errors, /m, check.stdout);
    const again = await runStampHere(['import', seed, '-o', join(folder, 'main.stamp'), '--split']);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already exists; use --force to replace/);
  });
});

describe('stamp import with a bad inventory', () => {
  const cases: Array<{ name: string; content: () => string | Buffer; message: RegExp }> = [
    {
      name: 'truncated',
      content: () => readFileSync(join(repoRoot, seed), 'utf8').slice(0, 5000),
      message: /truncated\.json: line \d+, column \d+: Not valid JSON: the JSON ends early \(the file looks truncated/,
    },
    {
      name: 'wrong-version',
      content: () => JSON.stringify({ ...renderedLab(), schemaVersion: 2 }),
      message: /wrong-version\.json: schemaVersion: Expected 1, found 2: this Stamp reads inventory format 1/,
    },
    {
      name: 'wrong-type',
      content: () => {
        const inventory = renderedLab();
        inventory.hosts[0].vms[1].MemoryStartup = '8GB';
        return JSON.stringify(inventory);
      },
      message: /wrong-type\.json: hosts\[0\]\.vms\[1\]\.MemoryStartup: Expected null or a whole number, found the string "8GB"\./,
    },
    {
      name: 'secret',
      content: () => {
        const inventory = renderedLab();
        inventory.sqlInstances[0].logins[0].password_hash = '0x0200AABBCC';
        return JSON.stringify(inventory);
      },
      message: /secret\.json: sqlInstances\[0\]\.logins\[0\]: Expected no secret/,
    },
    {
      name: 'huge',
      content: () => Buffer.alloc(50 * 1024 * 1024, 32),
      message: /huge\.json: the inventory is 50\.0 MB; Stamp reads inventories up to 32 MB\./,
    },
    {
      name: 'duplicates',
      content: () => {
        const inventory = renderedLab();
        inventory.hosts[1].computerName = 'hv01.hyper-v.nu';
        return JSON.stringify(inventory);
      },
      message: /duplicates\.json: hosts\[1\]\.computerName: The host "hv01" is listed twice \(first at hosts\[0\]\.computerName\); names must be unique\./,
    },
  ];
  for (const testCase of cases) {
    it(`${testCase.name}: a clear error, exit 2, and no file written`, async () => {
      const folder = join(scratch, `bad-${testCase.name}`);
      mkdirSync(folder, { recursive: true });
      const input = join(folder, `${testCase.name}.json`);
      writeFileSync(input, testCase.content());
      const result = await runStampHere(['import', `${testCase.name}.json`, '-o', 'estate.stamp'], { cwd: folder });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, testCase.message);
      assert.match(result.stderr, testCase.name === 'huge' ? /MB/ : /not imported; nothing was written\.\n$/);
      assert.equal(result.stdout, '');
      assert.deepEqual(readdirSync(folder), [`${testCase.name}.json`], 'nothing but the input is in the folder');
      assert.equal(existsSync(join(folder, 'estate.stamp')), false);
    });
  }
});

describe('stamp diff', () => {
  it('finds no drift between the hoster example and its seed-shaped inventory (exit 0)', async () => {
    const result = await runStampHere(['diff', 'examples/hoster-4-server.stamp', seed]);
    assert.equal(result.status, 0, result.stdout);
    assert.equal(result.stdout, 'No drift: the estate matches examples/hoster-4-server.stamp wherever the inventory can tell.\n');
  });

  it('reports exactly the differences planted in the drift fixture, on the design\'s statements (exit 1)', async () => {
    const result = await runStampHere(['diff', 'examples/hoster-4-server.stamp', 'examples/inventories/hoster-4-server-drift.json', '--format', 'json']);
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout);
    const found = report.files.flatMap((file: { diagnostics: Array<{ code: string; message: string; range: { start: { line: number } } }> }) =>
      file.diagnostics.map((diagnostic) => `${diagnostic.range.start.line} ${diagnostic.code} ${diagnostic.message}`));
    assert.deepEqual(found, [
      '19 DRIFT002 The estate has VM TEST01; the design does not.',
      '69 DRIFT001 The design has VM DC2; the estate does not.',
      '79 DRIFT003 VM SQL2: memory is 12GB in the design and 16GB in the estate.',
      '110 DRIFT001 The design has login PROJECT\\svc_web on SQL2; the estate does not.',
      '115 DRIFT003 Replica SQL2 of PROJECTAG: commit is synchronous in the design and asynchronous in the estate.',
      '115 DRIFT003 Replica SQL2 of PROJECTAG: failover is automatic in the design and manual in the estate.',
      '130 DRIFT003 Replication of WEB2: frequency is 5m in the design and 30s in the estate.',
    ]);
    const human = await runStampHere(['diff', 'examples/hoster-4-server.stamp', 'examples/inventories/hoster-4-server-drift.json']);
    assert.equal(human.status, 1);
    assertGolden('diff-hoster-drift.human.txt', normalizeText(human.stdout));
  });

  it('reports priorities, dynamic memory, NLB port rules, MAC spoofing and a missing source the same way, also as SARIF', async () => {
    const inventory = renderedLab();
    inventory.nlbClusters[0].portRules = { IPAddress: '0.0.0.0', StartPort: 443, EndPort: 443, Protocol: 0, Mode: 0, Affinity: 1 };
    const spf2 = inventory.hosts[1].vmNetworkAdapters.find((adapter: { VMName: string }) => adapter.VMName === 'SPF2');
    spf2.MacAddressSpoofing = 2;
    inventory.clusters[0].groups.find((group: { Name: string }) => group.Name === 'DC01').Priority = 3000;
    const sql1 = inventory.hosts[0].vms.find((vm: { Name: string }) => vm.Name === 'SQL1');
    Object.assign(sql1, { DynamicMemoryEnabled: true, MemoryMinimum: 2 * 2 ** 30, MemoryMaximum: 16 * 2 ** 30 });
    // SQL Server was not reachable: nothing about SQL is reported, even though the inventory has no instances.
    inventory.sqlInstances = null;
    inventory.collected = inventory.collected.filter((source: string) => source !== 'sql');
    const path = join(scratch, 'lab-drift.json');
    writeFileSync(path, JSON.stringify(inventory, null, 2));
    const result = await runStampHere(['diff', 'examples/hypervnu-lab.stamp', path, '--format', 'sarif']);
    assert.equal(result.status, 1, result.stderr);
    const log = JSON.parse(result.stdout);
    const messages = log.runs[0].results.map((entry: { ruleId: string; message: { text: string }; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }) =>
      `${entry.locations[0].physicalLocation.region.startLine} ${entry.ruleId} ${entry.message.text}`);
    assert.deepEqual(messages, [
      '34 DRIFT003 VM DC01: priority is medium in the design and high in the estate.',
      '37 DRIFT002 The estate has dynamic memory in VM SQL1; the design does not.',
      '44 DRIFT003 Adapter nic0 of VM SPF2: mac_spoofing is yes in the design and no in the estate.',
      '99 DRIFT002 The estate has port rule 443 in NLB cluster SPFNLB (spf.hyper-v.nu); the design does not.',
      '105 DRIFT001 The design has port rule 0-65535 of SPFNLB; the estate does not.',
    ]);
    assert.deepEqual(log.runs[0].tool.driver.rules.map((rule: { id: string; name: string }) => `${rule.id} ${rule.name}`), ['DRIFT003 PropertyDrift', 'DRIFT002 MissingFromDesign', 'DRIFT001 MissingFromEstate']);
    assertGolden('diff-lab-drift.sarif', normalizeReport(result.stdout));
  });
});
