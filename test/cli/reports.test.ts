// Machine-readable reports of `stamp check`: SARIF validates against SARIF 2.1.0 and carries what code scanning shows; JSON follows its own schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { installedFile, repoRoot } from '../support/paths.js';
import { runStampHere } from './run-cli.js';

// The OASIS SARIF 2.1.0 schema (draft-04 JSON Schema), as shipped by Microsoft's @microsoft/jest-sarif package.
const schemaPath = installedFile('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function validator(): (log: unknown) => string[] {
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));
}

async function sarifOf(args: string[]): Promise<Sarif.Log> {
  const result = await runStampHere(['check', ...args, '--format', 'sarif']);
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return JSON.parse(result.stdout) as Sarif.Log;
}

describe('SARIF output', () => {
  const validate = validator();

  it('the schema validator rejects a log that breaks the schema', () => {
    assert.notDeepEqual(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal' }] }] }), []);
  });

  for (const [name, args] of [
    ['the example', ['examples/hypervnu-lab.stamp']],
    ['a design with problems', ['test/cli-inputs/problems']],
    ['a clean stamp split over imports', ['test/cli-inputs/imports']],
  ] as const) {
    it(`is valid SARIF 2.1.0 for ${name}`, async () => {
      assert.deepEqual(validate(await sarifOf([...args])), []);
    });
  }

  it('the JSON report follows its documented schema (docs/stamp-check-report.schema.json)', async () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'docs', 'stamp-check-report.schema.json'), 'utf8')));
    for (const args of [['examples/hypervnu-lab.stamp'], ['test/cli-inputs/problems'], ['test/cli-inputs/imports', 'test/cli-inputs/missing-import']]) {
      const result = await runStampHere(['check', ...args, '--format', 'json']);
      const report = JSON.parse(result.stdout);
      assert.ok(validate(report), `${args.join(' ')}: ${ajv.errorsText(validate.errors)}`);
    }
    assert.ok(!validate({ version: 1, tool: { name: 'stamp', version: '1' }, files: [{ path: 'a', diagnostics: [{ code: 'X', severity: 'fatal', message: '', range: {} }] }], summary: {} }));
  });

  it('describes the tool and each rule that produced a result', async () => {
    const log = await sarifOf(['test/cli-inputs/problems']);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'stamp');
    assert.equal(driver.version, JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
    const ag001 = driver.rules?.find((rule) => rule.id === 'AG001');
    assert.ok(ag001, 'AG001 fires in the input and is described');
    assert.equal(ag001.defaultConfiguration?.level, 'error');
    assert.ok(ag001.shortDescription?.text, 'a short description');
    assert.ok(ag001.fullDescription?.text && ag001.fullDescription.text.length > 80, 'the explanation as full description');
    assert.match(ag001.help?.markdown ?? '', /\*\*Fix:\*\*/);
    assert.match(ag001.helpUri ?? '', /^https:\/\//);
    const ids = driver.rules?.map((rule) => rule.id) ?? [];
    assert.equal(new Set(ids).size, ids.length, 'each rule is described once');
    for (const result of log.runs[0].results ?? []) assert.equal(driver.rules?.[result.ruleIndex!].id, result.ruleId, 'ruleIndex points at the rule');
  });

  it('locates results with relative paths and 1-based regions, and maps severities to levels', async () => {
    const log = await sarifOf(['test/cli-inputs/problems']);
    const results = log.runs[0].results ?? [];
    const syntax = results.find((result) => result.ruleId === 'SYN001');
    assert.ok(syntax);
    assert.equal(syntax.level, 'error');
    assert.deepEqual(syntax.locations?.[0].physicalLocation?.artifactLocation?.uri, 'test/cli-inputs/problems/problems.stamp');
    assert.deepEqual(syntax.locations?.[0].physicalLocation?.region, { startLine: 29, startColumn: 11, endLine: 29, endColumn: 12 });
    assert.ok(results.some((result) => result.level === 'warning'), 'warnings are warnings');
    const example = (await sarifOf(['examples/hypervnu-lab.stamp'])).runs[0].results ?? [];
    assert.deepEqual(example.filter((result) => result.ruleId === 'NLB005').map((result) => result.level), ['note', 'note'], 'infos are notes');
  });
});
