// Where a command writes: stdout for results, stderr for messages, with colours only for a terminal that wants them.

/** The streams and environment a command runs with; tests and the entry point both build one. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The folder relative paths are resolved from and printed against. */
  cwd: string;
  /** Whether ANSI colours may be written to stdout. */
  color: boolean;
}

/** Decides colours the way most tools do: never with NO_COLOR set or off a terminal, always with FORCE_COLOR. */
export function colorWanted(env: NodeJS.ProcessEnv, isTerminal: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return isTerminal && env.TERM !== 'dumb';
}

/** ANSI styles that collapse to plain text when colours are off. */
export class Painter {
  constructor(private readonly enabled: boolean) {}

  red(text: string): string {
    return this.wrap(31, text);
  }
  yellow(text: string): string {
    return this.wrap(33, text);
  }
  blue(text: string): string {
    return this.wrap(34, text);
  }
  cyan(text: string): string {
    return this.wrap(36, text);
  }
  dim(text: string): string {
    return this.wrap(2, text);
  }
  bold(text: string): string {
    return this.wrap(1, text);
  }

  private wrap(code: number, text: string): string {
    return this.enabled ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}
