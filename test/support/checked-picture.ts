// A comparable picture of a checked file (its syntax, diagnostics and elements, element ids left out), for the tests
// that compare an incremental re-check with a check from scratch.
import type { CheckedFile } from '../../grammar/src/check.js';
import type { Element, Value } from '../../grammar/src/elements.js';

function valueFacts(value: Value): string {
  return `${value.type}:${value.text}@${value.start}-${value.end}`;
}

/** What a user sees of an element (ids excluded: they only need to be unique). */
function elementFacts(element: Element, depth = 0): string[] {
  const header = Object.entries(element.header).map(([key, values]) => `${key}=${values.map(valueFacts).join(',')}`);
  const properties = [...element.properties].map(([key, list]) => `${key}=${list.map((property) => `${property.statement.start}-${property.statement.end}:${Object.values(property.args).flat().map(valueFacts).join(',')}`).join('|')}`);
  const own = `${'  '.repeat(depth)}${element.kind.id} ${element.name} line ${element.line} name ${element.nameSpan.start}-${element.nameSpan.end} statement ${element.statement.start}-${element.statement.end} [${header.join(' ')}] {${properties.join(' ')}}`;
  return [own, ...element.children.flatMap((child) => elementFacts(child, depth + 1))];
}

/** A comparable picture of a checked file: its syntax, its diagnostics and its elements. */
export function checkedFilePicture(file: CheckedFile): Record<string, string> {
  return {
    statements: JSON.stringify(file.syntax.statements),
    comments: JSON.stringify(file.syntax.comments),
    errors: JSON.stringify(file.syntax.errors),
    diagnostics: JSON.stringify(file.diagnostics),
    elements: file.elements.flatMap((element) => elementFacts(element)).join('\n'),
  };
}
