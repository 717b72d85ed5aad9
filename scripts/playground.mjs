// npm run playground: builds the static playground (dist/playground) and serves it on 127.0.0.1 only.
// The files are plain static files: publishing the playground is copying dist/playground to any web server.
// Env: STAMP_PLAYGROUND_PORT (default 8095; 0 = any free port), STAMP_PLAYGROUND_SKIP_BUILD=1 to serve what is built.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { servePlayground } from './playground-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!process.env.STAMP_PLAYGROUND_SKIP_BUILD) {
  const build = spawnSync(process.execPath, [`${root}scripts/build.mjs`], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const port = Number(process.env.STAMP_PLAYGROUND_PORT ?? 8095);
const server = await servePlayground(`${root}dist/playground`, port);
console.log(`Stamp playground: http://127.0.0.1:${server.address().port}/  (Ctrl+C stops it)`);
