// Child processes the harness starts, and how they are ended: always by their own PID (each is the
// leader of its own process group, so the group id is that PID), politely first, then with SIGKILL.
import type { ChildProcess } from 'node:child_process';

const live = new Set<number>();

/** Signals the process group led by pid (falls back to the single process). */
function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, sig);
    return true;
  } catch {
    try {
      process.kill(pid, sig);
      return true;
    } catch {
      return false;
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Remembers a started process group so that it is killed even if the test process dies. */
export function track(pid: number | undefined): void {
  if (pid) live.add(pid);
}

/** Ends the process group led by pid: SIGTERM, up to graceMs, then SIGKILL. Never throws, never hangs. */
export async function killGroup(pid: number | undefined, graceMs = 3000, child?: ChildProcess): Promise<void> {
  if (!pid) return;
  live.delete(pid);
  if (!signal(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    const exited = child ? child.exitCode !== null || child.signalCode !== null : !alive(pid);
    if (exited) break;
    await sleep(50);
  }
  // The leader may have gone while helpers of its group remain: SIGKILL the whole group anyway.
  signal(pid, 'SIGKILL');
}

function killAllNow(): void {
  for (const pid of live) signal(pid, 'SIGKILL');
  live.clear();
}

process.on('exit', killAllNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    killAllNow();
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects with a clear message when the promise takes longer than ms. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls fn until it returns a truthy value or ms pass; returns that value or throws. */
export async function waitUntil<T>(fn: () => T | Promise<T>, ms: number, what: string, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await sleep(everyMs);
  }
}
