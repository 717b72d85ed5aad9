// The JSON report of `stamp check`: a stable, versioned document for scripts (its schema is described in docs/cli.md).
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
import type { CheckReport } from './report.js';
import { PlaceResolver, type OneBasedRange } from './positions.js';
import { packageVersion } from './version.js';

/** Bumped when a field changes meaning or disappears; adding fields keeps the version. */
export const jsonReportVersion = 1;

export interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  files: Array<{ path: string; diagnostics: JsonDiagnostic[] }>;
  summary: { errors: number; warnings: number; infos: number; files: number };
}

export interface JsonDiagnostic {
  code: string;
  severity: Diagnostic['severity'];
  message: string;
  range: OneBasedRange;
  related?: Array<{ path: string; range: OneBasedRange; message: string }>;
  fixes?: Array<{ title: string; preferred: boolean; edits: Array<{ path: string; range: OneBasedRange; newText: string }> }>;
}

/** Builds the JSON document of a check report. */
export function buildJsonReport(report: CheckReport): JsonReport {
  const places = new PlaceResolver(report);
  return {
    version: jsonReportVersion,
    tool: { name: 'stamp', version: packageVersion },
    files: report.files.map((file) => ({
      path: file.shownPath,
      diagnostics: file.diagnostics.map((diagnostic): JsonDiagnostic => ({
        code: diagnostic.code,
        severity: diagnostic.severity,
        message: diagnostic.message,
        range: places.range(diagnostic.uri, diagnostic.start, diagnostic.end),
        ...(diagnostic.related?.length
          ? { related: diagnostic.related.map((place) => ({ path: places.path(place.uri), range: places.range(place.uri, place.start, place.end), message: place.message })) }
          : {}),
        ...(diagnostic.fixes?.length
          ? {
              fixes: diagnostic.fixes.map((fix) => ({
                title: fix.title,
                preferred: fix.preferred === true,
                edits: fix.edits.map((edit) => ({ path: places.path(edit.uri), range: places.range(edit.uri, edit.start, edit.end), newText: edit.newText })),
              })),
            }
          : {}),
      })),
    })),
    summary: { ...report.summary },
  };
}

export function formatJsonReport(report: CheckReport): string {
  return `${JSON.stringify(buildJsonReport(report), null, 2)}\n`;
}
