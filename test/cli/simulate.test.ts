// `stamp simulate`: service states under chosen failures (human and JSON), the resilience summary, usage errors, and
// every single failure of a set of designs compared with goldens.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../grammar/src/analyze.js';
import { failableParts } from '../../server/src/resilience/simulate.js';
import { failedTogether } from '../support/failure-sets.js';
import { assertGolden } from '../support/golden.js';
import { repoRoot } from '../support/paths.js';
import { runStampHere } from './run-cli.js';

const lab = 'examples/hypervnu-lab.stamp';

describe('stamp simulate', () => {
  it('reports each service after the SAN and a host fail, in JSON', async () => {
    const result = await runStampHere(['simulate', lab, '--fail', 'SAN01', '--fail', 'hv01', '--format', 'json']);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { failed: string[]; services: Array<{ service: string; state: string; why: string }> };
    assert.deepEqual(report.failed, ['SAN01', 'HV01']);
    const state = new Map(report.services.map((service) => [service.service, service.state]));
    assert.deepEqual(Object.fromEntries(state), { VMM: 'down', SPF: 'down', 'WAP Portal': 'down', 'listener SQL': 'down', 'Active Directory': 'up' });
    assert.match(report.services.find((service) => service.service === 'listener SQL')!.why, /SQLCLUSTER loses quorum/);
  });

  it('shows an automatic failover, in human output', async () => {
    const result = await runStampHere(['simulate', lab, '--fail', 'SQL1']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Failing vm SQL1: /);
    assert.match(result.stdout, /failover +listener SQL: SCAG fails over automatically to SQL2/);
  });

  it('prints the resilience summary without --fail: the SAN is the single point of failure', async () => {
    const result = await runStampHere(['simulate', lab, '--format', 'json']);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { resilience: Array<{ service: string; minimumFailures: number | null; example: string[] }> };
    const single = report.resilience.filter((entry) => entry.minimumFailures === 1);
    assert.deepEqual(single.map((entry) => entry.service), ['VMM', 'SPF', 'WAP Portal', 'listener SQL']);
    assert.ok(single.every((entry) => entry.example.join() === 'SAN01'));
    assert.equal(report.resilience.find((entry) => entry.service === 'Active Directory')?.minimumFailures, 2);
  });

  it('prints every VM, where it runs and what is down for lack of memory, even when the stamp declares no service', async () => {
    const result = await runStampHere(['simulate', 'test/cli-inputs/capacity/vms-only.stamp', '--fail', 'N1']);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'Failing host N1: the stamp declares no services.');
    assert.ok(lines.includes('  C N1: failed'), result.stdout);
    assert.ok(lines.includes('  C N2: 24/30 GB: SMALL, BIG1'), result.stdout);
    assert.ok(lines.includes('VMs: 1 down, 1 failover, 1 up.'), result.stdout);
    assert.ok(lines.includes('  failover  BIG1 on N2: BIG1 restarts on N2'), result.stdout);
    assert.ok(lines.includes('  down      BIG2: no capacity: BIG2 was preempted by BIG1 (priority high) on N2 and needs 20 GB, N2 has 6 GB free after its 2 GB reserve'), result.stdout);
    assert.ok(lines.includes('  up        SMALL on N2'), result.stdout);
    assert.ok(lines.includes('  C after losing N1: BIG1 restarted on N2; BIG2 (preempted by BIG1) stays off for lack of memory; in use: N2 24 of 30 GB.'), result.stdout);
  });

  it('says in words what losing a node does to each cluster\'s memory, and that unknown memory is not checked', async () => {
    const hoster = await runStampHere(['simulate', 'examples/hoster-4-server.stamp', '--fail', 'NODE1']);
    assert.equal(hoster.status, 0, hoster.stderr);
    assert.match(hoster.stdout, /\nCapacity:\n {2}CLUSTER1 after losing NODE1: DC1 and WEB2 restarted on NODE2; nothing stays off for lack of memory; in use: NODE2 23 of 30 GB\.\n/);
    const lab = await runStampHere(['simulate', 'examples/hypervnu-lab.stamp', '--fail', 'HV01']);
    assert.match(lab.stdout, /\nCapacity:\n {2}HVCLUSTER after losing HV01: capacity unknown \(HV01 and HV02 lack memory\): whether the VMs find room is not checked\.\n/);
  });

  it('gives the placement and every VM in JSON', async () => {
    const result = await runStampHere(['simulate', 'test/cli-inputs/capacity/vms-only.stamp', '--fail', 'N1', '--format', 'json']);
    const report = JSON.parse(result.stdout) as { vms: Array<{ vm: string; state: string; host?: string }>; placement: Array<{ cluster: string; nodes: Array<{ host: string; usedGB: number; capacityGB: number; vms: string[] }> }> };
    assert.deepEqual(report.vms.map((vm) => `${vm.vm} ${vm.state} ${vm.host ?? '-'}`), ['BIG1 failover N2', 'BIG2 down -', 'SMALL up N2']);
    assert.deepEqual(report.placement[0].nodes.find((node) => node.host === 'N2'), { host: 'N2', failed: false, usedGB: 24, capacityGB: 30, vms: ['SMALL', 'BIG1'] });
  });

  it('adds a capacity line per cluster to the resilience summary, with the headroom after losing the largest node', async () => {
    const result = await runStampHere(['simulate', 'examples/hoster-4-server.stamp']);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.includes('\n  CLUSTER1: N+1 holds: after losing any one node every VM restarts; after losing NODE1 (its nodes have the same memory), 7 GB to spare. In use, of the memory for VMs after the reserve: NODE1 18 of 30 GB, NODE2 17 of 30 GB.\n'), result.stdout);
    assert.ok(result.stdout.includes('\n  BACKUP1 (not clustered): 28 GB to spare; 2 of 30 GB in use\n'), result.stdout);
    const tight = await runStampHere(['simulate', 'test/cli-inputs/capacity/vms-only.stamp']);
    assert.ok(tight.stdout.includes('\n  C: N+1 fails: after losing N1 (its nodes have the same memory), BIG2 would stay off (14 GB missing). In use, of the memory for VMs after the reserve: N1 20 of 30 GB, N2 24 of 30 GB.\n'), tight.stdout);
    const lab = await runStampHere(['simulate', 'examples/hypervnu-lab.stamp']);
    assert.match(lab.stdout, /\n {2}HVCLUSTER: capacity unknown: 2 of 2 nodes lack memory \(HV01 and HV02\)\n {2}2 of 2 hosts lack memory \(HV01 and HV02\): their capacity is not checked\.\n/);
  });

  it('exits 2 for an unknown part, with the closest name', async () => {
    const result = await runStampHere(['simulate', lab, '--fail', 'SAN1']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /No host, SAN, CSV or VM named `SAN1`.*Did you mean `SAN01`\?/);
    const far = await runStampHere(['simulate', lab, '--fail', 'ZZZZZZZ']);
    assert.equal(far.status, 2);
    assert.equal(far.stderr, `stamp: No host, SAN, CSV or VM named \`ZZZZZZZ\` in ${lab}.\nRun \`stamp simulate --help\` for usage.\n`);
  });

  it('prints its usage with --help, and exits 2 unless exactly one file is named', async () => {
    const help = await runStampHere(['simulate', '--help']);
    assert.equal(help.status, 0);
    assert.ok(help.stdout.startsWith('Usage: stamp simulate <file> [--fail <part>]... [--format human|json]\n\nSimulates the loss of hosts'), help.stdout);
    assert.ok(help.stdout.endsWith('Exit codes: 0 report printed, 2 usage or input/output error.\n'), help.stdout);
    for (const args of [['simulate'], ['simulate', lab, 'examples/asr-stamp.stamp']]) {
      const result = await runStampHere(args);
      assert.equal(result.status, 2);
      assert.equal(result.stderr, 'stamp: Name exactly one .stamp file to simulate.\nRun `stamp simulate --help` for usage.\n');
      assert.equal(result.stdout, '');
    }
  });

  it('the summary says "down with nothing failed", "more than 3" without an example, and names a single point of failure', async () => {
    const design = 'test/cli-inputs/resilience/summary-edges.stamp';
    const result = await runStampHere(['simulate', design]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.split('\n').slice(0, 4), [
      `Resilience of ${design}: the least number of failures that takes each service down.`,
      '  SHOP                         more than 3 ',
      '  VM HUGE                      0             down with nothing failed',
      '  VM ONLY                      1           e.g. LONE  single point of failure',
    ]);
    const json = JSON.parse((await runStampHere(['simulate', design, '--format', 'json'])).stdout) as { resilience: unknown[] };
    assert.deepEqual(json.resilience, [
      { service: 'SHOP', minimumFailures: null, example: [] },
      { service: 'VM HUGE', minimumFailures: 0, example: [] },
      { service: 'VM ONLY', minimumFailures: 1, example: ['LONE'] },
    ]);
  });
});

