// Writes a file without ever leaving it half-written: a temporary file in the same folder, flushed to disk, then
// renamed over the original (keeping its permissions); on any failure the original is untouched and the temporary removed.
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The file operations a safe write uses; tests replace some of them to make a write fail part-way. */
export interface WriteOperations {
  open: (path: string, flags: string, mode: number) => number;
  write: (fd: number, data: Uint8Array, offset: number, length: number) => number;
  fsync: (fd: number) => void;
  close: (fd: number) => void;
  rename: (from: string, to: string) => void;
}

export const nodeWriteOperations: WriteOperations = {
  open: (path, flags, mode) => openSync(path, flags, mode),
  write: (fd, data, offset, length) => writeSync(fd, data, offset, length),
  fsync: (fd) => fsyncSync(fd),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
};

/** Replaces (or creates) a file with new bytes atomically; throws the underlying error when it cannot. */
export function writeFileSafely(path: string, bytes: Uint8Array, operations: WriteOperations = nodeWriteOperations): void {
  const mode = modeFor(path);
  // Unique: another process has another id, and in this one each write has renamed or removed its temporary before
  // it returns.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  // `wx`: never follow or reuse an existing file at the temporary name.
  const fd = operations.open(temporary, 'wx', 0o600);
  try {
    try {
      fchmodSync(fd, mode);
    } catch {
      // A file system without permissions (some network or FAT mounts) still gets the content.
    }
    let written = 0;
    while (written < bytes.length) {
      const count = operations.write(fd, bytes, written, bytes.length - written);
      if (count <= 0) throw new Error('the disk accepted no more bytes');
      written += count;
    }
    operations.fsync(fd);
  } catch (error) {
    closeQuietly(operations, fd);
    removeQuietly(temporary);
    throw error;
  }
  try {
    // A file system may report a failed write only when the file is closed.
    operations.close(fd);
    operations.rename(temporary, path);
  } catch (error) {
    removeQuietly(temporary);
    throw error;
  }
}

/** The permissions the file gets: those of the file it replaces, else a new file's (0666 less the umask). */
function modeFor(path: string): number {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    // A new file. fchmod does not apply the umask as open does: it is applied here.
    return 0o666 & ~process.umask();
  }
}

function closeQuietly(operations: WriteOperations, fd: number): void {
  try {
    operations.close(fd);
  } catch {
    // Already closed.
  }
}

function removeQuietly(temporary: string): void {
  try {
    unlinkSync(temporary);
  } catch {
    // Nothing to clean up.
  }
}
