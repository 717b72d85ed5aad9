// The types the schema table is written in: element kinds, properties, argument forms and value types.

/** What an argument may be. */
export type ValueType =
  | { type: 'name' } // an identifier or a string, not resolved (a login, an account, a class name)
  | { type: 'string' } // a string only (FQDNs, UNC paths, URLs)
  | { type: 'number'; min?: number; max?: number }
  | { type: 'quantity'; unit: 'bytes' | 'bitrate' | 'duration' }
  | { type: 'version'; family: 'windows' | 'sql' | 'system_center' }
  | { type: 'address'; prefix: 'optional' | 'required' | 'forbidden' } // an IPv4 address, maybe with /prefix
  | { type: 'dotted' } // a dotted version such as 6.2.9200
  | { type: 'ports' } // a number or a range
  | { type: 'enum'; values: readonly string[] }
  | { type: 'bool'; words: 'yes_no' | 'enabled_disabled' }
  | { type: 'ref'; kinds: readonly string[] }
  | { type: 'word'; word: string }; // a fixed word such as `on`, `to`, `disk`

/** One argument position of a form. */
export interface ArgSpec {
  /** The name the model uses for the value. */
  name: string;
  value: ValueType;
  /** The rest of the arguments, separated by commas. */
  list?: boolean;
  optional?: boolean;
}

/** One way of writing a statement's arguments; a statement matches the first form whose fixed words fit. */
export type ArgForm = readonly ArgSpec[];

/** Documentation shown in hovers and completion. */
export interface Documentation {
  /** One or two short paragraphs, in Markdown. */
  doc: string;
  /** The Microsoft documentation (or seed) the text rests on. */
  link?: string;
  /** Per-value notes for enumerations and fixed words. */
  values?: Record<string, string>;
}

/** A property statement: a keyword and its value, inside an element. */
export interface PropertySpec extends Documentation {
  keyword: string;
  forms: readonly ArgForm[];
  /** May be written alone, meaning `yes` (`mac_spoofing`, `critical`). */
  flag?: boolean;
  /** May appear more than once (`vote`). */
  repeatable?: boolean;
  /** The product default when the property is absent, for hovers. */
  defaultText?: string;
  /** The statement may carry a block of these nested properties. */
  nested?: Record<string, PropertySpec>;
}

/** An element kind: a statement that declares something with a name, properties and children. */
export interface ElementKind extends Documentation {
  /** A unique id (two kinds may share a keyword in different parents, like `group`). */
  id: string;
  keyword: string;
  /** The label used in messages and the outline ("SQL instance"). */
  label: string;
  /** The kinds this may appear in; `file` is the top level. */
  parents: readonly string[];
  /** The header forms; an empty list means the keyword stands alone. */
  header: readonly ArgForm[];
  /** Where a name must be unique: the whole stamp or the parent element. */
  scope: 'global' | 'parent';
  properties: Record<string, PropertySpec>;
  /** Elements without a name of their own (tenant_site, sa) appear at most once per parent. */
  singleton?: boolean;
  /** The outline symbol kind, as a plain word the server maps to LSP. */
  symbol: 'namespace' | 'module' | 'class' | 'object' | 'interface' | 'field' | 'property' | 'key' | 'event' | 'file' | 'struct' | 'variable' | 'constant';
}
