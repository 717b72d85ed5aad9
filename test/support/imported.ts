// Test-only: analyses of example designs and of imported files, and the SANs of a stamp as groups of volumes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze, type Analysis } from '../../grammar/src/analyze.js';
import { propValue } from '../../grammar/src/elements.js';
import { repoRoot } from './paths.js';

const examples = join(repoRoot, 'examples');

/** Analyses an example design (or a design in another folder). */
export function analyzeExample(name: string, folder = examples): Analysis {
  const path = join(folder, name);
  return analyze([{ uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') }]);
}

/** Imports files as a stamp in memory (the first is the main file, the others are reached by its imports). */
export function analyzeImported(files: Array<{ name: string; text: string }>): Analysis {
  return analyze(files.map((file) => ({ uri: `file:///imported/${file.name}`, text: file.text })));
}

/**
 * Which CSVs (and disk witnesses) share a SAN: the import names SANs itself (SAN1, SAN2, …), so what must survive is
 * the grouping and each SAN's protocol, written as `protocol: cluster/csv, …` per SAN, sorted.
 */
export function sanGroups(analysis: Analysis): string[] {
  const groups = new Map<string, string[]>();
  const member = (san: { name: string } | undefined, what: string): void => {
    if (!san) return;
    groups.set(san.name, [...(groups.get(san.name) ?? []), what.toLowerCase()]);
  };
  for (const cluster of analysis.model.clusters) {
    for (const csv of cluster.csvs) member(csv.san, `${cluster.name}/${csv.name}`);
    const witness = cluster.witness;
    if (witness?.type === 'disk' && witness.target?.kind.id === 'san') member(witness.target, `${cluster.name}/witness`);
  }
  return [...groups].map(([name, members]) => {
    const san = analysis.model.sans.find((candidate) => candidate.name === name)!;
    return `${propValue(san.element, 'protocol')?.text ?? 'unknown'}: ${members.sort().join(', ')}`;
  }).sort();
}

