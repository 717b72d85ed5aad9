// The server's value-edit path: after an edit that changes only values, the workspace runs again only the rules that
// read a changed value (each family declares what it reads) and keeps the others' findings, moved; what it publishes
// equals a scratch diagnosis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { readsMeet, valueChanges } from '../grammar/src/value-edit.js';
import { checkText } from '../grammar/src/incremental.js';
import { emptyConfig, validateRules } from '../server/src/analysis/config.js';
import { diagnose, fastRules } from '../server/src/analysis/diagnose.js';
import type { FileStat, FolderEntry, StampFileSystem } from '../server/src/analysis/file-system.js';
import { StampWorkspace } from '../server/src/analysis/workspace.js';
import { allRules } from '../server/src/rules/registry.js';
import type { Rule } from '../server/src/rules/rule.js';
import { largeStamp } from './support/large-stamp.js';
import { repoRoot } from './support/paths.js';

/** No files on disk: every stamp here is one open document. */
const noFiles: StampFileSystem = {
  readText: () => undefined,
  readBytes: () => undefined,
  stat: (): FileStat | undefined => undefined,
  readFolder: (): FolderEntry[] => [],
  locate: () => undefined,
};

/** Counts how often each rule's check runs while `action` runs (the rules are the registry's own objects). */
function countingRuns<T>(action: () => T): { result: T; runs: Map<string, number> } {
  const runs = new Map<string, number>();
  const originals = new Map<Rule, Pick<Rule, 'check' | 'checkInSteps'>>();
  const count = (rule: Rule) => runs.set(rule.id, (runs.get(rule.id) ?? 0) + 1);
  for (const rule of allRules) {
    const { check, checkInSteps } = rule;
    originals.set(rule, { check, checkInSteps });
    rule.check = (model, report) => {
      count(rule);
      check.call(rule, model, report);
    };
    if (checkInSteps) {
      rule.checkInSteps = function* (model, report) {
        count(rule);
        yield* checkInSteps.call(rule, model, report);
      };
    }
  }
  try {
    return { result: action(), runs };
  } finally {
    for (const [rule, original] of originals) Object.assign(rule, original);
  }
}

const uri = 'file:///value-edit/design.stamp';

/** Opens `before` in a fresh workspace, diagnoses it, changes it to `after`; returns what was published and which rules ran. */
function editInWorkspace(before: string, after: string): { published: string; scratch: string; runs: Map<string, number> } {
  const workspace = new StampWorkspace(() => emptyConfig, noFiles);
  workspace.open(uri, before, 1);
  workspace.diagnosisOf(uri);
  workspace.change(uri, after, 2);
  const { result, runs } = countingRuns(() => workspace.diagnosisOf(uri)!);
  return { published: JSON.stringify(result.all), scratch: JSON.stringify(diagnose(analyze([{ uri, text: after }]))), runs };
}

const capFixture = readFileSync(join(repoRoot, 'test', 'fixtures', 'rules', 'CAP.stamp'), 'utf8');

test('a VM memory edit runs the capacity rules and HV003 again, keeps the other rules\' findings, and publishes what a scratch diagnosis finds', () => {
  // T1 at 48 GB makes TIGHT fail N+1 (CAP001); at 8 GB the cluster holds.
  const after = capFixture.replace('vm T1 on TIGHT { memory 48GB', 'vm T1 on TIGHT { memory 8GB');
  assert.notEqual(after, capFixture);
  const { published, scratch, runs } = editInWorkspace(capFixture, after);
  assert.equal(published, scratch);
  assert.ok(!scratch.includes('TIGHT cannot absorb the loss of A1'), 'the edit did not change CAP001\'s finding');
  for (const id of ['CAP001', 'CAP002', 'CAP003', 'HV003']) assert.equal(runs.get(id), 1, `${id} did not run again`);
  // Of the HV family only HV003 (the memory file) reads a VM's memory.
  for (const id of ['HV001', 'HV002', 'HV004', 'HV005', 'HV006', 'HV007', 'HV008', 'HV009']) assert.equal(runs.get(id), undefined, `${id} ran again after a VM's memory changed`);
  // SPOF declares nothing: it always runs again (a small stamp gets every rule at once).
  assert.equal(runs.get('SPOF001'), 1);
  for (const id of ['AG001', 'SQL001', 'NLB001', 'LB001', 'CERT001', 'TEAM001', 'DC001', 'ASR001', 'CL001', 'HVR001', 'LSN001', 'SPF001', 'WAP001']) {
    assert.ok(allRules.some((rule) => rule.id === id), `no rule ${id}`);
    assert.equal(runs.get(id), undefined, `${id} ran again after a VM's memory changed`);
  }
});

