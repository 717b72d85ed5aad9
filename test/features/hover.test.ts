// Hover texts as the user reads them: derived facts ("Runs on …", "Replica of …", NLB mode), on/off wording of
// yes/no values, "(default)" only for properties not written, and only this file's problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStamp } from '../support/open-stamp.js';
import { hoverAt } from '../../server/src/features/hover.js';
import { allRules } from '../../server/src/rules/registry.js';

const design = `domain "contoso.com" { controllers DC1 }
host HV1 { os 2012R2; nic NIC1 { speed 10Gbps } }
host HV2 { os 2012R2 }
cluster HVC { nodes HV1, HV2; witness disk Q }
vm DC1 on HV1 { }
vm SQL1 on HVC { nic nic0 { mac_spoofing yes }; nic nic1 { mac_spoofing no } }
vm SQL2 on HV2 { }
vm SQL3 on HV2 { }
vm WEB1 on HVC { nic nic0 { } }
vm WEB2 on HVC { nic nic0 { } }
cluster SQLC { kind guest; nodes SQL1, SQL2 }
sql on SQL1 { version 2014; auth mixed; sa enabled { password p } }
sql on SQL2 { version 2012; sa disabled }
sql on SQL3 { }
availability_group AG1 on SQLC {
  replica SQL1 { commit synchronous; failover automatic; primary }
  replica SQL2 { commit synchronous }
  listener LSN1 { ip 10.0.0.5/24; port 1500 }
}
nlb N1 { ip 10.0.0.9; hosts WEB1 }
nlb N2 { mode multicast; ip 10.0.0.8; hosts WEB2; nics_per_host 2 }
vmm VMM { servers WEB1; database_server SQL3 }
spf SPF { servers WEB1; database_server LSN1; vmm VMM }
spf SPF2 { servers WEB2; port 8091; database_server SQL1 }
`;
// Opened afresh at each use, inside the tests: an analysis run while the file loads would make every mutant it reaches
// "static" for Stryker's mocha runner, which then restarts its process for each of them (docs/testing.md).
const open = () => openStamp({ 'file:///hover/design.stamp': design });

/** Asserts that a hover has this exact line (Markdown line breaks, two trailing spaces, ignored). */
function hasLine(markdown: string, line: string): void {
  const lines = markdown.split('\n').map((each) => each.trimEnd());
  assert.ok(lines.includes(line), `no line ${JSON.stringify(line)} in:\n${markdown}`);
}

/** The element summary part of a hover (before the rule explanations). */
const summary = (needle: string, delta: number): string => {
  const markdown = open().hover(needle, delta);
  assert.ok(markdown, `a hover at ${needle}`);
  return markdown.split('\n\n---\n\n')[0];
};

test('a clustered VM runs on every node of its cluster; a VM on a host is fixed to it', () => {
  assert.match(summary('vm SQL1', 4), /^Runs on HV1, HV2 \(cluster HVC, highly available\)\. *$/m);
  assert.match(summary('vm SQL2', 4), /^Runs on HV2 \(fixed to this host\)\. *$/m);
});

test('a domain controller VM says so; another VM does not', () => {
  assert.match(summary('vm DC1', 4), /^Domain controller\. *$/m);
  assert.doesNotMatch(summary('vm SQL2', 4), /Domain controller/);
});

test('a SQL instance lists its availability groups, its authentication and sa, marking only unwritten values as defaults', () => {
  const sql2 = summary('replica SQL2', 9);
  hasLine(sql2, '**SQL instance** `SQL2`');
  hasLine(sql2, 'Authentication windows (default); `sa` disabled.');
  hasLine(sql2, 'Replica of AG1.');
  hasLine(sql2, '- `auth` windows (default)');
  const sql1 = summary('replica SQL1', 9);
  hasLine(sql1, 'Authentication mixed; `sa` enabled.');
  hasLine(sql1, '- `auth mixed`');
  assert.doesNotMatch(sql1, /\(default\)/, 'every property with a default is written on SQL1');
  const sql3 = summary('database_server SQL3', 'database_server '.length + 1);
  assert.doesNotMatch(sql3, /Replica of/, 'SQL3 holds no replica');
});

