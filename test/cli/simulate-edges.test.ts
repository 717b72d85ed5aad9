// `stamp simulate` in-process, at its edges (fast designs written here; test/cli/simulate.test.ts has the goldens):
// usage errors naming its help, and the sections left out when there is nothing to say (no capacity, no VM).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runStampHere } from './run-cli.js';

const noServices = '  (the stamp declares no services: no VMM, SPF, WAP, app, listener, replicated or critical VM, or domain)\n';

describe('stamp simulate at its edges', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-simulate-edges-'));
    writeFileSync(join(folder, 'san-only.stamp'), 'san S1\n');
    writeFileSync(join(folder, 'hosts.stamp'), 'host H1 { os 2012 }\nhost H2 { os 2012 }\n');
    writeFileSync(join(folder, 'half.stamp'), 'san S1\nhost N1 { memory 64GB }\nhost N2\ncluster C1 { kind hyperv; nodes N1, N2; witness disk S1; csv V1 { san S1 } }\nvm A on C1 { memory 8GB; storage csv V1 }\nvm B on C1 { memory 8GB; storage csv V1 }\n');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));
  const simulate = (...args: string[]) => runStampHere(['simulate', ...args], { cwd: folder });

  it('names its own help in its usage errors', async () => {
    assert.deepEqual(await simulate('--bogus', 'hosts.stamp'), { status: 2, stdout: '', stderr: 'stamp: Unknown option `--bogus`.\nRun `stamp simulate --help` for usage.\n' });
    assert.deepEqual(await simulate('--format', 'xml', 'hosts.stamp'), { status: 2, stdout: '', stderr: 'stamp: --format must be one of human, json, not `xml`.\nRun `stamp simulate --help` for usage.\n' });
  });

  it('prints no capacity section for a stamp without hosts, and one for hosts without memory', async () => {
    assert.deepEqual(await simulate('san-only.stamp'), { status: 0, stdout: `Resilience of san-only.stamp: the least number of failures that takes each service down.\n${noServices}`, stderr: '' });
    assert.deepEqual(await simulate('hosts.stamp'), {
      status: 0,
      stdout: `Resilience of hosts.stamp: the least number of failures that takes each service down.\n${noServices}Capacity (startup memory of the VMs against the memory left for VMs after each host's reserve):\n  2 of 2 hosts lack memory (H1 and H2): their capacity is not checked.\n`,
      stderr: '',
    });
  });

  it('prints no VM section when the stamp has no VM, and each VM\'s state and reason when it has some', async () => {
    assert.deepEqual(await simulate('hosts.stamp', '--fail', 'H1'), { status: 0, stdout: 'Failing host H1: the stamp declares no services.\n', stderr: '' });
    assert.deepEqual(await simulate('half.stamp', '--fail', 'N1'), {
      status: 0,
      stdout: 'Failing host N1: the stamp declares no services.\nCapacity:\n  C1 after losing N1: capacity unknown (N2 lacks memory): whether the VMs find room is not checked.\nVMs: 2 failover.\n  failover  A: A restarts on N2\n  failover  B: B restarts on N2\n',
      stderr: '',
    });
  });
});