test('a VM memory edit that changes HV003\'s finding publishes what a scratch diagnosis finds', () => {
  const hvFixture = readFileSync(join(repoRoot, 'test', 'fixtures', 'rules', 'HV.stamp'), 'utf8');
  // BIG at 64 GB does not fit the 40 GB free on Volume1; at 32 GB it does.
  const after = hvFixture.replace('vm BIG on HVC { memory 64GB', 'vm BIG on HVC { memory 32GB');
  assert.notEqual(after, hvFixture);
  const { published, scratch, runs } = editInWorkspace(hvFixture, after);
  assert.ok(JSON.parse(published).length > 0);
  assert.equal(published, scratch);
  assert.ok(hvFixture.includes('VM BIG has 64 GB of memory') && !scratch.includes('VM BIG has'), 'the edit did not change HV003\'s finding');
  assert.equal(runs.get('HV003'), 1);
  assert.equal(runs.get('HV005'), undefined, 'HV005 ran again after a VM\'s memory changed');
});

test('a VM memory edit keeps the other HV rules\' findings, before the edit and after it, moved by the edit\'s length', () => {
  const hvFixture = readFileSync(join(repoRoot, 'test', 'fixtures', 'rules', 'HV.stamp'), 'utf8');
  // OLD's memory: HV006's finding on DC1 lies after it (HV004 has a finding on OLD itself, so it runs again); DC2's
  // memory: HV004's finding on MIXED and HV006's on DC1 lie before it. Each edit makes the text one character longer.
  for (const [before, edited, keptIds, side] of [
    ['vm OLD on HVC { memory 2GB', 'vm OLD on HVC { memory 12GB', ['HV006'], 'after'],
    ['vm DC2 on HVC { memory 2GB', 'vm DC2 on HVC { memory 12GB', ['HV004', 'HV006'], 'before'],
  ] as const) {
    const at = hvFixture.indexOf(before);
    const after = hvFixture.replace(before, edited);
    assert.ok(at > 0 && after !== hvFixture);
    const { published, scratch, runs } = editInWorkspace(hvFixture, after);
    assert.equal(published, scratch, before);
    for (const id of keptIds) assert.equal(runs.get(id), undefined, `${id} ran again after ${before}`);
    // Not vacuous: the kept findings lie on the side of the edit the case names.
    const kept = (JSON.parse(published) as Array<{ code: string; start: number }>).filter((diagnostic) => (keptIds as readonly string[]).includes(diagnostic.code));
    assert.ok(kept.length > 0 && kept.every((diagnostic) => (side === 'before' ? diagnostic.start < at : diagnostic.start > at + before.length)), `${before}: ${JSON.stringify(kept)}`);
  }
});

test('a name edit or a reference edit runs every rule again', () => {
  const renamed = capFixture.replace('vm T4 on TIGHT', 'vm T5 on TIGHT');
  const moved = capFixture.replace('vm T4 on TIGHT', 'vm T4 on ROOMY');
  for (const after of [renamed, moved]) {
    const { published, scratch, runs } = editInWorkspace(capFixture, after);
    assert.equal(published, scratch);
    assert.equal(runs.size, allRules.length, 'not every rule ran after a name or reference changed');
  }
});

