// Rule configuration for the server: the `stamp.rules` setting layered under the nearest stamp.config.json, with their problems reported.
import { DiagnosticSeverity, type Connection, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { LineIndex } from '../../../grammar/src/text.js';
import { configFileName, emptyConfig, mergeConfigs, parseConfigFile, validateRules, type ConfigProblem, type RuleConfig } from '../analysis/config.js';
import type { StampFileSystem } from '../analysis/file-system.js';

interface LoadedConfigFile {
  uri: string;
  config: RuleConfig;
  problems: ConfigProblem[];
  text: string;
}

/** Holds the settings and the configuration files in use, and publishes their problems. */
export class ConfigurationStore {
  private settingsConfig: RuleConfig = emptyConfig;
  private readonly shownSettingsWarnings = new Set<string>();
  /** Folder URI → the URI of the configuration file found for it (or none). */
  private readonly fileOfFolder = new Map<string, string | undefined>();
  private readonly loadedFiles = new Map<string, LoadedConfigFile>();
  private readonly publishedConfigUris = new Set<string>();
  private workspaceFolders: string[] = [];
  /** True when the set of files read changed since their problems were last published. */
  private problemsStale = false;
  canPullSettings = false;
  /** The `stamp.maxFileSizeMB` setting as the client sent it (checked by `readLimitsOf`). */
  maxFileSizeMB: unknown = undefined;

  constructor(private readonly connection: Connection, private readonly fileSystem: StampFileSystem) {}

  /** The workspace folders (URIs without a trailing slash): the search for a configuration file stops at them. */
  setWorkspaceFolders(folderUris: readonly string[]): void {
    this.workspaceFolders = folderUris.map((uri) => uri.replace(/\/+$/, ''));
  }


  /** Reads `stamp.rules` from the client (pull model), or takes it from a pushed settings object. */
  async refreshSettings(pushed?: unknown): Promise<void> {
    let section: unknown = undefined;
    if (this.canPullSettings) {
      try {
        section = await this.connection.workspace.getConfiguration('stamp');
      } catch (error) {
        this.connection.console.warn(`Could not read the stamp settings: ${(error as Error).message}`);
      }
    } else if (pushed && typeof pushed === 'object') {
      section = (pushed as { stamp?: unknown }).stamp;
    }
    const rules = section && typeof section === 'object' ? (section as { rules?: unknown }).rules : undefined;
    this.maxFileSizeMB = section && typeof section === 'object' ? (section as { maxFileSizeMB?: unknown }).maxFileSizeMB : undefined;
    const { config, problems } = validateRules(rules);
    this.settingsConfig = config;
    for (const problem of problems) {
      const message = `Setting stamp.rules: ${problem.message}`;
      this.connection.console.warn(message);
      if (!this.shownSettingsWarnings.has(message)) {
        this.shownSettingsWarnings.add(message);
        this.connection.window.showWarningMessage(message);
      }
    }
  }

  /** The settings that decide diagnostics (rule severities, the file size limit), as a string to compare. */
  settingsKey(): string {
    return JSON.stringify([this.settingsConfig, this.maxFileSizeMB ?? null]);
  }

  /** Forgets every configuration file read, after one was created, changed or deleted. */
  filesChanged(): void {
    this.fileOfFolder.clear();
    this.loadedFiles.clear();
    this.problemsStale = true;
  }

  /** The configuration for a document: settings, then the workspace file (the file wins). */
  configFor(uri: string): RuleConfig {
    const file = this.fileFor(uri);
    return file ? mergeConfigs(this.settingsConfig, file.config) : this.settingsConfig;
  }

  /** Publishes the problems of every configuration file in use, and clears those of files no longer in use. */
  publishFileProblems(): void {
    if (!this.problemsStale) return;
    this.problemsStale = false;
    const current = new Set<string>();
    for (const file of this.loadedFiles.values()) {
      const uri = file.uri;
      current.add(uri);
      const lines = new LineIndex(file.text);
      const diagnostics: LspDiagnostic[] = file.problems.map((problem) => ({
        range: { start: lines.positionAt(problem.start ?? 0), end: lines.positionAt(problem.end ?? 0) },
        severity: DiagnosticSeverity.Warning,
        code: 'CFG001',
        source: 'stamp',
        message: problem.message,
      }));
      this.settle('publishing configuration problems', this.connection.sendDiagnostics({ uri, diagnostics }));
    }
    for (const uri of this.publishedConfigUris) if (!current.has(uri)) this.settle('clearing configuration problems', this.connection.sendDiagnostics({ uri, diagnostics: [] }));
    this.publishedConfigUris.clear();
    for (const uri of current) this.publishedConfigUris.add(uri);
  }

  /** Lets a message go without awaiting it; a rejection (the client went away) is logged instead of left unhandled. */
  private settle(what: string, sending: Promise<unknown>): void {
    sending.catch((error: unknown) => {
      try {
        this.connection.console.error(`${what} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      } catch {
        // Nowhere left to report it.
      }
    });
  }

  private fileFor(uri: string): LoadedConfigFile | undefined {
    const folder = parentOf(uri);
    if (!folder) return undefined;
    if (!this.fileOfFolder.has(folder)) this.fileOfFolder.set(folder, this.findConfigFile(folder));
    const configUri = this.fileOfFolder.get(folder);
    if (!configUri) return undefined;
    let loaded = this.loadedFiles.get(configUri);
    if (!loaded) {
      const text = this.fileSystem.readText(configUri);
      loaded = text === undefined
        ? { uri: configUri, config: emptyConfig, problems: [{ key: '', message: `Cannot read ${displayName(configUri)}.` }], text: '' }
        : { uri: configUri, ...parseConfigFile(text), text };
      this.loadedFiles.set(configUri, loaded);
      this.problemsStale = true;
      this.connection.console.info(`Using rule configuration ${displayName(configUri)}${loaded.problems.length > 0 ? ` (${loaded.problems.length} problem(s))` : ''}.`);
    }
    return loaded;
  }

  /**
   * The nearest stamp.config.json in a folder or its parents, through the server's file system: the search stops at the
   * innermost workspace folder holding the document, at a folder that holds `.git`, or at the root.
   */
  private findConfigFile(startFolder: string): string | undefined {
    const stopAt = this.workspaceFolders.filter((root) => startFolder === root || startFolder.startsWith(`${root}/`)).sort((a, b) => b.length - a.length)[0];
    let folder: string | undefined = startFolder;
    while (folder) {
      const candidate = `${folder}/${configFileName}`;
      if (this.fileSystem.stat(candidate)?.kind === 'file') return candidate;
      if (folder === stopAt || this.fileSystem.stat(`${folder}/.git`)) return undefined;
      folder = parentOf(folder);
    }
    return undefined;
  }
}

/** The URI of the folder holding a file or folder URI (`file:///a/b.stamp` → `file:///a`), or undefined at the root. */
function parentOf(uri: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)?$/i.exec(uri);
  if (!match) return undefined;
  const path = match[2] ?? '';
  const slash = path.lastIndexOf('/');
  if (slash < 0 || path === '/') return undefined;
  return match[1] + path.slice(0, slash);
}

/** A configuration file's URI as a user reads it: the path of a `file:` URI, the URI otherwise. */
function displayName(uri: string): string {
  if (!uri.startsWith('file://')) return uri;
  try {
    return decodeURIComponent(uri.slice('file://'.length)).replace(/^\/([a-zA-Z]:)/, '$1');
  } catch {
    return uri;
  }
}
