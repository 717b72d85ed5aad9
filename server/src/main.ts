// The entry point of the Stamp language server (bundled to dist/server.js); runs over --stdio, --node-ipc or --socket.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { guardProcess } from './lsp/process-guards.js';
import { startServer } from './lsp/server.js';
import { nodeFileSystem } from './node/node-file-system.js';
import { releaseMemory } from './node/release-memory.js';
import { limitHeapGrowth } from './node/heap-growth.js';

limitHeapGrowth();
const connection = createConnection(ProposedFeatures.all);
guardProcess(connection);
startServer(connection, { fileSystem: nodeFileSystem, releaseMemory });