test('a value edit that a rule does not read keeps that rule\'s findings at their new offsets, after the edit and before it', () => {
  // CAP002's findings lie before and after the changed host, whose memory is longer by two characters; the rules that
  // read no memory keep theirs, moved by two after the edit.
  const text = readFileSync(join(repoRoot, 'test', 'fixtures', 'rules', 'CAP.stamp'), 'utf8');
  const after = text.replace('host OLD1 { memory 48GB }', 'host OLD1 { memory 1048GB }');
  const { published, scratch, runs } = editInWorkspace(text, after);
  assert.equal(published, scratch);
  assert.equal(runs.get('AG001'), undefined);
  assert.ok(!scratch.includes('OLD1 has 46 GB free'), 'the host edit did not change CAP002\'s finding');
});

test('valueChanges names the facts a value edit touched, and nothing when a name, a reference or a form changed', () => {
  const facts = (before: string, after: string) => {
    const touched = valueChanges(checkText(uri, before).units!, checkText(uri, after).units!);
    return touched ? [...touched].sort() : undefined;
  };
  assert.deepEqual(facts('vm A on H { memory 4GB }\nhost H {}', 'vm A on H { memory 6GB }\nhost H {}'), ['vm.memory']);
  assert.deepEqual(facts('vm A on H { nic N { ip 10.0.0.1 } }', 'vm A on H { nic N { ip 10.0.0.2 } }'), ['nic.ip', 'vm.nic']);
  assert.deepEqual(facts('vm A on H { dynamic_memory { maximum 8GB } }', 'vm A on H { dynamic_memory { maximum 9GB } }'), ['dynamic_memory.maximum', 'vm.dynamic_memory']);
  assert.equal(facts('vm A on H { memory 4GB }', 'vm B on H { memory 4GB }'), undefined, 'a name');
  assert.equal(facts('vm A on H { memory 4GB }', 'vm A on G { memory 4GB }'), undefined, 'a reference');
  assert.equal(facts('vm A on H { storage local }', 'vm A on H { storage csv V }'), undefined, 'a form');
  assert.equal(facts('vm A on H { memory 4GB }', 'vm A on H { memory 4GB; os 2012 }'), undefined, 'a property added');
  assert.deepEqual(facts('vm A on H { memory 4GB }', 'vm A on H { memory 4GB }'), []);
});

test('valueChanges tells a value edit from any other, value kind by value kind, and names each ancestor of a changed child', () => {
  const facts = (before: string, after: string) => {
    const touched = valueChanges(checkText(uri, before).units!, checkText(uri, after).units!);
    return touched ? [...touched].sort() : undefined;
  };
  const same = (before: string, after: string, facts_: string[] | undefined, why: string) => assert.deepEqual(facts(before, after), facts_, why);
  // Values of every kind: a size, a version, a word, a yes/no, a duration, a list of port numbers.
  same('host H { memory 64GB }', 'host H { memory 32GB }', ['host.memory'], 'a size');
  same('vm A on H { os 2012 }', 'vm A on H { os 2016 }', ['vm.os'], 'a version');
  same('nlb N { mode unicast; hosts A }', 'nlb N { mode multicast; hosts A }', ['nlb.mode'], 'a word');
  same('vm A on H { critical yes }', 'vm A on H { critical no }', ['vm.critical'], 'a yes/no');
  same('replication R { vm A; replica H; frequency 300s }', 'replication R { vm A; replica H; frequency 30s }', ['replication.frequency'], 'a duration');
  same('load_balancer L { ports 443, 30071 }', 'load_balancer L { ports 443, 30072 }', ['load_balancer.ports'], 'one item of a list');
  same('vm A on H { nic N { ip 10.0.0.1 } }', 'vm A on H { nic N { ip 10.0.0.1 } }', [], 'nothing changed');
  // A change below an element names the child on the path at each level.
  same('sql S on A { login L { sid 0x01 } }', 'sql S on A { login L { sid 0x02 } }', ['login.sid', 'sql.login'], 'a login\'s SID');
  same('host H { nic N { ip 10.0.0.1/24 } }', 'host H { nic N { ip 10.0.0.1/16 } }', ['host.nic', 'nic.ip'], 'an address\'s prefix');
  // Anything but a value: undefined.
  same('vm A on H { memory 4GB }\nvm B on H { memory 4GB }', 'vm A on H { memory 4GB }', undefined, 'a statement removed');
  same('vm A on H { memory 4GB }', 'host A { memory 4GB }', undefined, 'another kind');
  same('vm A on H { nic N { ip 10.0.0.1 } }', 'vm A on H { nic M { ip 10.0.0.1 } }', undefined, 'a child renamed');
  same('vm A on H { nic N { ip 10.0.0.1 } }', 'vm A on H { nic N { ip 10.0.0.1 }; nic M { } }', undefined, 'a child added');
  same('vm A on H { dns D1, D2 }\nvm D1 on H {}\nvm D2 on H {}', 'vm A on H { dns D2, D1 }\nvm D1 on H {}\nvm D2 on H {}', undefined, 'references reordered');
  same('nlb N { port_rule 80 }', 'nlb N { port_rule 8090 }', undefined, 'a header that names its element');
  same('bogus thing 1', 'bogus thing 2', [], 'an unknown statement, same keyword');
  same('bogus thing 1', 'other thing 1', undefined, 'an unknown statement, another keyword');
  same('bogus thing 1', 'vm A on H { }', undefined, 'an unknown statement that becomes an element');
});

