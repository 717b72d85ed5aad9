// Rule configuration for the server: the `stamp.rules` setting layered under the nearest stamp.config.json, with their problems reported.
import { dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { LineIndex } from '../../../grammar/src/text.js';
import { emptyConfig, mergeConfigs, validateRules, type ConfigFileAccess, type ConfigProblem, type RuleConfig } from '../analysis/config.js';

interface LoadedConfigFile {
  path: string;
  config: RuleConfig;
  problems: ConfigProblem[];
  text: string;
}

/** Holds the settings and the configuration files in use, and publishes their problems. */
export class ConfigurationStore {
  private settingsConfig: RuleConfig = emptyConfig;
  private readonly shownSettingsWarnings = new Set<string>();
  /** Folder → the configuration file found for it (or none). */
  private readonly fileOfFolder = new Map<string, string | undefined>();
  private readonly loadedFiles = new Map<string, LoadedConfigFile>();
  private readonly publishedConfigUris = new Set<string>();
  private workspaceFolders: string[] = [];
  /** True when the set of files read changed since their problems were last published. */
  private problemsStale = false;
  canPullSettings = false;

  constructor(private readonly connection: Connection, private readonly configFiles: ConfigFileAccess) {}

  setWorkspaceFolders(folderUris: readonly string[]): void {
    this.workspaceFolders = folderUris.flatMap((uri) => {
      try {
        return [fileURLToPath(uri)];
      } catch {
        return [];
      }
    });
  }

  /** The `stamp.maxFileSizeMB` setting as the client sent it (checked by `readLimitsOf`). */
  maxFileSizeMB: unknown = undefined;

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
      const uri = pathToFileURL(file.path).toString();
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
    if (!uri.startsWith('file:')) return undefined;
    let folder: string;
    try {
      folder = dirname(fileURLToPath(uri));
    } catch {
      return undefined;
    }
    if (!this.fileOfFolder.has(folder)) {
      const stopAt = this.workspaceFolders.filter((root) => folder === root || folder.startsWith(root.endsWith(sep) ? root : root + sep)).sort((a, b) => b.length - a.length)[0];
      this.fileOfFolder.set(folder, this.configFiles.find(folder, stopAt));
    }
    const path = this.fileOfFolder.get(folder);
    if (!path) return undefined;
    let loaded = this.loadedFiles.get(path);
    if (!loaded) {
      loaded = { path, ...this.configFiles.load(path) };
      this.loadedFiles.set(path, loaded);
      this.problemsStale = true;
      this.connection.console.info(`Using rule configuration ${path}${loaded.problems.length > 0 ? ` (${loaded.problems.length} problem(s))` : ''}.`);
    }
    return loaded;
  }
}
