// Generates docs/rules.md from the rule metadata (`--check`: only verify it is current). Bundles the TypeScript with esbuild first.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'out', 'scripts', 'gen-rules-doc.js');
mkdirSync(join(root, 'out', 'scripts'), { recursive: true });
await esbuild.build({
  entryPoints: [join(root, 'cli/src/rules-doc-main.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
const { generateRulesDoc } = createRequire(import.meta.url)(bundle);
process.exitCode = generateRulesDoc(root, process.argv.includes('--check'), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
