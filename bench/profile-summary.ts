// Summarizes a V8 .cpuprofile: self time and inclusive time per function, largest first.
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** One function's share of a profile. */
export interface FunctionShare { name: string; where: string; selfMs: number; selfShare: number; totalMs: number; totalShare: number }

/** Sums sampled time per function (self and inclusive), skipping idle and GC pseudo-frames in the total. */
export function summarizeProfile(profile: CpuProfile): { totalMs: number; functions: FunctionShare[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const where = new Map<string, string>();
  let totalMs = 0;
  profile.samples.forEach((sample, index) => {
    // A sample stands for the time until the next one. (timeDeltas[index] is the time since the previous one: read
    // that way, the first sample, taken inside the inspector's `dispatch` that started the profiler, took the whole
    // wait before sampling began, 20-45 % of a profile on a loaded machine.)
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    const node = byId.get(sample);
    if (!node || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') return;
    totalMs += ms;
    const keyOf = (frame: ProfileNode['callFrame']): string => `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
    const selfKey = keyOf(node.callFrame);
    self.set(selfKey, (self.get(selfKey) ?? 0) + ms);
    where.set(selfKey, node.callFrame.url);
    const seen = new Set<string>();
    for (let current: number | undefined = node.id; current !== undefined; current = parentOf.get(current)) {
      const frame = byId.get(current)!.callFrame;
      const key = keyOf(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  });
  const functions = [...new Set([...self.keys(), ...total.keys()])].map((key) => ({
    name: key, where: where.get(key) ?? '', selfMs: self.get(key) ?? 0, selfShare: (self.get(key) ?? 0) / totalMs, totalMs: total.get(key) ?? 0, totalShare: (total.get(key) ?? 0) / totalMs,
  }));
  return { totalMs, functions };
}

if (require.main === module && process.argv[2]?.endsWith(".cpuprofile")) {
  const profile = JSON.parse(readFileSync(process.argv[2], 'utf8')) as CpuProfile;
  const { totalMs, functions } = summarizeProfile(profile);
  const by = process.argv[3] === 'total' ? 'totalMs' : 'selfMs';
  console.log(`total ${totalMs.toFixed(0)} ms`);
  for (const entry of functions.sort((a, b) => b[by] - a[by]).slice(0, Number(process.argv[4] ?? 30))) {
    console.log(`${(entry.selfShare * 100).toFixed(1).padStart(5)}% self  ${(entry.totalShare * 100).toFixed(1).padStart(5)}% total  ${entry.name}`);
  }
}
