// Value edits: whether re-checked statements declare the same elements and make the same references as before, so that
// only values changed, and which values (as `kind.keyword` facts) an edit touched.
import type { CheckedUnit } from './check.js';
import type { Element, Property, Value } from './elements.js';

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
      // A statement the checker made nothing of has a keyword unknown at the top level: it must stay the same statement
      // (the same keyword makes nothing of the other one either).
      if (oldUnits[index].statement.keyword !== newUnits[index].statement.keyword) return undefined;
      continue;
    }
    if (!sameElement(before, after, [], touched)) return undefined;
  }
  return touched;
}

/** Compares two elements; records the facts whose values differ. False when anything but a plain value differs. */
function sameElement(before: Element, after: Element, ancestors: readonly Element[], touched: Set<string>): boolean {
  // (The key is the case-folded name: the same names have the same keys.)
  if (before.kind !== after.kind || before.name !== after.name) return false;
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
  // The model reads a form by its fixed word (`storage local`, `witness disk_only`); a value that fits no form (`storage
  // SQL`) leaves it undefined, with the form index of the nearest form, so the word is what is compared.
  if (before.formWord !== after.formWord) return undefined;
  const differs = compareRecords(before.args, after.args);
  return differs === false ? undefined : differs.length > 0;
}

/**
 * The argument names whose values differ, or false when the arguments differ in anything but a plain value. Both
 * records are of the same statement form (a property's form is compared first; an element's header forms that share
 * an argument name give it the same type), so two values with the same text are the same value: the checker reads
 * every other field (the amount, the yes/no, the version's rank, the prefix, a reference's key and kinds) from the text
 * by the argument's type.
 */
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
      if (values[index].text === others[index].text) continue;
      // A reference written differently names another element, or the same one in other letters: not a value.
      if (values[index].key !== undefined) return false;
      differs = true;
    }
    if (differs) differing.push(name);
  }
  return differing;
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
