// The server's document store in-process (server/src/analysis): what it publishes for open and unopened files of a
// stamp, when an analysis is stale, the configuration's severities and problems, suppression comments, the read policy
// and the debounce; over a file system in memory, so mutation testing sees which tests cover the analysis layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../grammar/src/diagnostic.js';
import { emptyConfig, mergeConfigs, parseConfigFile, validateRules, type RuleConfig } from '../server/src/analysis/config.js';
import type { FileStat, FolderEntry, StampFileSystem } from '../server/src/analysis/file-system.js';
import { readLimitsOf, readStampSource } from '../server/src/analysis/read-policy.js';
import { walkStampFiles } from '../server/src/analysis/file-system.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import { analyze } from '../grammar/src/analyze.js';
import { headSpan } from '../grammar/src/edits.js';
import { defineRule } from '../server/src/rules/rule.js';
import { hoverAt } from '../server/src/features/hover.js';
import { missingLoginActions } from '../server/src/features/code-actions.js';
import { StampWorkspace } from '../server/src/analysis/workspace.js';
import { largeStamp } from './support/large-stamp.js';

/** Files and folders in memory, by URI; folders are implied by the files' paths. */
class MemoryFileSystem implements StampFileSystem {
  readonly files = new Map<string, { text: string; mtimeMs: number; kind?: FileStat['kind'] | 'link'; what?: string; bytes?: Uint8Array; unreadable?: boolean; statSize?: number }>();
  readonly reads: string[] = [];
  /** The order a folder lists its entries in: by name, as most file systems happen to, or the reverse. */
  listing: 'by name' | 'reversed' = 'by name';

