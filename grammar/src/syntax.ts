// The syntax tree: the generic `keyword args [block]` shape of language.md section 2, with offsets only.

/** The lexical kind of an argument token. */
export type ArgumentKind = 'identifier' | 'string' | 'number' | 'quantity' | 'dotted' | 'range';

/** One argument of a statement, as written. Offsets are UTF-16 code-unit offsets into the source text. */
export interface SyntaxArgument {
  kind: ArgumentKind;
  /** The argument's value: a string's content without its quotes, otherwise the token text. */
  text: string;
  start: number;
  end: number;
  /** True when a comma follows this argument (it continues a list). */
  commaAfter: boolean;
}

/** A block `{ … }` and the statements inside it. */
export interface SyntaxBlock {
  open: number;
  /** The offset of the closing brace, or undefined when the block was never closed. */
  close: number | undefined;
  statements: SyntaxStatement[];
}

/** One statement: a keyword, its arguments and an optional block. */
export interface SyntaxStatement {
  keyword: string;
  keywordStart: number;
  keywordEnd: number;
  args: SyntaxArgument[];
  block: SyntaxBlock | undefined;
  /** From the keyword to the end of the last argument or the closing brace. */
  start: number;
  end: number;
}

/** A `//` or `/* … *\/` comment, kept for the formatter and the folding ranges. */
export interface SyntaxComment {
  start: number;
  end: number;
  block: boolean;
}

/** A syntax error with a precise range and a message in the user's terms. */
export interface SyntaxError {
  code: string;
  message: string;
  start: number;
  end: number;
}

/** The result of parsing one file: never fails, always a tree plus errors. */
export interface SyntaxFile {
  text: string;
  statements: SyntaxStatement[];
  comments: SyntaxComment[];
  errors: SyntaxError[];
}

/** Visits every statement of a file depth-first, with its parent statement. */
export function forEachStatement(
  statements: readonly SyntaxStatement[],
  visit: (statement: SyntaxStatement, parent: SyntaxStatement | undefined) => void,
  parent?: SyntaxStatement,
): void {
  for (const statement of statements) {
    visit(statement, parent);
    if (statement.block) forEachStatement(statement.block.statements, visit, statement);
  }
}

/**
 * The list without spare room: a copy when it has items, the list itself when empty. A list filled by `push` keeps room
 * for 16 items or more, and the trees of a large stamp hold hundreds of thousands of lists of one or two items.
 */
export function compact<T>(items: T[]): T[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,MethodExpression: memory only: a copy holds the same items as the list
  return items.length === 0 ? items : items.slice();
}

/**
 * The text as a string of its own. V8 makes a text of 13 characters or more cut from another (`substring`, `slice`) a
 * sliced string, which keeps the whole text it was cut from alive; `' ' + text` is a new text, and a slice of it keeps
 * only that alive.
 */
export function ownCopy(text: string): string {
  // Stryker disable next-line all: memory only: the copy is the same text
  return text.length < 13 ? text : (' ' + text).slice(1);
}
