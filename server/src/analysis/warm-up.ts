// Warms the analysis up after the server starts: a small made-up stamp, generated here in memory (never read from the
// workspace), is parsed, checked, resolved and given to every rule, so that V8 has compiled those paths before the
// user's first open instead of during it. Nothing of it is kept or published; the server runs the steps one task at a
// time and stops as soon as a real document is opened.
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';
import { parseStamp } from '../../../grammar/src/parser.js';
import { analyzeProgramReusing, CheckedFileCache, loadProgram } from '../../../grammar/src/program.js';
import { emptyConfig } from './config.js';
import { fastRules, ruleDiagnosticsInSteps, slowRulesRunAtOnce, sortDiagnostics } from './diagnose.js';
import { allRules } from '../rules/registry.js';

/** The URI the warm-up stamp is analysed under: no file system has it, so nothing is read for it. */
export const warmUpUri = 'stamp-warm-up:///analysis.stamp';

/**
 * A made-up management stamp with the statements the rules read: a domain, hosts with teamed NICs and a virtual switch,
 * a Hyper-V cluster on a SAN with CSVs, VMs with NICs and anti-affinity, a guest SQL cluster with an availability group,
 * logins and databases, VMM, SPF and WAP behind NLBs with certificates and DNS records, a replica server and replication.
 * About 150 lines: large enough that every rule meets its subjects, small enough that each step takes milliseconds.
 */
export function warmUpAnalysisStamp(): string {
  const lines: string[] = [
    'stamp warmup {', '  domain "warm.example"', '  windows 2012R2', '  system_center 2012R2', '  sql_version 2014', '}',
    'domain "warm.example" {', '  netbios WARM', '  controllers W-DC1, W-DC2', '}',
    'san W-SAN { protocol fc; capacity 20TB }',
  ];
  for (const host of [1, 2]) {
    lines.push(
      `host W-HV${host} {`, '  os 2012R2', '  memory 256GB', '  integration_services 6.3.9600',
      `  nic NIC1 { speed 10Gbps; physical_switch W-TOR1 }`, `  nic NIC2 { speed 10Gbps; physical_switch W-TOR2 }`,
      `  nic NIC3 { speed 10Gbps; rdma; ip 10.9.1.${200 + host}/24 }`,
      '  team TEAM1 { members NIC1, NIC2; mode switch_independent; balancing dynamic }',
      '  vswitch External { type external; uplink TEAM1 }', '}',
    );
  }
  lines.push(
    'host W-DR1 {', '  os 2012R2', '  memory 128GB', '  nic NIC1 { speed 10Gbps }', '  vswitch External { type external; uplink NIC1 }',
    '  replica_server { auth kerberos; storage D-Replicas }', '}',
    'cluster W-HVC {', '  kind hyperv', '  nodes W-HV1, W-HV2', '  witness disk W-SAN', '  csv Volume1 { san W-SAN; free 1TB }',
    '  csv Volume2 { san W-SAN; free 1TB }', '  replica_broker W-BROKER { ip 10.9.1.20 }', '}',
    'vm W-DC1 on W-HV1 { memory 4GB; storage local; anti_affinity W-DC; nic nic0 { switch External; ip 10.9.0.11/16 } }',
    'vm W-DC2 on W-HV2 { memory 4GB; storage local; anti_affinity W-DC; nic nic0 { switch External; ip 10.9.0.12/16 } }',
  );
  const vms: Array<[string, string, number]> = [
    ['W-SQL1', 'W-SQL', 31], ['W-SQL2', 'W-SQL', 32], ['W-VMM1', 'W-VMM', 41], ['W-SPF1', 'W-SPF', 51], ['W-SPF2', 'W-SPF', 52],
    ['W-PORTAL1', 'W-PORTAL', 61], ['W-WEB1', 'W-WEB', 101], ['W-WEB2', 'W-WEB', 102],
  ];
  vms.forEach(([name, group, address], index) => {
    lines.push(
      `vm ${name} on W-HVC {`, `  memory ${name.startsWith('W-SQL') ? 32 : 8}GB`, `  storage csv Volume${(index % 2) + 1}`, '  os 2012R2',
      '  integration_services 6.3.9600', '  dns W-DC1, W-DC2', `  anti_affinity ${group}`,
      ...(name.startsWith('W-SQL') ? ['  critical'] : []),
      `  nic nic0 { switch External; ip 10.9.1.${address}/24${name.startsWith('W-SPF') || name.startsWith('W-PORTAL') ? '; mac_spoofing' : ''} }`, '}',
    );
  });
  lines.push('cluster W-SQLC {', '  kind guest', '  nodes W-SQL1, W-SQL2', '  witness share "\\\\W-DC2.warm.example\\FSW-SQLC"', '}');
  for (const sql of [1, 2]) {
    lines.push(
      `sql on W-SQL${sql} {`, '  version 2014', '  edition Enterprise', '  auth mixed', '  hadr', `  sa enabled { password pw-sa-${sql} }`,
      '  login "WARM\\SVC_SPF" { type windows; role sysadmin }', '  login "WARM\\SVC_VMM" { type windows }',
      `  login MgmtSvc_Store { type sql; sid s-store; password pw-store-${sql} }`, `  login App1 { type sql; sid s-app1; password pw-app-${sql} }`, '}',
    );
  }
  lines.push(
    'availability_group W-AG on W-SQLC {', '  replica W-SQL1 { commit synchronous; failover automatic; primary }',
    '  replica W-SQL2 { commit synchronous; failover automatic }', '  listener W-LSN { ip 10.9.1.30/24; port 1433 }',
    '  database VirtualManagerDB { recovery full; backup full; owner vmm; logins "WARM\\SVC_VMM" }',
    '  database SCSPFDB { recovery full; backup full; owner spf; logins "WARM\\SVC_SPF" }',
    '  database "Microsoft.MgmtSvc.Store" { recovery full; backup full; owner wap; logins sa, MgmtSvc_Store }',
    '  database AppDB1 { recovery simple; backup full; owner app; logins App1 }', '}',
    'vmm W-VMM {', '  servers W-VMM1', '  database_server W-LSN', '  database VirtualManagerDB', '  service_account "WARM\\SVC_VMM"',
    '  administrators "WARM\\SVC_SPF", "WARM\\Domain Admins"', '  library "\\\\W-VMM1.warm.example\\MSSCVMMLibrary"', '}',
  );
  const front = (name: string, address: number, hosts: string, ports: string[]): void => {
    lines.push(
      `nlb ${name}NLB {`, '  mode unicast', `  ip 10.9.1.${address}`, `  internet_name "${name.toLowerCase()}.warm.example"`, `  hosts ${hosts}`,
      '  nics_per_host 2', ...ports.map((port) => `  port_rule ${port} { protocol tcp; affinity single }`), '}',
      `dns_record "${name.toLowerCase()}.warm.example" 10.9.1.${address}`,
      `certificate "${name.toLowerCase()}.warm.example" { issuer public; installed_on ${hosts} }`,
    );
  };
  front('W-SPF', 140, 'W-SPF1, W-SPF2', ['8090']);
  lines.push(
    'spf W-SPF {', '  servers W-SPF1, W-SPF2', '  port 8090', '  database_server W-LSN', '  database SCSPFDB', '  service_account "WARM\\SVC_SPF"',
    '  vmm W-VMM', '  certificate "w-spf.warm.example"',
  );
  for (const server of ['W-SPF1', 'W-SPF2']) {
    lines.push(
      `  server ${server} {`, '    vmm_console', '    local_account SVC_SPF_REG { password pw-spfreg }',
      '    group SPF_Admin { members "WARM\\SVC_SPF", SVC_SPF_REG }', '  }',
    );
  }
  lines.push('}');
  front('W-PORTAL', 150, 'W-PORTAL1', ['443', '30081-30091']);
  lines.push(
    'wap W-WAP {', '  mode express', '  servers W-PORTAL1', '  database_server W-LSN', '  sql_login sa', '  spf_url "https://w-spf.warm.example:8090"',
    '  spf_account SVC_SPF_REG', '  tenant_site { port 443; certificate "w-portal.warm.example"; internet_facing }', '  server W-PORTAL1 { passphrase pw-wap }', '}',
    'replication W-WEB1 to W-DR1 { frequency 5m; auth kerberos; storage local; failover_ip 10.9.1.180/24 }',
    'replication W-WEB2 to W-DR1 { frequency 30s; auth kerberos; storage local; failover_ip 10.9.1.181/24 }',
  );
  return `${lines.join('\n')}\n`;
}

