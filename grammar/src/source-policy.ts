// What a stamp may read, shared by the CLI and the editor: which import targets are allowed, the size limit, and the
// diagnostics of a file that is refused (too large, not UTF-8, not a regular file).

/** Files above this size get one diagnostic instead of an analysis (the `stamp.maxFileSizeMB` setting, `--max-file-size`). */
export const defaultMaxFileMegabytes = 5;

export function megabytes(bytes: number): number {
  return bytes / (1024 * 1024);
}

export function bytesOfMegabytes(value: number): number {
  return Math.floor(value * 1024 * 1024);
}

/** Why a file is not analysed; the diagnostic lands at `offset` in the file itself. */
export interface FileRefusal {
  /** FILE001 too large, FILE002 not UTF-8, FILE003 not a regular file or unreadable. */
  code: 'FILE001' | 'FILE002' | 'FILE003';
  message: string;
  /** Where the diagnostic goes in the file's (possibly lossily decoded) text. */
  offset: number;
  /** The short reason used when another file imports this one. */
  reason: string;
  /** The file's text as far as it could be decoded (lossily), so that the diagnostic's position can be shown. */
  text?: string;
}

export function tooLargeRefusal(size: number, limitBytes: number): FileRefusal {
  // Under a megabyte (the setting goes down to 0.001, the command line lower) in kilobytes, under one in bytes, so that no figure reads "0 MB".
  const shown = (bytes: number): string => {
    if (bytes < 1024) return `${bytes} bytes`;
    const [value, unit] = bytes >= 1024 * 1024 ? [megabytes(bytes), 'MB'] : [bytes / 1024, 'KB'];
    // Stryker disable next-line EqualityOperator,Regex: at exactly 10 both forms read "10"; toFixed(1) has one decimal, so `.0` can only end it
    return `${value >= 10 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, '')} ${unit}`;
  };
  const reason = `too large to analyse: ${shown(size)}; limit ${shown(limitBytes)}`;
  return {
    code: 'FILE001',
    message: `This file is ${reason} (the \`stamp.maxFileSizeMB\` setting, \`--max-file-size\` on the command line). Split it into files joined by \`import\`.`,
    offset: 0,
    reason,
  };
}

export function notUtf8Refusal(textOffset: number, byteOffset: number, message: string): FileRefusal {
  return { code: 'FILE002', message, offset: textOffset, reason: `not UTF-8 (byte ${byteOffset})` };
}

export function notRegularRefusal(what: string): FileRefusal {
  return { code: 'FILE003', message: `Not read: ${what}.`, offset: 0, reason: what };
}

/**
 * Why an import target may not be read, or undefined when it may: only `.stamp` files, and only through the same
 * scheme as the importing file. The CLI and the editor both call this (through `loadProgram`), so they agree.
 */
export function importRefusal(fromUri: string, targetUri: string): string | undefined {
  let target: URL;
  try {
    target = new URL(targetUri);
  } catch {
    return 'not a valid path';
  }
  // Stryker disable next-line OptionalChaining,Regex: a match always has its group; every importing file's URI starts with its scheme (file:, untitled:, the editor's), so the anchor and a missing match never matter
  const fromScheme = /^([a-z][a-z0-9+.-]*):/i.exec(fromUri)?.[1]?.toLowerCase();
  if (fromScheme && `${fromScheme}:` !== target.protocol) return `only files beside the stamp can be imported, not ${target.protocol} addresses`;
  if (target.search || target.hash) return 'an import path cannot have a query or a fragment';
  if (!decodeURIComponent(target.pathname).toLowerCase().endsWith('.stamp')) return 'only `.stamp` files can be imported';
  return undefined;
}