test('readsMeet: a rule re-runs when it reads the kind or the fact touched; one that declares nothing always does', () => {
  const touched = new Set(['nic.ip', 'vm.nic']);
  assert.equal(readsMeet(undefined, new Set()), true);
  assert.equal(readsMeet(['vm'], touched), true);
  assert.equal(readsMeet(['vm.nic'], touched), true);
  assert.equal(readsMeet(['nic'], touched), true);
  assert.equal(readsMeet(['vm.memory', 'host'], touched), false);
  assert.equal(readsMeet(['vm.memory'], new Set(['vm.memory'])), true);
});

/**
 * Edits of a small design, each either a value edit (only the rules that read one of `facts` run again, or whose
 * findings lie in the edited lines) or not (every rule runs again); either way the server publishes what a scratch
 * diagnosis of the new text finds.
 */
const hosts = 'host A { memory 64GB }\nhost B { memory 64GB }\n';
const editCases: Array<{ why: string; before: string; after: string; facts?: string[] }> = [
  { why: 'a host\'s memory', before: `${hosts}host H { memory 4GB }\n`, after: `${hosts}host H { memory 5GB }\n`, facts: ['host.memory'] },
  { why: 'a name in other letters (messages quote it as written)', before: `${hosts}vm Web on A { memory 4GB }\n`, after: `${hosts}vm WEB on A { memory 4GB }\n` },
  { why: 'a reference in other letters', before: `${hosts}vm W on A { memory 4GB }\n`, after: `${hosts}vm W on a { memory 4GB }\n` },
  { why: 'another kind with the same header and properties', before: `${hosts}san S\n`, after: `${hosts}switch_stack S\n` },
  { why: 'a property replaced by another', before: `${hosts}host H { memory 4GB }\n`, after: `${hosts}host H { reserve 4GB }\n` },
  { why: 'a repeatable property written once more', before: `${hosts}cluster C { nodes A, B; vote A 1 }\n`, after: `${hosts}cluster C { nodes A, B; vote A 1; vote B 1 }\n` },
  { why: 'a repeatable property written once less', before: `${hosts}cluster C { nodes A, B; vote A 1; vote B 1 }\n`, after: `${hosts}cluster C { nodes A, B; vote A 1 }\n` },
  { why: 'another form with the same arguments', before: `${hosts}cluster C { nodes A, B; witness disk Q; csv Q }\n`, after: `${hosts}cluster C { nodes A, B; witness disk_only Q; csv Q }\n` },
  { why: 'a form\'s word replaced by a value that fits no form', before: `${hosts}vm V on A { storage local }\n`, after: `${hosts}vm V on A { storage SQL }\n` },
  { why: 'a flag given a value', before: `${hosts}vm V on A { critical }\n`, after: `${hosts}vm V on A { critical no }\n` },
  { why: 'a flag\'s value dropped', before: `${hosts}vm V on A { critical no }\n`, after: `${hosts}vm V on A { critical }\n` },
  { why: 'a header value that is not a name', before: `${hosts}sql S on A { sa enabled }\n`, after: `${hosts}sql S on A { sa disabled }\n`, facts: ['sa.state', 'sql.sa'] },
  { why: 'a statement of an unknown keyword for one of a known keyword', before: `${hosts}bogus thing 1\n`, after: `${hosts}vm thing on A\n` },
  { why: 'a statement of a known keyword for one of an unknown keyword', before: `${hosts}vm thing on A\n`, after: `${hosts}bogus thing on A\n` },
  { why: 'one item of a list', before: 'load_balancer L { ports 443, 80 }\n', after: 'load_balancer L { ports 443, 81 }\n', facts: ['load_balancer.ports'] },
  { why: 'a list one item longer', before: 'load_balancer L { ports 443 }\n', after: 'load_balancer L { ports 443, 80 }\n' },
  { why: 'a list one item shorter', before: 'load_balancer L { ports 443, 80 }\n', after: 'load_balancer L { ports 443 }\n' },
  { why: 'a VM\'s name dropped', before: `${hosts}vm V on A { memory 4GB }\n`, after: `${hosts}vm on A { memory 4GB }\n` },
  { why: 'a VM\'s name written', before: `${hosts}vm on A { memory 4GB }\n`, after: `${hosts}vm V on A { memory 4GB }\n` },
  { why: 'a value beside an unchanged comment', before: `${hosts}host H { memory 4GB } // lab\n`, after: `${hosts}host H { memory 5GB } // lab\n`, facts: ['host.memory'] },
  { why: 'a value on a line that starts with a comment', before: `${hosts}/* lab */ host H { memory 4GB }\n`, after: `${hosts}/* lab */ host H { memory 5GB }\n`, facts: ['host.memory'] },
  { why: 'a value on the line before a comment', before: `${hosts}host H { memory 4GB }\n// lab\n`, after: `${hosts}host H { memory 5GB }\n// lab\n`, facts: ['host.memory'] },
  { why: 'a value and a comment added', before: `${hosts}host H { memory 4GB }\n`, after: `${hosts}host H { memory 5GB } // lab\n` },
  { why: 'a value and the comment beside it', before: `${hosts}host H { memory 4GB } // lab\n`, after: `${hosts}host H { memory 5GB } // test\n` },
  { why: 'a value and a line break', before: `${hosts}host H { memory 4GB; reserve 1GB }\n`, after: `${hosts}host H { memory 5GB;\n reserve 1GB }\n` },
  { why: 'a value and a syntax error', before: `${hosts}host H { memory 4GB }\n`, after: `${hosts}host H { memory 5GB } @\n` },
  { why: 'a value and a syntax error mended', before: `${hosts}host H { memory 4GB } @\n`, after: `${hosts}host H { memory 5GB }\n` },
  { why: 'a value on the line after a syntax error', before: `${hosts}host G { memory 4GB } @\nhost H { memory 4GB }\n`, after: `${hosts}host G { memory 4GB } @\nhost H { memory 5GB }\n`, facts: ['host.memory'] },
  // TEAM001 (an empty team) reads no memory: its finding on the edited line, before the edit, stays where it is.
  { why: 'a value after a finding on its line', before: `${hosts}host H { team Empty { balancing dynamic }; memory 4GB }\n`, after: `${hosts}host H { team Empty { balancing dynamic }; memory 14GB }\n`, facts: ['host.memory'] },
  { why: 'a value on the line before a syntax error', before: `${hosts}host H { memory 4GB }\n@\n`, after: `${hosts}host H { memory 5GB }\n@\n`, facts: ['host.memory'] },
  { why: 'a value two lines before a syntax error', before: `${hosts}host H { memory 4GB }\nhost G { memory 4GB }\n@\n`, after: `${hosts}host H { memory 5GB }\nhost G { memory 4GB }\n@\n`, facts: ['host.memory'] },
];

