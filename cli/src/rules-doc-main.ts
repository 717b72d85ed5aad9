// Writes docs/rules.md from the rule metadata, or with --check fails when the committed page is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../server/src/rules/registry.js';
import { renderRulesReference } from './rules-doc.js';

/** Regenerates (or checks) docs/rules.md below a repository root; returns the exit code. */
export function generateRulesDoc(repoRoot: string, checkOnly: boolean): number {
  const target = join(repoRoot, 'docs', 'rules.md');
  const generated = renderRulesReference(allRules);
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // A missing page is simply out of date.
  }
  if (checkOnly) {
    if (committed === generated) return 0;
    process.stderr.write('docs/rules.md is out of date; run `npm run docs:rules`.\n');
    return 1;
  }
  if (committed !== generated) writeFileSync(target, generated);
  process.stdout.write(`docs/rules.md: ${allRules.length} rules${committed === generated ? ', unchanged' : ', written'}.\n`);
  return 0;
}
