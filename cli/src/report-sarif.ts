// The SARIF 2.1.0 report of `stamp check`, for code-scanning services (GitHub, Azure DevOps) and SARIF viewers.
import type * as Sarif from 'sarif';
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
import { ruleById } from '../../server/src/rules/registry.js';
import type { Rule } from '../../server/src/rules/rule.js';
import type { CheckReport } from './report.js';
import { PlaceResolver, type OneBasedRange } from './positions.js';
import { packageHomepage, packageVersion } from './version.js';

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Builds the SARIF log of a check report: one run, the rules that produced results, one result per diagnostic. */
export function buildSarifLog(report: CheckReport): Sarif.Log {
  const places = new PlaceResolver(report);
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndexes = new Map<string, number>();
  const results: Sarif.Result[] = [];
  for (const file of report.files) {
    for (const diagnostic of file.diagnostics) {
      let ruleIndex = ruleIndexes.get(diagnostic.code);
      if (ruleIndex === undefined) {
        ruleIndex = rules.length;
        ruleIndexes.set(diagnostic.code, ruleIndex);
        rules.push(describeRule(diagnostic.code, ruleById(diagnostic.code)));
      }
      results.push(buildResult(diagnostic, ruleIndex, places));
    }
  }
  return {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'stamp',
            version: packageVersion,
            semanticVersion: packageVersion,
            // Absent when package.json names no home page: JSON leaves out an undefined field.
            informationUri: packageHomepage,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarifReport(report: CheckReport): string {
  return `${JSON.stringify(buildSarifLog(report), null, 2)}\n`;
}

/** SARIF's name for a severity; infos and hints are notes. */
export function sarifLevel(severity: Diagnostic['severity']): Sarif.ReportingConfiguration.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** A rule's reporting descriptor: catalog rules carry their explanation, fix and sources; core codes a short text. */
function describeRule(code: string, rule: Rule | undefined): Sarif.ReportingDescriptor {
  if (!rule) {
    return { id: code, name: coreCodeName(code), shortDescription: { text: coreCodeDescription(code) } };
  }
  const helpUri = rule.sources.find((source) => source.url)?.url;
  const sourcesText = rule.sources.map((source) => `- ${source.label}${source.url ? ` (${source.url})` : ''}`).join('\n');
  const sourcesMarkdown = rule.sources.map((source) => `- ${source.url ? `[${source.label}](${source.url})` : source.label}`).join('\n');
  const fixText = rule.fix ? `\n\nFix: ${rule.fix}` : '';
  const fixMarkdown = rule.fix ? `\n\n**Fix:** ${rule.fix}` : '';
  return {
    id: rule.id,
    name: identifierOf(rule.title),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.explanation, markdown: rule.explanation },
    help: {
      // Every catalog rule cites at least one source (test/cli/report-sarif.test.ts checks the catalog).
      text: `${rule.explanation}${fixText}\n\nSources:\n${sourcesText}`,
      markdown: `**${rule.id}: ${rule.title}**\n\n${rule.explanation}${fixMarkdown}\n\n**Sources:**\n\n${sourcesMarkdown}`,
    },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: { tags: [rule.family], seed: rule.seed },
  };
}

function buildResult(diagnostic: Diagnostic, ruleIndex: number, places: PlaceResolver): Sarif.Result {
  const related = diagnostic.related ?? [];
  return {
    ruleId: diagnostic.code,
    ruleIndex,
    level: sarifLevel(diagnostic.severity),
    message: { text: diagnostic.message },
    locations: [physicalLocation(places, diagnostic.uri, diagnostic.start, diagnostic.end)],
    ...(related.length > 0
      ? { relatedLocations: related.map((place, index) => ({ id: index, ...physicalLocation(places, place.uri, place.start, place.end), message: { text: place.message } })) }
      : {}),
    ...(diagnostic.fixes?.length
      ? {
          fixes: diagnostic.fixes.map((fix) => ({
            description: { text: fix.title },
            artifactChanges: groupEditsByFile(fix.edits).map(([uri, edits]) => ({
              artifactLocation: { uri: places.path(uri) },
              replacements: edits.map((edit) => ({ deletedRegion: region(places.range(uri, edit.start, edit.end)), insertedContent: { text: edit.newText } })),
            })),
          })),
        }
      : {}),
  };
}

function physicalLocation(places: PlaceResolver, uri: string, start: number, end: number): Sarif.Location {
  return { physicalLocation: { artifactLocation: { uri: places.path(uri) }, region: region(places.range(uri, start, end)) } };
}

function region(range: OneBasedRange): Sarif.Region {
  return { startLine: range.start.line, startColumn: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}

function groupEditsByFile<T extends { uri: string }>(edits: readonly T[]): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const edit of edits) {
    const group = groups.get(edit.uri) ?? [];
    group.push(edit);
    groups.set(edit.uri, group);
  }
  return [...groups];
}

/** `NLB cluster needs MAC spoofing` → `NlbClusterNeedsMacSpoofing`: SARIF names are identifiers. */
function identifierOf(title: string): string {
  // Every title has a word.
  return title
    .match(/[A-Za-z0-9]+/g)!
    .map((word) => word[0].toUpperCase() + word.slice(1).toLowerCase())
    .join('');
}

function coreCodeName(code: string): string {
  if (code.startsWith('SYN')) return 'SyntaxError';
  if (code.startsWith('SCH')) return 'SchemaError';
  if (code === 'IMP001') return 'UnreadableImport';
  if (code === 'IMP002') return 'ImportCycle';
  if (code === 'FILE001') return 'FileTooLarge';
  if (code === 'FILE002') return 'NotUtf8';
  if (code === 'FILE003') return 'NotARegularFile';
  if (code === 'DRIFT001') return 'MissingFromEstate';
  if (code === 'DRIFT002') return 'MissingFromDesign';
  if (code === 'DRIFT003') return 'PropertyDrift';
  return 'InternalError';
}

function coreCodeDescription(code: string): string {
  if (code.startsWith('SYN')) return 'The text does not follow the .stamp syntax.';
  if (code.startsWith('SCH')) return 'A statement does not fit the .stamp schema, or a name does not resolve.';
  if (code === 'IMP001') return 'An imported .stamp file cannot be read.';
  if (code === 'IMP002') return 'Imports form a cycle.';
  if (code === 'FILE001') return 'The file is larger than the size limit and is not analysed.';
  if (code === 'FILE002') return 'The file is not valid UTF-8 and is not analysed.';
  if (code === 'FILE003') return 'The file is not a regular file, or cannot be read.';
  if (code === 'DRIFT001') return 'The design has an element the running estate lacks.';
  if (code === 'DRIFT002') return 'The running estate has an element the design lacks.';
  if (code === 'DRIFT003') return 'A property differs between the design and the running estate.';
  return 'The checker failed on this file.';
}
