// Protocol test of the second transport: the bundled server answers over Node IPC (`--node-ipc`) as it does over stdio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { DocumentSymbol, InitializeResult } from 'vscode-languageserver-protocol';
import { repoRoot } from '../support/paths.js';

test('the server speaks LSP over --node-ipc', async () => {
  const child = fork(join(repoRoot, 'dist', 'server.js'), ['--node-ipc'], { silent: true });
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  try {
    const initialized = await connection.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(initialized.serverInfo?.name, 'stamp-language-server');
    await connection.sendNotification('initialized', {});
    const uri = 'file:///virtual/ipc.stamp';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'stamp', version: 1, text: 'host HV01 { nic NIC1 }\n' } });
    const symbols = await connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((symbol) => [symbol.name, symbol.children?.map((child) => child.name)]), [['HV01', ['NIC1']]]);
    await connection.sendRequest('shutdown', null);
    await connection.sendNotification('exit', null);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const timer = setTimeout(() => child.kill(), 2000);
    await exited;
    clearTimeout(timer);
    connection.dispose();
  }
});
