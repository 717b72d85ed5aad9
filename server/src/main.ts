// The entry point of the Stamp language server (bundled to dist/server.js); runs over --stdio, --node-ipc or --socket.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { guardProcess } from './lsp/process-guards.js';
import { startServer } from './lsp/server.js';
import { nodeConfigFiles } from './node/config-file.js';
import { nodeFileSystem } from './node/node-file-system.js';

const connection = createConnection(ProposedFeatures.all);
guardProcess(connection);
startServer(connection, { fileSystem: nodeFileSystem, configFiles: nodeConfigFiles });
