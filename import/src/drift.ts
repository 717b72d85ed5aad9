// Drift between a design and an inventory: what the design has and the estate lacks, what the estate has and the
// design lacks, and properties that differ, as diagnostics on the design's statements.
import { analyze, type Analysis } from '../../grammar/src/analyze.js';
import type { Diagnostic } from '../../grammar/src/diagnostic.js';
import type { Span } from '../../grammar/src/elements.js';
import { emitStamp } from './emit.js';
import type { Estate, InventorySource } from './estate.js';
import { observeModel, type ObservedElement } from './facts.js';

/** The codes of drift findings. */
export const driftCodes = {
  /** The design has an element the estate lacks. */
  missing: 'DRIFT001',
  /** The estate has an element the design lacks. */
  extra: 'DRIFT002',
  /** A property differs. */
  differs: 'DRIFT003',
} as const;

/** The model of what an estate shows, built by importing it in memory. */
export function analyzeEstate(estate: Estate): Analysis {
  const [file] = emitStamp(estate, { mainName: 'estate.stamp' });
  return analyze([{ uri: 'inventory:///estate.stamp', text: file.text }]);
}

/**
 * Compares a design with an estate. Only sources the inventory collected are compared (a source that was not
 * reachable says nothing), and a property is compared only where both sides state it.
 */
export function diffDesign(design: Analysis, estate: Estate): Diagnostic[] {
  const wanted = observeModel(design.model);
  const actual = observeModel(analyzeEstate(estate).model);
  const collected = (source: InventorySource): boolean => estate.collected.has(source);
  const diagnostics: Diagnostic[] = [];
  const place = (entry: ObservedElement, span?: Span): { uri: string; start: number; end: number } => {
    const where = span ?? entry.element.nameSpan;
    return { uri: entry.element.uri, start: where.start, end: where.end };
  };
  // Findings without a design element land on the parent when the design has it, else on the first statement.
  const fallback = firstStatement(design);

  for (const entry of wanted.values()) {
    if (!collected(entry.source)) continue;
    if (entry.parent && !actual.has(entry.parent)) continue; // the parent's absence is reported once
    const found = actual.get(entry.id);
    if (!found) {
      diagnostics.push({ ...place(entry), severity: 'warning', code: driftCodes.missing, message: `The design has ${entry.label}; the estate does not.` });
      continue;
    }
    for (const [name, property] of entry.properties) {
      const other = found.properties.get(name);
      if (!other || other.value === property.value) continue;
      diagnostics.push({
        ...place(entry, property.span), severity: 'warning', code: driftCodes.differs,
        message: `${capitalize(entry.label)}: ${name} is ${property.shown} in the design and ${other.shown} in the estate.`,
      });
    }
  }
  for (const entry of actual.values()) {
    if (!collected(entry.source) || wanted.has(entry.id)) continue;
    if (entry.parent && !wanted.has(entry.parent)) continue;
    const parent = entry.parent ? wanted.get(entry.parent) : undefined;
    const where = parent ? place(parent) : fallback;
    if (!where) continue;
    const what = parent && entry.short ? `${entry.short} in ${parent.label}` : entry.label;
    diagnostics.push({ ...where, severity: 'warning', code: driftCodes.extra, message: `The estate has ${what}; the design does not.` });
  }
  return diagnostics.sort((a, b) => a.uri.localeCompare(b.uri) || a.start - b.start || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function firstStatement(design: Analysis): { uri: string; start: number; end: number } | undefined {
  const file = design.files[0];
  const statement = file?.syntax.statements?.[0];
  if (!file || !statement) return file ? { uri: file.uri, start: 0, end: 0 } : undefined;
  return { uri: file.uri, start: statement.keywordStart, end: statement.keywordEnd };
}
