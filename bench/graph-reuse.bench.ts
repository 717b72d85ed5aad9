// The preview's answer to `stamp/graph` after an edit, in process: the whole request (graph, view, layout, SVGs, the protocol's ranges) and its parts, first (fresh layout), again, after a space, after a renamed VM and after a VM added.
// Run: npm run build && node --expose-gc out/bench/graph-reuse.bench.js [lines=2000] [runs=5] [--profile] (--profile: the
// requests after a space under V8's sampling profiler, the top functions by self time printed).
import { Session } from 'node:inspector';
import { cpus, loadavg } from 'node:os';
import { analyze } from '../grammar/src/analyze.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import { buildGraph } from '../server/src/graph/graph.js';
import { backgroundLayoutsDone, forgetLayouts, handleGraphRequest } from '../server/src/graph/request.js';
import { projectView } from '../server/src/graph/views.js';
import { PositionMapper, toGraphResult } from '../server/src/lsp/convert.js';
import { generateStamp } from './generate.js';
import { summarizeProfile } from './profile-summary.js';

const args = process.argv.slice(2).filter((arg) => /^\d+$/.test(arg)).map(Number);
const lines = args[0] ?? 2_000;
const runs = args[1] ?? 5;
const uri = 'file:///bench-stamp/graph-reuse.stamp';
const profiling = process.argv.includes('--profile');

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
}
const profiles: Array<Parameters<typeof summarizeProfile>[0]> = [];

interface Timed { wall: number; cpu: number; bytes: number }

/** One `stamp/graph` as the server answers it: the request, then the conversion to line/character ranges and the JSON the transport writes. */
async function request(text: string, session?: Session): Promise<Timed> {
  const analysis = analyze([{ uri, text }]);
  const diagnostics = diagnose(analysis);
  last = { analysis, diagnostics };
  return answer(analysis, diagnostics, session);
}
let last: { analysis: ReturnType<typeof analyze>; diagnostics: ReturnType<typeof diagnose> } | undefined;

/** The request for an analysis the server already holds (the same version asked for again). */
async function answer(analysis: ReturnType<typeof analyze>, diagnostics: ReturnType<typeof diagnose>, session?: Session): Promise<Timed> {
  gc();
  if (session) await post(session, 'Profiler.start');
  const wall = performance.now();
  const cpu = cpuMs();
  const result = await handleGraphRequest(analysis, diagnostics, uri, {});
  const json = JSON.stringify(toGraphResult(result, new PositionMapper(analysis.model.texts)));
  const timed = { wall: performance.now() - wall, cpu: cpuMs() - cpu, bytes: json.length };
  if (session) profiles.push((await post<{ profile: Parameters<typeof summarizeProfile>[0] }>(session, 'Profiler.stop')).profile);
  await backgroundLayoutsDone(uri);
  return timed;
}

/** The parts that run whatever is re-used: building the graph and projecting the view. */
function parts(text: string): { build: number; project: number } {
  const analysis = analyze([{ uri, text }]);
  const diagnostics = diagnose(analysis);
  gc();
  let started = performance.now();
  const graph = buildGraph(analysis, diagnostics, uri);
  const build = performance.now() - started;
  started = performance.now();
  projectView(graph, 'topology', []);
  return { build, project: performance.now() - started };
}

async function main(): Promise<void> {
  // The background layouts' timers do not keep a process alive; this does, until the end.
  const keepAlive = setInterval(() => undefined, 1_000);
  const stamp = generateStamp(lines);
  const text = stamp.stampText;
  const firstLineEnd = text.indexOf('\n');
  const spaced = `${text.slice(0, firstLineEnd)} ${text.slice(firstLineEnd)}`;
  const vmName = /^vm (\S+)/m.exec(text)?.[1] ?? 'X';
  const renamed = text.replace(new RegExp(`\\b${vmName}\\b`, 'g'), `${vmName}R`);
  const added = `${text}\nvm LAYOUTPROBE on ${/^cluster (\S+)/m.exec(text)?.[1] ?? 'X'}\n`;
  console.log(`graph re-use, ${stamp.lines} lines, ${stamp.elements} elements, ${runs} runs; load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
  let session: Session | undefined;
  if (profiling) {
    session = new Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
  }
  const rows: Record<string, Timed[]> = { first: [], again: [], 'after a space': [], 'after a VM renamed': [], 'after a VM added': [] };
  for (let run = 0; run < runs; run++) {
    forgetLayouts(uri);
    rows.first.push(await request(text));
    rows.again.push(await answer(last!.analysis, last!.diagnostics));
    rows['after a space'].push(await request(spaced, session));
    rows['after a VM renamed'].push(await request(renamed));
    rows['after a VM added'].push(await request(added));
  }
  for (const [label, timed] of Object.entries(rows)) {
    console.log(`${label.padEnd(20)} ${median(timed.map((each) => each.wall)).toFixed(1).padStart(8)} ms wall ${median(timed.map((each) => each.cpu)).toFixed(1).padStart(8)} ms CPU ${(timed[0].bytes / 1024).toFixed(0).padStart(6)} KB of JSON`);
  }
  const split = Array.from({ length: runs }, () => parts(spaced));
  console.log(`of which always paid: buildGraph ${median(split.map((each) => each.build)).toFixed(1)} ms, projectView ${median(split.map((each) => each.project)).toFixed(1)} ms (wall)`);
  if (session) {
    const shares = new Map<string, number>();
    let totalMs = 0;
    for (const profile of profiles) {
      const summary = summarizeProfile(profile);
      // The inspector's own work (the profile's serialization) is not the request's.
      for (const entry of summary.functions) if (!/^(dispatch|post|cpuUsage) /.test(entry.name)) totalMs += entry.selfMs;
      for (const entry of summary.functions) if (!/^(dispatch|post|cpuUsage) /.test(entry.name)) shares.set(entry.name, (shares.get(entry.name) ?? 0) + entry.selfMs);
    }
    console.log(`profile of the requests after a space: ${(totalMs / profiles.length).toFixed(1)} ms sampled per request; self time:`);
    for (const [name, ms] of [...shares].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${name}`);
    session.disconnect();
  }
  clearInterval(keepAlive);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
