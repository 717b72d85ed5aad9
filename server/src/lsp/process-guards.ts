// Keeps the server process alive through a stray exception or rejected promise: logs it to the output channel instead of dying.
import type { Connection } from 'vscode-languageserver';

/**
 * Installs process-wide handlers for `uncaughtException` and `unhandledRejection` that log the error (with its stack)
 * to the client's output channel and let the server go on answering. Without them, Node ends the process on either.
 * Returns a function that removes the handlers.
 */
export function guardProcess(connection: Connection, target: NodeJS.Process = process): () => void {
  const log = (what: string, error: unknown): void => {
    const text = error instanceof Error ? error.stack ?? `${error.name}: ${error.message}` : String(error);
    try {
      connection.console.error(`${what} (the server keeps running): ${text}`);
    } catch {
      // The connection itself is gone; stderr is the last place to say it.
      try {
        target.stderr.write(`stamp-language-server: ${what}: ${text}\n`);
      } catch {
        // Nothing left to write to.
      }
    }
  };
  const onException = (error: unknown): void => log('Uncaught exception', error);
  const onRejection = (reason: unknown): void => log('Unhandled promise rejection', reason);
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
