// Generated documents must match what the code says: the language reference is rendered from the schema table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderLanguageReference } from '../grammar/src/reference.js';
import { elementKinds } from '../grammar/src/schema.js';
import { repoRoot } from './support/paths.js';

test('docs/language-reference.md is generated from the schema table', () => {
  const path = join(repoRoot, 'docs', 'language-reference.md');
  const generated = renderLanguageReference();
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, generated);
  assert.equal(readFileSync(path, 'utf8'), generated, 'docs/language-reference.md is stale: run UPDATE_GOLDEN=1 npm run test:unit');
});

test('every element kind and property of the schema is documented with a sentence', () => {
  for (const kind of elementKinds) {
    assert.ok(kind.doc.length > 30, `${kind.id} needs a documentation paragraph`);
    for (const [keyword, spec] of Object.entries(kind.properties)) assert.ok(spec.doc.length > 15, `${kind.id}.${keyword} needs documentation`);
  }
});
