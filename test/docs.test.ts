// Generated documents must match what the code says: the language reference is rendered from the schema table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderLanguageReference } from '../grammar/src/reference.js';
import { elementKinds } from '../grammar/src/schema.js';
import { repoRoot } from './support/paths.js';
import { assertGolden } from './support/golden.js';

test('docs/language-reference.md is generated from the schema table', () => {
  const path = join(repoRoot, 'docs', 'language-reference.md');
  const generated = renderLanguageReference();
  assertGolden(path, generated, 'the language reference generated from the schema');
});

test('every element kind and property of the schema is documented with a sentence', () => {
  for (const kind of elementKinds) {
    assert.ok(kind.doc.length > 30, `${kind.id} needs a documentation paragraph`);
    for (const [keyword, spec] of Object.entries(kind.properties)) assert.ok(spec.doc.length > 15, `${kind.id}.${keyword} needs documentation`);
  }
});