/**
 * Designs whose every single failure is shown as `stamp simulate` prints it: the examples and the failure-analysis and
 * capacity designs (the rule fixtures' designs are in test/resilience-requests.test.ts: a file of test/fixtures/rules
 * is checked by the CLI with its whole folder, 50 files, for each run).
 */
const simulatedDesigns = [
  'examples/hypervnu-lab.stamp',
  'examples/hoster-4-server.stamp',
  'examples/asr-stamp.stamp',
  'test/fixtures/resilience/hoster-before.stamp',
  'test/fixtures/resilience/hoster-after.stamp',
  'test/cli-inputs/capacity/vms-only.stamp',
  'test/cli-inputs/capacity/placement.stamp',
];


/** The parts `stamp simulate --fail` accepts for a design, in the order the command lists them. */
function failablePartNames(path: string): string[] {
  const analysis = analyze([{ uri: pathToFileURL(join(repoRoot, path)).href, text: readFileSync(join(repoRoot, path), 'utf8') }]);
  return failableParts(analysis.model).map((part) => part.name);
}

describe('stamp simulate on every single failure (goldens in test/golden/simulate)', () => {
  for (const design of simulatedDesigns) {
    it(`prints the resilience summary of ${design} and what each single failure (and a few multiple ones) does`, async () => {
      const summary = await runStampHere(['simulate', design]);
      assert.equal(summary.status, 0, summary.stderr);
      let shown = `$ stamp simulate ${design}\n${summary.stdout}`;
      for (const parts of [...failablePartNames(design).map((part) => [part]), ...(failedTogether[design] ?? [])]) {
        const args = parts.flatMap((part) => ['--fail', part]);
        const result = await runStampHere(['simulate', design, ...args]);
        assert.equal(result.status, 0, result.stderr);
        shown += `\n$ stamp simulate ${design} ${args.join(' ')}\n${result.stdout}`;
      }
      assertGolden(join(repoRoot, 'test', 'golden', 'simulate', `${basename(design, '.stamp')}${design.startsWith('examples/') ? '' : `-${basename(dirname(design))}`}.txt`), shown, `stamp simulate of ${design}`);
    });
  }
});