  write(uri: string, text: string): void {
    this.files.set(uri, { text, mtimeMs: (this.files.get(uri)?.mtimeMs ?? 0) + 1 });
  }
  private bytesOf(uri: string): Uint8Array | undefined {
    const file = this.files.get(uri);
    return file ? (file.bytes ?? Buffer.from(file.text)) : undefined;
  }
  readText(uri: string): string | undefined {
    return this.files.get(uri)?.text;
  }
  readBytes(uri: string, maxBytes: number): Uint8Array | undefined {
    this.reads.push(uri);
    const file = this.files.get(uri);
    if (!file || (file.kind ?? 'file') !== 'file' || file.unreadable) return undefined;
    return this.bytesOf(uri)!.subarray(0, maxBytes);
  }
  stat(uri: string): FileStat | undefined {
    const file = this.files.get(uri);
    if (file) return { kind: file.kind === 'link' ? 'file' : (file.kind ?? 'file'), size: file.statSize ?? this.bytesOf(uri)!.length, mtimeMs: file.mtimeMs, ...(file.what ? { what: file.what } : {}) };
    return [...this.files.keys()].some((other) => other.startsWith(`${uri}/`)) ? { kind: 'folder', size: 0, mtimeMs: 0 } : undefined;
  }
  readFolder(folderUri: string): FolderEntry[] {
    const uri = folderUri.replace(/\/$/, '');
    const entries = new Map<string, FolderEntry>();
    for (const other of this.files.keys()) {
      if (!other.startsWith(`${uri}/`)) continue;
      const [name, ...rest] = other.slice(uri.length + 1).split('/');
      const kind = this.files.get(other)!.kind;
      entries.set(name, { name, uri: `${uri}/${name}`, kind: rest.length > 0 ? 'folder' : kind === 'other' || kind === 'link' ? kind : 'file' });
    }
    if (entries.size === 0) throw new Error(`ENOENT: ${uri}`);
    const listed = [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
    return this.listing === 'reversed' ? listed.reverse() : listed;
  }
  /** Like the node file system: only file URIs are located; `fold` gives the key of a spelling (case-insensitive disks). */
  locate(uri: string) {
    if (!uri.startsWith('file:')) return undefined;
    const folderUri = uri.slice(0, uri.lastIndexOf('/'));
    return { folderUri, key: this.fold(uri), folderKey: this.fold(folderUri) };
  }
  fold(uri: string): string {
    return uri;
  }
}

const agText = `import "sql.stamp"

availability_group AG1 on SQLC {
  replica S1 { commit synchronous; failover automatic; primary }
  replica S2 { commit synchronous; failover automatic }
  database AppDB { recovery full; backup full; logins "CORP\\svc_app" }
}
`;
const sqlText = `host S1
host S2
cluster SQLC { nodes S1, S2; witness share "\\\\FS\\W" }

sql on S1 {
  version 2014
  login "CORP\\svc_app" { type windows }
}
sql on S2 {
  version 2014
}
`;
const ag = 'file:///w/ag.stamp';
const sql = 'file:///w/sql.stamp';

/** A diagnostic as the Problems panel lists it: code, severity, the text it underlines, the message. */
function shown(texts: Record<string, string>, diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.severity} "${texts[diagnostic.uri]?.slice(diagnostic.start, diagnostic.end)}": ${diagnostic.message}`);
}

function crossWorkspace(config: (uri: string) => RuleConfig = () => emptyConfig) {
  const fileSystem = new MemoryFileSystem();
  fileSystem.write(ag, agText);
  fileSystem.write(sql, sqlText);
  const workspace = new StampWorkspace(config, fileSystem);
  workspace.setFolders(['file:///w']);
  return { fileSystem, workspace };
}

/** The cross-file workspace with a second availability-group file (AG2) beside the first, both open at version 1. */
function twoImportersOpen() {
  const { fileSystem, workspace } = crossWorkspace();
  const ag2 = 'file:///w/ag2.stamp';
  const ag2Text = agText.replace('AG1', 'AG2');
  fileSystem.write(ag2, ag2Text);
  workspace.open(ag, agText, 1);
  workspace.open(ag2, ag2Text, 1);
  return { fileSystem, workspace, ag2, ag2Text };
}

const ag003 = `AG003 error "sql on S2": Login 'CORP\\svc_app' exists on S1 but not on replica S2; users of database AppDB will fail to log in after failover.`;

test('an open file publishes the problems of the unopened file that must change, and withdraws them when they go', () => {
  const { fileSystem, workspace } = crossWorkspace();
  workspace.open(ag, agText, 1);
  const diagnosed = workspace.diagnosisOf(ag)!;
  assert.deepEqual(shown({ [ag]: agText }, diagnosed.own), []);
  assert.deepEqual(workspace.otherFilesToPublish(ag, diagnosed).map((publication) => [publication.uri, shown({ [sql]: sqlText }, publication.diagnostics)]), [[sql, [ag003]]]);
  // Published once: the same list again until it changes.
  assert.deepEqual(workspace.otherFilesToPublish(ag, workspace.diagnosisOf(ag)!).map((publication) => publication.uri), [sql]);

  // The login is added on disk: the editor reports the change, the open file is analysed again, the list is emptied.
  const fixed = sqlText.replace('sql on S2 {\n', 'sql on S2 {\n  login "CORP\\svc_app" { type windows }\n');
  fileSystem.write(sql, fixed);
  assert.deepEqual(workspace.filesChanged([sql, 'file:///w/stamp.config.json']), [ag]);
  const again = workspace.diagnosisOf(ag)!;
  assert.deepEqual(workspace.otherFilesToPublish(ag, again), [{ uri: sql, diagnostics: [] }]);
  // Nothing to say the next time: the file had nothing published.
  assert.deepEqual(workspace.otherFilesToPublish(ag, again), []);

  // Back on disk; then the open file closes: what it published is withdrawn.
  fileSystem.write(sql, sqlText);
  workspace.filesChanged([sql]);
  assert.deepEqual(workspace.otherFilesToPublish(ag, workspace.diagnosisOf(ag)!).map((publication) => publication.diagnostics.length), [1]);
  assert.deepEqual(workspace.close(ag), []);
  assert.deepEqual(workspace.releasePublished(ag), [sql]);
  assert.equal(workspace.diagnosisOf(ag), undefined, 'a closed document has no diagnosis');
});

test('an open file publishes its own problems; another open file of the stamp does not publish them for it', () => {
  const { workspace } = crossWorkspace();
  workspace.open(ag, agText, 1);
  workspace.open(sql, sqlText, 3);
  const own = workspace.diagnosisOf(sql)!;
  assert.equal(own.document.version, 3);
  assert.deepEqual(shown({ [sql]: sqlText }, own.own), [ag003]);
  assert.deepEqual(workspace.otherFilesToPublish(ag, workspace.diagnosisOf(ag)!), [], 'sql.stamp is open: it publishes for itself');
  // Closing sql.stamp: the files that read it are stale, and ag.stamp publishes for it again.
  assert.deepEqual(workspace.close(sql), [ag]);
  assert.deepEqual(workspace.otherFilesToPublish(ag, workspace.diagnosisOf(ag)!).map((publication) => shown({ [sql]: sqlText }, publication.diagnostics)), [[ag003]]);
});

test('a name declared in two files of a stamp is reported once, on the same file, whichever files are open', () => {
  // main.stamp imports hosts.stamp; both declare host N1. The stamp's order (roots first) makes main.stamp's the first
  // declaration, so SCH005 belongs to hosts.stamp: opened alone, with main.stamp, or only main.stamp open.
  const main = 'file:///d/main.stamp';
  const hosts = 'file:///d/hosts.stamp';
  const mainText = 'import "hosts.stamp"\nhost N1 {}\n';
  const hostsText = 'host N0 {}\nhost N1 {}\n';
  const duplicate = 'SCH005 error "N1": Host `N1` is declared twice; the first declaration is on line 2 of main.stamp.';
  const setUp = () => {
    const fileSystem = new MemoryFileSystem();
    fileSystem.write(main, mainText);
    fileSystem.write(hosts, hostsText);
    const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
    workspace.setFolders(['file:///d']);
    return workspace;
  };
  const texts: Record<string, string> = { [main]: mainText, [hosts]: hostsText };
  const published = (workspace: StampWorkspace, open: string[]) => {
    const byFile = new Map<string, string[]>();
    for (const uri of open) {
      const diagnosis = workspace.diagnosisOf(uri)!;
      byFile.set(uri, [...(byFile.get(uri) ?? []), ...shown(texts, diagnosis.own)]);
      for (const other of workspace.otherFilesToPublish(uri, diagnosis)) byFile.set(other.uri, [...(byFile.get(other.uri) ?? []), ...shown(texts, other.diagnostics)]);
    }
    return Object.fromEntries([...byFile].filter(([, list]) => list.length > 0));
  };
  for (const open of [[hosts], [main], [hosts, main], [main, hosts]]) {
    const workspace = setUp();
    for (const uri of open) workspace.open(uri, texts[uri], 1);
    assert.deepEqual(published(workspace, open), { [hosts]: [duplicate] }, `open: ${open.map((uri) => uri.slice(9)).join(', ')}`);
  }
});

test('a changed document is analysed again at its new version; the documents that read it are stale, the others are not', () => {
  const { fileSystem, workspace } = crossWorkspace();
  fileSystem.write('file:///w/other/lone.stamp', 'host LONE { os 2012 }\n');
  workspace.open(ag, agText, 1);
  workspace.open(sql, sqlText, 1);
  workspace.open('file:///w/other/lone.stamp', 'host LONE { os 2012 }\n', 1);
  const first = workspace.diagnosisOf(ag)!;
  workspace.diagnosisOf('file:///w/other/lone.stamp');
  assert.equal(workspace.diagnosisOf(ag), first, 'the same version is not analysed twice');
  assert.deepEqual(workspace.change(sql, sqlText.replace('sql on S2 {\n', 'sql on S2 {\n  login "CORP\\svc_app" { type windows }\n'), 2), [ag]);
  const second = workspace.diagnosisOf(ag)!;
  assert.notEqual(second.document, first.document);
  assert.equal(workspace.diagnosisOf(sql)!.document.version, 2);
  assert.deepEqual(workspace.diagnosisOf(sql)!.own, []);
  // Typing in ag.stamp makes sql.stamp stale (it reads ag.stamp), not the unrelated file.
  assert.deepEqual(workspace.change(ag, `${agText}\n`, 2), [sql]);
  assert.deepEqual(workspace.filesChanged([]), []);
  assert.deepEqual(workspace.filesChanged().sort(), [ag, 'file:///w/other/lone.stamp', sql]);
  assert.deepEqual(workspace.workspaceFileUris(), [ag, 'file:///w/other/lone.stamp', sql]);
  assert.deepEqual(workspace.workspaceFiles().map((file) => file.uri), [ag, 'file:///w/other/lone.stamp', sql]);
});

test('severities follow the configuration: off hides a rule, a family setting applies to its rules, a rule setting wins', () => {
  let config: RuleConfig = emptyConfig;
  const { workspace } = crossWorkspace(() => config);
  workspace.open(sql, sqlText, 1);
  assert.deepEqual(shown({ [sql]: sqlText }, workspace.diagnosisOf(sql)!.own), [ag003]);
  config = { rules: { AG: 'warning' } };
  assert.deepEqual(shown({ [sql]: sqlText }, workspace.diagnosisOf(sql)!.own), [ag003], 'cached until the configuration is said to change');
  workspace.configurationChanged();
  assert.deepEqual(shown({ [sql]: sqlText }, workspace.diagnosisOf(sql)!.own), [ag003.replace(' error ', ' warning ')]);
  config = mergeConfigs({ rules: { AG: 'warning' } }, { rules: { AG003: 'info' } });
  workspace.configurationChanged();
  assert.deepEqual(shown({ [sql]: sqlText }, workspace.diagnosisOf(sql)!.own), [ag003.replace(' error ', ' info ')]);
  config = { rules: { AG003: 'off', AG: 'error' } };
  workspace.configurationChanged();
  assert.deepEqual(workspace.diagnosisOf(sql)!.own, []);
});

test('a suppression comment silences the rules it names (or every rule) on the next line only', () => {
  const { workspace } = crossWorkspace();
  let version = 0;
  const silenced = (comment: string) => {
    const text = sqlText.replace('sql on S2 {', `${comment}\nsql on S2 {`);
    workspace.open(sql, text, ++version);
    return shown({ [sql]: text }, workspace.diagnosisOf(sql)!.own).map((line) => line.split(':')[0]);
  };
  assert.deepEqual(silenced('// stamp-disable-next-line AG003'), []);
  assert.deepEqual(silenced('// stamp-disable-next-line AG'), [], 'a family');
  assert.deepEqual(silenced('//stamp-disable-next-line'), [], 'every rule');
  assert.deepEqual(silenced('// stamp-disable-next-line NLB005, AG004'), ['AG003 error "sql on S2"']);
  assert.deepEqual(silenced('// stamp-disable-next-line AG003\n'), ['AG003 error "sql on S2"'], 'not two lines down');
  assert.deepEqual(silenced('// stamp-disable-next-lines AG003'), ['AG003 error "sql on S2"'], 'the exact word');
});

test('the configuration file: unknown rules and settings, bad severities and bad JSON are problems on their key', () => {
  const text = '{\n  "rules": { "AG003": "warning", "NOPE1": "error", "NLB": "loud", "SPF": 2 },\n  "extra": true\n}\n';
  const parsed = parseConfigFile(text);
  assert.deepEqual(parsed.config, { rules: { AG003: 'warning' } });
  assert.deepEqual(parsed.problems.map((problem) => [problem.key, problem.message, text.slice(problem.start, problem.end)]), [
    ['extra', 'Unknown setting `extra` in stamp.config.json; only `rules` is read.', '"extra"'],
    ['NOPE1', 'Unknown rule or family `NOPE1` in the Stamp configuration.', '"NOPE1"'],
    ['NLB', 'The severity of `NLB` must be off, info, warning or error, not "loud".', '"NLB"'],
    ['SPF', 'The severity of `SPF` must be off, info, warning or error, not 2.', '"SPF"'],
  ]);
  assert.deepEqual(parseConfigFile('{ "$schema": "x", "rules": { "AG": "off" } }'), { config: { rules: { AG: 'off' } }, problems: [] });
  const broken = parseConfigFile('{ "rules": ');
  assert.deepEqual(broken.config, emptyConfig);
  assert.match(broken.problems[0].message, /^stamp\.config\.json is not valid JSON: /);
  assert.deepEqual([broken.problems[0].start, broken.problems[0].end], [0, 1]);
  for (const notObject of ['[]', 'null', '3']) {
    assert.deepEqual(parseConfigFile(notObject).problems.map((problem) => [problem.message, problem.start, problem.end]), [['stamp.config.json must contain a JSON object with a `rules` object.', 0, 1]], notObject);
  }
  assert.deepEqual(parseConfigFile('').problems.map((problem) => [problem.start, problem.end]), [[0, 0]]);
  assert.deepEqual(parseConfigFile('{ "rules": [] }').problems.map((problem) => [problem.message, problem.start]), [['`rules` must be an object mapping rule ids or families to off, info, warning or error.', undefined]]);
  // The setting (no text): problems without positions.
  assert.deepEqual(validateRules({ BOGUS: 'warning' }), { config: { rules: {} }, problems: [{ key: 'BOGUS', message: 'Unknown rule or family `BOGUS` in the Stamp configuration.' }] });
  assert.deepEqual(validateRules(null), { config: { rules: {} }, problems: [] });
  assert.deepEqual(validateRules('AG003'), { config: { rules: {} }, problems: [{ key: 'rules', message: '`rules` must be an object mapping rule ids or families to off, info, warning or error.' }] });
});

test('the read policy: a folder, a FIFO, an unreadable file, a file above the limit and bytes that are not UTF-8 are refused with one reason', () => {
  const fileSystem = new MemoryFileSystem();
  fileSystem.write('file:///w/a.stamp', 'host A\n');
  fileSystem.write('file:///w/sub/b.stamp', 'host B\n');
  fileSystem.files.set('file:///w/pipe.stamp', { text: '', mtimeMs: 1, kind: 'other', what: 'a FIFO (named pipe)' });
  fileSystem.files.set('file:///w/dev.stamp', { text: '', mtimeMs: 1, kind: 'other' });
  fileSystem.files.set('file:///w/latin1.stamp', { text: '', mtimeMs: 1, bytes: Uint8Array.from([0x68, 0x6f, 0x73, 0x74, 0x20, 0xe9, 0x0a]) });
  const limits = readLimitsOf(0.00001);
  assert.equal(limits.maxBytes, 10);
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5']) assert.equal(readLimitsOf(bad).maxBytes, 5 * 1024 * 1024, String(bad));
  assert.deepEqual(readStampSource(fileSystem, 'file:///w/a.stamp', limits), { kind: 'text', text: 'host A\n', size: 7, mtimeMs: 1 });
  assert.deepEqual(readStampSource(fileSystem, 'file:///w/none.stamp', limits), { kind: 'missing' });
  const reason = (uri: string, read = readStampSource(fileSystem, uri, limits)) => (read.kind === 'refused' ? `${read.refusal.code}: ${read.refusal.reason}` : read.kind);
  assert.equal(reason('file:///w/sub'), 'FILE003: a folder, not a file');
  assert.equal(reason('file:///w/pipe.stamp'), 'FILE003: a FIFO (named pipe), not a regular file');
  assert.equal(reason('file:///w/dev.stamp'), 'FILE003: not a regular file');
  fileSystem.write('file:///w/big.stamp', 'host BIGGER_THAN_TEN\n');
  assert.match(reason('file:///w/big.stamp'), /^FILE001: /);
  assert.equal(reason('file:///w/big.stamp', readStampSource(fileSystem, 'file:///w/big.stamp', { maxBytes: 30 })), 'text');
  const latin = readStampSource(fileSystem, 'file:///w/latin1.stamp');
  assert.equal(latin.kind, 'refused');
  assert.equal(latin.kind === 'refused' && latin.refusal.code, 'FILE002');
  assert.equal(latin.kind === 'refused' && latin.refusal.text, 'host \ufffd\n', 'the lossy text, for the editor');
  assert.equal(latin.kind === 'refused' && latin.refusal.offset, 5, 'at the first bad byte');
});

test('a file above the size limit (the stamp.maxFileSizeMB setting) gets one diagnostic instead of an analysis', () => {
  const { workspace } = crossWorkspace();
  const text = `${sqlText}// ${'x'.repeat(200)}\n`;
  workspace.open(sql, text, 1);
  assert.deepEqual(workspace.diagnosisOf(sql)!.own.map((diagnostic) => diagnostic.code), ['AG003']);
  workspace.setLimits({ maxBytes: 100 });
  assert.equal(workspace.refusalOf(sql)?.code, 'FILE001');
  assert.deepEqual(workspace.diagnosisOf(sql)!.own.map((diagnostic) => diagnostic.code), ['FILE001']);
  workspace.setLimits(readLimitsOf(5));
  assert.deepEqual(workspace.diagnosisOf(sql)!.own.map((diagnostic) => diagnostic.code), ['AG003']);
});

