// How far the server's V8 heap grows before its next full collection: by 60 % of what the last one kept (Node only).
import { setFlagsFromString } from 'node:v8';

/** The old generation grows by this share of what survived the last full collection before the next one starts. */
export const heapGrowingPercent = 60;

/**
 * Fixes V8's heap growing factor at 1.6. V8 derives the factor from how fast the program allocates against how fast
 * it collects, up to 4: an analysis of a large stamp allocates fast, so after a full collection in the middle of one
 * (a 100k-line stamp keeps about 190 MB), the old generation was allowed to reach three to four times the size it had
 * then, and the garbage of an open and the edits after it piled up to 377 MB of peak RSS before the next collection
 * (317-321 MB with this factor; see docs/performance.md, "The eleventh round (s11-mem)"). V8 reads the flag at every
 * full collection, so setting it when the server starts is enough.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
}
