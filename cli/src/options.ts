// Command-line option parsing on top of node:util's parseArgs, turning its exceptions into usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { bytesOfMegabytes, defaultMaxFileMegabytes } from '../../grammar/src/source-policy.js';
import type { ReadLimits } from '../../server/src/analysis/read-policy.js';
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
    const parsed = parseArgs({ args: joinNegativeValues(args, options), options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
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

/**
 * parseArgs takes `-1` after an option for another option; an option that takes a value and is followed by a
 * negative number gets it (`--max-warnings -1` means no limit, as in eslint).
 */
function joinNegativeValues(args: readonly string[], options: OptionSpecs): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    const next = args[index + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-[0-9]/.test(next)) {
      joined.push(`${arg}=${next}`);
      index++;
    } else joined.push(arg);
  }
  return joined;
}

/** Reads a non-negative integer option; -1 means no limit (undefined). */
export function countOption(command: string, name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined || value === '-1') return undefined;
  // A string option's value is always a string.
  if (/^[0-9]+$/.test(String(value))) return Number(value);
  throw new UsageError(`--${name} must be a whole number of 0 or more (or -1 for no limit), not \`${String(value)}\`.`, command);
}

/** The `--max-file-size <MB>` option: above it a file gets one diagnostic instead of an analysis. */
export function readLimitsOption(command: string, value: string | boolean | undefined): ReadLimits {
  if (value === undefined) return { maxBytes: bytesOfMegabytes(defaultMaxFileMegabytes) };
  if (/^[0-9]+(\.[0-9]+)?$/.test(String(value)) && Number(value) > 0) return { maxBytes: bytesOfMegabytes(Number(value)) };
  throw new UsageError(`--max-file-size must be a size in megabytes above 0, not \`${String(value)}\`.`, command);
}

function describeParseError(error: Error & { code?: string }): string {
  // parseArgs messages are long and mention `strict: false`; keep the part a user can act on.
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return `Unknown option \`${unknown[1]}\`.`;
  const missing = /Option '([^']+)' argument missing/.exec(error.message);
  if (missing) return `Option \`${longName(missing[1])}\` needs a value.`;
  const notString = /Option '([^']+)' does not take an argument/.exec(error.message);
  if (notString) return `Option \`${longName(notString[1])}\` does not take a value.`;
  return error.message.split('\n')[0];
}

/** The long form of an option as parseArgs describes it (`-o, --output <value>` → `--output`); every option has one. */
function longName(described: string): string {
  return /--[\w-]+/.exec(described)![0];
}
