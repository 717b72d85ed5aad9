// What `analyze` allocates, by function, from V8's sampling heap profiler (objects later collected included): the
// garbage collector's work follows these bytes, and unlike times they do not move with the machine's load.
// Usage: node out/bench/alloc.bench.js [lines=10000] [runs=5] [top=25]
import { Session } from 'node:inspector';
import { generateStamp } from './generate.js';
import { analyze } from '../grammar/src/analyze.js';

const [lines = 10_000, runs = 5, top = 25] = process.argv.slice(2).map(Number);

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

function post<T>(session: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

async function main(): Promise<void> {
  const stamp = generateStamp(lines);
  const sources = [{ uri: 'file:///bench/alloc.stamp', text: stamp.stampText }];
  for (let run = 0; run < 3; run++) analyze(sources);
  const session = new Session();
  session.connect();
  await post(session, 'HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (let run = 0; run < runs; run++) analyze(sources);
  const { profile } = await post<{ profile: { head: HeapNode } }>(session, 'HeapProfiler.stopSampling');
  session.disconnect();
  const byFunction = new Map<string, number>();
  let total = 0;
  const visit = (node: HeapNode): void => {
    total += node.selfSize;
    const file = node.callFrame.url.split('/').pop() ?? '';
    const key = `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  const megabytes = (bytes: number): string => (bytes / runs / 1024 / 1024).toFixed(2);
  console.log(`analyze @ ${stamp.lines} lines (${(Buffer.byteLength(stamp.stampText) / 1024).toFixed(0)} KB): ${megabytes(total)} MB allocated per run (sampled, ${runs} runs)`);
  for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${megabytes(bytes).padStart(7)} MB ${((bytes / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
}

void main();
