// Times the in-process pipeline on stamps of shapes the pod generator never writes (one huge cluster, thousands of
// standalone hosts, instances with thousands of logins, a wide NLB, one anti-affinity group of thousands, long
// lists), at two sizes, so that a rule whose cost grows faster than the stamp shows up as a growth far above 10×.
// Usage: node --expose-gc out/bench/shapes.bench.js [small=1000] [large=10000] [runs=3]
//        node out/bench/shapes.bench.js profile "SHAPE" [lines=1000] [top=25]: where one shape's time goes.
import { Session } from 'node:inspector';
import { summarizeProfile } from './profile-summary.js';
import { analyze } from '../grammar/src/analyze.js';
import { fastRules, ruleDiagnostics, slowRules } from '../server/src/analysis/diagnose.js';
import { emptyConfig } from '../server/src/analysis/config.js';

const profiling = process.argv[2] === 'profile';
const [small = 1_000, large = 10_000, runs = 3] = profiling ? [] : process.argv.slice(2).map(Number);

/** A shape: the text of a stamp of about `lines` lines. */
type Shape = (lines: number) => string;

const header = 'stamp shapes { domain "shapes.example"; windows 2016; system_center 2016; sql_version 2016 }\ndomain "shapes.example" { netbios SHAPES; controllers DC01, DC02 }\nsan SAN1 { protocol iscsi }\n';
const host = (name: string): string => `host ${name} { memory 512GB; nic NIC1 { speed 10Gbps }; vswitch External { type external; uplink NIC1 } }\n`;
const vm = (name: string, on: string, extra = ''): string => `vm ${name} on ${on} { memory 8GB; storage csv V1; nic nic0 { switch External }${extra} }\n`;

const shapes: Record<string, Shape> = {
  // One Hyper-V cluster of 64 nodes holding every VM: placement and capacity see them all at once.
  'one cluster, every VM on it': (lines) => {
    const nodes = Array.from({ length: 64 }, (_, index) => `N${index}`);
    let text = header + nodes.map(host).join('') + `cluster C { kind hyperv; nodes ${nodes.join(', ')}; witness disk SAN1; csv V1 { san SAN1; free 50TB } }\n`;
    text += vm('DC01', 'C') + vm('DC02', 'C');
    for (let index = 0; text.split('\n').length < lines; index++) text += vm(`VM${index}`, 'C');
    return text;
  },
  // Thousands of standalone hosts, each with two fixed VMs.
  'standalone hosts': (lines) => {
    let text = header.replace('controllers DC01, DC02', 'controllers DC01, DC02') + host('H0') + host('H1') + 'vm DC01 on H0 { memory 4GB; storage local }\nvm DC02 on H1 { memory 4GB; storage local }\n';
    for (let index = 2; text.split('\n').length < lines; index++) text += host(`H${index}`) + `vm A${index} on H${index} { memory 4GB; storage local }\nvm B${index} on H${index} { memory 4GB; storage local }\n`;
    return text;
  },
  // Two instances of one availability group, each with thousands of logins (AG logins compared across replicas).
  'instances with thousands of logins': (lines) => {
    let text = header + host('N0') + host('N1') + 'cluster C { kind hyperv; nodes N0, N1; witness disk SAN1; csv V1 { san SAN1; free 5TB } }\n' + vm('DC01', 'C') + vm('DC02', 'C') + vm('SQL1', 'C') + vm('SQL2', 'C');
    text += 'cluster G { kind guest; nodes SQL1, SQL2; witness share "\\\\DC01\\fsw" }\n';
    const logins = Math.max(1, Math.floor((lines - 20) / 2));
    for (const machine of ['SQL1', 'SQL2']) {
      text += `sql on ${machine} {\n  auth mixed\n  sa enabled { password pw }\n  hadr\n`;
      for (let index = 0; index < logins; index++) text += `  login L${index} { type sql; sid s${index}; password p${index} }\n`;
      text += '}\n';
    }
    text += 'availability_group AG on G { replica SQL1 { primary }; replica SQL2; listener SQL { ip 10.0.0.5/16 } }\n';
    return text;
  },
  // One NLB cluster with every web server in it and a port rule per port.
  'one wide NLB': (lines) => {
    const servers: string[] = [];
    let text = header + host('N0') + host('N1') + 'cluster C { kind hyperv; nodes N0, N1; witness disk SAN1; csv V1 { san SAN1; free 5TB } }\n' + vm('DC01', 'C') + vm('DC02', 'C');
    const count = Math.floor(lines / 3);
    for (let index = 0; index < count; index++) {
      servers.push(`W${index}`);
      text += `vm W${index} on C { memory 4GB; storage csv V1; nic nic0 { switch External; mac_spoofing } }\n`;
    }
    text += `nlb WEB {\n  mode unicast\n  ip 10.0.1.10/16\n  hosts ${servers.join(', ')}\n`;
    for (let port = 1000; text.split('\n').length < lines; port++) text += `  port_rule ${port} { protocol tcp }\n`;
    return `${text}}\n`;
  },
  // Every VM in one anti-affinity group (a pairwise check would be quadratic).
  'one anti-affinity group': (lines) => {
    const nodes = Array.from({ length: 8 }, (_, index) => `N${index}`);
    let text = header + nodes.map(host).join('') + `cluster C { kind hyperv; nodes ${nodes.join(', ')}; witness disk SAN1; csv V1 { san SAN1; free 50TB } }\n` + vm('DC01', 'C') + vm('DC02', 'C');
    for (let index = 0; text.split('\n').length < lines; index++) text += vm(`A${index}`, 'C', '; anti_affinity ONE');
    return text;
  },
  // Certificates installed on every server, and a DNS record per server.
  'certificates and DNS': (lines) => {
    let text = header + host('N0') + host('N1') + 'cluster C { kind hyperv; nodes N0, N1; witness disk SAN1; csv V1 { san SAN1; free 5TB } }\n' + vm('DC01', 'C') + vm('DC02', 'C');
    const names: string[] = [];
    const count = Math.floor(lines / 3);
    for (let index = 0; index < count; index++) {
      names.push(`S${index}`);
      text += `vm S${index} on C { memory 2GB; storage csv V1 }\ndns_record "s${index}.shapes.example" 10.1.${index >> 8 & 255}.${index & 255}\n`;
    }
    for (let index = 0; text.split('\n').length < lines; index++) text += `certificate "c${index}.shapes.example" { issuer enterprise; installed_on ${names.slice(index % count, index % count + 5).join(', ') || 'S0'} }\n`;
    return text;
  },
};

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function time(text: string, times = runs): { analyze: number; fast: number; slow: number; findings: number } {
  const measured = { analyze: [] as number[], fast: [] as number[], slow: [] as number[], findings: 0 };
  for (let run = 0; run < times; run++) {
    globalThis.gc?.();
    let started = performance.now();
    const analysis = analyze([{ uri: 'file:///shapes/shape.stamp', text }]);
    measured.analyze.push(performance.now() - started);
    started = performance.now();
    const fast = ruleDiagnostics(analysis, emptyConfig, fastRules);
    measured.fast.push(performance.now() - started);
    started = performance.now();
    const slow = ruleDiagnostics(analysis, emptyConfig, slowRules);
    measured.slow.push(performance.now() - started);
    measured.findings = analysis.diagnostics.length + fast.length + slow.length;
  }
  return { analyze: median(measured.analyze), fast: median(measured.fast), slow: median(measured.slow), findings: measured.findings };
}