test('an NLB says its mode and adapters per host, "(default)" only when the mode is not written', () => {
  const n1 = summary('nlb N1', 5);
  hasLine(n1, 'Mode unicast (default); 1 NIC per host.');
  hasLine(n1, '- `mode` unicast (default)');
  hasLine(n1, '- `nics_per_host` 1 (default)');
  hasLine(n1, '- `ip 10.0.0.9`');
  const n2 = summary('nlb N2', 5);
  hasLine(n2, 'Mode multicast; 2 NIC per host.');
  hasLine(n2, '- `mode multicast`');
  hasLine(n2, '- `nics_per_host 2`');
  assert.doesNotMatch(n2, /\(default\)/);
});

test('an NLB in front of SPF names it, and SPF names the NLB', () => {
  hasLine(summary('nlb N1', 5), 'Fronts SPF.');
  assert.match(summary('spf SPF ', 5), /^Behind N1\. *$/m);
});

test('an availability group names its initial primary, listener, lowest version and the components that use it', () => {
  const ag = summary('availability_group AG1', 20);
  hasLine(ag, 'Initial primary SQL1.');
  hasLine(ag, 'Listener LSN1 on port 1500.');
  hasLine(ag, 'Lowest SQL Server version among replicas: 2012.');
  hasLine(ag, 'Used by SPF, SPF2.');
  hasLine(ag, 'Contains 2 replicas, 1 listener.');
});

test('a cluster says its kind, node count and witness', () => {
  assert.match(summary('cluster HVC', 9), /^Hyper-V cluster of 2 node\(s\); witness disk\. *$/m);
  assert.match(summary('cluster SQLC', 9), /^Guest cluster of 2 node\(s\); witness none written\. *$/m);
});

test('a component names its database server and, for SPF, its port with "(default)" only when not written', () => {
  const spf = summary('spf SPF ', 5);
  hasLine(spf, 'Database server: listener LSN1 (availability group AG1).');
  hasLine(spf, 'Port 8090 (default).');
  const spf2 = summary('spf SPF2', 5);
  hasLine(spf2, 'Database server: instance SQL1 (availability group AG1).');
  hasLine(spf2, 'Port 8091.');
  assert.match(summary('vmm VMM', 5), /^Database server: instance SQL3\. *$/m);
});

test('yes/no and enabled/disabled values read as on and off', () => {
  // The adapter spoofs with no NLB or team to need it, so HV008's explanation follows the value's hover.
  assert.equal(open().hover('mac_spoofing yes', 'mac_spoofing '.length + 1)!.split('\n\n---\n\n')[0], '**yes** — `mac_spoofing` is on. Written `yes` or `no`; the keyword alone means `yes`.');
  assert.equal(open().hover('mac_spoofing no', 'mac_spoofing '.length + 1), '**no** — `mac_spoofing` is off. Written `yes` or `no`; the keyword alone means `yes`.');
  assert.equal(open().hover('sa enabled', 4), '**enabled** — `sa` is on. Written `enabled` or `disabled`.');
  assert.equal(open().hover('sa disabled', 4), '**disabled** — `sa` is off. Written `enabled` or `disabled`.');
});

test('the summary says where the element is declared, naming the file when it is another one', () => {
  assert.match(summary('vm SQL2', 4), /^Declared on line 7\. *$/m);
  const split = openStamp({
    'file:///hover/main.stamp': 'import "hosts.stamp"\nvm V1 on HVX { }\n',
    'file:///hover/hosts.stamp': 'host HVX { os 2012R2; nic NIC1 { speed 10Gbps } }\n',
  });
  const host = split.hover('on HVX', 4)!.split('\n\n---\n\n')[0];
  hasLine(host, 'Declared on line 1 of hosts.stamp.');
  hasLine(host, 'Contains 1 network adapter.');
  const nic = openStamp({ 'file:///hover/nic.stamp': 'host H { nic N1 { speed 10Gbps } }\nvm V on H { }\n' }).hover('nic N1', 5)!;
  hasLine(nic, 'Declared on line 1 in host H.');
});

