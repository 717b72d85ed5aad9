// The entry point of the Stamp language server in a web worker (VS Code for the Web, the playground): bundled to dist/web/server.js.
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../lsp/server.js';
import { ClientFileSystem } from './client-file-system.js';

/** The worker's global scope: messages from the client arrive on it and answers leave through it. */
const worker = self as unknown as Worker;

const connection = createConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
startServer(connection, new ClientFileSystem());
