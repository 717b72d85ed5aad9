// The two ways a command stops early: a usage mistake and an input/output failure, both exit code 2.

/** Exit codes of every command: 0 clean, 1 problems found, 2 usage or input/output error. */
export const exitCodes = { clean: 0, problems: 1, failure: 2 } as const;

/** A mistake in the command line (unknown option, missing argument); the command's usage is printed with it. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

/** A file or folder that cannot be used (missing, unreadable, invalid configuration): a one-line message, exit 2. */
export class InputError extends Error {}
