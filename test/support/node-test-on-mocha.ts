// Stands in for `node:test` when the unit tests are bundled for Stryker's mocha runner (build.mjs --mocha): test, it
// and describe map to mocha's globals, so mutants run in one long-lived process, only the tests that cover them.
import { forgetProcessCaches } from '../../grammar/src/process-caches.js';

// Each test bundle holds its own copy of the language core: scripts/stryker/mocha-hot-runner.mjs empties the caches of
// every loaded bundle before a mutant of a file whose code fills them (the parser's constructor, form shapes).
const hooks = globalThis as unknown as { __stampForgetCaches?: Array<() => void> };
(hooks.__stampForgetCaches ??= []).push(forgetProcessCaches);

type Body = (context: unknown) => unknown;
type Options = { skip?: boolean | string; todo?: boolean | string; timeout?: number };
interface MochaGlobals {
  it(name: string, fn: () => unknown): unknown;
  describe(name: string, fn: () => void): unknown;
}
const mocha = globalThis as unknown as MochaGlobals;

/** The context a node:test body receives, reduced to what a body may read without changing the outcome. */
const context = { diagnostic() {}, name: '' };

function define(name: string, second?: Options | Body, third?: Body): void {
  const fn = typeof second === 'function' ? second : third;
  if (!fn) throw new Error(`test '${name}' has no body`);
  // mocha treats a body with a parameter as callback style; node:test passes a context instead.
  mocha.it(name, () => fn(context));
}

export const test = define;
export const it = define;
export function describe(name: string, body: () => void): void {
  mocha.describe(name, body);
}
export default define;