test("a hover shows this file's problems only, not those of another file of the stamp at the same offsets", () => {
  // Both files start at offset 0; nlb.stamp has rule problems on its first statement, the hover is in main.stamp.
  const files = {
    'file:///hover/main.stamp': 'host HV1 { os 2012R2; nic NIC1 { speed 10Gbps } }\nvm W1 on HV1 { nic nic0 { mac_spoofing } }\nimport "nlb.stamp"\n',
    'file:///hover/nlb.stamp': 'nlb N3 { ip 10.0.0.7; hosts W1 }\n',
  };
  const stampOfTwo = openStamp(files);
  const elsewhere = stampOfTwo.diagnosed.all.filter((diagnostic) => diagnostic.uri === 'file:///hover/nlb.stamp' && diagnostic.start <= 2 && diagnostic.end >= 2);
  assert.deepEqual(elsewhere.map((diagnostic) => diagnostic.code).sort(), ['NLB002', 'NLB005'], 'nlb.stamp has rule problems covering offset 2, so the filter matters');
  const hover = stampOfTwo.hover('host HV1', 2)!;
  assert.ok(!hover.includes('NLB00'), `no NLB explanation in main.stamp's hover:\n${hover}`);
  assert.match(hover, /^\*\*host\*\* — /);
  // In nlb.stamp itself, the same offset shows both problems.
  const own = openStamp({ 'file:///hover/nlb.stamp': files['file:///hover/nlb.stamp'], 'file:///hover/main.stamp': files['file:///hover/main.stamp'] });
  const ownHover = own.hover('nlb N3', 2)!;
  assert.ok(ownHover.includes('**NLB002**') && ownHover.includes('**NLB005**'), ownHover);
});

test('a hover on a problem explains the rule once, with its sources and quick fix', () => {
  const markdown = open().hover('nlb N1', 1)!;
  const parts = markdown.split('\n\n---\n\n');
  assert.match(parts[0], /^\*\*nlb\*\* — NLB cluster/);
  const nlb005 = parts.filter((part) => part.startsWith('**NLB005**'));
  assert.equal(nlb005.length, 1, 'one explanation per rule');
  assert.match(nlb005[0], /^\*\*NLB005\*\* Unicast NLB with a single adapter per host\n\n/);
  const ag009 = open().hover('availability_group AG1', 20)!.split('\n\n---\n\n').find((part) => part.startsWith('**AG009**'));
  assert.ok(ag009);
  assert.match(ag009, /\n\nSources: \[Failover and failover modes \(Always On availability groups\)\]\(https:\/\/learn\.microsoft\.com\/[^)]+\)\n\nQuick fix: /);
});

test('a keyword written where it does not belong still explains itself and says where it belongs', () => {
  const misplaced = openStamp({
    'file:///hover/misplaced.stamp': `host HV1 {
  nic NIC1 { speed 10Gbps
  memory 64GB
}
storage local
cluster C { host H9 }
frobnicate X { speed 1Gbps }
host HV2 { frob 1 }
`,
  });
  // A \`}\` missing above it: the enclosing host allows \`memory\`, so that meaning alone is shown.
  const memory = misplaced.hover('memory', 2)!;
  const memoryParts = memory.split('\n\n');
  assert.equal(memoryParts[0], '`memory` is not allowed in `nic NIC1`; it belongs in `host` or in `vm`.');
  assert.equal(memoryParts[1], '**memory** — property of host');
  assert.ok(!memory.includes('property of VM'), memory);
  // Nowhere near a block that allows it: the meaning in each place, at most three.
  const storage = misplaced.hover('storage', 0)!;
  assert.match(storage, /^`storage` is not allowed at the top level; it belongs in `host` or in `replica_server` or in `vm` or in `replication`\.\n\n\*\*storage\*\* — property of host\n/);
  assert.equal(storage.split('\n\n---\n\n').length, 3, storage);
  // An argument past the statement's form has no meaning to show.
  const extra = openStamp({ 'file:///hover/extra.stamp': 'host H1 { os 2012 extra }\n' });
  assert.equal(extra.hover('extra', 1)?.startsWith('**'), undefined);
  assert.ok(storage.includes('**storage** — property of VM'), storage);
  // An element kind declared inside another element's block belongs at the top level.
  const host = misplaced.hover('host H9', 1)!;
  assert.match(host, /^`host` is not allowed in `cluster C`; it belongs at the top level\.\n\n\*\*host\*\* — host\n/);
  // In a block whose keyword is unknown nothing says it is misplaced, but the keyword is still explained.
  assert.match(misplaced.hover('speed 1Gbps', 2)!, /^`speed` belongs in `nic`\.\n\n\*\*speed\*\* — property of network adapter\n/);
  // A keyword the language does not have still has no hover of its own.
  assert.equal(misplaced.hover('frob 1', 1), undefined);
  // `mode` means different things in a team, an NLB cluster and WAP: at the top level its value is not explained by any.
  const mode = openStamp({ 'file:///hover/mode.stamp': 'mode lacp\nhost H { team T { mode lacp } }\n' });
  assert.match(mode.hover('mode lacp', 0)!, /^`mode` is not allowed at the top level; it belongs in `team` or in `nlb` or in `wap`\./);
  assert.equal(mode.hover('mode lacp', 'mode '.length + 1), undefined);
  assert.match(mode.hover('mode lacp }', 'mode '.length + 1)!, /^\*\*lacp\*\* — value of `mode`/);
});