/**
 * Waits `ms`, then one more turn of the event loop: a validation runs one turn after its timer fires (`ValidationTimers`),
 * and on a loaded machine the timer and this wait can fire in the same pass of the timers, before that turn.
 */
async function pauseOf(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await new Promise((resolve) => setImmediate(resolve));
}

test('validation waits for a pause in typing and runs only for the version it was scheduled for', async () => {
  const { workspace } = crossWorkspace();
  const ran: string[] = [];
  const validate = (uri: string, version: number) => ran.push(`${uri} v${version}`);
  workspace.open(ag, agText, 1);
  workspace.scheduleValidation(ag, 0, validate);
  assert.deepEqual(ran, [`${ag} v1`], 'no delay: at once');
  workspace.scheduleValidation(ag, 20, validate);
  workspace.change(ag, agText, 2);
  workspace.scheduleValidation(ag, 20, validate);
  workspace.scheduleValidation(sql, 0, validate);
  assert.deepEqual(ran, [`${ag} v1`], 'a document that is not open is not validated');
  await pauseOf(60);
  assert.deepEqual(ran, [`${ag} v1`, `${ag} v2`], 'the newer change replaced the pending validation');
  workspace.scheduleValidation(ag, 20, validate);
  workspace.change(ag, agText, 3);
  await pauseOf(60);
  assert.deepEqual(ran, [`${ag} v1`, `${ag} v2`], 'a stale version is skipped');
  // Scheduled twice for the same version: one validation.
  workspace.scheduleValidation(ag, 20, validate);
  workspace.scheduleValidation(ag, 20, validate);
  await pauseOf(60);
  assert.deepEqual(ran, [`${ag} v1`, `${ag} v2`, `${ag} v3`]);
  workspace.scheduleValidation(ag, 20, validate);
  workspace.cancelValidation(ag);
  workspace.scheduleValidation(sql, 20, validate);
  workspace.close(ag);
  await pauseOf(60);
  assert.equal(ran.length, 3, 'cancelled, then closed');
});

test('the workspace lists the .stamp files of its folders, skipping node_modules, dot-folders, dot-files, other names and FIFOs', () => {
  const fileSystem = new MemoryFileSystem();
  for (const path of ['a.stamp', 'sub/b.stamp', 'sub/deeper/c.stamp', 'node_modules/x.stamp', '.git/y.stamp', 'sub/.hidden.stamp', 'notes.txt', 'stamp.config.json']) fileSystem.write(`file:///w/${path}`, 'host H\n');
  fileSystem.files.set('file:///w/pipe.stamp', { text: '', mtimeMs: 1, kind: 'other' });
  fileSystem.write('file:///elsewhere/z.stamp', 'host Z\n');
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  assert.deepEqual(workspace.workspaceFileUris(), [], 'no folder, no files');
  workspace.setFolders(['file:///w', 'untitled:Untitled-1']);
  assert.deepEqual(workspace.workspaceFileUris(), ['file:///w/a.stamp', 'file:///w/sub/b.stamp', 'file:///w/sub/deeper/c.stamp']);
  // An open document outside the folders is not a workspace file; one inside is, even before it is on disk.
  workspace.open('file:///elsewhere/z.stamp', 'host Z\n', 1);
  workspace.open('file:///w/new.stamp', 'host N\n', 1);
  assert.deepEqual(workspace.workspaceFileUris(), ['file:///w/a.stamp', 'file:///w/new.stamp', 'file:///w/sub/b.stamp', 'file:///w/sub/deeper/c.stamp']);
  // A file created on disk shows once the editor reports it; a folder whose name only starts like the workspace's is not in it.
  fileSystem.write('file:///w/sub/d.stamp', 'host D\n');
  fileSystem.write('file:///wide/e.stamp', 'host E\n');
  assert.equal(workspace.workspaceFileUris().includes('file:///w/sub/d.stamp'), false, 'listed once until a change');
  workspace.filesChanged(['file:///w/sub/d.stamp']);
  assert.deepEqual(workspace.workspaceFileUris(), ['file:///w/a.stamp', 'file:///w/new.stamp', 'file:///w/sub/b.stamp', 'file:///w/sub/d.stamp', 'file:///w/sub/deeper/c.stamp']);
  workspace.open('file:///wide/e.stamp', 'host E\n', 1);
  assert.equal(workspace.workspaceFileUris().includes('file:///wide/e.stamp'), false);
  assert.deepEqual(workspace.workspaceFiles().map((file) => `${file.uri}: ${file.syntax.text.trim()}`).slice(0, 2), ['file:///w/a.stamp: host H', 'file:///w/new.stamp: host N']);
});

test('outside a workspace folder, a document\'s stamp takes in the files beside it that import it', () => {
  const fileSystem = new MemoryFileSystem();
  fileSystem.write('file:///x/ag.stamp', agText);
  fileSystem.write('file:///x/notes.txt', 'not a stamp');
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.open('file:///x/sql.stamp', sqlText, 1);
  assert.deepEqual(shown({ 'file:///x/sql.stamp': sqlText }, workspace.diagnosisOf('file:///x/sql.stamp')!.own), [ag003]);
  // In the stamp's order, not the document first: ag.stamp imports sql.stamp.
  assert.deepEqual(workspace.diagnosisOf('file:///x/sql.stamp')!.document.analysis.files.map((file) => file.uri), ['file:///x/ag.stamp', 'file:///x/sql.stamp']);
  // Without the importer beside it, the login is nobody's business.
  const alone = new StampWorkspace(() => emptyConfig, new MemoryFileSystem());
  alone.open('file:///x/sql.stamp', sqlText, 1);
  assert.deepEqual(alone.diagnosisOf('file:///x/sql.stamp')!.own, []);
});

test('an open document with U+FFFD is checked against its bytes on disk: not UTF-8 there gives one FILE002 diagnostic', () => {
  const fileSystem = new MemoryFileSystem();
  fileSystem.files.set('file:///w/latin1.stamp', { text: '', mtimeMs: 1, bytes: Uint8Array.from([...Buffer.from('host A\nhost '), 0xe9, 0x0a]) });
  fileSystem.write('file:///w/real.stamp', 'host A // \ufffd is a character too\n');
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.open('file:///w/latin1.stamp', 'host A\nhost \ufffd\n', 1);
  const refused = workspace.diagnosisOf('file:///w/latin1.stamp')!.own;
  assert.deepEqual(refused.map((diagnostic) => [diagnostic.code, diagnostic.start]), [['FILE002', 12]]);
  assert.equal(workspace.refusalOf('file:///w/latin1.stamp')?.text, 'host A\nhost \ufffd\n');
  workspace.open('file:///w/real.stamp', 'host A // \ufffd is a character too\n', 1);
  assert.deepEqual(workspace.diagnosisOf('file:///w/real.stamp')!.own, []);
  assert.equal(workspace.refusalOf('file:///w/real.stamp'), undefined);
  // Typed in the editor (not on disk yet): nothing to compare with, so it is analysed.
  workspace.open('file:///w/typed.stamp', 'host \ufffd\n', 1);
  assert.equal(workspace.refusalOf('file:///w/typed.stamp'), undefined);
});

test('a stamp above 3,000 elements gets the fast rules first, and the slow ones (the failure analysis) on request', () => {
  const { workspace } = crossWorkspace();
  const big = 'file:///w/big.stamp';
  workspace.open(big, largeStamp(3100), 1);
  const partial = workspace.diagnosisOf(big)!;
  assert.ok(partial.document.analysis.model.index.all.length > 3000);
  assert.equal(partial.complete, false);
  const slow: Diagnostic = { uri: big, start: 0, end: 4, severity: 'warning', code: 'SPOF001', message: 'found in steps' };
  const complete = workspace.completeDiagnosisOf(big, [slow])!;
  assert.equal(complete.complete, true);
  assert.deepEqual(complete.all, [slow, ...partial.all].sort((a, b) => a.start - b.start || a.end - b.end));
  assert.equal(workspace.completeDiagnosisOf(big), complete, 'computed once per version');
  assert.equal(workspace.diagnosisOf(big), complete);
  // A small stamp is complete at once.
  workspace.open(ag, agText, 1);
  assert.equal(workspace.diagnosisOf(ag)!.complete, true);
  assert.equal(workspace.completeDiagnosisOf(ag), workspace.diagnosisOf(ag));
});

test('problems are listed in the order of the file, and a quick fix inserts lines with the file\'s own line breaks', () => {
  const { workspace } = crossWorkspace();
  // A syntax error at the end and a rule finding before it: the Problems panel lists them by position.
  const text = `${sqlText}host {\n`;
  workspace.open(sql, text, 1);
  const own = workspace.diagnosisOf(sql)!.own;
  assert.deepEqual(own.map((diagnostic) => diagnostic.code), ['AG003', ...own.slice(1).map((diagnostic) => diagnostic.code)]);
  assert.ok(own.length >= 2 && own.every((diagnostic, index) => index === 0 || diagnostic.start >= own[index - 1].start), JSON.stringify(own.map((diagnostic) => [diagnostic.code, diagnostic.start])));
  // With Windows line breaks, the fix that adds the login writes \r\n.
  const crlf = sqlText.replace(/\n/g, '\r\n');
  workspace.change(sql, crlf, 2);
  const fixes = workspace.diagnosisOf(sql)!.own.find((diagnostic) => diagnostic.code === 'AG003')!.fixes ?? [];
  const inserted = fixes.flatMap((fix) => fix.edits.map((edit) => edit.newText)).filter((newText) => newText.includes('\n'));
  assert.ok(inserted.length > 0, 'a fix inserts a line');
  for (const newText of inserted) assert.doesNotMatch(newText, /(^|[^\r])\n/, JSON.stringify(newText));
  workspace.change(sql, sqlText, 3);
  const lf = (workspace.diagnosisOf(sql)!.own.find((diagnostic) => diagnostic.code === 'AG003')!.fixes ?? []).flatMap((fix) => fix.edits.map((edit) => edit.newText)).filter((newText) => newText.includes('\n'));
  assert.deepEqual(lf, inserted.map((newText) => newText.replace(/\r\n/g, '\n')));
});

