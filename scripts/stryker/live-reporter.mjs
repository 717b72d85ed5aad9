// A Stryker reporter that writes each surviving, uncovered or timed-out mutant as it is tested (file:line, mutator,
// replacement) to reports/mutation/live-<scope>[-<STAMP_MUTATE_TAG>].txt, so survivors can be studied while a long run goes on.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const scope = process.env.STAMP_MUTATE_SCOPE || 'all';
const tag = process.env.STAMP_MUTATE_TAG ? `-${process.env.STAMP_MUTATE_TAG}` : '';
const file = `reports/mutation/live-${scope}${tag}.txt`;
const counts = {};
let started = false;

/** One line per mutant that was not killed, and a running tally every 50 mutants. */
const reporter = {
  onMutantTested(result) {
    if (!started) {
      mkdirSync('reports/mutation', { recursive: true });
      writeFileSync(file, `# started ${new Date().toISOString()}\n`);
      started = true;
    }
    counts[result.status] = (counts[result.status] ?? 0) + 1;
    if (result.status !== 'Killed' && result.status !== 'Ignored') {
      const { line, column } = result.location.start;
      const replacement = (result.replacement ?? '').replace(/\s+/g, ' ').slice(0, 120);
      appendFileSync(file, `${result.status}\t${result.fileName}:${line}:${column + 1}\t${result.mutatorName}\t${replacement}\n`);
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total % 50 === 0) appendFileSync(file, `# ${new Date().toISOString()} ${total} tested ${JSON.stringify(counts)}\n`);
  },
  onMutationTestReportReady() {
    if (started) appendFileSync(file, `# done ${new Date().toISOString()} ${JSON.stringify(counts)}\n`);
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Reporter, 'live', reporter)];