test('an edit is a value edit only when nothing but values changed: names, kinds, references, forms, properties, list lengths, comments, lines and syntax errors stay', () => {
  for (const { why, before, after, facts } of editCases) {
    assert.notEqual(after, before, why);
    const { published, scratch, runs } = editInWorkspace(before, after);
    assert.equal(published, scratch, `${why}: not what a scratch diagnosis finds`);
    const touched = valueChanges(checkText(uri, before).units!, checkText(uri, after).units!);
    if (facts) {
      assert.deepEqual(touched && [...touched].sort(), facts, `${why}: the facts touched`);
      assert.ok(runs.size < allRules.length, `${why}: every rule ran again after a value edit`);
    } else {
      assert.equal(runs.size, allRules.length, `${why}: not every rule ran again`);
    }
  }
});

test('a suppression comment and the line of a finding decide what a value edit shows', () => {
  // TEAM001 (an empty team) reads no memory; its finding is silenced on the line after the comment.
  const silenced = '// stamp-disable-next-line TEAM001\nhost H { memory 64GB; team Empty { balancing dynamic } }\n';
  const cases = [
    { why: 'the comment names another rule', after: '// stamp-disable-next-line TEAM002\nhost H { memory 32GB; team Empty { balancing dynamic } }\n' },
    { why: 'the team moves to the next line', after: '// stamp-disable-next-line TEAM001\nhost H { memory 32GB;\nteam Empty { balancing dynamic } }\n' },
  ];
  for (const { why, after } of cases) {
    const { published, scratch, runs } = editInWorkspace(silenced, after);
    assert.ok(scratch.includes('Team Empty has 0 members'), `${why}: TEAM001 is not shown by a scratch diagnosis`);
    assert.equal(published, scratch, why);
    assert.equal(runs.get('TEAM001'), 1, `${why}: TEAM001 did not run again`);
  }
  // The same memory edit alone keeps TEAM001 silenced and does not run it.
  const { published, scratch, runs } = editInWorkspace(silenced, silenced.replace('64GB', '32GB'));
  assert.equal(published, scratch);
  assert.ok(!scratch.includes('Team Empty'));
  assert.equal(runs.get('TEAM001'), undefined);
});

