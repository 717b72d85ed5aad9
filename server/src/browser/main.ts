// The entry point of the Stamp language server in a web worker (VS Code for the Web, the playground): bundled to dist/web/server.js.
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../lsp/server.js';
import { ClientFileSystem } from './client-file-system.js';

/** The worker's global scope: messages from the client arrive on it and answers leave through it. */
const worker = self as unknown as Worker;

const connection = createConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
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
startServer(connection, new ClientFileSystem());
