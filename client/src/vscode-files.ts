// The workspace file system (`vscode.workspace.fs`, so local, remote and web folders alike) in the shape
// `writeAllOrNothing` takes; the write's logic stays in write-files.ts, where it is tested without an editor.
import * as vscode from 'vscode';
import type { FileOperations } from './write-files.js';

/** The workspace file system as the all-or-nothing write needs it. */
export const workspaceFiles: FileOperations<vscode.Uri> = {
  exists: async (uri) => {
    try {
      await vscode.workspace.fs.stat(uri);
      return true;
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return false;
      throw error;
    }
  },
  write: async (uri, bytes) => vscode.workspace.fs.writeFile(uri, bytes),
  rename: async (from, to) => vscode.workspace.fs.rename(from, to, { overwrite: true }),
  remove: async (uri) => vscode.workspace.fs.delete(uri),
  beside: (uri, name) => vscode.Uri.joinPath(uri, '..', name),
  baseName: (uri) => uri.path.split('/').pop() ?? '',
};
