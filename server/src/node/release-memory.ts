// Returns the memory of a dropped analysis to the system at once: a full garbage collection through V8's `gc`.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * Collects garbage now. V8 collects the old generation only once it has grown by a factor of what was alive after the
 * last collection, so a large stamp closed and another opened would otherwise hold both in memory (603 MB of peak RSS
 * for two 100k-line stamps one after the other, against 333 MB for one). `gc` exists only with `--expose-gc`; setting
 * the flag at run time makes it available to a new context.
 */
export function releaseMemory(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