test('the arguments of a misplaced statement are explained by the meaning of the block that allows it', () => {
  const broken = openStamp({ 'file:///hover/broken.stamp': 'host HV1 { vswitch External { type external } }\nvm V on HV1 {\n  nic n { switch External\n  storage local\n  mac_spoofing true\n' });
  // `storage` belongs to the VM, whose nic block was left open above it.
  assert.ok(broken.hover('storage local', 'storage '.length + 1)?.startsWith('**local** — `storage local`\n\n'), broken.hover('storage local', 9));
  assert.equal(broken.hover('mac_spoofing true', 'mac_spoofing '.length + 1)?.split('\n\n---\n\n')[0], '**true** — `mac_spoofing` is on. Written `yes` or `no`; the keyword alone means `yes`.');
  // A name in a misplaced block is not looked up: the hover does not claim it is undeclared.
  const uplink = openStamp({ 'file:///hover/uplink.stamp': 'host HV1 {\n  nic NIC1 { speed 10Gbps\n  vswitch External { type external; uplink NIC1 }\n}\n' });
  assert.equal(uplink.hover('uplink NIC1', 'uplink '.length + 1)?.split('\n\n---\n\n')[0], '`NIC1` — the name of a network adapter or NIC team; not looked up, as this statement is not where it belongs or is inside a block that is not.');
  assert.equal(uplink.hover('uplink NIC1', 'uplink '.length + 1, 1)?.includes('no network adapter'), false);
  // A name is looked up when its statement is a property of the element around it: the second `vote` as well as the
  // first; a `storage` inside a nic (which has properties of its own) is not the nic's property, and is not looked up.
  const properties = openStamp({ 'file:///hover/properties.stamp': 'host H1\ncluster C { nodes H1; vote GHOST1 1; vote GHOST2 0 }\nvm W on H1 { memory 2GB\n  nic n { speed 1Gbps; storage csv GHOST3 }\n}\n' });
  assert.equal(properties.hover('GHOST1', 1)?.split('\n\n---\n\n')[0], '`GHOST1` — no VM or host of that name is declared.');
  assert.equal(properties.hover('GHOST2', 1)?.split('\n\n---\n\n')[0], '`GHOST2` — no VM or host of that name is declared.');
  assert.equal(properties.hover('GHOST3', 1)?.split('\n\n---\n\n')[0], '`GHOST3` — the name of a Cluster Shared Volume; not looked up, as this statement is not where it belongs or is inside a block that is not.');
  // Two enclosing blocks allow `memory`: the innermost (the VM) is the one meant; a block without an element is named by its keyword.
  const nested = openStamp({ 'file:///hover/nested.stamp': 'host H1 {\n  vm V on H1 { nic n { memory 4GB\n    speed 1Gbps\n' });
  const memory = nested.hover('memory', 1)!.split('\n\n');
  assert.equal(memory[0], '`memory` is not allowed in `nic`; it belongs in `host` or in `vm`.');
  assert.equal(memory[1], '**memory** — property of VM');
  const declared = openStamp({ 'file:///hover/declared.stamp': 'host H1 {\n  vm V on H1 {\n    speed 1Gbps\n' });
  assert.equal(declared.hover('speed', 1)!.split('\n\n')[0], '`speed` is not allowed in `vm`; it belongs in `nic`.');
});

