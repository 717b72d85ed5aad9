// Times analyze and diagnose, in process, on hostile texts of 20-710 KB (unclosed blocks, garbage, one long line, a
// block of 10,000 children, thousands of fixes, a list of 40,000 names): each should cost about what its size does.
// Usage: node out/bench/hostile.bench.js [n=10000]
import { analyze } from '../grammar/src/analyze.js';
import { diagnose } from '../server/src/analysis/diagnose.js';

const n = Number(process.argv[2] ?? 10_000);
const cases: Record<string, string> = {
  'closing braces': '}\n'.repeat(n),
  'unclosed hosts': 'host H {\n'.repeat(n),
  'unclosed nested vm': Array.from({ length: n }, (_, i) => `${' '.repeat(i % 40)}vm V${i} on C {`).join('\n'),
  'long list': `cluster C { kind hyperv; nodes ${Array.from({ length: 40000 }, (_, i) => `H${i}`).join(', ')} }\n`,
  'same ref repeated': `cluster C { kind hyperv; nodes ${Array.from({ length: 40000 }, () => 'H1').join(', ')} }\nhost H1\n`,
  'dup names': 'host H { os 2012 }\n'.repeat(n),
  'garbage tokens': Array.from({ length: n }, (_, i) => `@@ ${i} "x" { ; , }} {{ 1.2.3.4/99 9999999999999999999GB`).join('\n'),
  'one long line': 'host H { ' + 'os 2012; '.repeat(40000) + '}\n',
  'strings unterminated': '"abc\n'.repeat(n),
  'comments': '/* '.repeat(n),
  'many vms undeclared hosts': Array.from({ length: n }, (_, i) => `vm V${i} on H${i} { memory 4GB; nic n { switch X; ip 10.0.${i>>8&255}.${i&255}/24 } }`).join('\n'),
  'ag many replicas': `availability_group AG on C {\n${Array.from({ length: n }, (_, i) => `  replica S${i} { commit synchronous; failover automatic }`).join('\n')}\n}\n`,
  'nlb many hosts': `nlb N { mode unicast; hosts ${Array.from({ length: 20000 }, (_, i) => `W${i}`).join(', ')} }\n` + Array.from({ length: 5000 }, (_, i) => `vm W${i} on H { nic n { switch S } }`).join('\n') + '\nhost H\n',
  'dns many': Array.from({ length: n }, (_, i) => `dns_record "a.b" 10.0.${i>>8&255}.${i&255}`).join('\n'),
  'certs many installed': Array.from({ length: 2000 }, (_, i) => `certificate "c${i}" { installed_on ${Array.from({ length: 20 }, (_, j) => `V${j}`).join(', ')} }`).join('\n') + '\n' + Array.from({ length: 20 }, (_, j) => `vm V${j} on H`).join('\n') + '\nhost H\n',
};
for (const [name, text] of Object.entries(cases)) {
  const t0 = performance.now();
  const a = analyze([{ uri: 'file:///h/x.stamp', text }]);
  const t1 = performance.now();
  const d = diagnose(a);
  const t2 = performance.now();
  console.log(`${name.padEnd(28)} ${String(text.length).padStart(8)} B  analyze ${(t1 - t0).toFixed(0).padStart(6)} ms  diagnose ${(t2 - t1).toFixed(0).padStart(6)} ms  ${d.length} diags`);
}
