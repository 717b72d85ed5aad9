// The language core's process-wide caches (the shared parser, form shapes, keyword meanings) and one call that empties them.

const forgetters: Array<() => void> = [];

/** Registers how to empty one process-wide cache; called once by the module that owns the cache. */
export function registerProcessCache(forget: () => void): void {
  forgetters.push(forget);
}

/**
 * Empties every registered cache: the next parse builds a new parser, the next check recomputes form shapes and keyword
 * meanings. Nothing in Stamp needs this (the caches hold facts of the code, not of any input); mutation testing calls it
 * so that a changed constructor or cache filler is exercised in the process that already filled the cache.
 */
export function forgetProcessCaches(): void {
  for (const forget of forgetters) forget();
}
