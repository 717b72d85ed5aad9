// Lowers a syntax tree to elements, checking every statement against the schema (SCH diagnostics).
import type { SyntaxArgument, SyntaxFile, SyntaxStatement } from './syntax.js';
import type { ArgForm, ArgSpec, PropertySpec, ValueType } from './schema-types.js';
import { elementKind, keywordsIn, lookupKeyword, placesOfKeyword, versionOrder, type KnownKind } from './schema.js';
import type { Element, Property, Span, Value } from './elements.js';
import { nameKey, Properties } from './elements.js';
import type { Diagnostic } from './diagnostic.js';
import { closestName } from './suggest.js';
import { listValueRemoval } from './edits.js';
import { LineIndex } from './text.js';

/** The elements of one file, before references are resolved. */
export interface CheckedFile {
  uri: string;
  syntax: SyntaxFile;
  /** Top-level elements in source order. */
  elements: Element[];
  diagnostics: Diagnostic[];
  /**
   * What the checker made of each top-level statement, in order: the unit of incremental re-checking (an edit re-checks
   * the statements it touches and keeps the others' units). Absent on files built by hand.
   */
  units?: CheckedUnit[];
  /** Line starts of the text, computed once per text. */
  lines?: LineIndex;
  /**
   * Set by an incremental re-check that changed only the space between tokens: earlier versions of this file (the
   * same element objects, the same lines, the same meaning), nearest first, each with the way from its offsets to
   * this text's. An analysis of the earlier version can then be re-used (`analyzeReusing`).
   */
  sameMeaningAs?: SameMeaning[];
  /**
   * Set by an incremental re-check whose re-checked statements declare the same elements and make the same references
   * as before (only values changed): the version it was re-checked from, and what changed (see `ValueEdit`).
   */
  valueEditOf?: ValueEdit;
}

/**
 * A value edit of a file: `previous` (held weakly: only an analysis that still holds it can use it) became this file by
 * replacing old[start, end) with a stretch `delta` characters longer, on the same lines; offsets before `start` stay,
 * offsets from `end` on move by `delta`. `touched`: the facts whose values changed (value-edit.ts).
 */
export interface ValueEdit {
  previous: WeakRef<CheckedFile>;
  start: number;
  end: number;
  delta: number;
  touched: ReadonlySet<string>;
}

/** Where an offset of an earlier text is in the current one; undefined for an offset that has no place there. */
export type OffsetMap = (offset: number) => number | undefined;

/**
 * An earlier version of a file with the same meaning, and the way from its offsets to the current text's. The earlier
 * version is held weakly, as a value edit's is: only an analysis that still holds it can be re-used, and a strong link
 * kept up to three earlier texts, their line indexes and statement lists alive (about 5 MB each at 100k lines).
 */
export interface SameMeaning {
  file: WeakRef<CheckedFile>;
  offset: OffsetMap;
}

/** One top-level statement: its element (none for an unknown keyword) and the schema diagnostics found in it. */
export interface CheckedUnit {
  statement: SyntaxStatement;
  element: Element | undefined;
  diagnostics: Diagnostic[];
}

let nextElementId = 1;

/** Checks one parsed file against the schema. */
export function checkFile(uri: string, syntax: SyntaxFile, lines = new LineIndex(syntax.text)): CheckedFile {
  const units = checkUnits(uri, syntax.statements, lines);
  return fileFromUnits(uri, syntax, units, lines);
}

/** Checks top-level statements one by one; each unit depends only on its statement's subtree and place. */
export function checkUnits(uri: string, statements: readonly SyntaxStatement[], lines: LineIndex): CheckedUnit[] {
  const checker = new Checker(uri, lines);
  const units: CheckedUnit[] = [];
  for (const statement of statements) {
    const element = checker.checkStatement(statement, undefined);
    units.push({ statement, element, diagnostics: checker.takeDiagnostics() });
  }
  return units;
}

/** Assembles a checked file from its units. */
export function fileFromUnits(uri: string, syntax: SyntaxFile, units: CheckedUnit[], lines: LineIndex): CheckedFile {
  const elements: Element[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const unit of units) {
    if (unit.element) elements.push(unit.element);
    for (const diagnostic of unit.diagnostics) diagnostics.push(diagnostic);
  }
  return { uri, syntax, elements, diagnostics, units, lines };
}