/** What the warm-up computed: the analysis and its diagnostics, for a caller that warms its own conversion of them. */
export interface WarmedAnalysis {
  analysis: Analysis;
  diagnostics: Diagnostic[];
}

/**
 * The warm-up as steps, each a few milliseconds even while the code is cold: the parser alone, the checker, the
 * resolution and model, then each rule (a rule that works in steps yields between them), as an open runs them with the
 * default configuration; `rounds` times over. The caller runs one step per task, so that any message that arrives
 * meanwhile comes first.
 */
export function* analysisWarmUpSteps(rounds = 1): Generator<void, WarmedAnalysis, void> {
  const text = warmUpAnalysisStamp();
  let warmed: WarmedAnalysis | undefined;
  for (let round = 0; round < rounds; round++) {
    parseStamp(text);
    yield;
    const cache = new CheckedFileCache();
    cache.get(warmUpUri, text);
    yield;
    const { analysis } = analyzeProgramReusing(loadProgram([warmUpUri], { read: (uri) => (uri === warmUpUri ? text : undefined) }, cache), undefined);
    yield;
    const rules = slowRulesRunAtOnce(analysis.model) ? allRules : fastRules;
    const findings = yield* ruleDiagnosticsInSteps(analysis, emptyConfig, rules);
    warmed = { analysis, diagnostics: sortDiagnostics([...analysis.diagnostics, ...findings]) };
  }
  return warmed!;
}
