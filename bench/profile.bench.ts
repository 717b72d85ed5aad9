// Profiles the in-process pipeline (analyze, then diagnose) on a generated stamp and prints the top functions by self time.
// Usage: node out/bench/profile.bench.js [lines=10000] [runs=3] [top=20]; the raw profile goes to bench/results/.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector';
import { generateStamp } from './generate.js';
import { summarizeProfile } from './profile-summary.js';
import { analyze } from '../grammar/src/analyze.js';
import { diagnose, fastRules } from '../server/src/analysis/diagnose.js';
import { analyzeProgram, CheckedFileCache, loadProgram } from '../grammar/src/program.js';
import { StampWorkspace } from '../server/src/analysis/workspace.js';
import { emptyConfig } from '../server/src/analysis/config.js';
import type { StampFileSystem } from '../server/src/analysis/file-system.js';

/** No files on disk: the profiled stamp is one open document. */
const noFiles: StampFileSystem = { readText: () => undefined, readBytes: () => undefined, stat: () => undefined, readFolder: () => [], locate: () => undefined };

const [lines = 10_000, runs = 3, top = 20] = process.argv.slice(2).map(Number);
const resultsFolder = join(__dirname, '..', '..', 'bench', 'results');

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
}

async function profile(label: string, work: () => unknown): Promise<void> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  // Leave the inspector's callback first: work run from it is sampled under its native frame ("dispatch").
  await new Promise((resolve) => setImmediate(resolve));
  const started = performance.now();
  for (let run = 0; run < runs; run++) work();
  const wall = (performance.now() - started) / runs;
  const { profile: result } = await post<{ profile: Parameters<typeof summarizeProfile>[0] }>(session, 'Profiler.stop');
  session.disconnect();
  mkdirSync(resultsFolder, { recursive: true });
  writeFileSync(join(resultsFolder, `${label}-${lines}.cpuprofile`), JSON.stringify(result));
  const summary = summarizeProfile(result);
  console.log(`\n${label} @ ${lines} lines: ${wall.toFixed(0)} ms per run (wall), ${runs} runs`);
  for (const entry of summary.functions.sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) {
    console.log(`${(entry.selfShare * 100).toFixed(1).padStart(5)}% self ${(entry.totalShare * 100).toFixed(1).padStart(5)}% total  ${entry.name}`);
  }
}

async function main(): Promise<void> {
  const stamp = generateStamp(lines);
  const sources = [{ uri: 'file:///bench/profile.stamp', text: stamp.stampText }];
  diagnose(analyze(sources));
  await profile('analyze', () => analyze(sources));
  await profile('diagnose', () => diagnose(analyze(sources)));
  // An edit as the server handles it: a space added to or removed from line 1, re-checked from the cached file,
  // then resolution, the model and the fast rules over the whole stamp.
  const cache = new CheckedFileCache();
  const uri = sources[0].uri;
  const base = stamp.stampText;
  const lineEnd = base.indexOf('\n');
  let flip = false;
  const edit = () => {
    flip = !flip;
    const text = flip ? `${base.slice(0, lineEnd)} ${base.slice(lineEnd)}` : base;
    return diagnose(analyzeProgram(loadProgram([uri], { read: () => text }, cache)), undefined, fastRules);
  };
  edit();
  await profile('edit', edit);
  // An edit that changes a value (a digit of a VM's memory past the middle of the stamp, as workspace.bench.ts and
  // bench/lsp-client.ts's `timeValueEdit`), handled as the server handles it: through StampWorkspace, whose value-edit
  // path keeps the resolution, patches or rebuilds the model and runs again only the fast rules that read the value.
  const memory = /memory (\d)/g;
  memory.lastIndex = base.length >> 1;
  const match = memory.exec(base) ?? /memory (\d)/.exec(base);
  if (!match) throw new Error('no memory value to edit');
  const digitAt = match.index + 'memory '.length;
  const changed = `${base.slice(0, digitAt)}${base[digitAt] === '7' ? '6' : '7'}${base.slice(digitAt + 1)}`;
  const workspace = new StampWorkspace(() => emptyConfig, noFiles);
  workspace.open(uri, base, 1);
  workspace.diagnosisOf(uri);
  let version = 1;
  const valueEdit = () => {
    version++;
    workspace.change(uri, version % 2 === 0 ? changed : base, version);
    return workspace.diagnosisOf(uri);
  };
  valueEdit();
  await profile('edit-value', valueEdit);
}

void main();
