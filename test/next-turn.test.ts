// The server yields a turn of the event loop between slices of work (nextTurn, afterThisTurn): in Node with
// setImmediate, in a browser's web worker (no setImmediate) with a MessageChannel, which must be closed again so that
// nothing keeps the process alive. The worker's path runs here in-process, with setImmediate taken away for the call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterThisTurn, nextTurn } from '../server/src/analysis/next-turn.js';

/** Resolves when `arrived` is called, or rejects after a second: a turn that never comes fails instead of hanging. */
function within(what: string, start: (arrived: () => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} never came`)), 1000);
    start(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Waits for a timer: every turn queued before it has run. */
const timerTurn = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The message ports that keep this process alive now. */
const openPorts = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'MessagePort').length;

/** Runs `body` with `setImmediate` removed from the global object, as in a web worker, and puts it back. */
function withoutSetImmediate(body: () => void): void {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'setImmediate');
  assert.ok(saved, 'this Node has a global setImmediate to take away');
  delete (globalThis as { setImmediate?: unknown }).setImmediate;
  try {
    assert.equal(typeof setImmediate, 'undefined');
    body();
  } finally {
    Object.defineProperty(globalThis, 'setImmediate', saved);
  }
}

test('in Node, nextTurn runs its callback once, after an immediate queued before it (a message the connection already read)', async () => {
  // From a timer, a MessageChannel's message would come before the immediates already queued: the order shows which way ran.
  await timerTurn();
  const order: string[] = [];
  await within('the callback', (arrived) => {
    setImmediate(() => order.push('queued before'));
    nextTurn(() => {
      order.push('callback');
      arrived();
    });
    order.push('caller goes on');
  });
  await timerTurn(10);
  assert.deepEqual(order, ['caller goes on', 'queued before', 'callback']);
});

test('in Node, afterThisTurn resolves after an immediate queued before it', async () => {
  await timerTurn();
  const order: string[] = [];
  setImmediate(() => order.push('queued before'));
  await within('afterThisTurn', (arrived) => {
    void afterThisTurn().then(() => {
      order.push('resolved');
      arrived();
    });
  });
  assert.deepEqual(order, ['queued before', 'resolved']);
});

test('without setImmediate (a web worker), nextTurn runs its callback once, after the work already queued, and leaves no port open', async () => {
  const portsBefore = openPorts();
  const order: string[] = [];
  let calls = 0;
  await within('the callback', (arrived) => {
    withoutSetImmediate(() => {
      void Promise.resolve().then(() => order.push('microtask queued before'));
      nextTurn(() => {
        calls++;
        order.push('callback');
        arrived();
      });
      order.push('caller goes on');
    });
  });
  // Long enough for a second message, had one been sent, and for the closed port to be released.
  await timerTurn(20);
  assert.deepEqual(order, ['caller goes on', 'microtask queued before', 'callback']);
  assert.equal(calls, 1);
  assert.equal(openPorts(), portsBefore, 'the MessageChannel is closed: nothing keeps the process alive');
  assert.equal(typeof setImmediate, 'function', 'setImmediate is back');
});

test('without setImmediate, afterThisTurn resolves after the work already queued', async () => {
  const portsBefore = openPorts();
  const order: string[] = [];
  await within('afterThisTurn', (arrived) => {
    withoutSetImmediate(() => {
      void Promise.resolve().then(() => order.push('microtask queued before'));
      void afterThisTurn().then(() => {
        order.push('resolved');
        arrived();
      });
    });
  });
  await timerTurn(20);
  assert.deepEqual(order, ['microtask queued before', 'resolved']);
  assert.equal(openPorts(), portsBefore);
});
