// Code actions: the quick fixes attached to diagnostics, "fix all", and adding every missing login of an availability group.
import type { Diagnostic, Fix, TextEdit } from '../../../grammar/src/diagnostic.js';
import type { DiagnosedDocument } from '../analysis/workspace.js';
import { missingLoginFixAll } from '../rules/logins.js';

/** A code action independent of the protocol. */
export interface StampCodeAction {
  title: string;
  kind: 'quickfix' | 'source.fixAll.stamp' | 'source';
  edits: TextEdit[];
  /** Files the action creates, with their text. */
  createFiles?: Array<{ uri: string; text: string }>;
  preferred?: boolean;
  /** The diagnostic a quick fix resolves. */
  diagnostic?: Diagnostic;
}

/** The quick fixes of the published diagnostics that match a code and a span. */
export function quickFixesFor(diagnosed: DiagnosedDocument, code: string, start: number, end: number): StampCodeAction[] {
  const actions: StampCodeAction[] = [];
  for (const diagnostic of diagnosed.own) {
    if (diagnostic.code !== code || diagnostic.start !== start || diagnostic.end !== end) continue;
    for (const fix of diagnostic.fixes ?? []) {
      actions.push({
        title: fix.title, kind: 'quickfix', edits: fix.edits, diagnostic,
        ...(createsFiles(fix) ? { createFiles: fix.createFiles } : {}), ...(fix.preferred ? { preferred: true } : {}),
      });
    }
  }
  return actions;
}

/** One action applying the preferred (else the first) fix of every diagnostic of the document, skipping overlaps. */
export function fixAllAction(diagnosed: DiagnosedDocument): StampCodeAction | undefined {
  // Creating files is never done behind the user's back, so fixes that create files are left out.
  const fixes = diagnosed.own.map(chosenFix).filter((fix): fix is Fix => fix !== undefined && !createsFiles(fix));
  const edits = combineFixes(fixes);
  if (edits.length === 0) return undefined;
  return { title: 'Fix all auto-fixable Stamp problems', kind: 'source.fixAll.stamp', edits };
}

/** "Add all missing logins of availability group X" for each group with AG003 findings (found by their data, not their text). */
export function missingLoginActions(diagnosed: DiagnosedDocument): StampCodeAction[] {
  const model = diagnosed.document.analysis.model;
  // The groups AG003 reported here (none when it is turned off); its findings always carry their data.
  const reported = new Set(diagnosed.own.filter((diagnostic) => diagnostic.data?.rule === 'AG003').map((diagnostic) => diagnostic.data!.subject));
  const actions: StampCodeAction[] = [];
  for (const ag of model.availabilityGroups) {
    // AG003 reports a group exactly when missingLoginFixAll has something to add for it.
    const all = reported.has(ag.element.key) ? missingLoginFixAll(model, ag) : undefined;
    if (all) actions.push({ title: `Add all missing logins of availability group ${ag.name}`, kind: 'source', edits: all.edits });
  }
  return actions;
}

/** Whether a fix creates files (never applied without asking). */
function createsFiles(fix: Fix): boolean {
  return (fix.createFiles?.length ?? 0) > 0;
}

function chosenFix(diagnostic: Diagnostic): Fix | undefined {
  const fixes = diagnostic.fixes ?? [];
  return fixes.find((fix) => fix.preferred) ?? fixes[0];
}

/** The edits of several fixes, dropping any fix that overlaps one taken before it; a fix is taken whole or not at all. */
export function combineFixes(fixes: readonly Fix[]): TextEdit[] {
  const taken: TextEdit[] = [];
  const seenTitles = new Set<string>();
  for (const fix of fixes) {
    // Stryker disable next-line StringLiteral: the edits joined without `;` run together only if one fix's texts end as another's begin with the same title (fixes of one file never do)
    const signature = `${fix.title}|${fix.edits.map((edit) => `${edit.uri}:${edit.start}:${edit.end}:${edit.newText}`).join(';')}`;
    if (seenTitles.has(signature)) continue;
    seenTitles.add(signature);
    const overlaps = fix.edits.some((edit) => taken.some((other) => other.uri === edit.uri && edit.start < other.end && other.start < edit.end));
    if (!overlaps) taken.push(...fix.edits);
  }
  return taken;
}
