// The element tree: statements checked against the schema, with typed values and resolved references.
import type { SyntaxStatement } from './syntax.js';
import { compact } from './syntax.js';
import type { PropertySpec, ValueType } from './schema-types.js';
import type { KindId, KnownKind, PropertyKeyword } from './schema.js';

/** A half-open range of offsets in one file. */
export interface Span {
  start: number;
  end: number;
}

/** One checked argument value. Which optional fields are set depends on `type`. */
export interface Value extends Span {
  type: ValueType['type'];
  /** The text as written (a string's content without quotes). */
  text: string;
  /** Numbers, the amount of a quantity normalized (GB, Gbps, seconds), the `from` of a port range. */
  number?: number;
  /** The `to` of a port range. */
  to?: number;
  /** Booleans: flags, yes/no, enabled/disabled. */
  bool?: boolean;
  /** Versions: the position in the release order (higher is newer). */
  rank?: number;
  /** Addresses: the prefix length when written. */
  prefix?: number;
  /** References: the element kinds looked up, the key and the element found. */
  kinds?: readonly string[];
  key?: string;
  target?: Element;
}

/** A property statement and its values. */
export interface Property {
  keyword: string;
  spec: PropertySpec;
  statement: SyntaxStatement;
  /** The index of the form that matched. */
  form: number;
  /** The values by argument name; list arguments hold several. */
  args: Record<string, Value[]>;
  /** The fixed word that selected the form (`disk`, `csv`, `local` …), if any. */
  formWord?: string;
}

/** An element: a declared thing with a name, properties and children. */
export interface Element {
  /** Unique within a model, stable for one parse. */
  id: number;
  kind: KnownKind;
  uri: string;
  /** The name as written (for a default SQL instance, the machine's name). */
  name: string;
  /** The case-folded name used for resolution. */
  key: string;
  /** The text to select for the name (the keyword for elements without a name). */
  nameSpan: Span;
  statement: SyntaxStatement;
  /** The one-based line of the element's keyword, for messages. */
  line: number;
  header: Record<string, Value[]>;
  properties: Properties;
  children: Element[];
  parent: Element | undefined;
}

/**
 * An element's properties by keyword, read like a `Map` from keyword to its properties in order. One flat list holds
 * them, grouped by keyword in the order each keyword first appears (the order a `Map` of groups would iterate): an
 * element has a few properties, and a hash table and a list per keyword for each of the tens of thousands of elements
 * of a large stamp took about 15 MB at 100k lines.
 */
export class Properties {
  /** Every property, grouped by keyword (each group in written order), the groups in first-appearance order. */
  private list: Property[] = [];

  /**
   * The properties of a list in written order, taken as they are (the list is kept). `regroup`: some keyword appears
   * again after another keyword, so the list is grouped as `add` would have; without it, every keyword's properties
   * must already be adjacent.
   */
  static from(written: Property[], regroup: boolean): Properties {
    const properties = new Properties();
    // Stryker disable next-line ConditionalExpression,BlockStatement: cost only: `add` regroups a list whose keywords are already adjacent into the same list (`true` fails the hover test of interleaved votes)
    if (!regroup) {
      properties.list = written;
      return properties;
    }
    for (const property of written) properties.add(property);
    // Stryker disable next-line CallExpression: memory only (see `compact`)
    properties.compact();
    return properties;
  }

  /** Adds a property after the last one with its keyword (a new keyword's at the end). */
  add(property: Property): void {
    const list = this.list;
    let index = list.length;
    while (index > 0 && list[index - 1].keyword !== property.keyword) index--;
    if (index === 0) list.push(property);
    else list.splice(index, 0, property);
  }

  /** Drops the spare room a list filled by `push` keeps, once every property is added. */
  // Stryker disable next-line BlockStatement: memory only: the list keeps its spare room and holds the same properties
  compact(): void {
    this.list = compact(this.list);
  }

  /** Every property, grouped by keyword as a `Map` of groups would iterate them. */
  all(): readonly Property[] {
    return this.list;
  }

  /** The first property with this keyword. */
  first(keyword: string): Property | undefined {
    for (const property of this.list) if (property.keyword === keyword) return property;
    return undefined;
  }

