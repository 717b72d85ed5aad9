// Value edits: whether re-checked statements declare the same elements and make the same references as before, so that
// only values changed, and which values (as `kind.keyword` facts) an edit touched.
import type { CheckedUnit } from './check.js';
import type { Element, Property, Value } from './elements.js';
import type { SyntaxComment } from './syntax.js';

/**
 * What a value edit changed, as facts: `kind.keyword` for a changed property or header value of an element of that
 * kind, and `kind.childKind` for each ancestor of an element with a changed value (a VM's NIC address touches `nic.ip`
 * and `vm.nic`). A rule re-runs when what it reads meets one of them (see `readsMeet`).
 */
export type TouchedFacts = ReadonlySet<string>;

/**
 * The facts an edit touched when the new units declare the same elements (kinds, names, children, properties and
 * forms, in order) and make the same references (same kinds looked up, same keys) as the old ones, so that only
 * values that are not references changed; undefined otherwise (names, references or structure changed).
 */
export function valueChanges(oldUnits: readonly CheckedUnit[], newUnits: readonly CheckedUnit[]): TouchedFacts | undefined {
  if (oldUnits.length !== newUnits.length) return undefined;
  const touched = new Set<string>();
  for (let index = 0; index < oldUnits.length; index++) {
    const before = oldUnits[index].element;
    const after = newUnits[index].element;
    if (!before || !after) {
      if (before !== after) return undefined;
      // A statement the checker made nothing of (an unknown keyword) must stay the same statement.
      if (oldUnits[index].statement.keyword !== newUnits[index].statement.keyword) return undefined;
      continue;
    }
    if (!sameElement(before, after, [], touched)) return undefined;
  }
  return touched;
}

/** Compares two elements; records the facts whose values differ. False when anything but a plain value differs. */
function sameElement(before: Element, after: Element, ancestors: readonly Element[], touched: Set<string>): boolean {
  if (before.kind !== after.kind || before.name !== after.name || before.key !== after.key) return false;
  if (before.children.length !== after.children.length) return false;
  let changed = false;
  const note = (fact: string): void => {
    touched.add(`${before.kind.id}.${fact}`);
    changed = true;
  };
  const header = compareRecords(before.header, after.header);
  if (header === false) return false;
  for (const name of header) note(name);
  if (before.properties.size !== after.properties.size) return false;
  for (const [keyword, properties] of before.properties) {
    const others = after.properties.get(keyword);
    if (!others || others.length !== properties.length) return false;
    for (let index = 0; index < properties.length; index++) {
      const differs = compareProperties(properties[index], others[index]);
      if (differs === undefined) return false;
      if (differs) note(keyword);
    }
  }
  if (changed) {
    // Every ancestor sees a change in the child on the path to this element.
    let child = before;
    for (let index = ancestors.length - 1; index >= 0; index--) {
      touched.add(`${ancestors[index].kind.id}.${child.kind.id}`);
      child = ancestors[index];
    }
  }
  const path = [...ancestors, before];
  for (let index = 0; index < before.children.length; index++) if (!sameElement(before.children[index], after.children[index], path, touched)) return false;
  return true;
}

/** Whether a property's values differ (true/false), or undefined when its form or a reference differs. */
function compareProperties(before: Property, after: Property): boolean | undefined {
  if (before.form !== after.form || before.formWord !== after.formWord) return undefined;
  const differs = compareRecords(before.args, after.args);
  return differs === false ? undefined : differs.length > 0;
}

/** The argument names whose values differ, or false when the arguments differ in anything but a plain value. */
function compareRecords(before: Record<string, Value[]>, after: Record<string, Value[]>): string[] | false {
  const names = Object.keys(before);
  if (names.length !== Object.keys(after).length) return false;
  const differing: string[] = [];
  for (const name of names) {
    const values = before[name];
    const others = after[name];
    if (!others || others.length !== values.length) return false;
    let differs = false;
    for (let index = 0; index < values.length; index++) {
      const a = values[index];
      const b = others[index];
      if (a.type !== b.type) return false;
      const reference = a.kinds !== undefined || b.kinds !== undefined || a.key !== undefined || b.key !== undefined;
      if (reference) {
        if (a.key !== b.key || a.text !== b.text || !sameList(a.kinds, b.kinds)) return false;
        continue;
      }
      if (a.text !== b.text || a.number !== b.number || a.to !== b.to || a.bool !== b.bool || a.rank !== b.rank || a.prefix !== b.prefix) differs = true;
    }
    if (differs) differing.push(name);
  }
  return differing;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((item, index) => item === b[index]);
}

/** Whether two lists of comments (the old region's and the new one's) say the same, in the same order. */
export function sameComments(oldText: string, before: readonly SyntaxComment[], text: string, after: readonly SyntaxComment[]): boolean {
  if (before.length !== after.length) return false;
  for (let index = 0; index < before.length; index++) {
    const a = before[index];
    const b = after[index];
    if (a.block !== b.block || oldText.slice(a.start, a.end).trimEnd() !== text.slice(b.start, b.end).trimEnd()) return false;
  }
  return true;
}

/**
 * Whether a rule that reads `reads` must run again after an edit that touched `touched`. An entry of `reads` is a kind
 * id (every value of that kind's elements and of their children) or `kind.keyword` (one property or header argument
 * of that kind, or one child kind). A rule that declares nothing reads everything.
 */
export function readsMeet(reads: readonly string[] | undefined, touched: TouchedFacts): boolean {
  if (!reads) return true;
  for (const fact of touched) {
    const kind = fact.slice(0, fact.indexOf('.'));
    if (reads.includes(fact) || reads.includes(kind)) return true;
  }
  return false;
}
