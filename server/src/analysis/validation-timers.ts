// Debounced validation: one pending timer per document, fired only if the document is still at the version it was scheduled for.
import { nextTurn } from './next-turn.js';

/** Runs a validation after a pause in typing; a newer change or a close cancels the pending one. */
export class ValidationTimers {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  /** `versionOf` answers the current version of an open document (undefined once it is closed). */
  constructor(private readonly versionOf: (uri: string) => number | undefined) {}

  /** Runs `validate` after `delayMs` unless another change comes first; stale versions are skipped by the caller. */
  schedule(uri: string, delayMs: number, validate: (uri: string, version: number) => void): void {
    this.cancel(uri);
    const version = this.versionOf(uri);
    if (version === undefined) return;
    if (delayMs <= 0) {
      validate(uri, version);
      return;
    }
    this.pending.set(uri, setTimeout(() => {
      // Stryker disable next-line CallExpression: memory only; clearing a timer that already fired does nothing.
      this.pending.delete(uri);
      // Changes that already arrived wait in the connection's queue, which hands over one message per turn of the event
      // loop: on a loaded machine the pause can end between two of them. One more turn lets those come first, and the
      // version check below then skips this one (a burst of typing read at once is analysed once, at its last version).
      nextTurn(() => {
        if (this.versionOf(uri) === version) validate(uri, version);
      });
    }, delayMs));
  }

  cancel(uri: string): void {
    const pending = this.pending.get(uri);
    // Stryker disable next-line ConditionalExpression: clearTimeout(undefined) does nothing.
    if (pending) clearTimeout(pending);
    // Stryker disable next-line CallExpression: memory only; a later cancel clears the same spent timer, which does nothing.
    this.pending.delete(uri);
  }
}