/** Describes a parent for messages: `the top level` or `` `cluster HVCLUSTER` ``. */
function describeParent(parent: Element | undefined): string {
  if (!parent) return 'at the top level';
  // An element without a header is named by its keyword, and one whose header is optional (sa) may have no name.
  const name = parent.kind.header.length > 0 ? parent.name : '';
  return `in \`${parent.kind.keyword}${name ? ` ${name}` : ''}\``;
}

function describePlace(kindId: string): string {
  return kindId === 'file' ? 'at the top level' : `in \`${elementKind(kindId).keyword}\``;
}

/** Renders a form for messages, e.g. `vm NAME on CLUSTER-OR-HOST`. */
export function formText(keyword: string, form: ArgForm): string {
  const parts = [keyword];
  for (const spec of form) {
    const text = spec.value.type === 'word' ? spec.value.word : placeholder(spec);
    parts.push(spec.list ? `${text}, …` : spec.optional ? `[${text}]` : text);
  }
  return parts.join(' ');
}

/** The distinct words that start a statement's forms, when more than one form starts with a fixed word. */
function wordChoices(forms: readonly ArgForm[]): string[] {
  const words: string[] = [];
  for (const form of forms) {
    // Only statements with a form that starts with a word come here (`sql`, `witness`, `storage`), and none of their
    // forms is empty (only a flag has an empty form).
    const first = form[0].value;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,BooleanLiteral: no statement has two forms that start with the same word; kept so that one added later is named once
    if (first.type === 'word' && !words.includes(first.word)) words.push(first.word);
  }
  return words;
}

