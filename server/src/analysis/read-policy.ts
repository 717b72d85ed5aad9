// The one rule for reading a .stamp source, shared by the CLI and the server: regular files only (a FIFO or a device is
// never opened), a size limit checked before reading, strict UTF-8; a file that breaks a rule gets one diagnostic.
import { decodeUtf8, textOffsetOfByte } from '../../../grammar/src/encoding.js';
import { bytesOfMegabytes, defaultMaxFileMegabytes, notRegularRefusal, notUtf8Refusal, tooLargeRefusal, type FileRefusal } from '../../../grammar/src/source-policy.js';
import type { StampFileSystem } from './file-system.js';

/** The outcome of reading one source. */
export type SourceRead =
  | { kind: 'text'; text: string; size: number; mtimeMs: number }
  /** Absent: no such file, a dangling link, a loop of links. */
  | { kind: 'missing' }
  /** Present but not analysed; the refusal's `text` is a lossy decoding when the bytes were read. */
  | { kind: 'refused'; refusal: FileRefusal; size: number; mtimeMs: number };

export interface ReadLimits {
  maxBytes: number;
}

export const defaultReadLimits: ReadLimits = { maxBytes: bytesOfMegabytes(defaultMaxFileMegabytes) };

/** The limits from a `stamp.maxFileSizeMB` value; anything but a positive number means the default. */
export function readLimitsOf(megabytes: unknown): ReadLimits {
  // Stryker disable next-line ConditionalExpression: `Number.isFinite` is false for every value that is not a number; the typeof only narrows the type.
  return typeof megabytes === 'number' && Number.isFinite(megabytes) && megabytes > 0 ? { maxBytes: bytesOfMegabytes(megabytes) } : defaultReadLimits;
}

/** Reads a .stamp source under the policy: stat first (links followed), open only a regular file within the limit. */
export function readStampSource(fileSystem: StampFileSystem, uri: string, limits: ReadLimits = defaultReadLimits): SourceRead {
  const stat = fileSystem.stat(uri);
  if (!stat) return { kind: 'missing' };
  const refuse = (refusal: FileRefusal): SourceRead => ({ kind: 'refused', refusal, size: stat.size, mtimeMs: stat.mtimeMs });
  if (stat.kind === 'folder') return refuse(notRegularRefusal('a folder, not a file'));
  if (stat.kind !== 'file') return refuse(notRegularRefusal(stat.what ? `${stat.what}, not a regular file` : 'not a regular file'));
  if (stat.size > limits.maxBytes) return refuse(tooLargeRefusal(stat.size, limits.maxBytes));
  // One byte past the limit tells a file that grew since the stat.
  const bytes = fileSystem.readBytes(uri, limits.maxBytes + 1);
  if (!bytes) return refuse(notRegularRefusal('unreadable'));
  if (bytes.length > limits.maxBytes) return refuse(tooLargeRefusal(bytes.length, limits.maxBytes));
  return decodeSource(bytes, stat.size, stat.mtimeMs);
}

/** Strict UTF-8 decoding of a source's bytes; a BOM stays in the text. */
export function decodeSource(bytes: Uint8Array, size: number, mtimeMs: number): SourceRead {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return { kind: 'text', text: decoded.text, size, mtimeMs };
  const lossy = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { kind: 'refused', refusal: { ...notUtf8Refusal(textOffsetOfByte(bytes, decoded.byteOffset), decoded.byteOffset, decoded.message), text: lossy }, size, mtimeMs };
}
