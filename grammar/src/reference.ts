// Renders the schema table as the Markdown language reference (docs/language-reference.md), so the two cannot drift.
import { elementKinds, elementKind } from './schema.js';
import { formText } from './check.js';
import type { ArgForm, ElementKind, PropertySpec } from './schema-types.js';

function placeText(parents: readonly string[]): string {
  return parents.map((parent) => (parent === 'file' ? 'top level' : `\`${elementKind(parent).keyword}\``)).join(', ');
}

function formsText(keyword: string, forms: readonly ArgForm[]): string {
  if (forms.length === 0) return `\`${keyword}\``;
  return forms.map((form) => `\`${formText(keyword, form)}\``).join(' or ');
}

function propertyRow(spec: PropertySpec): string {
  const forms = spec.flag ? `\`${spec.keyword}\` (alone means yes) or ${formsText(spec.keyword, spec.forms)}` : formsText(spec.keyword, spec.forms);
  // Stryker disable next-line StringLiteral: no property's doc in the schema (the renderer's only input) holds a line break; kept so that one cannot split a table row
  const notes: string[] = [spec.doc.replace(/\n/g, ' ')];
  if (spec.defaultText) notes.push(`Default: \`${spec.defaultText}\`.`);
  if (spec.repeatable) notes.push('May be written more than once.');
  if (spec.values) notes.push(Object.entries(spec.values).map(([value, text]) => `\`${value}\`: ${text}`).join(' '));
  if (spec.link) notes.push(`[Docs](${spec.link})`);
  const noteText = notes.join(' ');
  // Stryker disable next-line StringLiteral: no doc, default or value text of the schema (the renderer's only input) holds a `|`; kept so that one cannot break the table
  const notesCell = noteText.replace(/\|/g, '\\|');
  return `| ${forms.replace(/\|/g, '\\|')} | ${notesCell} |`;
}

function kindSection(kind: ElementKind): string {
  const lines = [`### \`${kind.keyword}\`${kind.id !== kind.keyword ? ` (${kind.label})` : ''}`, ''];
  lines.push(`Written: ${formsText(kind.keyword, kind.header)} — in: ${placeText(kind.parents)}.`, '');
  lines.push(kind.doc, '');
  if (kind.link) lines.push(`Reference: ${kind.link}`, '');
  const children = elementKinds.filter((child) => child.parents.includes(kind.id));
  if (children.length > 0) lines.push(`Children: ${children.map((child) => `\`${child.keyword}\``).join(', ')}.`, '');
  const properties = Object.values(kind.properties);
  if (properties.length > 0) {
    lines.push('| property | meaning |', '|---|---|');
    for (const spec of properties) lines.push(propertyRow(spec));
    lines.push('');
  }
  return lines.join('\n');
}

/** The generated language reference. */
export function renderLanguageReference(): string {
  const header = [
    '# `.stamp` language reference (generated)',
    '',
    '<!-- Generated from grammar/src/schema.ts by test/docs.test.ts; run `npm run golden:update` after changing the schema. -->',
    '',
    'Every statement kind, where it may appear, how its arguments are written and what each property means.',
    'See [language.md](language.md) for the lexical structure, the grammar and the extensions to the original contract.',
    '',
  ];
  return `${header.join('\n')}\n${elementKinds.map(kindSection).join('\n')}`.trimEnd() + '\n';
}
