// The TEAM fixes that take a member out of a team (TEAM004, TEAM006) as the user meets them: the member goes with one
// comma, a comment written in the list stays, and no fix is offered when the removal could only take a comment with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../grammar/src/analyze.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import type { Diagnostic } from '../grammar/src/diagnostic.js';

const uri = 'file:///teams/main.stamp';
const nics = '  nic NIC1 { speed 10Gbps }\n  nic NIC2 { speed 10Gbps }\n  nic NIC3 { speed 10Gbps }\n  nic NIC4 { speed 10Gbps }\n';

function teamFindings(text: string, code: string): Diagnostic[] {
  return diagnose(analyze([{ uri, text }])).filter((diagnostic) => diagnostic.code === code);
}

function applied(text: string, diagnostic: Diagnostic): string {
  const edits = [...diagnostic.fixes![0].edits].sort((a, b) => b.start - a.start);
  return edits.reduce((result, edit) => result.slice(0, edit.start) + edit.newText + result.slice(edit.end), text);
}

test('TEAM004: removing a teamed team keeps a comment written after its comma', () => {
  const text = `host HV1 {\n${nics}  team Inner { members NIC1, NIC2 }\n  team Outer { members NIC3, Inner, // spare\n    NIC4 }\n}\n`;
  const [finding] = teamFindings(text, 'TEAM004');
  assert.ok(finding, 'TEAM004 reports the teamed team');
  assert.equal(applied(text, finding), `host HV1 {\n${nics}  team Inner { members NIC1, NIC2 }\n  team Outer { members NIC3, // spare\n    NIC4 }\n}\n`);
});

test('TEAM004: no fix when a comment stands on both sides of the member', () => {
  const text = `host HV1 {\n${nics}  team Inner { members NIC1, NIC2 }\n  team Outer { members NIC3, /* a */ Inner, // b\n    NIC4 }\n}\n`;
  const [finding] = teamFindings(text, 'TEAM004');
  assert.ok(finding, 'TEAM004 reports the teamed team');
  assert.deepEqual(finding.fixes ?? [], []);
});

test('TEAM004: the last member goes with the comma before it; a team of one member gets no fix', () => {
  const text = `host HV1 {\n${nics}  team Inner { members NIC1, NIC2 }\n  team Outer { members NIC3,\n    Inner }\n  team Lone { members Inner }\n}\n`;
  const findings = teamFindings(text, 'TEAM004');
  const outer = findings.find((finding) => finding.message.startsWith('Team Outer'))!;
  assert.equal(applied(text, outer), `host HV1 {\n${nics}  team Inner { members NIC1, NIC2 }\n  team Outer { members NIC3 }\n  team Lone { members Inner }\n}\n`);
  const lone = findings.find((finding) => finding.message.startsWith('Team Lone'))!;
  assert.deepEqual(lone.fixes ?? [], []);
});

test('TEAM006: removing an RDMA NIC from a team keeps the comment written after its comma', () => {
  const text = 'host HV1 {\n  nic R1 { speed 25Gbps; rdma yes }\n  nic NIC2 { speed 25Gbps }\n  nic NIC3 { speed 25Gbps }\n  team T { members NIC2, R1, // spare\n    NIC3 }\n}\n';
  const [finding] = teamFindings(text, 'TEAM006');
  assert.ok(finding, 'TEAM006 reports the RDMA member');
  assert.equal(applied(text, finding), 'host HV1 {\n  nic R1 { speed 25Gbps; rdma yes }\n  nic NIC2 { speed 25Gbps }\n  nic NIC3 { speed 25Gbps }\n  team T { members NIC2, // spare\n    NIC3 }\n}\n');
});
