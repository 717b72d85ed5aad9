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

let counter = 0;

/** Replaces (or creates) a file with new content atomically; throws the underlying error when it cannot. */
export function writeFileSafely(path: string, content: string | Uint8Array, operations: WriteOperations = nodeWriteOperations): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let mode = 0o666;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    // A new file: the default permissions, less the umask (applied by open).
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${(counter++).toString(36)}.tmp`);
  // `wx`: never follow or reuse an existing file at the temporary name.
  const fd = operations.open(temporary, 'wx', 0o600);
  let renamed = false;
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
    operations.close(fd);
    operations.rename(temporary, path);
    renamed = true;
  } finally {
    if (!renamed) {
      try {
        operations.close(fd);
      } catch {
        // Already closed.
      }
      try {
        unlinkSync(temporary);
      } catch {
        // Nothing to clean up.
      }
    }
  }
}
