// The editor set-up's npm scrub: a nested npm started from inside `npm test` must not take the outer npm's configuration as its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';

const library = join(repoRoot, 'scripts', 'lib', 'npm-env.sh');

/**
 * Runs `script` (bash) as an npm script of a throw-away package, the way `npm test` runs scripts/test-all.sh,
 * so the environment is exactly what npm exports, and returns its standard output.
 */
function runAsNpmScript(script: string): { output: string; packageDir: string; nestedDir: string } {
  const packageDir = realpathSync(mkdtempSync(join(tmpdir(), 'stamp-npm-env-')));
  const nestedDir = join(packageDir, 'nested');
  execFileSync('mkdir', ['-p', nestedDir]);
  writeFileSync(join(nestedDir, 'package.json'), JSON.stringify({ name: 'nested', private: true }));
  writeFileSync(join(packageDir, 'script.sh'), script);
  writeFileSync(join(packageDir, 'package.json'), JSON.stringify({ name: 'outer', version: '1.0.0', scripts: { probe: 'bash script.sh' } }));
  try {
    const output = execFileSync('npm', ['run', '--silent', 'probe'], {
      cwd: packageDir,
      encoding: 'utf8',
      env: { ...process.env, STAMP_NPM_ENV_LIB: library, NESTED_DIR: nestedDir },
    });
    return { output, packageDir, nestedDir };
  } catch (error) {
    rmSync(packageDir, { recursive: true, force: true });
    throw error;
  }
}

test('npm really does hand its configuration to scripts (the condition the scrub exists for)', () => {
  const { output, packageDir } = runAsNpmScript('env | grep -c "^npm_config_" ; echo "$npm_config_user_agent"; echo "$npm_config_local_prefix"');
  try {
    const [count, userAgent, localPrefix] = output.trim().split('\n');
    assert.ok(Number(count) > 5, `npm exported ${count} npm_config_* variables`);
    assert.match(userAgent, new RegExp(`node/${process.version.replace(/\./g, '\\.')}`));
    assert.equal(localPrefix, packageDir);
  } finally {
    rmSync(packageDir, { recursive: true, force: true });
  }
});

test('after the scrub, a nested npm sees its own user agent and its own folder, and PATH has no node_modules/.bin', () => {
  const probe = [
    '. "$STAMP_NPM_ENV_LIB"',
    'stamp_scrub_npm_env',
    'echo "leftovers:$(stamp_npm_env_leftovers | tr "\\n" " ")"',
    'echo "path:$PATH"',
    'cd "$NESTED_DIR"',
    'echo "agent:$(npm config get user-agent)"',
    'echo "prefix:$(npm prefix)"',
    'echo "vars:$(env | grep -E "^(npm_|INIT_CWD=|NODE=)" | cut -d= -f1 | sort | tr "\\n" " ")"',
  ].join('\n');
  const { output, packageDir, nestedDir } = runAsNpmScript(probe);
  try {
    const lines = Object.fromEntries(output.trim().split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]));
    assert.equal(lines.leftovers.trim(), '', 'nothing the outer npm exported is left');
    assert.doesNotMatch(lines.path, /node_modules\/\.bin|node-gyp-bin/);
    // The user agent is npm's own template again, not "npm/… node/v20 …" copied from the outer npm.
    assert.doesNotMatch(lines.agent, new RegExp(`node/${process.version.replace(/\./g, '\\.')}`));
    assert.equal(lines.prefix, nestedDir, 'a nested install lands in its own folder, not in the outer package');
    // Only the settings that say how to reach the registry may pass through.
    for (const name of lines.vars.trim().split(' ').filter(Boolean)) {
      assert.match(name, /^npm_config_(registry|proxy|https_proxy|http_proxy|noproxy|no_proxy|cafile|ca|strict_ssl)$/i, `${name} passed through`);
    }
  } finally {
    rmSync(packageDir, { recursive: true, force: true });
  }
});

test('the leftover check names an inherited variable, so the set-up can refuse to run', () => {
  const output = execFileSync('bash', ['-c', '. "$0"; stamp_npm_env_leftovers', library], {
    encoding: 'utf8',
    env: { PATH: `/x/node_modules/.bin:${process.env.PATH}`, npm_config_user_agent: 'npm/11 node/v20.0.0', npm_config_registry: 'https://registry.example/', npm_lifecycle_event: 'test' },
  });
  const named = output.trim().split('\n');
  assert.ok(named.includes('npm_config_user_agent'));
  assert.ok(named.includes('npm_lifecycle_event'));
  assert.ok(named.includes('PATH entry /x/node_modules/.bin'));
  assert.ok(!named.includes('npm_config_registry'), 'how to reach the registry is the user’s own setting and passes through');
});
