// The entry point of the Stamp language server (bundled to dist/server.js); runs over --stdio, --node-ipc or --socket.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server.js';
import { nodeFileSystem } from './node/node-file-system.js';

startServer(createConnection(ProposedFeatures.all), nodeFileSystem);
