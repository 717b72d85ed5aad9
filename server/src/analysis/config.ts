// Rule configuration: severities per rule and per family, from the editor settings and the workspace file.
import { ruleById, ruleFamilies } from '../rules/registry.js';
import type { RuleFamily } from '../rules/rule.js';

export type SeveritySetting = 'off' | 'info' | 'warning' | 'error';

/** The name of the workspace configuration file that sits next to the stamps; the CLI reads the same file. */
export const configFileName = 'stamp.config.json';

/**
 * How the server finds and reads `stamp.config.json` (paths in, never an exception out). The Node implementation is
 * server/src/node/config-file.ts, which the CLI uses too; a browser build supplies its own.
 */
export interface ConfigFileAccess {
  /** The nearest configuration file in a folder or its parents, stopping at a folder that holds .git or at `stopAt`. */
  find(startFolder: string, stopAt?: string): string | undefined;
  /** Reads a configuration file; an unreadable file is a problem, never an exception. */
  load(path: string): { config: RuleConfig; problems: ConfigProblem[]; text: string };
}

/** Severity overrides, by rule id (AG003) or family (AG). */
export interface RuleConfig {
  rules: Record<string, SeveritySetting>;
}

/** A problem in a configuration (an unknown rule id, a bad severity), with the key's position when known. */
export interface ConfigProblem {
  message: string;
  key: string;
  /** Offsets of the key in the configuration file's text, when it came from a file. */
  start?: number;
  end?: number;
}

export const emptyConfig: RuleConfig = { rules: {} };
const severities: readonly string[] = ['off', 'info', 'warning', 'error'];

/** Validates a rules object (from settings or a file), keeping the valid entries and reporting the rest. */
export function validateRules(rules: unknown, text?: string): { config: RuleConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const valid: Record<string, SeveritySetting> = {};
  if (rules === undefined || rules === null) return { config: { rules: valid }, problems };
  if (typeof rules !== 'object' || Array.isArray(rules)) {
    problems.push({ key: 'rules', message: '`rules` must be an object mapping rule ids or families to off, info, warning or error.' });
    return { config: { rules: valid }, problems };
  }
  for (const [key, value] of Object.entries(rules as Record<string, unknown>)) {
    const place = text !== undefined ? locateKey(text, key) : undefined;
    const known = ruleById(key) !== undefined || (ruleFamilies as readonly string[]).includes(key);
    if (!known) {
      problems.push({ key, message: `Unknown rule or family \`${key}\` in the Stamp configuration.`, ...place });
      continue;
    }
    // Stryker disable next-line ConditionalExpression: `severities.includes` rejects every value that is not a string too; the typeof only narrows the type.
    if (typeof value !== 'string' || !severities.includes(value)) {
      problems.push({ key, message: `The severity of \`${key}\` must be off, info, warning or error, not ${JSON.stringify(value)}.`, ...place });
      continue;
    }
    valid[key] = value as SeveritySetting;
  }
  return { config: { rules: valid }, problems };
}

/** Parses the workspace configuration file's text. */
export function parseConfigFile(text: string): { config: RuleConfig; problems: ConfigProblem[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { config: emptyConfig, problems: [wholeFileProblem(`${configFileName} is not valid JSON: ${(error as Error).message}`, text)] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { config: emptyConfig, problems: [wholeFileProblem(`${configFileName} must contain a JSON object with a \`rules\` object.`, text)] };
  }
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(parsed)) {
    if (key !== 'rules' && key !== '$schema') problems.push({ key, message: `Unknown setting \`${key}\` in ${configFileName}; only \`rules\` is read.`, ...locateKey(text, key) });
  }
  const result = validateRules((parsed as { rules?: unknown }).rules, text);
  return { config: result.config, problems: [...problems, ...result.problems] };
}

/** A problem of the whole file (not of one key), shown on its first character. */
function wholeFileProblem(message: string, text: string): ConfigProblem {
  // Stryker disable next-line StringLiteral: no reader shows a problem's key (the CLI and the server show its message at its position), and a problem of the whole file has none.
  return { key: '', message, start: 0, end: Math.min(1, text.length) };
}

/** Layers configurations: later ones win, key by key. */
export function mergeConfigs(...configs: RuleConfig[]): RuleConfig {
  return { rules: Object.assign({}, ...configs.map((config) => config.rules)) };
}

/** The effective severity of a rule: its own setting, else its family's, else its catalog severity. */
export function effectiveSeverity(config: RuleConfig, ruleId: string, family: RuleFamily, catalog: 'error' | 'warning' | 'info'): SeveritySetting {
  return config.rules[ruleId] ?? config.rules[family] ?? catalog;
}

function locateKey(text: string, key: string): { start: number; end: number } | undefined {
  const at = text.indexOf(JSON.stringify(key));
  // Stryker disable next-line EqualityOperator: a JSON object's text starts with `{`, so a key is never at offset 0 (`>= 0` and `> 0` agree).
  return at >= 0 ? { start: at, end: at + key.length + 2 } : undefined;
}
