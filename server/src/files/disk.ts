// Reads .stamp files from disk under the shared policy: regular files only (a FIFO or device is never opened), a size
// limit checked before reading, strict UTF-8; the CLI and the language server both read through here.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { decodeUtf8, textOffsetOfByte } from '../../../grammar/src/encoding.js';
import { bytesOfMegabytes, defaultMaxFileMegabytes, notRegularRefusal, notUtf8Refusal, tooLargeRefusal, type FileRefusal } from '../../../grammar/src/source-policy.js';

/** The outcome of reading one file. */
export type DiskRead =
  | { kind: 'text'; text: string; size: number; mtimeMs: number }
  /** Absent: no such file, a dangling symbolic link. */
  | { kind: 'missing'; reason: string }
  /** Present but not analysed; `text` is a lossy decoding when the bytes were read (for placing the diagnostic). */
  | { kind: 'refused'; refusal: FileRefusal; text: string; size: number; mtimeMs: number };

export interface ReadLimits {
  maxBytes: number;
}

export const defaultReadLimits: ReadLimits = { maxBytes: bytesOfMegabytes(defaultMaxFileMegabytes) };

/** What kind of non-regular file a stat describes, for messages. */
export function describeNonRegular(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder, not a file';
  if (stat.isFIFO()) return 'a FIFO (named pipe), not a regular file';
  if (stat.isSocket()) return 'a socket, not a regular file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device, not a regular file';
  return 'not a regular file';
}

/** A short reason for a failed stat or read. */
export function describeReadError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'ELOOP':
      return 'a loop of symbolic links';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'a folder, not a file';
    default:
      return (error as Error).message ?? String(error);
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Reads a .stamp file: stat first (following links), open only a regular file within the limit, decode strictly. */
export function readStampFile(path: string, limits: ReadLimits = defaultReadLimits): DiskRead {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing', reason: isLink(path) ? 'a symbolic link to nothing' : describeReadError(error) };
    return { kind: 'refused', refusal: notRegularRefusal(describeReadError(error)), text: '', size: 0, mtimeMs: 0 };
  }
  return readWithStat(path, stat, limits);
}

/** Reads a file whose stat the caller has (to decide whether a cached text is still current). */
export function readWithStat(path: string, stat: Stats, limits: ReadLimits = defaultReadLimits): DiskRead {
  const refuse = (refusal: FileRefusal, text = ''): DiskRead => ({ kind: 'refused', refusal, text, size: stat.size, mtimeMs: stat.mtimeMs });
  if (!stat.isFile()) return refuse(notRegularRefusal(describeNonRegular(stat)));
  if (stat.size > limits.maxBytes) return refuse(tooLargeRefusal(stat.size, limits.maxBytes));
  let bytes: Uint8Array;
  let descriptor: number | undefined;
  try {
    // Non-blocking, so that a file swapped for a FIFO between the stat and the open cannot hang the reader.
    descriptor = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const opened = fstatSync(descriptor);
    if (!opened.isFile()) return refuse(notRegularRefusal(describeNonRegular(opened)));
    if (opened.size > limits.maxBytes) return refuse(tooLargeRefusal(opened.size, limits.maxBytes));
    // Read at most one byte past the limit: a file that grew since the stat is caught without reading it all.
    const buffer = Buffer.allocUnsafe(Math.min(limits.maxBytes + 1, opened.size + 1));
    let length = 0;
    for (;;) {
      const count = readSync(descriptor, buffer, length, buffer.length - length, null);
      if (count === 0) break;
      length += count;
      if (length === buffer.length) {
        if (length > limits.maxBytes) return refuse(tooLargeRefusal(length, limits.maxBytes));
        break;
      }
    }
    bytes = buffer.subarray(0, length);
  } catch (error) {
    return refuse(notRegularRefusal(describeReadError(error)));
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    const lossy = Buffer.from(bytes).toString('utf8');
    return refuse(notUtf8Refusal(textOffsetOfByte(bytes, decoded.byteOffset), decoded.byteOffset, decoded.message), lossy);
  }
  return { kind: 'text', text: decoded.text, size: stat.size, mtimeMs: stat.mtimeMs };
}