  /** The properties with this keyword in written order, or undefined when none is written. */
  get(keyword: string): Property[] | undefined {
    const found = this.list.filter((property) => property.keyword === keyword);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: every reader takes an empty list as none (`?? []`, a length compared with a written group's)
    return found.length > 0 ? found : undefined;
  }

  has(keyword: string): boolean {
    return this.first(keyword) !== undefined;
  }

  /** The number of distinct keywords. */
  get size(): number {
    let count = 0;
    // Stryker disable next-line ConditionalExpression,UpdateOperator: only compared between two elements (value-edit.ts): a negated count compares alike, and a count of properties lets nothing through that the comparison of each keyword's group after it would miss
    for (let index = 0; index < this.list.length; index++) if (index === 0 || this.list[index - 1].keyword !== this.list[index].keyword) count++;
    return count;
  }

  /** Each keyword with its properties, in first-appearance order. */
  *entries(): IterableIterator<[string, Property[]]> {
    const list = this.list;
    for (let start = 0; start < list.length;) {
      let end = start + 1;
      while (end < list.length && list[end].keyword === list[start].keyword) end++;
      yield [list[start].keyword, list.slice(start, end)];
      start = end;
    }
  }

  *values(): IterableIterator<Property[]> {
    for (const [, properties] of this.entries()) yield properties;
  }

  [Symbol.iterator](): IterableIterator<[string, Property[]]> {
    return this.entries();
  }
}

/** Case-folds a Windows name for comparison. */
export function nameKey(text: string): string {
  return text.toLowerCase();
}

/** The machine a UNC path names, case-folded like a name (`\\DC02.hyper-v.nu\FSW` → `dc02`). */
export function uncServerKey(path: string | undefined): string | undefined {
  // Stryker disable next-line StringLiteral: any text without a leading `\\` names no machine, as the empty text does
  const match = /^\\\\([^\\.]+)/.exec(path ?? '');
  return match ? nameKey(match[1]) : undefined;
}

/** The first property with this keyword, if written. */
export function prop(element: Element, keyword: PropertyKeyword): Property | undefined {
  return element.properties.first(keyword);
}

/** The first value of a property (its first argument), if written. */
export function propValue(element: Element, keyword: PropertyKeyword): Value | undefined {
  const property = prop(element, keyword);
  if (!property) return undefined;
  for (const name in property.args) {
    const values = property.args[name];
    // Stryker disable next-line ConditionalExpression,EqualityOperator: only a list can be empty, and a list is the last argument
    if (values.length > 0) return values[0];
  }
  return undefined;
}

/** Every value of a list property, in order (a new list). */
export function propValues(element: Element, keyword: PropertyKeyword): Value[] {
  const property = prop(element, keyword);
  if (!property) return [];
  const values = argumentValues(property.args);
  // A list of the property's own is copied (`Object.values(args).flat()` made two lists).
  return values === undefined ? Object.values(property.args).flat() : values.slice();
}

/**
 * Every value of a list property, in order, to read only: the property's own list when it has one argument (most
 * do), so that a reader that only walks the values builds no list.
 */
export function readPropValues(element: Element, keyword: PropertyKeyword): readonly Value[] {
  const property = prop(element, keyword);
  if (!property) return noValues;
  return argumentValues(property.args) ?? Object.values(property.args).flat();
}

const noValues: readonly Value[] = Object.freeze([]);

/** The values of arguments given by name when there is one argument; undefined when there are several (or none). */
function argumentValues(args: Record<string, Value[]>): Value[] | undefined {
  let only: Value[] | undefined;
  for (const name in args) {
    if (only) return undefined;
    only = args[name];
  }
  return only;
}

/** A flag property: true when written alone or as yes/enabled, false when written as no/disabled, undefined when absent. */
export function propFlag(element: Element, keyword: PropertyKeyword): boolean | undefined {
  const property = prop(element, keyword);
  if (!property) return undefined;
  const value = property.args.value?.[0];
  return value ? value.bool : true;
}

/** The children of one kind. */
export function childrenOf(element: Element, kindId: KindId): Element[] {
  return element.children.filter((child) => child.kind.id === kindId);
}

/** The first child of one kind (`childrenOf(element, kindId)[0]` without the list). */
export function firstChildOf(element: Element, kindId: KindId): Element | undefined {
  for (const child of element.children) if (child.kind.id === kindId) return child;
  return undefined;
}