test('a file that leaves the stamp has what was published for it withdrawn, unless another open file still publishes it', () => {
  const { fileSystem, workspace, ag2, ag2Text } = twoImportersOpen();
  const published = (owner: string) => workspace.otherFilesToPublish(owner, workspace.diagnosisOf(owner)!).map((publication) => `${publication.uri}: ${publication.diagnostics.length > 0 ? publication.diagnostics.map((diagnostic) => diagnostic.code).join(', ') : 'cleared'}`);
  assert.deepEqual(published(ag), [`${sql}: AG003, AG003`]);
  assert.deepEqual(published(ag2), [`${sql}: AG003, AG003`]);
  // ag2.stamp drops its import: sql.stamp is still in ag.stamp's stamp, which publishes it, so ag2 does not clear it.
  workspace.change(ag2, ag2Text.replace('import "sql.stamp"\n', ''), 2);
  fileSystem.write(ag2, ag2Text.replace('import "sql.stamp"\n', ''));
  workspace.filesChanged([ag2]);
  assert.deepEqual(published(ag2), []);
  // ag.stamp drops it too: now nobody publishes for sql.stamp, and its problems are cleared.
  workspace.change(ag, agText.replace('import "sql.stamp"\n', ''), 2);
  fileSystem.write(ag, agText.replace('import "sql.stamp"\n', ''));
  assert.deepEqual(published(ag), [`${sql}: cleared`]);
  assert.deepEqual(workspace.releasePublished(ag), []);
});

test('the size limit is inclusive: a document of exactly the limit is analysed, one character more is refused', () => {
  const workspace = new StampWorkspace(() => emptyConfig, new MemoryFileSystem());
  const uri = 'file:///y/twice.stamp';
  const text = 'host H1\nhost H1\n';
  workspace.open(uri, text, 1);
  const analysed = workspace.diagnosisOf(uri)!.own.map((diagnostic) => diagnostic.code);
  assert.ok(analysed.length > 0 && !analysed.includes('FILE001'));
  workspace.setLimits({ maxBytes: text.length });
  assert.deepEqual(workspace.diagnosisOf(uri)!.own.map((diagnostic) => diagnostic.code), analysed);
  workspace.change(uri, `${text}\n`, 2);
  assert.equal(workspace.refusalOf(uri)?.code, 'FILE001');
  assert.deepEqual(workspace.diagnosisOf(uri)!.own.map((diagnostic) => diagnostic.code), ['FILE001']);
});

test('U+FFFD in an open document: the file on disk decides, up to the size limit; a fixed text is analysed again', () => {
  const uri = 'file:///w/latin1.stamp';
  const bad = Uint8Array.from([...Buffer.from('host A\nhost B'), 0xe9]);
  const fileSystem = new MemoryFileSystem();
  fileSystem.files.set(uri, { text: '', mtimeMs: 1, bytes: bad });
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.setLimits({ maxBytes: bad.length });
  // The file is exactly at the limit and its last byte is not UTF-8: one FILE002 where the editor shows U+FFFD.
  workspace.open(uri, 'host A\nhost B\ufffd', 1);
  assert.deepEqual(workspace.diagnosisOf(uri)!.own.map((diagnostic) => [diagnostic.code, diagnostic.start]), [['FILE002', 13]]);
  // The user replaces the character: the new version is analysed (the refusal was for the old text).
  workspace.change(uri, 'host A\nhost B\n', 2);
  assert.equal(workspace.refusalOf(uri), undefined);
  assert.deepEqual(workspace.diagnosisOf(uri)!.own, []);
  // On disk the file grows beyond the limit: the bytes are not compared, the open text is analysed (U+FFFD is not a
  // character of the language: a syntax error, not FILE002).
  fileSystem.files.set(uri, { text: '', mtimeMs: 2, bytes: Uint8Array.from([...Buffer.from('host A\nhost B'), 0xe9, 0x0a]) });
  workspace.change(uri, 'host A\nhost B\ufffd', 3);
  assert.equal(workspace.refusalOf(uri), undefined);
  assert.deepEqual(workspace.diagnosisOf(uri)!.own.map((diagnostic) => diagnostic.code), ['SYN001']);
});

test('a validation pending when a document closes never runs, even if the document opens again at the same version', async () => {
  const { workspace } = crossWorkspace();
  const ran: string[] = [];
  workspace.open(ag, agText, 1);
  workspace.scheduleValidation(ag, 20, (uri, version) => ran.push(`${uri} v${version}`));
  workspace.close(ag);
  workspace.open(ag, agText, 1);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(ran, []);
});

test('a document that starts importing an open file makes that file\'s analysis stale: the file joins its stamp', () => {
  const fileSystem = new MemoryFileSystem();
  const a = 'file:///x/a.stamp';
  const b = 'file:///x/b.stamp';
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.open(a, sqlText, 1);
  workspace.open(b, 'host OTHER\n', 1);
  assert.deepEqual(workspace.diagnosisOf(a)!.own, []);
  workspace.diagnosisOf(b);
  // b.stamp now imports a.stamp (not saved): a.stamp's stamp now holds b.stamp's availability group.
  assert.deepEqual(workspace.change(b, agText.replace('import "sql.stamp"', 'import "a.stamp"'), 2), [a]);
  assert.deepEqual(shown({ [a]: sqlText }, workspace.diagnosisOf(a)!.own), [ag003]);
});

test('configuration keys written with JSON escapes are read; a problem with such a key has no place rather than a wrong one', () => {
  const text = '{ "rules": { "\\u0041G003": "off", "\\u004eOPE": "warning" } }';
  const parsed = parseConfigFile(text);
  assert.deepEqual(parsed.config, { rules: { AG003: 'off' } });
  assert.deepEqual(parsed.problems, [{ key: 'NOPE', message: 'Unknown rule or family `NOPE` in the Stamp configuration.' }]);
  // A file without `rules`, or with `rules: null`, sets nothing and is not a problem.
  assert.deepEqual(parseConfigFile('{}'), { config: { rules: {} }, problems: [] });
  assert.deepEqual(parseConfigFile('{ "rules": null }'), { config: { rules: {} }, problems: [] });
});

// Round 6: each test below was written against a surviving mutant of server/src/analysis and checked by breaking the
// code it guards (docs/testing.md lists them).

/** The codes of what the document shows in the Problems panel. */
function codesOf(workspace: StampWorkspace, uri: string): string[] {
  return workspace.diagnosisOf(uri)!.own.map((diagnostic) => diagnostic.code);
}

/** sql.stamp with the login on S2 instead of S1: the same size, and AG003 now on S1. */
const sqlSwapped = sqlText.replace('sql on S1 {', 'sql on S# {').replace('sql on S2 {', 'sql on S1 {').replace('sql on S# {', 'sql on S2 {');
const ag003OnS1 = `AG003 error "sql on S1": Login 'CORP\\svc_app' exists on S2 but not on replica S1; users of database AppDB will fail to log in after failover.`;
const sqlFixed = sqlText.replace('sql on S2 {\n', 'sql on S2 {\n  login "CORP\\svc_app" { type windows }\n');

/** What an open document publishes for the unopened files of its stamp, as the Problems panel would list it. */
function publishedFor(workspace: StampWorkspace, owner: string, texts: Record<string, string>): string[][] {
  return workspace.otherFilesToPublish(owner, workspace.diagnosisOf(owner)!).map((publication) => [publication.uri, ...shown(texts, publication.diagnostics)]);
}

test('an edit that leaves the text as it was is still answered for its own version', () => {
  const { workspace } = crossWorkspace();
  workspace.open(ag, agText, 1);
  assert.equal(workspace.diagnosisOf(ag)!.document.version, 1);
  workspace.change(ag, agText, 2);
  assert.equal(workspace.diagnosisOf(ag)!.document.version, 2, 'the client waits for the answer of version 2');
});

test('a document closed and opened again at the same version is analysed again: its stamp may have changed meanwhile', () => {
  const { fileSystem, workspace } = crossWorkspace();
  workspace.open(ag, agText, 1);
  assert.deepEqual(publishedFor(workspace, ag, { [sql]: sqlText }), [[sql, ag003]]);
  workspace.close(ag);
  assert.deepEqual(workspace.releasePublished(ag), [sql]);
  fileSystem.write(sql, sqlFixed);
  assert.deepEqual(workspace.filesChanged([sql]), [], 'no open document read it');
  workspace.open(ag, agText, 1);
  assert.deepEqual(publishedFor(workspace, ag, { [sql]: sqlFixed }), [], 'nothing to publish, nothing published before by this document');
});

test('U+FFFD: a new version, or a close and a reopen, compares the text with the file on disk again', () => {
  const uri = 'file:///w/latin1.stamp';
  const latin1 = Uint8Array.from([...Buffer.from('host A\nhost '), 0xe9, 0x0a]);
  const text = 'host A\nhost \ufffd\n';
  const fileSystem = new MemoryFileSystem();
  fileSystem.files.set(uri, { text: '', mtimeMs: 1, bytes: latin1 });
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.open(uri, text, 1);
  assert.deepEqual(codesOf(workspace, uri), ['FILE002']);
  const typed = new StampWorkspace(() => emptyConfig, new MemoryFileSystem());
  typed.open(uri, text, 1);
  const analysed = codesOf(typed, uri);
  // The file is saved as UTF-8 elsewhere (U+FFFD is now a character of it); the editor's text stays as it was.
  fileSystem.write(uri, text);
  workspace.change(uri, text, 2);
  assert.deepEqual(codesOf(workspace, uri), analysed);
  assert.ok(!analysed.includes('FILE002'));
  // Bytes that are not UTF-8 again; then UTF-8 while the document is closed: the reopened document is compared again.
  fileSystem.files.set(uri, { text: '', mtimeMs: 3, bytes: latin1 });
  workspace.close(uri);
  workspace.open(uri, text, 1);
  assert.deepEqual(codesOf(workspace, uri), ['FILE002']);
  workspace.close(uri);
  fileSystem.write(uri, text);
  workspace.open(uri, text, 1);
  assert.deepEqual(codesOf(workspace, uri), analysed);
});