/** `a or b`, `a, b or c` (two items at least). */
function orList(items: readonly string[]): string {
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function placeholder(spec: ArgSpec): string {
  const value = spec.value;
  switch (value.type) {
    case 'enum':
      return value.values.join('|');
    case 'bool':
      return value.words === 'enabled_disabled' ? 'enabled|disabled' : 'yes|no';
    case 'ref':
      return value.kinds.map((kind) => elementKind(kind).keyword.toUpperCase()).join('|');
    case 'version':
      return 'VERSION';
    case 'quantity':
      return value.unit === 'bytes' ? 'SIZE' : value.unit === 'bitrate' ? 'SPEED' : 'DURATION';
    case 'address':
      return value.prefix === 'forbidden' ? 'IP' : 'IP[/PREFIX]';
    case 'dotted':
      return 'N.N.N';
    case 'ports':
      return 'PORT|FROM-TO';
    case 'string':
      return spec.name === 'value' || spec.name === 'values' ? 'STRING' : spec.name.toUpperCase();
    case 'number':
      return spec.name === 'value' ? 'NUMBER' : spec.name.toUpperCase();
    default:
      return spec.name === 'value' || spec.name === 'values' ? 'NAME' : spec.name.toUpperCase();
  }
}

/**
 * A checked value is one of three object shapes, each with its fields in one order, so that a rule reads values through
 * at most three shapes: one whose text is all it carries (a name, a string, an enum value, a fixed word, a dotted
 * version; more than half the values of a stamp), a reference, and the rest. At 100k lines a single 12-field shape for
 * all of them held about 23 MB, these three about 14 MB.
 */
function makeTextValue(argument: SyntaxArgument, type: Value['type']): Value {
  return { type, text: argument.text, start: argument.start, end: argument.end };
}

/** A reference: the element kinds it looks up, its case-folded key, and the element found (set by the resolution). */
function makeReference(argument: SyntaxArgument, kinds: readonly string[]): Value {
  return { type: 'ref', text: argument.text, start: argument.start, end: argument.end, kinds, key: nameKey(argument.text), target: undefined };
}

/** A value whose type reads a number, a port range, a yes/no, a rank or a prefix from its text: the fields its type sets. */
function makeScalarValue(argument: SyntaxArgument, type: Value['type']): Value {
  return { type, text: argument.text, start: argument.start, end: argument.end, number: undefined, to: undefined, bool: undefined, rank: undefined, prefix: undefined };
}

const quantityUnits: Record<'bytes' | 'bitrate' | 'duration', Record<string, number>> = {
  bytes: { kb: 1 / (1024 * 1024), mb: 1 / 1024, gb: 1, tb: 1024, pb: 1024 * 1024 },
  bitrate: { kbps: 1 / 1_000_000, mbps: 1 / 1000, gbps: 1 },
  duration: { s: 1, sec: 1, m: 60, min: 60, h: 3600 },
};
/** Each table's own unit names (no inherited member of an object is a unit). */
const quantityUnitNames = {
  bytes: Object.keys(quantityUnits.bytes),
  bitrate: Object.keys(quantityUnits.bitrate),
  duration: Object.keys(quantityUnits.duration),
};

/**
 * The factor of the unit that `text` ends with from `from` on, compared without case (the unit is ASCII letters only:
 * `quantityNumberEnd`), or undefined when the table has no such unit: `Object.hasOwn(units, unit.toLowerCase())`
 * without the two strings.
 */
function unitFactor(names: readonly string[], units: Record<string, number>, text: string, from: number): number | undefined {
  const length = text.length - from;
  for (const name of names) {
    if (name.length !== length) continue;
    let at = 0;
    // Letters only: setting the 0x20 bit lower-cases an ASCII letter; the names are lower case.
    while (at < length && (text.charCodeAt(from + at) | 0x20) === name.charCodeAt(at)) at++;
    if (at === length) return units[name];
  }
  return undefined;
}

/** The number written before `end` (digits, an optional `.` and digits: `quantityNumberEnd`), as `Number` reads it. */
function leadingNumber(text: string, end: number): number {
  // Up to 15 digits an integer is exact whichever way it is summed; anything else is read by Number.
  if (end <= 15) {
    let number = 0;
    let at = 0;
    for (; at < end; at++) {
      const code = text.charCodeAt(at);
      if (code === 46) break;
      number = number * 10 + (code - 48);
    }
    if (at === end) return number;
  }
  return Number(text.slice(0, end));
}

const unitExamples = { bytes: '`8GB`, `500GB` or `2TB`', bitrate: '`1Gbps` or `10Gbps`', duration: '`30s`, `5m` or `15m`' };

/**
 * Where the number of a size, speed or duration ends (`8` of `8GB`, `1.5` of `1.5TB`), or -1 when the text is not
 * digits, an optional `.` and digits, then letters only (`/^([0-9]+(?:\.[0-9]+)?)([A-Za-z]+)$/`, without the match
 * array and its strings: a stamp has a size or a speed on most of its VMs and disks).
 */
function quantityNumberEnd(text: string): number {
  let at = 0;
  while (isDigitCode(text.charCodeAt(at))) at++;
  if (at === 0) return -1;
  if (text.charCodeAt(at) === 46 && isDigitCode(text.charCodeAt(at + 1))) {
    at += 2;
    while (isDigitCode(text.charCodeAt(at))) at++;
  }
  const numberEnd = at;
  while (isLetterCode(text.charCodeAt(at))) at++;
  return at > numberEnd && at === text.length ? numberEnd : -1;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetterCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** An element's name and the span of the text that names it: a header value, else (no header) its keyword. */
function elementName(kind: KnownKind, header: Record<string, Value[]>, statement: SyntaxStatement): { name: string; nameSpan: Span } {
  let value: Value | undefined;
  let name: string | undefined;
  switch (kind.id) {
    case 'sql': {
      const machine = header.machine?.[0];
      const instance = header.instance?.[0];
      if (machine && instance) {
        name = `${machine.text}\\${instance.text}`;
        value = instance;
      } else if (machine) {
        name = machine.text;
        value = machine;
      }
      break;
    }
    case 'replica':
      value = header.instance?.[0];
      break;
    case 'server':
      value = header.machine?.[0];
      break;
    case 'port_rule':
      value = header.ports?.[0];
      break;
    case 'plan_group':
      value = header.order?.[0];
      break;
    case 'replication':
      value = header.vm?.[0];
      break;
    case 'import':
      value = header.path?.[0];
      break;
    default:
      value = header.name?.[0];
  }
  // Stryker disable next-line ConditionalExpression: every reader of a header-less element's name (the outline, messages) falls back to its keyword
  if (kind.header.length === 0) name = kind.keyword;
  return { name: name ?? value?.text ?? '', nameSpan: value ? { start: value.start, end: value.end } : { start: statement.keywordStart, end: statement.keywordEnd } };
}

/** Each version family's ranks by the versions' texts, as written in the release order and case-folded. */
const versionRanks = new Map<string, Map<string, number>>();

/** The first rank whose version is `text` without case, or -1 (`findIndex` with `toLowerCase` on both sides). */
function versionRank(family: keyof typeof versionOrder, text: string): number {
  let ranks = versionRanks.get(family);
  // Stryker disable next-line ConditionalExpression: building the table again gives the same table (cost only)
  if (!ranks) {
    ranks = new Map();
    versionOrder[family].forEach((version, rank) => {
      const key = version.toLowerCase();
      if (!ranks!.has(key)) ranks!.set(key, rank);
    });
    // The texts as the release order writes them (`2012R2`), to the rank of their case-folded text.
    for (const version of versionOrder[family]) ranks.set(version, ranks.get(version.toLowerCase())!);
    versionRanks.set(family, ranks);
  }
  return ranks.get(text) ?? ranks.get(text.toLowerCase()) ?? -1;
}

/** A record of values by argument name with one more argument (a new record for the first). */
function withValues(record: Record<string, Value[]> | undefined, name: string, values: Value[]): Record<string, Value[]> {
  if (record === undefined) {
    if (name === 'value') return { value: values };
    if (name === 'values') return { values };
    record = {};
  }
  record[name] = values;
  return record;
}

/** What an element's `properties` hold while its block is checked: never read, replaced when the block is done. */
const pendingProperties = new Properties();

/** The value types of a list whose repeats SCH011 reports: names of elements, accounts and roles, and fixed words. */
const namesOnce = new Set<ValueType['type']>(['ref', 'name', 'enum']);

class Checker {
  private diagnostics: Diagnostic[] = [];

  constructor(
    private readonly uri: string,
    readonly lines: LineIndex,
  ) {}

  /** The diagnostics reported since the last call. */
  takeDiagnostics(): Diagnostic[] {
    const taken = this.diagnostics;
    this.diagnostics = [];
    return taken;
  }

  private report(code: string, severity: Diagnostic['severity'], message: string, start: number, end: number, related?: Diagnostic['related']): void {
    this.diagnostics.push({ uri: this.uri, code, severity, message, start, end, ...(related ? { related } : {}) });
  }

  /**
   * Checks one statement inside `parent` (undefined: the top level): its element, or undefined for a property or an
   * unknown keyword. A child element and a property are put on the scratch stacks (`childStack`, `propertyStack`), from
   * which the parent's `checkElement` takes its lists once its block is checked.
   */
  checkStatement(statement: SyntaxStatement, parent: Element | undefined): Element | undefined {
    const parentKindId = parent ? parent.kind.id : 'file';
    const meaning = lookupKeyword(parentKindId, statement.keyword);
    if (!meaning) {
      this.reportUnknownKeyword(statement, parentKindId, parent);
      return undefined;
    }
    if ('element' in meaning) {
      const element = this.checkElement(statement, meaning.element, parent);
      if (parent) this.childStack[this.childTop++] = element;
      return element;
    }
    // A property's meaning exists only inside an element: the top level holds elements only.
    this.checkProperty(statement, meaning.property, parent!);
    return undefined;
  }

  /**
   * The children and the properties of the elements whose blocks are being checked, innermost last: an element's own
   * start at the tops it found when its block began (`checkElement`). Lists filled by `push` and copied to their exact
   * size afterwards left about 150 bytes of spare room behind per element; these stacks are filled once per file and
   * each element's lists are copied from them at their exact size. Entries above the tops are stale and never read.
   */
  private readonly childStack: Element[] = [];
  private childTop = 0;
  private readonly propertyStack: Property[] = [];
  private propertyTop = 0;
  /** Where the properties of the element whose block is being checked start on the stack. */
  private propertyBase = 0;
  /** Set when the element whose block is being checked repeats a keyword (its properties are then grouped by keyword). */
  private repeatedKeyword = false;

  private reportUnknownKeyword(statement: SyntaxStatement, parentKindId: string, parent: Element | undefined): void {
    const places = placesOfKeyword(statement.keyword);
    if (places.length > 0) {
      const where = places.map(describePlace).join(' or ');
      this.report('SCH002', 'error', `\`${statement.keyword}\` is not allowed ${describeParent(parent)}; it belongs ${where}.`, statement.keywordStart, statement.keywordEnd);
      return;
    }
    const suggestion = closestName(statement.keyword, keywordsIn(parentKindId));
    const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
    this.report('SCH001', 'error', `Unknown keyword \`${statement.keyword}\` ${describeParent(parent)}.${hint}`, statement.keywordStart, statement.keywordEnd);
  }

  private checkElement(statement: SyntaxStatement, kind: KnownKind, parent: Element | undefined): Element {
    const header = this.matchForms(statement, kind.keyword, kind.header);
    const { name, nameSpan } = elementName(kind, header, statement);
    // Stryker disable next-line UpdateOperator: an id only has to differ from every other (keys, and a sorted signature of a set of VMs): counting down, the ids differ all the same
    const id = nextElementId++;
    const element: Element = {
      id,
      kind,
      uri: this.uri,
      name,
      key: nameKey(name),
      nameSpan,
      statement,
      line: this.lines.lineAt(statement.keywordStart) + 1,
      header,
      // Set below, once the block is checked (the placeholder is never read).
      properties: pendingProperties,
      children: [],
      parent,
    };
    const block = statement.block;
    if (!block) {
      element.properties = new Properties();
      return element;
    }
    const childBase = this.childTop;
    const outerPropertyBase = this.propertyBase;
    const outerRepeated = this.repeatedKeyword;
    const propertyBase = (this.propertyBase = this.propertyTop);
    this.repeatedKeyword = false;
    for (const child of block.statements) this.checkStatement(child, element);
    if (this.childTop > childBase) element.children = this.childStack.slice(childBase, this.childTop);
    element.properties = Properties.from(this.propertyTop > propertyBase ? this.propertyStack.slice(propertyBase, this.propertyTop) : [], this.repeatedKeyword);
    this.childTop = childBase;
    this.propertyTop = propertyBase;
    this.propertyBase = outerPropertyBase;
    this.repeatedKeyword = outerRepeated;
    return element;
  }

  private checkProperty(statement: SyntaxStatement, spec: PropertySpec, parent: Element): void {
    const args = this.matchForms(statement, spec.keyword, spec.forms);
    const form = this.matchedForm;
    const word = this.matchedWord;
    const property: Property = word ? { keyword: spec.keyword, spec, statement, form, args, formWord: word } : { keyword: spec.keyword, spec, statement, form, args };
    // The parent's properties so far are on the stack, from where its block began (`checkElement`).
    let existing: Property | undefined;
    for (let index = this.propertyBase; index < this.propertyTop; index++) {
      if (this.propertyStack[index].keyword === spec.keyword) {
        existing = this.propertyStack[index];
        break;
      }
    }
    if (existing && !spec.repeatable) {
      const first = existing.statement;
      this.report('SCH007', 'warning', `\`${spec.keyword}\` is already set ${describeParent(parent)}; this second one is ignored.`, statement.keywordStart, statement.keywordEnd, [
        { uri: this.uri, start: first.start, end: first.end, message: `first \`${spec.keyword}\`` },
      ]);
    } else {
      if (existing) this.repeatedKeyword = true;
      this.propertyStack[this.propertyTop++] = property;
    }
    const block = statement.block;
    if (block) {
      // Nested properties are reserved for future use; nothing in the schema has them yet.
      // Stryker disable next-line ConditionalExpression: no property of the schema is nested, so the test is always true
      if (!spec.nested) this.report('SCH008', 'error', `\`${spec.keyword}\` is a property and takes no \`{ … }\` block.`, block.open, block.open + 1);
    }
  }

  /** The values of the list argument being checked (`matchForms`); entries past the list's count are stale. */
  private readonly valueStack: Value[] = [];

  /** The index of the form the last `matchForms` picked, and the fixed word that selected it, if any. */
  private matchedForm = 0;
  private matchedWord: string | undefined;

  /**
   * Picks the form whose fixed words fit, then checks each argument against it: the values by argument name (the form
   * and its word in `matchedForm` and `matchedWord`).
   */
  private matchForms(statement: SyntaxStatement, keyword: string, forms: readonly ArgForm[]): Record<string, Value[]> {
    const args = statement.args;
    this.matchedForm = 0;
    this.matchedWord = undefined;
    if (forms.length === 0) {
      if (args.length > 0) {
        const last = args[args.length - 1];
        this.report('SCH003', 'error', `\`${keyword}\` takes no arguments.`, args[0].start, last.end);
      }
      return {};
    }
    let best = 0;
    // One form (most statements): nothing to choose. Otherwise the form with the most fixed words in place wins; between
    // forms with as many (every form of the schema has one fixed word), the first whose argument count fits.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with one form the loop below picks it too; the test only skips the loop
    if (forms.length > 1) {
      let bestScore = -1;
      for (let index = 0; index < forms.length; index++) {
        const form = forms[index];
        let score = 0;
        let required = 0;
        let most = form.length;
        for (let position = 0; position < form.length; position++) {
          const spec = form[position];
          if (spec.value.type === 'word' && args[position]?.text === spec.value.word) score += 2;
          // Stryker disable next-line ConditionalExpression,BooleanLiteral: no statement with several forms (sql, witness, storage) has an optional argument, so every one is required
          if (!spec.optional) required++;
          // Stryker disable next-line ConditionalExpression: no statement with several forms (sql, witness, storage) has a list argument
          if (spec.list) most = Infinity;
        }
        if (args.length >= required && args.length <= most) score += 1;
        if (score > bestScore) {
          best = index;
          bestScore = score;
        }
      }
    }
    const form = forms[best];
    // Most statements have one argument named `value` or `values` (the schema's `one` and `list`): their record is
    // made with its one key (a smaller object than an empty one given a key, made without a keyed store).
    let result: Record<string, Value[]> | undefined;
    let position = 0;
    let word: string | undefined;
    for (let index = 0; index < form.length; index++) {
      const spec = form[index];
      const argument = args[position];
      if (!argument) {
        if (!spec.optional) this.reportMissing(statement, keyword, forms, form, spec);
        break;
      }
      if (spec.list) {
        // The values are gathered on `valueStack` and copied at their exact size (a list filled by `push` keeps spare
        // room for 16 values or more).
        const values = this.valueStack;
        let count = 0;
        for (; position < args.length; position++) {
          const item = args[position];
          const previous = args[position - 1];
          if (count > 0 && previous && !previous.commaAfter) {
            this.report('SCH003', 'error', `Separate the values of \`${keyword}\` with commas: expected \`,\` before \`${item.text}\`.`, item.start, item.end);
          }
          const value = this.convert(item, spec.value, keyword);
          if (value) values[count++] = value;
        }
        const list = count > 0 ? values.slice(0, count) : [];
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a list of one value has no repeat (cost only)
        if (count > 1 && namesOnce.has(spec.value.type)) this.reportRepeats(keyword, list);
        result = withValues(result, spec.name, list);
        break;
      }
      if (argument.commaAfter) {
        this.report('SCH003', 'error', `\`${keyword}\` takes a single value here, not a list.`, argument.end, argument.end + 1);
      }
      // Stryker disable next-line ConditionalExpression: after the first argument only the sql header has a word (`on`), and its forms start with one word, which names the same as the single message
      const value = this.convert(argument, spec.value, keyword, index === 0 ? forms : undefined);
      if (spec.value.type === 'word') {
        if (value) word = spec.value.word;
      } else if (value) {
        result = withValues(result, spec.name, [value]);
      }
      position++;
    }
    if (position < args.length) {
      const extra = args.slice(position);
      const shown = forms.map((f) => `\`${formText(keyword, f)}\``).join(' or ');
      this.report('SCH003', 'error', `Unexpected ${extra.length === 1 ? `\`${extra[0].text}\`` : `arguments \`${extra.map((a) => a.text).join(' ')}\``}: expected ${shown}.`, extra[0].start, extra[extra.length - 1].end);
    }
    this.matchedForm = best;
    this.matchedWord = word;
    return result ?? {};
  }

  /**
   * SCH011: a name or word written twice in one list (`nodes N1, N1`). Names are compared as Windows compares them,
   * without case. The model reads each element once; the fix removes the repeat with its comma, and is left out when
   * that would take a comment with it.
   */
  private reportRepeats(keyword: string, values: readonly Value[]): void {
    // A short list of references (most lists are: a cluster's nodes, a component's servers) is searched by the keys the
    // references hold; other lists keep a table of case-folded texts.
    const first = values.length > 16 || values[0].key === undefined ? new Map<string, Value>() : undefined;
    values.forEach((value, index) => {
      let earlier: Value | undefined;
      if (first) {
        const key = nameKey(value.text);
        earlier = first.get(key);
        if (!earlier) first.set(key, value);
      } else {
        for (let at = 0; at < index && !earlier; at++) if (values[at].key === value.key) earlier = values[at];
      }
      if (!earlier) return;
      const removed = listValueRemoval(this.lines.text, values, index);
      this.diagnostics.push({
        uri: this.uri, code: 'SCH011', severity: 'warning', start: value.start, end: value.end,
        message: `\`${value.text}\` is already listed in \`${keyword}\`; a value counts once, so this repeat adds nothing.`,
        related: [{ uri: this.uri, start: earlier.start, end: earlier.end, message: `first \`${earlier.text}\`` }],
        fixes: removed ? [{ title: `Remove the repeated \`${value.text}\``, preferred: true, edits: [{ uri: this.uri, ...removed, newText: '' }] }] : [],
        tags: ['unnecessary'],
      });
    });
  }

  private reportMissing(statement: SyntaxStatement, keyword: string, forms: readonly ArgForm[], form: ArgForm, spec: ArgSpec): void {
    const lastArgument = statement.args[statement.args.length - 1];
    const end = lastArgument ? lastArgument.end : statement.keywordEnd;
    const expected = forms.map((f) => `\`${formText(keyword, f)}\``).join(' or ');
    const what =
      spec.value.type === 'word'
        ? `\`${spec.value.word}\``
        : spec.value.type === 'ref'
          ? `the ${spec.value.kinds.map((k) => elementKind(k).label).join(' or ')}`
          : spec.value.type === 'ports'
            ? 'a port or a port range'
            : `${/^[aeiou]/.test(spec.name) ? 'an' : 'a'} ${spec.name}`;
    // A VM's placement (only `vm` has an argument of that name) says what it is for ("the cluster or host it runs on")
    // rather than only its kinds.
    const placement = spec.name === 'placement' ? ' it runs on' : '';
    this.report('SCH003', 'error', `\`${keyword}\` is missing ${what}${placement}: expected ${expected}.`, statement.keywordStart, end);
    void form;
  }

  private wrongValue(argument: SyntaxArgument, message: string): undefined {
    this.report('SCH009', 'error', message, argument.start, argument.end);
    return undefined;
  }

  /** Converts one argument to a value of the expected type, reporting a precise error when it does not fit. */
  private convert(argument: SyntaxArgument, type: ValueType, keyword: string, formsStartingHere?: readonly ArgForm[]): Value | undefined {
    // The common cases first, without closures; a name, reference, word list or string that does not fit is reported
    // by the second switch.
    switch (type.type) {
      case 'name':
        if (argument.kind === 'identifier' || argument.kind === 'string' || argument.kind === 'number' || argument.kind === 'quantity') return makeTextValue(argument, type.type);
        break;
      case 'ref':
        if (argument.kind === 'identifier' || argument.kind === 'string') return makeReference(argument, type.kinds);
        break;
      case 'enum':
        if (argument.kind === 'identifier' && type.values.includes(argument.text)) return makeTextValue(argument, type.type);
        break;
      case 'string':
        if (argument.kind === 'string' || argument.kind === 'identifier') return makeTextValue(argument, type.type);
        break;
      // Stryker disable next-line ConditionalExpression: the other types are converted by the switch below either way
      default:
        break;
    }
    // A value's type is the schema type it was converted to; the cases below set the fields their type uses.
    switch (type.type) {
      case 'word':
        if (argument.text === type.word) return makeTextValue(argument, type.type);
        // A statement whose forms start with different words (`storage csv CSV`, `storage local`) names them all.
        // Stryker disable next-line ArrayDeclaration: one choice or none gives the single message below
        const choices = formsStartingHere ? wordChoices(formsStartingHere) : [];
        // Stryker disable next-line EqualityOperator: a single choice is the expected word itself (only the sql header's forms give one: `on`), named alike
        if (choices.length > 1) return this.wrongValue(argument, `Expected ${orList(choices.map((choice) => `\`${choice}\``))} here, not \`${argument.text}\`.`);
        return this.wrongValue(argument, `Expected \`${type.word}\` here, not \`${argument.text}\`.`);
      case 'name':
        return this.wrongValue(argument, `Expected a name for \`${keyword}\`; write \`${argument.text}\` in double quotes if it is one.`);
      case 'string':
        return this.wrongValue(argument, `Expected a string in double quotes for \`${keyword}\`, not \`${argument.text}\`.`);
      case 'ref':
        return this.wrongValue(argument, `Expected the name of a ${type.kinds.map((k) => elementKind(k).label).join(' or ')} for \`${keyword}\`, not \`${argument.text}\`.`);
      case 'number': {
        const value = makeScalarValue(argument, type.type);
        if (argument.kind !== 'number') return this.wrongValue(argument, `Expected a whole number for \`${keyword}\`, not \`${argument.text}\`.`);
        const number = Number(argument.text);
        if (number < (type.min ?? -Infinity) || number > (type.max ?? Infinity)) {
          return this.wrongValue(argument, `\`${keyword}\` must be between ${type.min ?? 0} and ${type.max}; \`${argument.text}\` is out of range.`);
        }
        value.number = number;
        return value;
      }
      case 'ports': {
        const value = makeScalarValue(argument, type.type);
        if (argument.kind === 'number') {
          const number = Number(argument.text);
          if (number > 65535) return this.wrongValue(argument, `Port ${argument.text} is out of range: ports go from 0 to 65535.`);
          value.number = number;
          value.to = number;
          return value;
        }
        if (argument.kind === 'range') {
          const [from, to] = argument.text.split('-').map(Number);
          if (to > 65535 || from > to) return this.wrongValue(argument, `\`${argument.text}\` is not a valid port range: expected FROM-TO with FROM ≤ TO ≤ 65535.`);
          value.number = from;
          value.to = to;
          return value;
        }
        return this.wrongValue(argument, `Expected a port or a port range such as \`8090\` or \`0-65535\`, not \`${argument.text}\`.`);
      }
      case 'quantity': {
        const value = makeScalarValue(argument, type.type);
        if (argument.kind === 'number' && type.unit === 'duration') {
          value.number = Number(argument.text);
          return value;
        }
        const text = argument.text;
        const numberEnd = quantityNumberEnd(text);
        // Only the table's own units: `8constructor` is no size.
        // Stryker disable next-line EqualityOperator: quantityNumberEnd never returns 0 (a quantity starts with a digit)
        const factor = numberEnd > 0 ? unitFactor(quantityUnitNames[type.unit], quantityUnits[type.unit], text, numberEnd) : undefined;
        if (factor === undefined) return this.wrongValue(argument, `Expected a ${type.unit === 'bytes' ? 'size' : type.unit === 'bitrate' ? 'speed' : 'duration'} such as ${unitExamples[type.unit]}, not \`${argument.text}\`.`);
        value.number = leadingNumber(text, numberEnd) * factor;
        return value;
      }
      case 'version': {
        const value = makeScalarValue(argument, type.type);
        const order = versionOrder[type.family];
        const rank = versionRank(type.family, argument.text);
        if (rank < 0) {
          const suggestion = closestName(argument.text, [...order]);
          const family = type.family === 'sql' ? 'SQL Server' : type.family === 'windows' ? 'Windows Server' : 'System Center';
          return this.wrongValue(argument, `\`${argument.text}\` is not a ${family} version; expected one of ${order.join(', ')}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`);
        }
        value.rank = rank;
        value.text = order[rank];
        return value;
      }
      case 'address': {
        const value = makeScalarValue(argument, type.type);
        const match = /^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)(?:\/([0-9]+))?$/.exec(argument.text);
        if (argument.kind !== 'dotted' || !match) return this.wrongValue(argument, `Expected an IPv4 address such as \`172.21.5.140\`${type.prefix !== 'forbidden' ? ' or `172.21.5.130/24`' : ''}, not \`${argument.text}\`.`);
        for (let part = 1; part <= 4; part++) {
          if (Number(match[part]) > 255) return this.wrongValue(argument, `\`${argument.text}\` is not a valid IPv4 address: each part must be at most 255.`);
        }
        const prefix = match[5] !== undefined ? Number(match[5]) : undefined;
        if ((prefix ?? 0) > 32) return this.wrongValue(argument, `The prefix length of \`${argument.text}\` must be at most 32.`);
        if (prefix !== undefined && type.prefix === 'forbidden') return this.wrongValue(argument, `\`${keyword}\` takes a plain address without \`/${prefix}\`.`);
        value.prefix = prefix;
        return value;
      }
      case 'dotted':
        if (argument.kind === 'dotted' && !argument.text.includes('/')) return makeTextValue(argument, type.type);
        return this.wrongValue(argument, `Expected a dotted version such as \`6.2.9200\`, not \`${argument.text}\`.`);
      case 'enum': {
        // A bare value was accepted above, and every value starts with a letter (no number, size or version spells
        // one): a value here was quoted.
        if (type.values.includes(argument.text)) {
          this.report('SCH004', 'error', `Write \`${argument.text}\` without quotes: \`${keyword}\` takes one of ${type.values.map((v) => `\`${v}\``).join(', ')}.`, argument.start, argument.end);
          return undefined;
        }
        const suggestion = closestName(argument.text, [...type.values]);
        const choices = type.values.map((v) => `\`${v}\``).join(', ');
        this.report('SCH004', 'error', `\`${argument.text}\` is not a valid value for \`${keyword}\`; expected ${choices}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`, argument.start, argument.end);
        return undefined;
      }
      case 'bool': {
        const value = makeScalarValue(argument, type.type);
        const text = argument.text;
        if (text === 'yes' || text === 'enabled' || text === 'true') {
          value.bool = true;
          return value;
        }
        if (text === 'no' || text === 'disabled' || text === 'false') {
          value.bool = false;
          return value;
        }
        const words = type.words === 'enabled_disabled' ? '`enabled` or `disabled`' : '`yes` or `no`';
        this.report('SCH004', 'error', `\`${text}\` is not a valid value for \`${keyword}\`; expected ${words}.`, argument.start, argument.end);
        return undefined;
      }
    }
  }
}
