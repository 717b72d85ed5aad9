// The debounce of validation: a burst of changes the server has already received is analysed once, at its last
// version, even when the pause ends while the burst is still being handed over one message per turn of the event loop
// (as vscode-jsonrpc does), which a loaded machine makes likely (test/protocol/diagnostics.test.ts saw version 3 of 5).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ValidationTimers } from '../server/src/analysis/validation-timers.js';

const busyFor = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* the process is held up, as by a loaded machine */ }
};

test('a change still waiting in the queue when the pause ends replaces the version that was due', async () => {
  let version = 1;
  const validated: number[] = [];
  const timers = new ValidationTimers(() => version);
  const validate = (_uri: string, at: number) => validated.push(at);
  await new Promise<void>((done) => {
    // The connection hands over the first message of the burst, which schedules its validation; handling it takes
    // long enough for the pause to end.
    setImmediate(() => {
      timers.schedule('file:///a.stamp', 1, validate);
      busyFor(5);
      // The next message, already received, is handed over on the next turn, after the due timer has fired.
      setImmediate(() => {
        version = 2;
        timers.schedule('file:///a.stamp', 1, validate);
        setTimeout(done, 20);
      });
    });
  });
  assert.deepEqual(validated, [2]);
});

test('a document closed before its validation ran is not validated', async () => {
  let version: number | undefined = 1;
  const validated: number[] = [];
  const timers = new ValidationTimers(() => version);
  timers.schedule('file:///a.stamp', 1, (_uri, at) => validated.push(at));
  version = undefined;
  await new Promise((done) => setTimeout(done, 20));
  assert.deepEqual(validated, []);
});

test('with no delay the validation runs at once, at the current version', () => {
  const validated: number[] = [];
  new ValidationTimers(() => 7).schedule('file:///a.stamp', 0, (_uri, at) => validated.push(at));
  assert.deepEqual(validated, [7]);
});
