// Finds and reads the workspace configuration file (stamp.config.json) on disk with node:fs, for the server and the CLI.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configFileName, emptyConfig, parseConfigFile, type ConfigFileAccess, type ConfigProblem, type RuleConfig } from '../analysis/config.js';

/** The nearest stamp.config.json in a folder or its parents, stopping at a folder that holds .git or at `stopAt`. */
export function findConfigFile(startFolder: string, stopAt?: string): string | undefined {
  let folder = startFolder;
  for (;;) {
    const candidate = join(folder, configFileName);
    if (existsSync(candidate)) return candidate;
    if (folder === stopAt || existsSync(join(folder, '.git'))) return undefined;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** Reads a configuration file; an unreadable file is a problem, never an exception. */
export function loadConfigFile(path: string): { config: RuleConfig; problems: ConfigProblem[]; text: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { config: emptyConfig, problems: [{ key: '', message: `Cannot read ${path}: ${(error as Error).message}` }], text: '' };
  }
  return { ...parseConfigFile(text), text };
}

/** The configuration files on local disk, for the language server. */
export const nodeConfigFiles: ConfigFileAccess = { find: findConfigFile, load: loadConfigFile };
