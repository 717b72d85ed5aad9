// A language server with one broken rule and a way to raise stray errors, for the tests of how failures are survived.
// It is the real server (same wiring and guards as server/src/main.ts); only NLB001 is replaced by a version with a bug.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { Value } from '../../grammar/src/elements.js';
import { guardProcess } from '../../server/src/lsp/process-guards.js';
import { startServer } from '../../server/src/lsp/server.js';
import { nodeConfigFiles } from '../../server/src/node/config-file.js';
import { nodeFileSystem } from '../../server/src/node/node-file-system.js';
import { ruleById } from '../../server/src/rules/registry.js';

const broken = ruleById('NLB001');
if (!broken) throw new Error('NLB001 is not registered');
// The bug: it assumes every NLB has an internet name, so it throws on the first one that has none.
broken.check = (model) => {
  for (const nlb of model.nlbs) {
    if ((nlb.internetName as Value).text.length > 253) throw new Error('unreachable');
  }
};

const connection = createConnection(ProposedFeatures.all);
guardProcess(connection);
// `test/strayErrors` raises an exception and a rejected promise outside any request handler.
connection.onNotification('test/strayErrors', () => {
  setTimeout(() => {
    throw new Error('stray exception from a timer');
  }, 0);
  void Promise.reject(new Error('stray rejection nobody awaited'));
});
startServer(connection, { fileSystem: nodeFileSystem, configFiles: nodeConfigFiles });
