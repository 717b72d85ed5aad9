// A file-system fuzzer for the CLI: random folders of FIFOs, link loops, dangling links, folders named *.stamp, huge
// sparse files and undecodable files; every command answers in bounded time and memory, and fmt never harms a file.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliPath } from './run-cli.js';

/** The time the fuzzer may take; rounds are generated until it is spent (at least two). */
const budgetMs = Number(process.env.STAMP_FUZZ_FS_MS ?? 8000);
/** Every command must end within this (a hang detector) and within this heap. */
const commandTimeoutMs = 30_000;
const heapLimitMb = 512;

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

type Maker = (folder: string, name: string, random: () => number, names: readonly string[]) => void;
const latin1 = Buffer.concat([Buffer.from('host L { os 2012 }\n// Caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
const makers: Record<string, Maker> = {
  good: (folder, name) => writeFileSync(join(folder, name), 'host HV01 { os 2012R2 }\nhost HV02 { os 2012R2 }\n'),
  messy: (folder, name) => writeFileSync(join(folder, name), 'host   M1 {\n    os 2012\nnic N {speed 10Gbps}\n}\n'),
  windows: (folder, name) => writeFileSync(join(folder, name), '\ufeffhost   W1 {\r\n    os 2012\r\n}\r\n'),
  broken: (folder, name) => writeFileSync(join(folder, name), 'host B {\n  os 2012 @\n'),
  latin1: (folder, name) => writeFileSync(join(folder, name), latin1),
  deep: (folder, name) => writeFileSync(join(folder, name), `host D {\n${'g {\n'.repeat(3000)}${'}\n'.repeat(3000)}}\n`),
  empty: (folder, name) => writeFileSync(join(folder, name), ''),
  importer: (folder, name, random, names) => {
    const targets = [...names.filter(() => random() < 0.5), '/etc/passwd', 'missing.stamp'];
    writeFileSync(join(folder, name), `${targets.map((target) => `import "${target}"`).join('\n')}\nhost I { os 2012 }\n`);
  },
  fifo: (folder, name) => execFileSync('mkfifo', [join(folder, name)]),
  dangling: (folder, name) => symlinkSync(join(folder, 'nowhere.stamp'), join(folder, name)),
  loop: (folder, name) => symlinkSync(join(folder, name), join(folder, name)),
  folder: (folder, name) => {
    mkdirSync(join(folder, name));
    writeFileSync(join(folder, name, 'inner.stamp'), 'host IN { os 2012 }\n');
  },
  sparse: (folder, name) => {
    writeFileSync(join(folder, name), '');
    truncateSync(join(folder, name), 2 * 1024 ** 3);
  },
};

/** Files fmt must never change: they are refused or have syntax errors. */
const untouchable = new Set(['broken', 'latin1', 'deep', 'sparse']);

function stampCommand(folder: string, args: string[]): { status: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
  const result = spawnSync(process.execPath, [`--max-old-space-size=${heapLimitMb}`, cliPath, ...args], {
    cwd: folder, encoding: 'utf8', timeout: commandTimeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, signal: result.signal };
}

test('file-system fuzzing: check and fmt answer every random folder, within time and heap, and never change a refused file', () => {
  const random = seededRandom(0xf5);
  const began = Date.now();
  const kinds = Object.keys(makers);
  let rounds = 0;
  let commands = 0;
  while (Date.now() - began < budgetMs || rounds < 2) {
    const folder = mkdtempSync(join(tmpdir(), 'stamp-fsfuzz-'));
    try {
      const chosen = Array.from({ length: 3 + Math.floor(random() * 6) }, (_, index) => ({ kind: kinds[Math.floor(random() * kinds.length)], name: `f${index}.stamp` }));
      if (rounds === 0) chosen.push(...kinds.map((kind) => ({ kind, name: `all-${kind}.stamp` })));
      const names = chosen.map((entry) => entry.name);
      for (const entry of chosen) makers[entry.kind](folder, entry.name, random, names);
      const before = new Map(chosen.filter((entry) => untouchable.has(entry.kind) && entry.kind !== 'sparse').map((entry) => [entry.name, readFileSync(join(folder, entry.name))]));
      for (const args of [['check', '.', '--format', 'json'], ['fmt', '--check', '.'], ['fmt', '.'], ['check', ...names]]) {
        const result = stampCommand(folder, args);
        commands++;
        const what = `round ${rounds}, stamp ${args.join(' ')} on ${chosen.map((entry) => `${entry.name}=${entry.kind}`).join(' ')}`;
        assert.equal(result.signal, null, `${what}: killed (${result.signal}); stderr: ${result.stderr}`);
        assert.ok(result.status === 0 || result.status === 1 || result.status === 2, `${what}: exit ${result.status}: ${result.stderr}`);
        assert.doesNotMatch(result.stderr, /internal error|heap|Maximum call stack/i, what);
        if (args[0] === 'check' && args[2] === '--format' && result.status !== 2) JSON.parse(result.stdout);
      }
      for (const [name, bytes] of before) assert.deepEqual(readFileSync(join(folder, name)), bytes, `round ${rounds}: fmt changed ${name}`);
      for (const entry of chosen.filter((each) => each.kind === 'sparse')) assert.equal(statSync(join(folder, entry.name)).size, 2 * 1024 ** 3);
      assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    rounds++;
  }
  console.log(`file-system fuzz: ${rounds} folders, ${commands} commands, 0 hangs, 0 crashes, 0 files harmed`);
});
