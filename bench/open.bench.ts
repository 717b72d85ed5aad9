// One large stamp opened over LSP in a fresh server: milliseconds to the first diagnostics (the fast rules), to the
// complete ones (the failure analysis added), to an edit's diagnostics, and the server's peak RSS; optionally with the
// server under V8's CPU or heap profiler, whose files go to bench/results/ (open them in Chrome DevTools).
// Run: npm run build && node out/bench/open.bench.js [lines=100000] [--cpu-prof] [--heap-prof] [--trace-gc]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchServer } from './lsp-client.js';
import { generateStamp } from './generate.js';
import { analyze } from '../grammar/src/analyze.js';
import { slowRulesRunAtOnce } from '../server/src/analysis/diagnose.js';

const repoRoot = join(__dirname, '..', '..');
const resultsFolder = join(repoRoot, 'bench', 'results');
const args = process.argv.slice(2);
const lines = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 100_000);
const nodeFlags: string[] = [];
if (args.includes('--cpu-prof')) nodeFlags.push('--cpu-prof', `--cpu-prof-dir=${resultsFolder}`);
if (args.includes('--heap-prof')) nodeFlags.push('--heap-prof', `--heap-prof-dir=${resultsFolder}`);
if (args.includes('--trace-gc')) nodeFlags.push('--trace-gc');

async function main(): Promise<void> {
  mkdirSync(resultsFolder, { recursive: true });
  const stamp = generateStamp(lines);
  // The server publishes twice (the fast rules, then the failure analysis) only above this many elements, counted as it
  // counts them; a smaller stamp's one publish is already complete.
  const publishesTwice = !slowRulesRunAtOnce(analyze([{ uri: 'file:///bench-stamp/open.stamp', text: stamp.stampText }]).model);
  const server = await BenchServer.start({
    label: 'stamp', command: process.execPath, args: [...nodeFlags, process.env.STAMP_BENCH_SERVER ?? join(repoRoot, 'dist', 'server.js'), '--stdio'],
    languageId: 'stamp', settings: () => ({}), rootUri: 'file:///bench-stamp',
  });
  try {
    const uri = 'file:///bench-stamp/open.stamp';
    const started = performance.now();
    const opened = await server.timeOpen(uri, stamp.stampText, 600_000);
    // The complete diagnostics (with the failure analysis) come in a second publish of version 1 on large stamps.
    let complete: number | undefined = publishesTwice ? undefined : opened.ms;
    while (publishesTwice && performance.now() - started < 600_000) {
      if ((server.publishes.get(uri)?.count ?? 0) >= 2) {
        complete = performance.now() - started;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const rssAfterOpen = server.peakRssMb();
    const edit = await server.timeEdit(uri, stamp.stampText, true, 600_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    console.log(`${lines} lines (${stamp.elements} elements): didOpen→diagnostics ${opened.ms.toFixed(0)} ms (${opened.diagnostics}), complete ${complete === undefined ? 'n/a' : complete.toFixed(0)} ms, didChange→diagnostics ${edit.toFixed(0)} ms; peak RSS ${rssAfterOpen?.toFixed(0)} MB after the open, ${server.peakRssMb()?.toFixed(0)} MB after the edit`);
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
