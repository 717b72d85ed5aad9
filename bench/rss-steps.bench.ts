// The server's peak RSS after each step of the 100k row's sequence (open and close a copy, open another, a space
// edit, two value edits), to see which step raises the peak. Run: npm run build && node out/bench/rss-steps.bench.js [lines=100000]
import { join } from 'node:path';
import { BenchServer } from './lsp-client.js';
import { generateStamp } from './generate.js';

const repoRoot = join(__dirname, '..', '..');
const timeoutMs = 600_000;

async function main(): Promise<void> {
  const lines = Number(process.argv[2] ?? 100_000);
  const text = generateStamp(lines).stampText;
  const server = await BenchServer.start({
    label: 'stamp', command: process.execPath, args: [join(repoRoot, 'dist', 'server.js'), '--stdio'],
    languageId: 'stamp', settings: () => ({}), rootUri: 'file:///bench-stamp',
  });
  const step = (what: string, ms?: number): void => {
    console.log(`${what.padEnd(28)} ${ms === undefined ? '' : `${ms.toFixed(0)} ms`.padStart(9)}  peak RSS ${server.peakRssMb()?.toFixed(0)} MB`);
  };
  try {
    const first = 'file:///bench-stamp/first.stamp';
    const second = 'file:///bench-stamp/second.stamp';
    step('open a first copy', (await server.timeOpen(first, text, timeoutMs)).ms);
    await server.close(first);
    step('close it');
    step('open a second copy', (await server.timeOpen(second, text, timeoutMs)).ms);
    step('space edit', await server.timeEdit(second, text, true, timeoutMs));
    step('value edit', await server.timeValueEdit(second, text, true, timeoutMs));
    step('value edit back', await server.timeValueEdit(second, text, false, timeoutMs));
  } finally {
    await server.stop();
  }
}

void main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
