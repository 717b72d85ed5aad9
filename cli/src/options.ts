// Command-line option parsing on top of node:util's parseArgs, turning its exceptions into usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** The parsed options of one command and its positional arguments. */
export interface ParsedCommandLine {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses a command's arguments strictly: unknown options and missing option values are usage errors. */
export function parseCommandLine(command: string, args: readonly string[], options: OptionSpecs): ParsedCommandLine {
  try {
    const parsed = parseArgs({ args: [...args], options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }), command);
  }
}

/** Reads a choice option, checking it is one of the allowed words. */
export function choiceOption<T extends string>(command: string, name: string, value: string | boolean | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not \`${String(value)}\`.`, command);
}

/** Reads a non-negative integer option. */
export function countOption(command: string, name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return Number(value);
  throw new UsageError(`--${name} must be a whole number of 0 or more, not \`${String(value)}\`.`, command);
}

function describeParseError(error: Error & { code?: string }): string {
  // parseArgs messages are long and mention `strict: false`; keep the part a user can act on.
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return `Unknown option \`${unknown[1]}\`.`;
  const missing = /Option '([^']+)' argument missing/.exec(error.message);
  if (missing) return `Option \`${missing[1].replace(/^-\w, /, '').replace(/ <value>$/, '')}\` needs a value.`;
  const notString = /Option '([^']+)' does not take an argument/.exec(error.message);
  if (notString) return `Option \`${notString[1].replace(/^-\w, /, '')}\` does not take a value.`;
  return error.message.split('\n')[0];
}