function post<T>(session: Session, method: string): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, {}, (error, result) => (error ? reject(error) : resolve(result as T))));
}

async function profileShape(name: string, lines: number, top: number): Promise<void> {
  const shape = shapes[name];
  if (!shape) throw new Error(`no shape "${name}"; the shapes: ${Object.keys(shapes).join('; ')}`);
  const text = shape(lines);
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.start');
  await new Promise((resolve) => setImmediate(resolve));
  const measured = time(text, 1);
  const { profile } = await post<{ profile: Parameters<typeof summarizeProfile>[0] }>(session, 'Profiler.stop');
  session.disconnect();
  console.log(`${name} @ ${text.split('\n').length} lines: analyze ${measured.analyze.toFixed(0)} ms, fast rules ${measured.fast.toFixed(0)} ms, slow rules ${measured.slow.toFixed(0)} ms`);
  for (const entry of summarizeProfile(profile).functions.sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) {
    console.log(`${(entry.selfShare * 100).toFixed(1).padStart(5)}% self ${(entry.totalShare * 100).toFixed(1).padStart(5)}% total  ${entry.name}`);
  }
}

function table(): void {
  console.log(`| shape | lines | analyze ms | fast rules ms | slow rules ms | findings | growth ${small} → ${large} (total) |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, shape] of Object.entries(shapes)) {
    const results = [small, large].map((lines) => {
      const text = shape(lines);
      return { lines: text.split('\n').length, ...time(text) };
    });
    const totals = results.map((result) => result.analyze + result.fast + result.slow);
    for (const [index, result] of results.entries()) {
      const growth = index === 1 ? `${(totals[1] / totals[0]).toFixed(1)}× for ${(results[1].lines / results[0].lines).toFixed(1)}× the lines` : '';
      console.log(`| ${name} | ${result.lines} | ${result.analyze.toFixed(1)} | ${result.fast.toFixed(1)} | ${result.slow.toFixed(1)} | ${result.findings} | ${growth} |`);
    }
  }
}

if (profiling) void profileShape(process.argv[3], Number(process.argv[4] ?? 1000), Number(process.argv[5] ?? 25));
else table();