test('a file changed on disk without a new time or size (a coarse clock) is read again when the editor reports the change', () => {
  const { fileSystem, workspace } = crossWorkspace();
  workspace.open(ag, agText, 1);
  assert.deepEqual(publishedFor(workspace, ag, { [sql]: sqlText }), [[sql, ag003]]);
  assert.ok(workspace.workspaceFileUris().length > 0);
  const mtimeMs = fileSystem.files.get(sql)!.mtimeMs;
  fileSystem.files.set(sql, { text: sqlSwapped, mtimeMs });
  assert.deepEqual(workspace.filesChanged([sql, 'file:///w/unrelated.stamp']), [ag]);
  assert.deepEqual(publishedFor(workspace, ag, { [sql]: sqlSwapped }), [[sql, ag003OnS1]]);
  // The editor lost track and reports that anything may have changed: every file is read and listed again.
  fileSystem.files.set(sql, { text: sqlText, mtimeMs });
  fileSystem.write('file:///w/created.stamp', 'host CREATED\n');
  assert.deepEqual(workspace.filesChanged(), [ag]);
  assert.deepEqual(publishedFor(workspace, ag, { [sql]: sqlText }), [[sql, ag003]]);
  assert.ok(workspace.workspaceFileUris().includes('file:///w/created.stamp'));
});

test('an imported file deleted without a file event is missing at the next analysis; written again, it is read again', () => {
  const { fileSystem, workspace } = crossWorkspace();
  workspace.open(ag, agText, 1);
  assert.deepEqual(publishedFor(workspace, ag, { [sql]: sqlText }), [[sql, ag003]]);
  fileSystem.files.delete(sql);
  workspace.change(ag, agText, 2);
  assert.deepEqual(shown({ [ag]: agText }, workspace.diagnosisOf(ag)!.own).map((line) => line.split(':')[0]), ['IMP001 error ""sql.stamp""', 'SCH006 error "SQLC"', 'SCH006 error "S1"', 'SCH006 error "S2"']);
  assert.deepEqual(publishedFor(workspace, ag, {}), [[sql]], 'what was published for sql.stamp is withdrawn');
  // Written again with the same size and time as before (a clock too coarse to tell): read again, not remembered.
  fileSystem.files.set(sql, { text: sqlSwapped, mtimeMs: 1 });
  workspace.change(ag, agText, 3);
  assert.deepEqual(publishedFor(workspace, ag, { [sql]: sqlSwapped }), [[sql, ag003OnS1]]);
  // Changed in size at the same time: read again.
  fileSystem.files.set(sql, { text: sqlFixed, mtimeMs: 1 });
  workspace.change(ag, agText, 4);
  assert.deepEqual(publishedFor(workspace, ag, { [sql]: sqlFixed }), [[sql]]);
});

test('a file refused for its size is judged again when the limit is raised', () => {
  const { fileSystem, workspace } = crossWorkspace();
  const padded = `${sqlText}// ${'x'.repeat(400)}\n`;
  fileSystem.write(sql, padded);
  workspace.open(ag, agText, 1);
  workspace.setLimits({ maxBytes: 300 });
  assert.deepEqual(workspace.otherFilesToPublish(ag, workspace.diagnosisOf(ag)!).map((publication) => [publication.uri, ...publication.diagnostics.map((diagnostic) => diagnostic.code)]), [[sql, 'FILE001']]);
  workspace.setLimits({ maxBytes: 1000 });
  assert.deepEqual(publishedFor(workspace, ag, { [sql]: padded }), [[sql, ag003]]);
});

test('a file that starts importing a file of an open document\'s stamp joins that stamp: the document is stale', () => {
  const { workspace } = crossWorkspace();
  const u = 'file:///w/u.stamp';
  workspace.open(ag, agText, 1);
  workspace.diagnosisOf(ag);
  workspace.open(u, 'host U\n', 1);
  // Open, never analysed yet (no request came for it).
  workspace.open('file:///w/v.stamp', 'host V\n', 1);
  assert.deepEqual(workspace.change(u, 'import "sql.stamp"\nhost U\n', 2), [ag]);
});

test('a stamp of exactly 3,000 elements still gets every rule at once', () => {
  const workspace = new StampWorkspace(() => emptyConfig, new MemoryFileSystem());
  const uri = 'file:///y/hosts.stamp';
  workspace.open(uri, Array.from({ length: 3000 }, (_, index) => `host H${index}\n`).join(''), 1);
  const diagnosed = workspace.diagnosisOf(uri)!;
  assert.equal(diagnosed.document.analysis.model.index.all.length, 3000);
  assert.equal(diagnosed.complete, true);
});

test('a small stamp whose cluster holds more than 300 VMs gets the fast rules first: its failure analysis places them all once per failure', () => {
  const workspace = new StampWorkspace(() => emptyConfig, new MemoryFileSystem());
  const stampWith = (vms: number): string => [
    // Both domain controllers on the one SAN: SPOF001, which only the failure analysis finds.
    'domain "y.example" { controllers VM0, VM1 }',
    'san S { protocol iscsi }',
    'host N1 { memory 512GB }',
    'host N2 { memory 512GB }',
    'cluster C { kind hyperv; nodes N1, N2; witness disk S; csv V { san S } }',
    ...Array.from({ length: vms }, (_, index) => `vm VM${index} on C { memory 4GB; storage csv V }`),
    '',
  ].join('\n');
  const uri = 'file:///y/cluster.stamp';
  workspace.open(uri, stampWith(300), 1);
  const at300 = workspace.diagnosisOf(uri)!;
  assert.ok(at300.document.analysis.model.index.all.length < 1000);
  assert.equal(at300.complete, true, '300 VMs: every rule at once');
  assert.ok(at300.all.some((diagnostic) => diagnostic.code === 'SPOF001'), 'the failure analysis ran');
  workspace.change(uri, stampWith(301), 2);
  const at301 = workspace.diagnosisOf(uri)!;
  assert.equal(at301.complete, false, '301 VMs: the fast rules first');
  assert.ok(!at301.all.some((diagnostic) => diagnostic.code === 'SPOF001'));
  const complete = workspace.completeDiagnosisOf(uri)!;
  assert.equal(complete.complete, true);
  assert.ok(complete.all.some((diagnostic) => diagnostic.code === 'SPOF001'), 'the slow rules follow');
});

test('closing one of two open files that publish for the same unopened file clears nothing; closing the second clears it', () => {
  const { workspace, ag2 } = twoImportersOpen();
  assert.equal(publishedFor(workspace, ag, { [sql]: sqlText }).length, 1);
  assert.equal(publishedFor(workspace, ag2, { [sql]: sqlText }).length, 1);
  workspace.close(ag);
  assert.deepEqual(workspace.releasePublished(ag), [], 'ag2.stamp still publishes for sql.stamp');
  workspace.close(ag2);
  assert.deepEqual(workspace.releasePublished(ag2), [sql]);
});

test('each suppression comment names its own rules; words that are not rule ids are ignored', () => {
  const { workspace } = crossWorkspace();
  let version = 0;
  const own = (text: string) => {
    workspace.open(sql, text, ++version);
    return shown({ [sql]: text }, workspace.diagnosisOf(sql)!.own).map((line) => line.split(':')[0]);
  };
  const both = (first: string, second: string) => sqlText.replace('sql on S1 {', `${first}\nsql on S1 {`).replace('sql on S2 {', `${second}\nsql on S2 {`);
  assert.deepEqual(own(both('// stamp-disable-next-line NLB005', '// stamp-disable-next-line AG003')), []);
  assert.deepEqual(own(both('// stamp-disable-next-line AG003', '// stamp-disable-next-line NLB005')), ['AG003 error "sql on S2"']);
  // A comment that names no rule (only a ticket) silences every rule of its line.
  assert.deepEqual(own(both('// nothing', '// stamp-disable-next-line ticket:OPS OPS-1')), []);
});

test('the diagnostics of a stamp come file by file, and in each file by position, then by end', () => {
  const files = [
    // a.stamp's hosts lie further down their file than b.stamp's: the file decides first.
    { uri: 'file:///s/a.stamp', text: 'import "b.stamp"\nhost HA1\nhost HA2\n' },
    { uri: 'file:///s/b.stamp', text: 'host HB1\nhost HB2\n' },
  ];
  const meta = { family: 'HV' as const, severity: 'warning' as const, seed: '—' as const, title: 'test rule', explanation: 'A rule for this test.', sources: [] };
  // Reports in an order unlike the result: b before a, a later position first, the longer of two ranges first.
  const scattered = defineRule({
    ...meta, id: 'HV905',
    check(model, report) {
      const host = (name: string) => model.hosts.find((each) => each.name === name)!.element;
      const head = headSpan(host('HB1'));
      report({ element: host('HB2'), message: 'b2' });
      report({ element: host('HA2'), message: 'a2' });
      report({ element: host('HB1'), message: 'b1 whole', span: head });
      report({ element: host('HB1'), message: 'b1 keyword', span: { start: head.start, end: head.start + 4 } });
      report({ element: host('HA1'), message: 'a1' });
    },
  });
  const messages = diagnose(analyze(files), emptyConfig, [scattered]).map((diagnostic) => `${diagnostic.uri.slice(-7)} ${diagnostic.message}`);
  assert.deepEqual(messages, ['a.stamp a1', 'a.stamp a2', 'b.stamp b1 keyword', 'b.stamp b1 whole', 'b.stamp b2']);
});

test('workspace folders: only file folders count, any of several, written with or without a final slash; links are not listed', () => {
  const fileSystem = new MemoryFileSystem();
  fileSystem.write('file:///one/a.stamp', 'host A\n');
  fileSystem.write('file:///two/b.stamp', 'host B\n');
  fileSystem.files.set('file:///two/link.stamp', { text: 'host L\n', mtimeMs: 1, kind: 'link' });
  fileSystem.files.set('file:///two/latin1.stamp', { text: '', mtimeMs: 1, bytes: Uint8Array.from([0x68, 0xe9, 0x0a]) });
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.setFolders(['file:///one/', 'file:///two', 'memfs:/three']);
  workspace.open('file:///one/new.stamp', 'host N\n', 1);
  workspace.open('file:///two/open.stamp', 'host O\n', 1);
  workspace.open('memfs:/three/c.stamp', 'host C\n', 1);
  assert.deepEqual(workspace.workspaceFileUris(), ['file:///one/a.stamp', 'file:///one/new.stamp', 'file:///two/b.stamp', 'file:///two/latin1.stamp', 'file:///two/open.stamp']);
  // A file that is refused (not UTF-8) is listed but not checked (no workspace symbols from it).
  assert.deepEqual(workspace.workspaceFiles().map((file) => file.uri), ['file:///one/a.stamp', 'file:///one/new.stamp', 'file:///two/b.stamp', 'file:///two/open.stamp']);
});

