// A later turn of the event loop, in Node and in a browser's web worker alike (the server runs in both: dist/server.js
// and dist/web/server.js). A worker has no `setImmediate`, and a zero timeout nested a few deep waits 4 ms there.

/** Runs `callback` after the tasks already queued (in Node, the connection's next message among them). */
export function nextTurn(callback: () => void): void {
  if (typeof setImmediate === 'function') {
    setImmediate(callback);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback();
  };
  channel.port2.postMessage(undefined);
}

/** `nextTurn` as a promise, for a loop that yields between slices of work. */
export function afterThisTurn(): Promise<void> {
  return new Promise((resolve) => nextTurn(resolve));
}
