// How busy the machine was with work other than the bench's own, over a run: the CPU time of every process (from
// /proc/stat) minus that of the bench and the children it waited for (its servers, the peer, the layout bench, from
// /proc/self/stat). The 1-minute load average cannot say this: on 2 CPUs the bench's own servers raise it above any
// idle bar by the end of a run, while the machine was idle apart from them. Linux only; elsewhere `undefined`.
import { readFileSync } from 'node:fs';

/** CPU time so far, in clock ticks: of all processes on the machine, and of this process with its reaped children. */
export interface CpuTimes {
  machineBusy: number;
  own: number;
  at: number;
}

export function cpuTimes(): CpuTimes | undefined {
  try {
    // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": busy is everything but idle and iowait
    // (guest time is already counted in user).
    const machine = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = machine;
    // After the command name's closing parenthesis: field 3 (state) onwards; utime, stime, cutime, cstime are 14-17.
    const self = readFileSync('/proc/self/stat', 'latin1');
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    const own = fields[11] + fields[12] + fields[13] + fields[14];
    const machineBusy = user + nice + system + irq + softirq + steal;
    if (![machineBusy, own].every(Number.isFinite)) return undefined;
    return { machineBusy, own, at: performance.now() };
  } catch {
    return undefined;
  }
}

/** What other processes used between two readings: CPU seconds, and CPUs kept busy on average. */
export interface OthersLoad {
  seconds: number;
  wallSeconds: number;
  averageCpus: number;
}

/** `ticksPerSecond` is the kernel's USER_HZ, 100 on every Linux this runs on. */
export function othersLoad(start: CpuTimes, end: CpuTimes, ticksPerSecond = 100): OthersLoad {
  const others = Math.max(0, end.machineBusy - start.machineBusy - (end.own - start.own)) / ticksPerSecond;
  const wallSeconds = (end.at - start.at) / 1000;
  return { seconds: others, wallSeconds, averageCpus: wallSeconds > 0 ? others / wallSeconds : 0 };
}

/** Idle enough to judge: other processes kept less than a quarter of one CPU busy on average over the run. */
export const idleOthersCpus = 0.25;