test('the workspace listing stops entering folders at 2,000 files, counted across its folders, and at 20 folders deep', () => {
  const fileSystem = new MemoryFileSystem();
  for (let index = 0; index < 1999; index++) fileSystem.write(`file:///big/f${String(index).padStart(4, '0')}.stamp`, 'host F\n');
  fileSystem.write('file:///small/a.stamp', 'host A\n');
  fileSystem.write('file:///small/z/deep.stamp', 'host Z\n');
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.setFolders(['file:///big', 'file:///small']);
  const listed = workspace.workspaceFileUris();
  assert.equal(listed.length, 2000);
  assert.deepEqual(listed.slice(-1), ['file:///small/a.stamp'], 'the folder being listed is listed to its end; no folder is entered after');
  const deep = new MemoryFileSystem();
  deep.write(`file:///d/${'l/'.repeat(20)}twenty.stamp`, 'host T\n');
  deep.write(`file:///d/${'l/'.repeat(21)}twentyone.stamp`, 'host T\n');
  const nested = new StampWorkspace(() => emptyConfig, deep);
  nested.setFolders(['file:///d']);
  assert.deepEqual(nested.workspaceFileUris(), [`file:///d/${'l/'.repeat(20)}twenty.stamp`]);
});

test('the folder walk the CLI uses: links when asked, dot-files kept, dot-folders and node_modules skipped, FIFOs and unreadable folders reported', () => {
  const fileSystem = new MemoryFileSystem();
  for (const path of ['a.stamp', '.dot.stamp', '.hidden/x.stamp', 'node_modules/n.stamp', 'notes.txt']) fileSystem.write(`file:///c/${path}`, 'host H\n');
  fileSystem.files.set('file:///c/link.stamp', { text: 'host L\n', mtimeMs: 1, kind: 'link' });
  fileSystem.files.set('file:///c/pipe.stamp', { text: '', mtimeMs: 1, kind: 'other' });
  fileSystem.files.set('file:///c/pipe.txt', { text: '', mtimeMs: 1, kind: 'other' });
  const skipped: string[] = [];
  const unreadable: string[] = [];
  const walk = (folder: string, includeLinks: boolean, skipDotFiles: boolean) => walkStampFiles(fileSystem, folder, {
    maxDepth: 5, maxFiles: 100, includeLinks, skipDotFiles, onSkipped: (uri) => skipped.push(uri), onUnreadable: (uri) => unreadable.push(uri),
  }).sort();
  assert.deepEqual(walk('file:///c', true, false), ['file:///c/.dot.stamp', 'file:///c/a.stamp', 'file:///c/link.stamp']);
  assert.deepEqual(skipped, ['file:///c/pipe.stamp']);
  skipped.length = 0;
  assert.deepEqual(walk('file:///c', false, true), ['file:///c/a.stamp']);
  assert.deepEqual(skipped, ['file:///c/pipe.stamp'], 'a link not taken is not reported as skipped');
  assert.deepEqual(walk('file:///nowhere', true, true), []);
  assert.deepEqual(unreadable, ['file:///nowhere']);
});

test('an untitled document (no file behind it) is analysed alone', () => {
  const workspace = new StampWorkspace(() => emptyConfig, new MemoryFileSystem());
  workspace.open('untitled:Untitled-1', 'host A\nhost A\n', 1);
  assert.deepEqual(codesOf(workspace, 'untitled:Untitled-1'), ['SCH005']);
});

test('outside a workspace folder, at most 200 .stamp files beside a document are considered (other files do not count)', () => {
  const stampOf = (fillers: number, extra: string[]) => {
    const fileSystem = new MemoryFileSystem();
    for (let index = 0; index < fillers; index++) fileSystem.write(`file:///n/a${String(index).padStart(3, '0')}.stamp`, `host F${index}\n`);
    for (const path of extra) fileSystem.write(`file:///n/${path}`, 'not a stamp');
    fileSystem.write('file:///n/zz.stamp', agText);
    const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
    workspace.open('file:///n/sql.stamp', sqlText, 1);
    return shown({ 'file:///n/sql.stamp': sqlText }, workspace.diagnosisOf('file:///n/sql.stamp')!.own);
  };
  assert.deepEqual(stampOf(200, []), [], 'zz.stamp is the 201st: not considered');
  assert.deepEqual(stampOf(199, ['b.txt']), [ag003], 'zz.stamp is the 200th: its availability group needs the login');
});

test('a file listed under another spelling than the open document\'s (a case-insensitive disk) is taken once, as the editor spells it', () => {
  class FoldingFileSystem extends MemoryFileSystem {
    override fold(uri: string): string {
      return uri.toLowerCase();
    }
  }
  const fileSystem = new FoldingFileSystem();
  fileSystem.write('file:///x/AG.stamp', agText);
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.open('file:///x/ag.stamp', agText, 1);
  workspace.open('file:///x/sql.stamp', sqlText, 1);
  const diagnosed = workspace.diagnosisOf('file:///x/sql.stamp')!;
  assert.deepEqual(diagnosed.document.analysis.files.map((file) => file.uri).sort(), ['file:///x/ag.stamp', 'file:///x/sql.stamp']);
  assert.deepEqual(shown({ 'file:///x/sql.stamp': sqlText }, diagnosed.own), [ag003]);
});

test('outside a workspace folder, an open document of another folder does not join the stamp, even if it imports the document', () => {
  const workspace = new StampWorkspace(() => emptyConfig, new MemoryFileSystem());
  workspace.open('file:///x/sql.stamp', sqlText, 1);
  workspace.open('file:///y/ag.stamp', agText.replace('import "sql.stamp"', 'import "../x/sql.stamp"'), 1);
  assert.deepEqual(workspace.diagnosisOf('file:///x/sql.stamp')!.own, []);
  assert.deepEqual(shown({ 'file:///x/sql.stamp': sqlText }, workspace.diagnosisOf('file:///y/ag.stamp')!.all.filter((diagnostic) => diagnostic.uri === 'file:///x/sql.stamp')), [ag003]);
});

test('two files that import the same refused file belong to one stamp', () => {
  const fileSystem = new MemoryFileSystem();
  fileSystem.files.set('file:///x/shared.stamp', { text: '', mtimeMs: 1, bytes: Uint8Array.from([0x68, 0xe9, 0x0a]) });
  fileSystem.write('file:///x/ag.stamp', agText.replace('import "sql.stamp"', 'import "shared.stamp"'));
  const text = `import "shared.stamp"\n${sqlText}`;
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.open('file:///x/sql.stamp', text, 1);
  assert.deepEqual(shown({ 'file:///x/sql.stamp': text }, workspace.diagnosisOf('file:///x/sql.stamp')!.own).map((line) => line.split(':')[0]), ['IMP001 error ""shared.stamp""', 'AG003 error "sql on S2"']);
});

test('the read policy at its edges: exactly the limit is read whole, a file grown past it since the stat or unreadable is refused, a BOM stays in the lossy text', () => {
  const fileSystem = new MemoryFileSystem();
  fileSystem.write('file:///r/ten.stamp', 'host ABCD\n');
  fileSystem.files.set('file:///r/grew.stamp', { text: 'host ABCDEFGH\n', mtimeMs: 1, statSize: 5 });
  fileSystem.files.set('file:///r/locked.stamp', { text: 'host A\n', mtimeMs: 1, unreadable: true });
  fileSystem.files.set('file:///r/bom.stamp', { text: '', mtimeMs: 1, bytes: Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('host '), 0xe9, 0x0a]) });
  const limits = { maxBytes: 10 };
  assert.deepEqual(readStampSource(fileSystem, 'file:///r/ten.stamp', limits), { kind: 'text', text: 'host ABCD\n', size: 10, mtimeMs: 1 });
  const reason = (uri: string) => {
    const read = readStampSource(fileSystem, uri, limits);
    return read.kind === 'refused' ? `${read.refusal.code}: ${read.refusal.reason}` : read.kind;
  };
  assert.match(reason('file:///r/grew.stamp'), /^FILE001: /);
  assert.equal(reason('file:///r/locked.stamp'), 'FILE003: unreadable');
  const bom = readStampSource(fileSystem, 'file:///r/bom.stamp');
  assert.ok(bom.kind === 'refused');
  assert.equal(bom.refusal.text, '\ufeffhost \ufffd\n');
  assert.equal(bom.refusal.text?.slice(bom.refusal.offset, bom.refusal.offset + 1), '\ufffd', 'the diagnostic sits on the character the editor shows');
});

test('the hover of a misplaced keyword names the element it is written in, and a property\'s hover its owner', () => {
  const { workspace } = crossWorkspace();
  const text = sqlText.replace('sql on S2 {\n', 'sql on S2 {\n  cluster_nic NIC1\n').replace('host S2', 'host S2 { nic NIC1 { dhcp no } }');
  workspace.open(sql, text, 1);
  const diagnosed = workspace.diagnosisOf(sql)!;
  const hover = (needle: string) => hoverAt(diagnosed.document, diagnosed.all, text.indexOf(needle) + 1)?.markdown ?? '';
  assert.equal(hover('cluster_nic').split('\n')[0], '`cluster_nic` is not allowed in `sql S2`; it belongs in `nlb`.');
  assert.equal(hover('dhcp').split('\n')[0], '`dhcp` is not allowed in `nic NIC1`; it belongs in `listener`.');
});