test('a value edit keeps the findings of the rules that do not read it, in the order a scratch diagnosis gives them', () => {
  // TEAM001 (an empty team) reads no memory and comes after every rule that does but the failure analysis, which finds
  // nothing here: its kept finding follows the last finding of the rules run again.
  const team = 'host H { memory 64GB }\nhost G { team Empty { balancing dynamic } }\n';
  const teamEdit = editInWorkspace(team, team.replace('64GB', '32GB'));
  assert.ok(teamEdit.scratch.includes('Team Empty has 0 members'));
  assert.equal(teamEdit.published, teamEdit.scratch);
  assert.equal(teamEdit.runs.get('TEAM001'), undefined, 'TEAM001 ran again after a memory edit');
  // HV005 and DC002 both underline the domain; the SQL version is read by HV (a peer group's members) and not by DC:
  // HV005 runs again, DC002 is kept, and HV005 (earlier in the catalog) is still published first.
  const peers = 'host H1\ndomain "host.test" { controllers DA, DB }\nvm DA on H1 { storage local }\nvm DB on H1 { storage local }\nsql on DA { version 2016 }\n';
  const peersEdit = editInWorkspace(peers, peers.replace('version 2016', 'version 2019'));
  assert.equal(peersEdit.runs.get('HV005'), 1, 'HV005 did not run again');
  assert.equal(peersEdit.runs.get('DC002'), undefined, 'DC002 ran again after a SQL version edit');
  const onDomain = (JSON.parse(peersEdit.scratch) as Array<{ code: string; start: number }>).filter((diagnostic) => diagnostic.start === peers.indexOf('domain'));
  assert.deepEqual(onDomain.map((diagnostic) => diagnostic.code), ['HV005', 'DC002']);
  assert.equal(peersEdit.published, peersEdit.scratch);
});

