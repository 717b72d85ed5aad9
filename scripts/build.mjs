// Bundles the extension, the language server, the CLI and every test entry with esbuild.
import * as esbuild from 'esbuild';
import { copyFileSync, readdirSync, statSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const watch = process.argv.includes('--watch');
// `--tests=fixtures.test,fixes.test`: bundle only these compiled tests (out/test/<name>.js), nothing else; the mutation
// guard (stryker.guard.config.mjs) uses it to keep its one build short.
// `--mocha`: tests import test/support/node-test-on-mocha.ts instead of `node:test`, for Stryker's mocha runner
// (stryker.folder.config.mjs); the bundles are then loaded by mocha, not run by node.
const mocha = process.argv.includes('--mocha');
const onlyTests = process.argv.find((arg) => arg.startsWith('--tests='))?.slice('--tests='.length).split(',').filter(Boolean);

/** Lists files below a folder whose names end with one of the suffixes. */
function findFiles(folder, suffixes) {
  const found = [];
  let entries = [];
  try { entries = readdirSync(folder); } catch { return found; }
  for (const entry of entries) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) found.push(...findFiles(path, suffixes));
    else if (suffixes.some((suffix) => entry.endsWith(suffix))) found.push(path);
  }
  return found;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Chevrotain 13 is published as ESM; bundling makes it loadable from CommonJS.
  mainFields: ['module', 'main'],
};

const products = [
  { entryPoints: { extension: join(root, 'client/src/extension.ts') }, outdir: join(root, 'dist'), external: ['vscode'], minify: !watch },
  { entryPoints: { server: join(root, 'server/src/main.ts') }, outdir: join(root, 'dist'), minify: !watch },
  // The CLI loads resvg (a native module) only for `stamp render -o x.png`; native modules cannot be bundled.
  { entryPoints: { cli: join(root, 'cli/src/bin.ts') }, outdir: join(root, 'dist'), minify: false, external: ['@resvg/resvg-js'] },
  // VS Code for the Web: the extension runs in the browser's extension host, the server in a web worker (no Node APIs).
  { entryPoints: { extension: join(root, 'client/src/browser/extension.ts') }, outdir: join(root, 'dist/web'), external: ['vscode'], minify: !watch, platform: 'browser', target: 'es2022', mainFields: ['browser', 'module', 'main'] },
  { entryPoints: { server: join(root, 'server/src/browser/main.ts') }, outdir: join(root, 'dist/web'), minify: !watch, platform: 'browser', format: 'iife', target: 'es2022', mainFields: ['browser', 'module', 'main'] },
];

// The playground (npm run playground): static files in dist/playground — the page with Monaco, Monaco's editor worker
// and the language server worker. Monaco's ESM files are reached through the `monaco-esm` alias (its package exports
// do not cover them); the examples are bundled as text.
const playground = join(root, 'dist/playground');
const browserBundle = { platform: 'browser', target: 'es2022', mainFields: ['browser', 'module', 'main'], minify: !watch };
products.push(
  {
    ...browserBundle,
    entryPoints: { playground: join(root, 'playground/src/main.ts') },
    outdir: playground,
    format: 'esm',
    alias: { 'monaco-esm': join(root, 'node_modules/monaco-editor/esm') },
    loader: { '.stamp': 'text', '.ttf': 'file' },
  },
  { ...browserBundle, entryPoints: { 'editor.worker': join(root, 'node_modules/monaco-editor/esm/vs/editor/editor.worker.js') }, outdir: playground, format: 'esm' },
  { ...browserBundle, entryPoints: { server: join(root, 'server/src/browser/main.ts') }, outdir: playground, format: 'iife' },
);
// The preview webview's script runs in the browser: one self-contained file, next to the extension.
products.push({ entryPoints: { preview: join(root, 'client/src/preview/webview/main.ts') }, outdir: join(root, 'dist'), platform: 'browser', format: 'iife', target: 'chrome120', minify: !watch });

// Tests: every *.test.ts under test/ becomes out/test/<name>.test.js; helper entries keep their path.
const testEntries = {};
for (const file of findFiles(join(root, 'test'), ['.test.ts', '.entry.ts'])) {
  const rel = relative(join(root, 'test'), file).replace(/\.ts$/, '');
  if (!onlyTests || onlyTests.includes(rel)) testEntries[rel] = file;
}
if (onlyTests) products.splice(0, products.length);
if (Object.keys(testEntries).length > 0) {
  const nodeTestOnMocha = {
    name: 'node-test-on-mocha',
    setup(build) {
      build.onResolve({ filter: /^node:test$/ }, () => ({ path: join(root, 'test/support/node-test-on-mocha.ts') }));
    },
  };
  products.push({ entryPoints: testEntries, outdir: join(root, 'out/test'), plugins: mocha ? [nodeTestOnMocha] : [], external: ['vscode', 'playwright-core', 'mocha', 'esbuild', '@resvg/resvg-js', 'web-tree-sitter'] });
}
for (const file of onlyTests ? [] : findFiles(join(root, 'bench'), ['.bench.ts'])) {
  const rel = relative(join(root, 'bench'), file).replace(/\.ts$/, '');
  products.push({ entryPoints: { [rel]: file }, outdir: join(root, 'out/bench'), external: ['yaml-language-server'] });
}

mkdirSync(join(root, 'dist'), { recursive: true });
// Compiled tests and benchmarks are rebuilt from scratch, so a deleted test never runs from a stale bundle.
if (!watch) rmSync(join(root, 'out'), { recursive: true, force: true });
const existing = products.filter((p) => Object.values(p.entryPoints).every((f) => { try { return statSync(f).isFile(); } catch { return false; } }));
if (watch) {
  for (const p of existing) (await esbuild.context({ ...common, ...p })).watch();
} else {
  await Promise.all(existing.map((p) => esbuild.build({ ...common, ...p })));
}
mkdirSync(playground, { recursive: true });
for (const file of ['index.html', 'page.css']) copyFileSync(join(root, 'playground', file), join(playground, file));
