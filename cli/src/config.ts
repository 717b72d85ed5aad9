// The rule configuration the CLI uses for each stamp: the editor's stamp.config.json, where any problem is fatal (exit 2).
import { dirname } from 'node:path';
import { LineIndex } from '../../grammar/src/text.js';
import { findConfigFile, loadConfigFile } from '../../server/src/node/config-file.js';
import type { RuleConfig } from '../../server/src/analysis/config.js';
import { InputError } from './errors.js';
import { displayPath } from './files.js';

/** Loads each configuration file once; any problem in one is an input error naming the file, key and position. */
export class ConfigCache {
  private readonly loaded = new Map<string, RuleConfig>();

  constructor(private readonly cwd: string) {}

  /** The configuration of a stamp file: the forced file, else the nearest stamp.config.json, else none. */
  forFile(stampPath: string, forcedConfig?: string): RuleConfig {
    return this.get(forcedConfig ?? findConfigFile(dirname(stampPath)));
  }

  get(path: string | undefined): RuleConfig {
    if (path === undefined) return { rules: {} };
    const known = this.loaded.get(path);
    // Stryker disable next-line ConditionalExpression: a cache only saves time: the file is read again, to the same configuration (within one run it does not change)
    if (known) return known;
    const { config, problems, text } = loadConfigFile(path);
    if (problems.length > 0) {
      const lines = new LineIndex(text);
      const shown = displayPath(this.cwd, path);
      const messages = problems.map((problem) => {
        if (problem.start === undefined) return `${shown}: ${problem.message}`;
        const position = lines.positionAt(problem.start);
        return `${shown}:${position.line + 1}:${position.character + 1}: ${problem.message}`;
      });
      throw new InputError(messages.join('\n'));
    }
    // Stryker disable next-line all: a cache only saves time (above)
    this.loaded.set(path, config);
    return config;
  }
}