test('outside a workspace folder, the files beside a document are taken in name order, open ones included: the second declaration of a name is the duplicate', () => {
  const fileSystem = new MemoryFileSystem();
  fileSystem.write('file:///x/b.stamp', 'import "d.stamp"\nhost X\n');
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.open('file:///x/d.stamp', 'host D\n', 1);
  // a.stamp is open and not saved yet: it comes first all the same.
  workspace.open('file:///x/a.stamp', 'import "d.stamp"\nhost X\n', 1);
  assert.deepEqual(workspace.diagnosisOf('file:///x/d.stamp')!.all.map((diagnostic) => `${diagnostic.uri.split('/').pop()} ${diagnostic.code}`), ['b.stamp SCH005']);
});

test('a folder that lists its files in another order gives the same findings on the same files: the duplicate name is the second in the stamp\'s order', () => {
  // a.stamp and c.stamp import d.stamp and both declare host X, so a.stamp comes first (roots in name order) and c.stamp's
  // X is the duplicate; b.stamp imports c.stamp. A folder need not list by name (FAT, network shares, some FUSE drives).
  const texts: Record<string, string> = {
    'file:///x/a.stamp': 'import "d.stamp"\nhost X\n',
    'file:///x/b.stamp': 'import "c.stamp"\nhost B\n',
    'file:///x/c.stamp': 'import "d.stamp"\nhost X\n',
    'file:///x/d.stamp': 'host D\n',
  };
  const findings = (listing: MemoryFileSystem['listing'], open: string) => {
    const fileSystem = new MemoryFileSystem();
    fileSystem.listing = listing;
    for (const [uri, text] of Object.entries(texts)) fileSystem.write(uri, text);
    const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
    workspace.open(open, texts[open], 1);
    return workspace.diagnosisOf(open)!.all.map((diagnostic) => `${diagnostic.uri.split('/').pop()} ${shown(texts, [diagnostic])[0]}`);
  };
  const duplicate = 'c.stamp SCH005 error "X": Host `X` is declared twice; the first declaration is on line 2 of a.stamp.';
  for (const open of Object.keys(texts)) {
    const byName = findings('by name', open);
    assert.deepEqual(findings('reversed', open), byName, `${open} open`);
    // Every file of the stamp sees the duplicate on c.stamp.
    assert.deepEqual(byName, [duplicate], `${open} open`);
  }
});

test('the action that adds every missing login of a group finds the group\'s AG003 findings by their data', () => {
  const { workspace } = crossWorkspace();
  workspace.open(sql, sqlText, 1);
  assert.deepEqual(missingLoginActions(workspace.diagnosisOf(sql)!).map((action) => [action.title, action.edits.length]), [['Add all missing logins of availability group AG1', 1]]);
});

test('an edit of the space between tokens carries the rules\' findings over at their new offsets; an edit of a value runs the rules', () => {
  // The carried findings must be what the rules would find; that the rules did not run shows in the configuration,
  // which only a rule run consults.
  const fileSystem = new MemoryFileSystem();
  fileSystem.write('file:///x/ag.stamp', agText);
  let consulted = 0;
  const workspace = new StampWorkspace(() => {
    consulted++;
    return emptyConfig;
  }, fileSystem);
  const uri = 'file:///x/sql.stamp';
  workspace.open(uri, sqlText, 1);
  assert.deepEqual(shown({ [uri]: sqlText }, workspace.diagnosisOf(uri)!.own), [ag003]);
  const spaced = sqlText.replace('host S2\n', 'host   S2  \n');
  workspace.change(uri, spaced, 2);
  const before = consulted;
  const carried = workspace.diagnosisOf(uri)!;
  assert.equal(consulted, before, 'the rules ran again after a space edit');
  const fresh = new StampWorkspace(() => emptyConfig, fileSystem);
  fresh.open(uri, spaced, 1);
  assert.deepEqual(JSON.stringify(carried.all), JSON.stringify(fresh.diagnosisOf(uri)!.all));
  assert.deepEqual(shown({ [uri]: spaced }, carried.own), [ag003]);
  workspace.change(uri, spaced.replace('host   S2', 'host   S3'), 3);
  workspace.diagnosisOf(uri);
  assert.ok(consulted > before, 'a changed name did not run the rules');
});

/** The diagnostics of a document as a workspace that never saw an earlier version would give them. */
function fromScratch(fileSystem: MemoryFileSystem, texts: Record<string, string>, uri: string, config: RuleConfig = emptyConfig): string {
  const fresh = new StampWorkspace(() => config, fileSystem);
  for (const [each, text] of Object.entries(texts)) fresh.open(each, text, 1);
  return JSON.stringify(fresh.diagnosisOf(uri)!.all);
}

/** A workspace outside any folder, with a count of the rule runs (only a rule run reads the configuration). */
function countingWorkspace(config: () => RuleConfig = () => emptyConfig) {
  const fileSystem = new MemoryFileSystem();
  const counter = { runs: 0 };
  const workspace = new StampWorkspace(() => {
    counter.runs++;
    return config();
  }, fileSystem);
  return { fileSystem, workspace, counter };
}

const sqlFixedText = sqlText.replace('sql on S2 {\n', 'sql on S2 {\n  login "CORP\\svc_app" { type windows }\n');

test('a space edit in one open file carries the findings of the files that read it; two such edits before they are asked again, too', () => {
  const { fileSystem, workspace, counter } = countingWorkspace();
  const a = 'file:///x/ag.stamp';
  const s = 'file:///x/sql.stamp';
  workspace.open(a, agText, 1);
  workspace.open(s, sqlText, 1);
  assert.deepEqual(shown({ [s]: sqlText }, workspace.diagnosisOf(a)!.all), [ag003]);
  const spaced = sqlText.replace('host S2\n', 'host   S2\n');
  assert.deepEqual(workspace.change(s, spaced, 2), [a]);
  let runs = counter.runs;
  const carried = workspace.diagnosisOf(a)!;
  assert.equal(counter.runs, runs, 'ag.stamp\'s rules ran again after a space edit in sql.stamp');
  assert.equal(JSON.stringify(carried.all), fromScratch(fileSystem, { [a]: agText, [s]: spaced }, a));
  assert.deepEqual(shown({ [s]: spaced }, carried.all), [ag003]);
});

test('space edits of two files a document reads, before it is asked again: its findings are carried from its last diagnosis', () => {
  const { fileSystem, workspace, counter } = countingWorkspace();
  const a = 'file:///x/ag.stamp';
  const s = 'file:///x/sql.stamp';
  const e = 'file:///x/extra.stamp';
  const aText = agText.replace('import "sql.stamp"', 'import "sql.stamp"\nimport "extra.stamp"');
  workspace.open(a, aText, 1);
  workspace.open(s, sqlText, 1);
  workspace.open(e, 'host X\n', 1);
  assert.deepEqual(shown({ [s]: sqlText }, workspace.diagnosisOf(a)!.all), [ag003]);
  const spaced = sqlText.replace('host S2\n', 'host   S2\n');
  assert.deepEqual(workspace.change(s, spaced, 2), [a]);
  assert.deepEqual(workspace.change(e, 'host  X\n', 2), [a]);
  const runs = counter.runs;
  const carried = workspace.diagnosisOf(a)!;
  assert.equal(counter.runs, runs, 'the second space edit ran the rules');
  assert.equal(JSON.stringify(carried.all), fromScratch(fileSystem, { [a]: aText, [s]: spaced, [e]: 'host  X\n' }, a));
});

test('findings carried over are never those of an earlier meaning: a hover between edits, a value edit after a space edit', () => {
  const { fileSystem, workspace } = countingWorkspace();
  const a = 'file:///x/ag.stamp';
  const s = 'file:///x/sql.stamp';
  workspace.open(a, agText, 1);
  workspace.open(s, sqlText, 1);
  assert.deepEqual(shown({ [s]: sqlText }, workspace.diagnosisOf(a)!.all), [ag003]);
  // sql.stamp gets the missing login (a change of meaning); ag.stamp is analysed for a hover, not diagnosed; then
  // ag.stamp gets a space edit: its diagnosis is of the fixed design, not the one before the login.
  workspace.change(s, sqlFixedText, 2);
  assert.ok(workspace.analysisOf(a));
  const spaced = agText.replace('availability_group AG1', 'availability_group   AG1');
  workspace.change(a, spaced, 2);
  assert.deepEqual(workspace.diagnosisOf(a)!.all, []);
  assert.equal(JSON.stringify(workspace.diagnosisOf(a)!.all), fromScratch(fileSystem, { [a]: spaced, [s]: sqlFixedText }, a));

  // One document: diagnosed, a space edit analysed for a hover only, then a value edit: the value edit's findings.
  const uri = 'file:///y/sql.stamp';
  fileSystem.write('file:///y/ag.stamp', agText);
  workspace.open(uri, sqlText, 1);
  assert.deepEqual(shown({ [uri]: sqlText }, workspace.diagnosisOf(uri)!.own), [ag003]);
  workspace.change(uri, sqlText.replace('host S2\n', 'host  S2\n'), 2);
  assert.ok(workspace.analysisOf(uri));
  const valued = sqlFixedText.replace('host S2\n', 'host  S2\n');
  workspace.change(uri, valued, 3);
  assert.deepEqual(workspace.diagnosisOf(uri)!.own, []);
  assert.equal(JSON.stringify(workspace.diagnosisOf(uri)!.all), fromScratch(fileSystem, { [uri]: valued }, uri));
});

test('findings are carried over a space edit only under the configuration they were found with', () => {
  let config: RuleConfig = emptyConfig;
  const { fileSystem, workspace, counter } = countingWorkspace(() => config);
  fileSystem.write('file:///x/ag.stamp', agText);
  const uri = 'file:///x/sql.stamp';
  const off = validateRules({ AG003: 'off' }).config;
  workspace.open(uri, sqlText, 1);
  assert.deepEqual(shown({ [uri]: sqlText }, workspace.diagnosisOf(uri)!.own), [ag003]);
  // The configuration changes after the diagnosis, before a space edit: the rules run under the new one.
  config = off;
  workspace.configurationChanged();
  const spaced = sqlText.replace('host S2\n', 'host   S2\n');
  workspace.change(uri, spaced, 2);
  let runs = counter.runs;
  assert.deepEqual(workspace.diagnosisOf(uri)!.own, []);
  assert.ok(counter.runs > runs, 'the rules did not run under the new configuration');
  // A space edit analysed (a hover) before the configuration changes back: its carried findings are dropped.
  const again = spaced.replace('host   S2', 'host    S2');
  workspace.change(uri, again, 3);
  assert.ok(workspace.analysisOf(uri));
  config = emptyConfig;
  workspace.configurationChanged();
  runs = counter.runs;
  assert.deepEqual(shown({ [uri]: again }, workspace.diagnosisOf(uri)!.own), [ag003]);
  assert.ok(counter.runs > runs);
});

