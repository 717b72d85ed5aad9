// Where things are: the repo root, the test artifacts and the editors installed by scripts/setup-editors.sh.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';

/** The repository root: the nearest folder above this (bundled) file whose package.json is the Stamp one. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'stamp') return dir;
      } catch {
        /* keep looking */
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no Stamp package.json above ${__dirname}`);
    dir = parent;
  }
}

/** test-results/ at the repo root (kept by CI as artifacts). */
export function resultsDir(...parts: string[]): string {
  return join(repoRoot(), 'test-results', ...parts);
}

/** What scripts/setup-editors.sh provides. */
export interface Editors {
  /** Node 24, which code-server needs. */
  node24: string;
  /** code-server's out/node/entry.js. */
  codeServerEntry: string;
  /** Debian's chromium. */
  chromium: string;
  /** Neovim. */
  nvim: string;
}

let cached: Editors | undefined;

/** Reads the env file written by setup-editors.sh, running the setup first when it is missing. */
export function editors(): Editors {
  if (cached) return cached;
  const cache = process.env.STAMP_EDITORS_CACHE || join(homedir(), '.cache', 'stamp-editors');
  const envFile = join(cache, 'env.sh');
  if (!existsSync(envFile)) {
    // Cold machine and the test was started on its own: install (minutes, once).
    execFileSync('bash', [join(repoRoot(), 'scripts', 'setup-editors.sh')], { stdio: 'inherit', timeout: 30 * 60_000 });
  }
  const vars: Record<string, string> = {};
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const m = /^export (\w+)='(.*)'$/.exec(line);
    if (m) vars[m[1]] = m[2];
  }
  const found: Editors = {
    node24: process.env.NODE24 || vars.NODE24,
    codeServerEntry: process.env.CODE_SERVER_ENTRY || vars.CODE_SERVER_ENTRY,
    chromium: process.env.CHROMIUM || vars.CHROMIUM || '/usr/bin/chromium',
    nvim: process.env.NVIM_BIN || vars.NVIM || 'nvim',
  };
  for (const [key, value] of Object.entries(found)) {
    if (key !== 'nvim' && (!value || !existsSync(value))) {
      throw new Error(`${key} not found (${value}); run bash scripts/setup-editors.sh`);
    }
  }
  cached = found;
  return found;
}

/** Neovim: $NVIM_BIN, else the one setup-editors.sh found, else `nvim` on PATH (needs no code-server). */
export function nvimBinary(): string {
  if (process.env.NVIM_BIN) return process.env.NVIM_BIN;
  const envFile = join(process.env.STAMP_EDITORS_CACHE || join(homedir(), '.cache', 'stamp-editors'), 'env.sh');
  if (existsSync(envFile)) {
    const m = /^export NVIM='(.+)'$/m.exec(readFileSync(envFile, 'utf8'));
    if (m && existsSync(m[1])) return m[1];
  }
  return 'nvim';
}
