// A Stryker reporter that writes each surviving, uncovered or timed-out mutant as it is tested to
// reports/mutation/live-<scope>[-<STAMP_MUTATE_TAG>].txt, so survivors can be studied while a long run goes on.
// One line per mutant: status, file:line:column-line:column (the mutated range, 1-based, as in the JSON report), the
// mutator, the code replaced → its replacement, and the mutant's id in the JSON report. Several mutants can start at
// the same place (`a || b || c` → `false` is three mutants: the whole condition, `a || b`, `a`), so the range and the
// code replaced tell them apart.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const scope = process.env.STAMP_MUTATE_SCOPE || 'all';
const tag = process.env.STAMP_MUTATE_TAG ? `-${process.env.STAMP_MUTATE_TAG}` : '';
const file = `reports/mutation/live-${scope}${tag}.txt`;
const counts = {};
const sources = new Map();
let started = false;

/** The source text a mutant replaced (lines and columns 1-based, end exclusive), on one line, cut at 120 characters. */
function replaced(fileName, { start, end }) {
  let lines = sources.get(fileName);
  if (!lines) {
    try {
      lines = readFileSync(fileName, 'utf8').split(/\r\n|\r|\n/);
    } catch {
      lines = [];
    }
    sources.set(fileName, lines);
  }
  const text = lines.slice(start.line - 1, end.line).map((line, index, all) => {
    const from = index === 0 ? start.column - 1 : 0;
    const to = index === all.length - 1 ? end.column - 1 : line.length;
    return line.slice(from, to);
  });
  return oneLine(text.join('\n'));
}

function oneLine(text) {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

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
      // The reporter API gives the schema's positions: lines and columns are already 1-based.
      const { start, end } = result.location;
      const place = `${result.fileName}:${start.line}:${start.column}-${end.line}:${end.column}`;
      const change = `${replaced(result.fileName, result.location)} → ${oneLine(result.replacement ?? '')}`;
      appendFileSync(file, `${result.status}\t${place}\t${result.mutatorName}\t${change}\tid ${result.id}\n`);
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total % 50 === 0) appendFileSync(file, `# ${new Date().toISOString()} ${total} tested ${JSON.stringify(counts)}\n`);
  },
  onMutationTestReportReady() {
    if (started) appendFileSync(file, `# done ${new Date().toISOString()} ${JSON.stringify(counts)}\n`);
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Reporter, 'live', reporter)];
