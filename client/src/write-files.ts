// Writes a set of files over their targets all or nothing: each to an unused, unguessable temporary name beside it, then renamed.
// Used by Import Inventory (several designs at once) and the preview's export (one picture), so neither ever leaves a
// half-written file under the user's name, nor one that a reader opening it at the wrong moment finds empty.
// Kept free of `vscode` (the caller passes the file operations) so the failure paths are tested without an editor.

/** The file operations the write needs; `U` is the caller's file address (a `vscode.Uri` in the extension). */
export interface FileOperations<U> {
  /** Whether anything (file, folder, link, even a broken one) is at this address. */
  exists(uri: U): Promise<boolean>;
  write(uri: U, bytes: Uint8Array): Promise<void>;
  /** Replaces the target, as an atomic rename does. */
  rename(from: U, to: U): Promise<void>;
  remove(uri: U): Promise<void>;
  /** The address named `name` in the folder of `uri`. */
  beside(uri: U, name: string): U;
  /** The last part of the address's path. */
  baseName(uri: U): string;
}

/** Random hexadecimal digits from the Web Crypto API (present in Node and in the browser's extension host alike). */
export function randomTag(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Tries this many names before giving up: a random 64-bit name taken by chance twice in a row is not a real event. */
const namesTried = 8;

/** One file to write: a text (encoded as UTF-8) or bytes written as given. */
export type NewFile<U> = { uri: U; text: string } | { uri: U; bytes: Uint8Array };

/**
 * Writes every file to a fresh temporary beside its target, then renames each over its target. A name that is
 * already taken is never written, nor removed; if any write fails, the temporaries made so far are removed and no
 * target was touched. (A rename that fails part-way leaves the earlier targets renamed; only several files can meet that.)
 */
export async function writeAllOrNothing<U>(operations: FileOperations<U>, files: ReadonlyArray<NewFile<U>>, tag: () => string = randomTag): Promise<U[]> {
  const made: U[] = [];
  try {
    for (const file of files) {
      const temporary = await unusedName(operations, file.uri, tag);
      made.push(temporary);
      await operations.write(temporary, 'bytes' in file ? file.bytes : new TextEncoder().encode(file.text));
    }
  } catch (error) {
    for (const uri of made) await operations.remove(uri).catch(() => undefined);
    throw error;
  }
  for (let index = 0; index < files.length; index++) {
    try {
      await operations.rename(made[index], files[index].uri);
    } catch (error) {
      // The targets renamed so far hold their new text; the others keep theirs, and no temporary is left behind.
      for (const uri of made.slice(index)) await operations.remove(uri).catch(() => undefined);
      throw error;
    }
  }
  return files.map((file) => file.uri);
}

async function unusedName<U>(operations: FileOperations<U>, target: U, tag: () => string): Promise<U> {
  for (let attempt = 0; attempt < namesTried; attempt++) {
    const candidate = operations.beside(target, `.${operations.baseName(target)}.${tag()}.tmp`);
    if (!(await operations.exists(candidate))) return candidate;
  }
  throw new Error(`no unused temporary name beside ${operations.baseName(target)}`);
}