test('a rule that failed still shows its internal error after a value edit it does not read', () => {
  // TEAM001 throws (a bug in Stamp): its INTERNAL diagnostic must not be carried away by a memory edit, which TEAM001
  // does not read; every rule runs again, and the failure shows again.
  const team = allRules.find((rule) => rule.id === 'TEAM001')!;
  const { check } = team;
  team.check = () => {
    throw new Error('broken on purpose');
  };
  try {
    const text = 'host H { memory 64GB }\nhost G { team Empty { balancing dynamic } }\n';
    const { published, scratch, runs } = editInWorkspace(text, text.replace('64GB', '32GB'));
    assert.ok(runs.has('TEAM001'), 'the failed rule was not run again');
    assert.match(scratch, /Internal error: rule TEAM001 failed: broken on purpose/);
    assert.equal(published, scratch);
  } finally {
    team.check = check;
  }
});

test('a value edit after a change of configuration publishes the new severities, not the last diagnosis\'s', () => {
  // stamp.config.json makes TEAM001 a warning after the error was published, and the next keystroke edits a memory
  // (which TEAM001 does not read) before anything was diagnosed under the new configuration.
  let config = emptyConfig;
  const workspace = new StampWorkspace(() => config, noFiles);
  const before = 'host H { memory 64GB }\nhost G { team Empty { balancing dynamic } }\n';
  workspace.open(uri, before, 1);
  assert.deepEqual(workspace.diagnosisOf(uri)!.all.map((diagnostic) => [diagnostic.code, diagnostic.severity]), [['TEAM001', 'error']]);
  config = validateRules({ TEAM001: 'warning' }).config;
  workspace.configurationChanged();
  const after = before.replace('64GB', '32GB');
  workspace.change(uri, after, 2);
  const published = workspace.diagnosisOf(uri)!.all;
  assert.deepEqual(published.map((diagnostic) => [diagnostic.code, diagnostic.severity]), [['TEAM001', 'warning']]);
  assert.equal(JSON.stringify(published), JSON.stringify(diagnose(analyze([{ uri, text: after }]), config)));
});

test('a large stamp: after a value edit only the rules that read it run again, whether its last diagnosis had the slow rules or not', () => {
  // Above 3,000 elements the fast rules are published first. A VM's memory is read by the capacity rules and HV003
  // only (the failure analysis waits for a pause): the other fast rules keep their findings, moved, from a diagnosis of
  // the fast rules only and from a complete one (whose slow findings wait for the next complete diagnosis).
  const text = largeStamp(3100);
  const workspace = new StampWorkspace(() => emptyConfig, noFiles);
  workspace.open(uri, text, 1);
  assert.equal(workspace.diagnosisOf(uri)!.complete, false);
  let version = 1;
  let current = text;
  const editMemory = (from: string, to: string) => {
    current = current.replace(`vm C1VM3 on C1 { memory ${from}`, `vm C1VM3 on C1 { memory ${to}`);
    workspace.change(uri, current, ++version);
    const { result, runs } = countingRuns(() => workspace.diagnosisOf(uri)!);
    assert.equal(result.complete, false);
    assert.equal(JSON.stringify(result.all), JSON.stringify(diagnose(analyze([{ uri, text: current }]), emptyConfig, fastRules)), `${from} → ${to}`);
    assert.equal(runs.get('HV003'), 1, `${from} → ${to}: HV003 did not run again`);
    for (const id of ['AG001', 'HV001', 'HV005', 'DC001', 'HVR001', 'TEAM001']) assert.equal(runs.get(id), undefined, `${from} → ${to}: ${id} ran again`);
    return result;
  };
  // From the fast diagnosis.
  assert.ok(editMemory('4GB', '6GB').all.length > 0);
  // From a complete diagnosis (the slow finding given as the server's steps would give it).
  const slow = { uri, start: 0, end: 3, severity: 'warning' as const, code: 'SPOF001', message: 'found in steps' };
  assert.equal(workspace.completeDiagnosisOf(uri, [slow])!.complete, true);
  assert.deepEqual(editMemory('6GB', '8GB').all.filter((diagnostic) => diagnostic.code === 'SPOF001'), []);
});