test('a large stamp\'s complete diagnosis is carried over a space edit whole, the slow rules\' findings included', () => {
  const { workspace } = crossWorkspace();
  const big = 'file:///w/big.stamp';
  const text = largeStamp(3100);
  workspace.open(big, text, 1);
  assert.equal(workspace.diagnosisOf(big)!.complete, false);
  const slow: Diagnostic = { uri: big, start: 0, end: 3, severity: 'warning', code: 'SPOF001', message: 'found in steps' };
  const complete = workspace.completeDiagnosisOf(big, [slow])!;
  const spaced = text.replace('host C1H1', 'host  C1H1');
  workspace.change(big, spaced, 2);
  const carried = workspace.diagnosisOf(big)!;
  assert.equal(carried.document.version, 2);
  assert.equal(carried.complete, true, 'the slow rules would run again');
  // Every finding at its new place: the same text underlined, the same message.
  assert.deepEqual(shown({ [big]: spaced }, carried.all), shown({ [big]: text }, complete.all));
  assert.equal(carried.all.length, complete.all.length);
  assert.deepEqual(carried.rules.filter((diagnostic) => diagnostic.code === 'SPOF001'), [slow]);
  // A finding with an end between two spaces that an edit changes has no place in the new text: nothing is carried, the
  // fast rules run again, and the slow ones wait for the next request.
  const valued = spaced.replace('os 2016', 'os 2019');
  workspace.change(big, valued, 3);
  const between = valued.indexOf('host  C1H1') + 5;
  const lost: Diagnostic = { uri: big, start: 0, end: between, severity: 'warning', code: 'SPOF001', message: 'ends between two spaces' };
  assert.equal(workspace.completeDiagnosisOf(big, [lost])!.complete, true);
  workspace.change(big, valued.replace('host  C1H1', 'host   C1H1'), 4);
  const fast = workspace.diagnosisOf(big)!;
  assert.equal(fast.complete, false);
  assert.deepEqual(fast.all.filter((diagnostic) => diagnostic.code === 'SPOF001'), []);
});

test('after a value edit each statement has its meaning: the hover of a renamed host names it', () => {
  const { workspace } = countingWorkspace();
  const uri = 'file:///x/hosts.stamp';
  const text = 'host S1 { os 2012 }\nhost S2 { os 2012 }\n';
  workspace.open(uri, text, 1);
  workspace.diagnosisOf(uri);
  const renamed = text.replace('host S2', 'host S3');
  workspace.change(uri, renamed, 2);
  const diagnosed = workspace.diagnosisOf(uri)!;
  assert.match(hoverAt(diagnosed.document, diagnosed.all, renamed.indexOf('S3') + 1)?.markdown ?? '', /S3/);
  assert.equal(diagnosed.document.statements.elementOf.size, 2);
  assert.deepEqual([...diagnosed.document.statements.elementOf.values()].map((element) => element.name), ['S1', 'S3']);
});

test('a refused open document still converts offsets to positions: FILE002 at line 2, character 5', () => {
  const fileSystem = new MemoryFileSystem();
  const uri = 'file:///w/latin1.stamp';
  fileSystem.files.set(uri, { text: '', mtimeMs: 1, bytes: Uint8Array.from([...Buffer.from('host A\nhost '), 0xe9, 0x0a]) });
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.open(uri, 'host A\nhost \ufffd\n', 1);
  const diagnosed = workspace.diagnosisOf(uri)!;
  assert.deepEqual(diagnosed.own.map((diagnostic) => [diagnostic.code, diagnosed.document.lines.positionAt(diagnostic.start)]), [['FILE002', { line: 1, character: 5 }]]);
  // Above the size limit: the document is not analysed, its FILE001 still has a place.
  workspace.setLimits({ maxBytes: 5 });
  const large = workspace.diagnosisOf(uri)!;
  assert.deepEqual(large.own.map((diagnostic) => [diagnostic.code, large.document.lines.positionAt(diagnostic.end)]), [['FILE001', { line: 0, character: 0 }]]);
  assert.equal(large.document.lines.positionAt(12).line, 1);
});

test('a version\'s U+FFFD refusal is judged once: the file fixed on disk changes it only with the next version', () => {
  const fileSystem = new MemoryFileSystem();
  const uri = 'file:///w/latin1.stamp';
  fileSystem.files.set(uri, { text: '', mtimeMs: 1, bytes: Uint8Array.from([...Buffer.from('host A\nhost '), 0xe9, 0x0a]) });
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.setFolders(['file:///w']);
  const text = 'host A\nhost \ufffd\n';
  workspace.open(uri, text, 1);
  assert.equal(workspace.refusalOf(uri)?.code, 'FILE002');
  assert.deepEqual(workspace.workspaceFiles().map((file) => file.uri), [], 'a refused document has no symbols');
  fileSystem.write(uri, 'host A\nhost B\n');
  assert.equal(workspace.refusalOf(uri)?.code, 'FILE002', 'the same version, the same answer as its diagnostics');
  assert.deepEqual(workspace.workspaceFiles().map((file) => file.uri), []);
  workspace.change(uri, text, 2);
  assert.equal(workspace.refusalOf(uri), undefined);
  assert.deepEqual(workspace.workspaceFiles().map((file) => file.uri), [uri]);
});

test('the open document as the editor last sent it, and none once closed', () => {
  const { workspace } = crossWorkspace();
  workspace.open(ag, agText, 1);
  workspace.change(ag, `${agText}\n`, 4);
  assert.deepEqual(workspace.document(ag), { uri: ag, text: `${agText}\n`, version: 4 });
  workspace.close(ag);
  assert.equal(workspace.document(ag), undefined);
});

test('a file that starts importing an open document never analysed yet names it for validation', () => {
  const fileSystem = new MemoryFileSystem();
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.open('file:///x/a.stamp', sqlText, 1);
  workspace.open('file:///x/b.stamp', 'host OTHER\n', 1);
  assert.deepEqual(workspace.change('file:///x/b.stamp', agText.replace('import "sql.stamp"', 'import "a.stamp"'), 2), ['file:///x/a.stamp']);
});

/** A file system that fails as the stamp is located, as a bug or an input beyond a bound would make the analysis fail. */
class FailingFileSystem extends MemoryFileSystem {
  override locate(): ReturnType<MemoryFileSystem['locate']> {
    throw new Error('the file system fell over');
  }
}

test('an analysis that fails gives one INTERNAL error and the file analysed alone; if that fails too, the INTERNAL error alone', () => {
  const workspace = new StampWorkspace(() => emptyConfig, new FailingFileSystem());
  const logged: string[] = [];
  workspace.onInternalError = (what, error) => logged.push(`${what}: ${(error as Error).message}`);
  const uri = 'file:///w/doc.stamp';
  const text = 'host A { os 2012 }\nhost A { os 2012 }\n';
  workspace.open(uri, text, 1);
  assert.deepEqual(shown({ [uri]: text }, workspace.diagnosisOf(uri)!.own), [
    'INTERNAL error "": Stamp could not analyse this file with the rest of its stamp (internal error: the file system fell over); it is analysed alone. Details are in the Stamp output channel.',
    'SCH005 error "A": Host `A` is declared twice; the first declaration is on line 1.',
  ]);
  // The language core fails on the file too (fault injection: its checked files cannot be had).
  workspace.change(uri, `${text}\n`, 2);
  (workspace as unknown as { checkedFiles: { get(): never } }).checkedFiles = {
    get() {
      throw new TypeError('no checked file');
    },
  };
  assert.deepEqual(shown({ [uri]: `${text}\n` }, workspace.diagnosisOf(uri)!.own), [
    'INTERNAL error "host A { os 2012 }": Stamp could not analyse this file (internal error: TypeError: no checked file). Details are in the Stamp output channel.',
  ]);
  assert.deepEqual(logged, [
    'Analysing the stamp of file:///w/doc.stamp v1 failed: the file system fell over',
    'Analysing the stamp of file:///w/doc.stamp v2 failed: the file system fell over',
    'Analysing file:///w/doc.stamp v2 alone failed: no checked file',
  ]);
});

test('a workspace folder that cannot be read lists no files and stops nothing', () => {
  const fileSystem = new MemoryFileSystem();
  fileSystem.write('file:///w/a.stamp', 'host A\n');
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.setFolders(['file:///gone', 'file:///w']);
  assert.deepEqual(workspace.workspaceFileUris(), ['file:///w/a.stamp']);
});

test('an import of a file whose extension is written in capitals reads that file, as the import policy allows', () => {
  const fileSystem = new MemoryFileSystem();
  fileSystem.write('file:///w/B.STAMP', 'host B\n');
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  const uri = 'file:///w/a.stamp';
  const text = 'import "B.STAMP"\nvm V on B\n';
  workspace.open(uri, text, 1);
  const diagnosed = workspace.diagnosisOf(uri)!;
  assert.deepEqual(shown({ [uri]: text }, diagnosed.own), []);
  assert.deepEqual(diagnosed.document.analysis.files.map((file) => file.uri), [uri, 'file:///w/B.STAMP']);
});

test('a document\'s stamp considers at most 2,000 workspace files: an importer listed past them does not join it', () => {
  const fileSystem = new MemoryFileSystem();
  for (let index = 0; index < 2000; index++) fileSystem.write(`file:///w/big/f${String(index).padStart(4, '0')}.stamp`, 'host F\n');
  fileSystem.write('file:///w/big/f2000.stamp', 'import "../doc/main.stamp"\nhost H\n');
  const workspace = new StampWorkspace(() => emptyConfig, fileSystem);
  workspace.setFolders(['file:///w']);
  const main = 'file:///w/doc/main.stamp';
  workspace.open(main, 'host H\n', 1);
  assert.equal(workspace.workspaceFileUris().length, 2002, 'the folder being listed is listed to its end');
  const diagnosed = workspace.diagnosisOf(main)!;
  assert.deepEqual(diagnosed.all, []);
  assert.deepEqual(diagnosed.document.analysis.files.map((file) => file.uri), [main]);
});
