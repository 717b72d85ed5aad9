// `stamp simulate`: service states under chosen failures (human and JSON), the resilience summary, and usage errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runStamp } from './run-cli.js';

const lab = 'examples/hypervnu-lab.stamp';

describe('stamp simulate', () => {
  it('reports each service after the SAN and a host fail, in JSON', () => {
    const result = runStamp(['simulate', lab, '--fail', 'SAN01', '--fail', 'hv01', '--format', 'json']);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { failed: string[]; services: Array<{ service: string; state: string; why: string }> };
    assert.deepEqual(report.failed, ['SAN01', 'HV01']);
    const state = new Map(report.services.map((service) => [service.service, service.state]));
    assert.deepEqual(Object.fromEntries(state), { VMM: 'down', SPF: 'down', 'WAP Portal': 'down', 'listener SQL': 'down', 'Active Directory': 'up' });
    assert.match(report.services.find((service) => service.service === 'listener SQL')!.why, /SQLCLUSTER loses quorum/);
  });

  it('shows an automatic failover, in human output', () => {
    const result = runStamp(['simulate', lab, '--fail', 'SQL1']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Failing vm SQL1: /);
    assert.match(result.stdout, /failover +listener SQL: SCAG fails over automatically to SQL2/);
  });

  it('prints the resilience summary without --fail: the SAN is the single point of failure', () => {
    const result = runStamp(['simulate', lab, '--format', 'json']);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { resilience: Array<{ service: string; minimumFailures: number | null; example: string[] }> };
    const single = report.resilience.filter((entry) => entry.minimumFailures === 1);
    assert.deepEqual(single.map((entry) => entry.service), ['VMM', 'SPF', 'WAP Portal', 'listener SQL']);
    assert.ok(single.every((entry) => entry.example.join() === 'SAN01'));
    assert.equal(report.resilience.find((entry) => entry.service === 'Active Directory')?.minimumFailures, 2);
  });

  it('exits 2 for an unknown part, with the closest name', () => {
    const result = runStamp(['simulate', lab, '--fail', 'SAN1']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /No host, SAN, CSV or VM named `SAN1`.*Did you mean `SAN01`\?/);
  });
});
