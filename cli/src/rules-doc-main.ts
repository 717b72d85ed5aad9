// Writes docs/rules.md from the rule metadata, or with --check fails when the committed page is out of date.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../server/src/rules/registry.js';
import { renderRulesReference } from './rules-doc.js';
import { writeFileSafely } from './safe-write.js';

/** Where the generator reports: scripts/gen-rules-doc.mjs passes the process's streams. */
export interface RulesDocIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Regenerates (or checks) docs/rules.md below a repository root; returns the exit code. */
export function generateRulesDoc(repoRoot: string, checkOnly: boolean, io: RulesDocIo): number {
  const target = join(repoRoot, 'docs', 'rules.md');
  const generated = renderRulesReference(allRules);
  let committed: string | undefined;
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // A missing page is simply out of date.
  }
  if (checkOnly) {
    if (committed === generated) return 0;
    io.stderr('docs/rules.md is out of date; run `npm run docs:rules`.\n');
    return 1;
  }
  // A temporary file beside the page, then a rename: an interrupted run never leaves half a page.
  if (committed !== generated) writeFileSafely(target, Buffer.from(generated));
  io.stdout(`docs/rules.md: ${allRules.length} rules${committed === generated ? ', unchanged' : ', written'}.\n`);
  return 0;
}
