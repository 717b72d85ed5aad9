// When a rule throws: finds the element it was checking (by re-running it over a model that records what it reads) and tells listeners (the server's output channel).
import type { Element } from '../../../grammar/src/elements.js';
import type { StampModel } from '../../../grammar/src/model.js';
import type { Rule } from '../rules/rule.js';

/** A rule that threw, the error, and the element it was reading when it did (when one could be found). */
export interface RuleFailure {
  ruleId: string;
  error: unknown;
  element?: Element;
}

type FailureListener = (failure: RuleFailure) => void;
const listeners = new Set<FailureListener>();

/** Calls a listener for every rule failure from now on (the server logs them); returns the unsubscribe function. */
export function onRuleFailure(listener: FailureListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells every listener; a listener that throws is ignored, so reporting a failure never fails. */
export function announceRuleFailure(failure: RuleFailure): void {
  for (const listener of listeners) {
    try {
      listener(failure);
    } catch {
      // A broken listener must not turn a rule failure into a server failure.
    }
  }
}

/** The error's stack (or its message) for logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** The error's message, one line, for the diagnostic. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

function isElement(value: unknown): value is Element {
  // Stryker disable next-line ConditionalExpression: the language core writes no null into a model, so `value === null` is never true here.
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Element>;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: in a model only elements have a URI, a name span or an object kind (a property has a statement too), so any two of the four tests tell an element; the whole test made `true` is killed (test/rule-failure.test.ts).
  return typeof candidate.uri === 'string' && typeof candidate.nameSpan === 'object' && typeof candidate.statement === 'object' && typeof candidate.kind === 'object';
}

/**
 * Re-runs a rule that threw over a view of the model that records every element it reads, and returns the last
 * element read before it threw again: the element it was checking. Rules are pure functions of the model, so the
 * second run fails where the first did. Undefined when it does not throw again or read no element.
 */
export function locateRuleFailure(rule: Rule, model: StampModel): Element | undefined {
  let last: Element | undefined;
  const touch = (value: unknown): void => {
    if (isElement(value)) last = value;
  };
  const proxies = new WeakMap<object, object>();
  const targets = new WeakMap<object, object>();
  // A WeakMap answers undefined for a value that is not an object, so primitives come back as they are.
  const unwrap = (value: unknown): unknown => targets.get(value as object) ?? value;

  const wrap = (value: unknown): unknown => {
    // Stryker disable next-line ConditionalExpression: the language core writes no null into a model, so `value === null` is never true here.
    if (typeof value !== 'object' || value === null) return value;
    // Stryker disable next-line ConditionalExpression: a proxy wrapped again records the same reads (its trap runs the inner proxy's trap).
    if (targets.has(value)) return value;
    const known = proxies.get(value);
    if (known) return known;
    // Maps, sets and iterators keep their state in internal slots: their methods must run on the real object.
    // Stryker disable next-line ConditionalExpression,LogicalOperator: run on the real object, the methods and getters of the model's arrays and plain objects give the same results, and the callbacks they are given are wrapped either way; only Maps and Sets need it.
    const slotted = !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null;
    const proxy = new Proxy(value, {
      get(target, key) {
        touch(target);
        touch((target as { element?: unknown }).element);
        const descriptor = Object.getOwnPropertyDescriptor(target, key);
        // A frozen or read-only property must read as its own value (a Proxy invariant).
        if (descriptor && !descriptor.configurable && !descriptor.writable && 'value' in descriptor) return descriptor.value;
        const result: unknown = Reflect.get(target, key, slotted ? target : proxy);
        if (slotted && typeof result === 'function') {
          return (...args: unknown[]) => {
            const plain = args.map((arg) => (typeof arg === 'function' ? (...inner: unknown[]) => (arg as (...a: unknown[]) => unknown)(...inner.map(wrap)) : unwrap(arg)));
            return wrap((result as (...a: unknown[]) => unknown).apply(target, plain));
          };
        }
        touch(result);
        return wrap(result);
      },
    });
    proxies.set(value, proxy);
    targets.set(proxy, value);
    return proxy;
  };

  try {
    rule.check(wrap(model) as StampModel, () => undefined);
  } catch {
    return last;
  }
  return undefined;
}