test('a word of a form is explained by what follows it, and a summary shows at most ten properties', () => {
  const replication = openStamp({ 'file:///hover/replication.stamp': 'host H1\nhost H2\nvm V on H1\nreplication V to H2 { storage local }\nreplication V to H1 { storage csv X }\n' });
  assert.equal(replication.hover('storage local', 'storage '.length + 1)?.split('\n\n---\n\n')[0], '**local** — a fixed word of `storage`.');
  assert.equal(replication.hover('storage csv', 'storage '.length + 1)?.split('\n\n---\n\n')[0], '**csv** — in `storage`, introduces the Cluster Shared Volume.');
  // Nine written properties: eight shown, then two of the four defaults.
  const nic = openStamp({ 'file:///hover/nic.stamp': 'host H { nic N1 { speed 10Gbps; rdma; sriov; ip 10.0.0.1; physical_switch S1; vmq; base_processor 2; max_processors 4; switch X } }\n' });
  const facts = nic.hover('nic N1', 5)!.split('\n').filter((line) => line.startsWith('- '));
  assert.equal(facts.length, 10, facts.join('\n'));
  assert.equal(facts.filter((line) => line.endsWith('(default)')).length, 2, facts.join('\n'));
  // A component behind nothing says nothing about it.
  assert.ok(!summary('vmm VMM', 5).includes('Behind'), summary('vmm VMM', 5));
});

test('a hover over problems alone spans all of them and lists every source link', () => {
  const opened = open();
  const rule = allRules.find((each) => each.sources.filter((source) => source.url).length >= 2)!;
  const second = allRules.find((each) => each.id !== rule.id)!;
  // Offset 2 of the blank between statements: no meaning there, two problems around it.
  const at = opened.text.indexOf('\n', 10);
  const problem = (code: string, start: number, end: number) => ({ uri: opened.uri, start, end, severity: 'error' as const, code, message: code });
  const hover = hoverAt(opened.diagnosed.document, [problem(rule.id, at - 3, at + 1), problem(second.id, at, at + 5)], at)!;
  assert.equal(hover.start, at - 3);
  assert.equal(hover.end, at + 5);
  const links = rule.sources.filter((source) => source.url).map((source) => `[${source.label}](${source.url})`);
  assert.ok(hover.markdown.includes(`\n\nSources: ${links.join(' · ')}`), hover.markdown);
});

test('a database server named by its machine, which runs two named instances, is the first instance declared there', () => {
  const twoInstances = openStamp({
    'file:///hover/instances.stamp': 'host HV2 { os 2012R2 }\nvm SQL4 on HV2 { }\nsql A on SQL4 { }\nsql B on SQL4 { }\napp REP { database_server SQL4; database R }\n',
  });
  const app = twoInstances.hover('app REP', 5);
  assert.ok(app);
  hasLine(app.split('\n\n---\n\n')[0], 'Database server: instance SQL4\\A.');
  assert.match(twoInstances.hover('database_server SQL4', 17) ?? '', /^\*\*SQL instance\*\* `SQL4\\A`$/m);
});

test("a summary lists an element's lines by keyword, in the order each keyword is first written, a keyword's lines together", () => {
  const hosts = Array.from({ length: 9 }, (_, index) => `host H${index + 1} { os 2012R2 }`).join('\n');
  const facts = (cluster: string): string[] => {
    const opened = openStamp({ 'file:///hover/votes.stamp': `${hosts}\n${cluster}\n` });
    const markdown = opened.hover('cluster C', 'cluster '.length);
    assert.ok(markdown, 'a hover on the cluster');
    return markdown.split('\n\n---\n\n')[0].split('\n').filter((line) => line.startsWith('- '));
  };
  // Votes written between other lines come first, together, in written order; then each other keyword as first written.
  assert.deepEqual(facts('cluster C {\n  vote H1 0\n  witness none\n  vote H2 1\n  kind hyperv\n  vote H3 0\n  nodes H1, H2, H3\n}'), [
    '- `vote H1 0`', '- `vote H2 1`', '- `vote H3 0`', '- `witness none`', '- `kind hyperv`', '- `nodes H1, H2, H3`',
  ]);
  // The list stops after the keyword whose lines reach eight, not inside it: all nine votes show (ten lines, no room for a default).
  const votes = Array.from({ length: 9 }, (_, index) => `  vote H${index + 1} ${index % 2}`).join('\n');
  const nine = facts(`cluster C {\n  nodes H1, H2, H3, H4, H5, H6, H7, H8, H9\n${votes}\n}`);
  assert.deepEqual(nine.slice(0, 10), ['- `nodes H1, H2, H3, H4, H5, H6, H7, H8, H9`', ...Array.from({ length: 9 }, (_, index) => `- \`vote H${index + 1} ${index % 2}\``)]);
  assert.equal(nine.length, 10, nine.join('\n'));
});
