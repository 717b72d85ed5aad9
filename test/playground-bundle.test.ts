// The playground page's bundle: the diagram's stylesheet comes without the layout engine, which only the server worker needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support/paths.js';

test('the playground page does not bundle elkjs; the server worker, which lays out, does', () => {
  const page = join(repoRoot, 'dist', 'playground', 'playground.js');
  const worker = join(repoRoot, 'dist', 'playground', 'server.js');
  assert.ok(existsSync(page) && existsSync(worker), 'npm run build writes dist/playground');
  // ELK's option ids ("org.eclipse.elk.…") are strings every copy of elkjs carries, minified or not.
  assert.equal(readFileSync(page, 'utf8').includes('org.eclipse.elk'), false, 'playground.js carries elkjs (about 1.5 MB the page never runs)');
  assert.equal(readFileSync(worker, 'utf8').includes('org.eclipse.elk'), true, 'the worker lays diagrams out with elkjs');
  // The page still gets the diagram's stylesheet.
  assert.match(readFileSync(page, 'utf8'), /\.stamp-graph \.edge path/);
});
