// The server's document store in-process (server/src/analysis): what it publishes for open and unopened files of a
// stamp, when an analysis is stale, the configuration's severities and problems, suppression comments, the read policy
// and the debounce; over a file system in memory, so mutation testing sees which tests cover the analysis layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../grammar/src/diagnostic.js';
import { emptyConfig, mergeConfigs, parseConfigFile, validateRules, type RuleConfig } from '../server/src/analysis/config.js';
import type { FileStat, FolderEntry, StampFileSystem } from '../server/src/analysis/file-system.js';
import { readLimitsOf, readStampSource } from '../server/src/analysis/read-policy.js';
import { StampWorkspace } from '../server/src/analysis/workspace.js';

/** Files and folders in memory, by URI; folders are implied by the files' paths. */
class MemoryFileSystem implements StampFileSystem {
  readonly files = new Map<string, { text: string; mtimeMs: number; kind?: FileStat['kind']; what?: string; bytes?: Uint8Array }>();
  readonly reads: string[] = [];

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
    if (!file || (file.kind ?? 'file') !== 'file') return undefined;
    return this.bytesOf(uri)!.subarray(0, maxBytes);
  }
  stat(uri: string): FileStat | undefined {
    const file = this.files.get(uri);
    if (file) return { kind: file.kind ?? 'file', size: this.bytesOf(uri)!.length, mtimeMs: file.mtimeMs, ...(file.what ? { what: file.what } : {}) };
    return [...this.files.keys()].some((other) => other.startsWith(`${uri}/`)) ? { kind: 'folder', size: 0, mtimeMs: 0 } : undefined;
  }
  readFolder(uri: string): FolderEntry[] {
    const entries = new Map<string, FolderEntry>();
    for (const other of this.files.keys()) {
      if (!other.startsWith(`${uri}/`)) continue;
      const [name, ...rest] = other.slice(uri.length + 1).split('/');
      entries.set(name, { name, uri: `${uri}/${name}`, kind: rest.length > 0 ? 'folder' : (this.files.get(other)!.kind === 'other' ? 'other' : 'file') });
    }
    if (entries.size === 0) throw new Error(`ENOENT: ${uri}`);
    return [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
  locate(uri: string) {
    const folderUri = uri.slice(0, uri.lastIndexOf('/'));
    return { folderUri, key: uri, folderKey: folderUri };
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
    assert.deepEqual(parseConfigFile(notObject).problems.map((problem) => problem.message), ['stamp.config.json must contain a JSON object with a `rules` object.'], notObject);
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
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(ran, [`${ag} v1`, `${ag} v2`], 'the newer change replaced the pending validation');
  workspace.scheduleValidation(ag, 20, validate);
  workspace.change(ag, agText, 3);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(ran, [`${ag} v1`, `${ag} v2`], 'a stale version is skipped');
  workspace.scheduleValidation(ag, 20, validate);
  workspace.close(ag);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(ran.length, 2, 'closing cancels');
});
