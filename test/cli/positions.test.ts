// Positions in reports (cli/src/positions.ts): a related place and a fix in a file the check did not name, which is
// read for its lines, and places in the checked file, in the JSON, SARIF and human reports.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { runStampHere } from './run-cli.js';

describe('places in a file the check did not name', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-positions-'));
    mkdirSync(join(folder, 'parts'));
    writeFileSync(
      join(folder, 'parts', 'nlb.stamp'),
      [
        '// The NLB cluster, in a file of its own.',
        'host HV1 {',
        '  os 2012R2',
        '  nic NIC1 { speed 10Gbps }',
        '  vswitch External { type external; uplink NIC1 }',
        '}',
        'vm APP3 on HV1 { nic nic0 { switch External; mac_spoofing } }',
        'nlb WRONGDNS { ip 10.0.0.15/24; internet_name "wrong.contoso.com"; hosts APP3; nics_per_host 2 }',
        '',
      ].join('\n'),
    );
    writeFileSync(join(folder, 'main.stamp'), 'import "parts/nlb.stamp"\n\ndns_record "wrong.contoso.com" 10.0.0.99\n');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('gives the related place its line and columns in the imported file, in JSON', async () => {
    const result = await runStampHere(['check', 'main.stamp', '--format', 'json'], { cwd: folder });
    assert.equal(result.status, 0, result.stderr);
    const [diagnostic] = JSON.parse(result.stdout).files[0].diagnostics;
    assert.deepEqual(diagnostic.range, { start: { line: 3, column: 1 }, end: { line: 3, column: 41 } });
    assert.deepEqual(diagnostic.related, [{ path: 'parts/nlb.stamp', range: { start: { line: 8, column: 5 }, end: { line: 8, column: 13 } }, message: "NLB 'WRONGDNS' has cluster IP 10.0.0.15" }]);
    assert.deepEqual(diagnostic.fixes[0].edits, [{ path: 'main.stamp', range: { start: { line: 3, column: 32 }, end: { line: 3, column: 41 } }, newText: '10.0.0.15' }]);
  });

  it('and in SARIF, where the related place has an id', async () => {
    const result = await runStampHere(['check', 'main.stamp', '--format', 'sarif'], { cwd: folder });
    const log = JSON.parse(result.stdout) as Sarif.Log;
    const [entry] = log.runs[0].results ?? [];
    assert.deepEqual(entry.locations, [{ physicalLocation: { artifactLocation: { uri: 'main.stamp' }, region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 41 } } }]);
    assert.deepEqual(entry.relatedLocations, [
      { id: 0, physicalLocation: { artifactLocation: { uri: 'parts/nlb.stamp' }, region: { startLine: 8, startColumn: 5, endLine: 8, endColumn: 13 } }, message: { text: "NLB 'WRONGDNS' has cluster IP 10.0.0.15" } },
    ]);
    assert.deepEqual(entry.fixes?.[0].artifactChanges, [
      { artifactLocation: { uri: 'main.stamp' }, replacements: [{ deletedRegion: { startLine: 3, startColumn: 32, endLine: 3, endColumn: 41 }, insertedContent: { text: '10.0.0.15' } }] },
    ]);
  });
});
