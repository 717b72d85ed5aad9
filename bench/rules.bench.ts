// The CPU time of each rule over a generated stamp, as an open runs them: the rules an open runs at that size (every
// rule when the slow ones run at once, else the fast ones), each timed with process.cpuUsage. The stamp is analysed
// once; each run gives the rules a shallow copy of its model, so that every memo the rules keep per model (placements,
// indexes) is built again, as after a new analysis, without the analysis's own work and garbage in the figures.
// Usage: node out/bench/rules.bench.js [lines=10000] [runs=20] [top=15]; the first 3 runs warm up and are not
// counted. RULES=CAP001,HV008 runs only those rules.
import { generateStamp } from './generate.js';
import { analyze } from '../grammar/src/analyze.js';
import { fastRules, runRulesInSteps, slowRulesRunAtOnce } from '../server/src/analysis/diagnose.js';
import { allRules } from '../server/src/rules/registry.js';

const [lines = 10_000, runs = 20, top = 15] = process.argv.slice(2).map(Number);
const warmUps = 3;
const cpuMs = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

const only = process.env.RULES ? new Set(process.env.RULES.split(',')) : undefined;
const analysis = analyze([{ uri: 'file:///bench/rules.stamp', text: generateStamp(lines).stampText }]);
const rules = (slowRulesRunAtOnce(analysis.model) ? allRules : fastRules).filter((rule) => !only || only.has(rule.id));
const perRule = new Map<string, number>();
let total = 0;
let findings = 0;
for (let run = 0; run < warmUps + runs; run++) {
  const fresh = { ...analysis, model: { ...analysis.model } };
  let found = 0;
  const started = cpuMs();
  for (const rule of rules) {
    const before = cpuMs();
    const steps = runRulesInSteps(fresh, [rule]);
    let step = steps.next();
    while (!step.done) step = steps.next();
    found += step.value.length;
    if (run >= warmUps) perRule.set(rule.id, (perRule.get(rule.id) ?? 0) + cpuMs() - before);
  }
  if (run >= warmUps) total += cpuMs() - started;
  findings = found;
}
console.log(`rules @ ${lines} lines: ${(total / runs).toFixed(2)} ms CPU per run (${runs} runs, ${rules.length} rules), ${findings} findings`);
const rows = [...perRule].sort((a, b) => b[1] - a[1]).slice(0, top);
console.log(rows.map(([id, ms]) => `${id} ${(ms / runs).toFixed(2)}`).join(' | '));
