// The SARIF report's rule descriptors and results as a code-scanning service shows them: the names and descriptions of
// the core codes (syntax, schema, imports, refused files, drift, internal errors), a catalog rule's identifier, its help
// text and markdown, and a result's fixes only when it has some.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
import { LineIndex } from '../../grammar/src/text.js';
import { formatSarifReport } from '../../cli/src/report-sarif.js';
import { allRules } from '../../server/src/rules/registry.js';
import { runStampHere } from './run-cli.js';

function withFolder<T>(files: Record<string, string | Buffer>, body: (folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), 'stamp-report-sarif-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return body(folder).finally(() => rmSync(folder, { recursive: true, force: true }));
}

async function sarifIn(folder: string, args: string[]): Promise<Sarif.Log> {
  const result = await runStampHere(['check', ...args, '--format', 'sarif'], { cwd: folder });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return JSON.parse(result.stdout) as Sarif.Log;
}

/** `ID name: short description` for each rule of the run's driver. */
function ruleLines(log: Sarif.Log): string[] {
  return (log.runs[0].tool.driver.rules ?? []).map((rule) => `${rule.id} ${rule.name}: ${rule.shortDescription?.text}`);
}

/** A one-file check report with one diagnostic per code, as `stamp check` would build it. */
function reportWith(codes: readonly string[]): string {
  const path = join(tmpdir(), 'stamp-report-sarif-codes.stamp');
  const uri = pathToFileURL(path).href;
  const text = 'host A\n';
  const diagnostics: Diagnostic[] = codes.map((code) => ({ uri, start: 0, end: 4, severity: 'error', code, message: `${code} here` }));
  return formatSarifReport({ files: [{ path, shownPath: 'codes.stamp', text, lines: new LineIndex(text), diagnostics }], skipped: [], summary: { errors: codes.length, warnings: 0, infos: 0, files: 1 }, cwd: tmpdir() });
}

describe('SARIF report: the core codes', () => {
  it('names and describes every core code for what it is', () => {
    const log = JSON.parse(reportWith(['SYN001', 'SCH002', 'IMP001', 'IMP002', 'FILE001', 'FILE002', 'FILE003', 'DRIFT001', 'DRIFT002', 'DRIFT003', 'INTERNAL'])) as Sarif.Log;
    assert.deepEqual(ruleLines(log), [
      'SYN001 SyntaxError: The text does not follow the .stamp syntax.',
      'SCH002 SchemaError: A statement does not fit the .stamp schema, or a name does not resolve.',
      'IMP001 UnreadableImport: An imported .stamp file cannot be read.',
      'IMP002 ImportCycle: Imports form a cycle.',
      'FILE001 FileTooLarge: The file is larger than the size limit and is not analysed.',
      'FILE002 NotUtf8: The file is not valid UTF-8 and is not analysed.',
      'FILE003 NotARegularFile: The file is not a regular file, or cannot be read.',
      'DRIFT001 MissingFromEstate: The design has an element the running estate lacks.',
      'DRIFT002 MissingFromDesign: The running estate has an element the design lacks.',
      'DRIFT003 PropertyDrift: A property differs between the design and the running estate.',
      'INTERNAL InternalError: The checker failed on this file.',
    ]);
    assert.deepEqual(
      log.runs[0].results?.map((result) => `${result.ruleIndex} ${result.ruleId} ${result.level} ${result.message.text}`),
      ['0 SYN001 error SYN001 here', '1 SCH002 error SCH002 here', '2 IMP001 error IMP001 here', '3 IMP002 error IMP002 here', '4 FILE001 error FILE001 here', '5 FILE002 error FILE002 here', '6 FILE003 error FILE003 here', '7 DRIFT001 error DRIFT001 here', '8 DRIFT002 error DRIFT002 here', '9 DRIFT003 error DRIFT003 here', '10 INTERNAL error INTERNAL here'],
    );
  });

  it('describes a rule once however many results it has', () => {
    const log = JSON.parse(reportWith(['SCH001', 'SCH001'])) as Sarif.Log;
    assert.deepEqual(ruleLines(log), ['SCH001 SchemaError: A statement does not fit the .stamp schema, or a name does not resolve.']);
    assert.deepEqual(log.runs[0].results?.map((result) => result.ruleIndex), [0, 0]);
  });

  it('reports a missing import and a file importing itself found by `stamp check` with their names', async () => {
    await withFolder(
      {
        'a.stamp': 'import "a.stamp"\nimport "gone.stamp"\nhost A { os 2019 }\n',
      },
      async (folder) => {
        const log = await sarifIn(folder, ['a.stamp']);
        const lines = ruleLines(log);
        assert.ok(lines.includes('IMP001 UnreadableImport: An imported .stamp file cannot be read.'), lines.join('\n'));
        assert.ok(lines.includes('IMP002 ImportCycle: Imports form a cycle.'), lines.join('\n'));
      },
    );
  });
});

describe('SARIF report: catalog rules', () => {
  it('every catalog rule cites a source and has a title with a word, which the rule descriptors rely on', () => {
    for (const rule of allRules) {
      assert.ok(rule.sources.length > 0, `${rule.id} cites no source`);
      assert.match(rule.title, /[A-Za-z0-9]/, rule.id);
    }
  });

  it('turns a title ending in punctuation into an identifier, and gives the help with the fix and the sources', async () => {
    await withFolder(
      {
        'cap.stamp': [
          'stamp capacity { windows 2012R2 }',
          'host A1 { memory 64GB }',
          'host A2 { memory 64GB }',
          'host A3 { memory 64GB }',
          'cluster TIGHT { kind hyperv; nodes A1, A2, A3; witness none; csv V1 }',
          'vm T1 on TIGHT { memory 48GB; storage csv V1 }',
          'vm T2 on TIGHT { memory 48GB; storage csv V1 }',
          'vm T3 on TIGHT { memory 48GB; storage csv V1 }',
          '',
        ].join('\n'),
      },
      async (folder) => {
        const log = await sarifIn(folder, ['cap.stamp']);
        const rule = log.runs[0].tool.driver.rules?.find((entry) => entry.id === 'CAP001');
        assert.ok(rule, ruleLines(log).join('\n'));
        // "A Hyper-V cluster must restart every VM after losing any one node (N+1)": words only, each capitalised.
        assert.equal(rule.name, 'AHyperVClusterMustRestartEveryVmAfterLosingAnyOneNodeN1');
        assert.equal(rule.shortDescription?.text, 'A Hyper-V cluster must restart every VM after losing any one node (N+1)');
        const cap001 = allRules.find((entry) => entry.id === 'CAP001')!;
        const sources = cap001.sources.map((source) => `- ${source.label}${source.url ? ` (${source.url})` : ''}`).join('\n');
        assert.equal(rule.help?.text, `${cap001.explanation}${cap001.fix ? `\n\nFix: ${cap001.fix}` : ''}\n\nSources:\n${sources}`);
        assert.match(rule.help?.markdown ?? '', /^\*\*CAP001: A Hyper-V cluster must restart every VM after losing any one node \(N\+1\)\*\*\n\n/);
        assert.match(rule.help?.markdown ?? '', /\n\n\*\*Sources:\*\*\n\n- /);
        assert.equal(rule.defaultConfiguration?.level, 'warning');
        const result = log.runs[0].results?.find((entry) => entry.ruleId === 'CAP001');
        assert.ok(result);
        assert.equal(result.fixes, undefined, 'CAP001 has no quick fix, so its result has no fixes');
        assert.equal(result.relatedLocations, undefined);
      },
    );
  });
});
