// Diagnostics of the language core: offsets in a file, a stable code, and optional related places and fixes.

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Another place that explains a diagnostic (the first declaration, the primary's login). */
export interface RelatedPlace {
  uri: string;
  start: number;
  end: number;
  message: string;
}

/** A text edit in one file, by offsets. */
export interface TextEdit {
  uri: string;
  start: number;
  end: number;
  newText: string;
}

/** A mechanical fix for a diagnostic. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Files the fix creates (for example a missing imported file), with their initial text. */
  createFiles?: Array<{ uri: string; text: string }>;
  /** The preferred fix is applied by "auto fix". */
  preferred?: boolean;
}

/**
 * What a code action needs to know of a fixable diagnostic beyond its code and range: the rule, and the subject its
 * fixes act on as a whole. It travels to the editor in the LSP diagnostic's `data` and back with a code-action request,
 * so actions find their diagnostics by it, never by reading the message.
 */
export interface DiagnosticData {
  rule: string;
  /** The case-folded name of the element the rule's group-wide action acts on (AG003: the availability group). */
  subject?: string;
}

export interface Diagnostic {
  uri: string;
  start: number;
  end: number;
  severity: Severity;
  /** A stable id: SYN… for syntax, SCH… for the schema, catalog ids (AG003 …) for rules. */
  code: string;
  message: string;
  related?: RelatedPlace[];
  fixes?: Fix[];
  /** Set on rule diagnostics that carry fixes. */
  data?: DiagnosticData;
  /** Marks text that is unused or deprecated, for editors that fade it. */
  tags?: Array<'unnecessary' | 'deprecated'>;
}
