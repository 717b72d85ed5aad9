// The server against hostile files on disk: imports outside .stamp, FIFOs, bytes that are not UTF-8, files above the limit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lsp-client.js';

let folder = '';
let client: LspClient;
const uriOf = (name: string): string => pathToFileURL(join(folder, name)).toString();

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'stamp-server-hostile-'));
  execFileSync('mkfifo', [join(folder, 'pipe.stamp')]);
  writeFileSync(join(folder, 'huge.stamp'), 'host HUGE { os 2012 }\n'.repeat(100));
  client = await LspClient.start({ workspaceFolder: folder, settings: { maxFileSizeMB: 0.001 } });
});
after(async () => {
  await client.stop();
  rmSync(folder, { recursive: true, force: true });
});

test('`import "/etc/passwd"` is IMP001 with the message the CLI gives, and a FIFO beside or imported is never opened', async () => {
  const uri = uriOf('main.stamp');
  const text = 'import "/etc/passwd"\nimport "pipe.stamp"\nhost HV01 { os 2012 }\n';
  writeFileSync(join(folder, 'main.stamp'), text);
  await client.open(uri, text);
  const diagnostics = await client.diagnostics(uri, 1);
  assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line, String(diagnostic.message)]), [
    ['IMP001', 0, 'Cannot import `/etc/passwd`: only `.stamp` files can be imported.'],
    ['IMP001', 1, 'Cannot import `pipe.stamp`: a FIFO (named pipe), not a regular file.'],
  ]);
  await client.close(uri);
});

test('a document whose file is not UTF-8 gets one diagnostic naming the byte, where it stands', async () => {
  const bytes = Buffer.concat([Buffer.from('host HV03 { os 2012 }\n// Caf'), Buffer.from([0xe9]), Buffer.from('\nhost HV03 { os 2012 }\n')]);
  writeFileSync(join(folder, 'latin1.stamp'), bytes);
  const uri = uriOf('latin1.stamp');
  // What an editor shows for the file: the bad byte decoded as U+FFFD.
  await client.open(uri, bytes.toString('utf8'));
  const diagnostics = await client.diagnostics(uri, 1);
  assert.equal(diagnostics.length, 1, diagnostics.map((diagnostic) => String(diagnostic.message)).join('\n'));
  assert.equal(diagnostics[0].code, 'FILE002');
  assert.deepEqual(diagnostics[0].range.start, { line: 1, character: 6 });
  assert.match(String(diagnostics[0].message), /^Byte 28 \(0xE9\) is not valid UTF-8/);
  await client.close(uri);
});

test('a document above stamp.maxFileSizeMB gets one FILE001 diagnostic, and importing a file above it is IMP001', async () => {
  const big = 'host BIG { os 2012 }\n'.repeat(100);
  const uri = uriOf('big.stamp');
  await client.open(uri, big);
  const diagnostics = await client.diagnostics(uri, 1);
  assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), ['FILE001']);
  assert.match(String(diagnostics[0].message), /^This file is too large to analyse: 2.1 KB; limit 1 KB/);
  await client.close(uri);
  const importer = uriOf('importer.stamp');
  const text = 'import "huge.stamp"\n';
  writeFileSync(join(folder, 'importer.stamp'), text);
  await client.open(importer, text);
  const imported = await client.diagnostics(importer, 1);
  assert.deepEqual(imported.map((diagnostic) => diagnostic.code), ['IMP001']);
  assert.match(String(imported[0].message), /^Cannot import `huge\.stamp`: too large to analyse: 2.1 KB; limit 1 KB\.$/);
  await client.close(importer);
});
