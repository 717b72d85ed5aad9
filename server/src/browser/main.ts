// The entry point of the Stamp language server in a web worker (VS Code for the Web, the playground): bundled to dist/web/server.js.
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../lsp/server.js';
import { ClientFileSystem } from './client-file-system.js';

/** The worker's global scope: messages from the client arrive on it and answers leave through it. */
const worker = self as unknown as Worker;

/**
 * The port the connection reads: messages reach it through `addEventListener`, never through `self.onmessage`. elkjs
 * (the layout), once loaded in a worker, assigns `self.onmessage` to serve as an ELK worker itself; that assignment is
 * made a no-op here, so it can neither take the client's messages nor answer them. The layout runs in this thread.
 */
const port = {
  onmessage: null as ((event: MessageEvent) => void) | null,
  postMessage: (message: unknown) => worker.postMessage(message),
  addEventListener: (type: string, listener: EventListener) => worker.addEventListener(type, listener),
  removeEventListener: (type: string, listener: EventListener) => worker.removeEventListener(type, listener),
};
worker.addEventListener('message', (event: MessageEvent) => port.onmessage?.(event));
Object.defineProperty(self, 'onmessage', { configurable: true, get: () => null, set: () => undefined });

const connection = createConnection(new BrowserMessageReader(port as unknown as Worker), new BrowserMessageWriter(port as unknown as Worker));
// As the Node entry's process guards do: a stray exception or rejection is logged and the worker goes on answering.
const log = (what: string, error: unknown): void => {
  connection.console.error(`${what} (the server keeps running): ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
};
worker.addEventListener('error', (event: ErrorEvent) => {
  log('Uncaught exception', event.error ?? event.message);
  event.preventDefault();
});
worker.addEventListener('unhandledrejection' as 'error', (event: Event) => {
  log('Unhandled promise rejection', (event as PromiseRejectionEvent).reason);
  event.preventDefault();
});
startServer(connection, { fileSystem: new ClientFileSystem() });
