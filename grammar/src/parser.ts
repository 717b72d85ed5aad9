// The parser: scanned tokens to the syntax tree, with error productions so that a broken statement costs only itself.
import {
  Comma,
  EndOfInput,
  Identifier,
  LCurly,
  maxNestingDepth,
  Newline,
  RCurly,
  scanTokens,
  Semicolon,
  StringLiteral,
  Unknown,
  UnterminatedString,
  type ScannedText,
} from './scan.js';
import type { ArgumentKind, SyntaxArgument, SyntaxComment, SyntaxError, SyntaxFile, SyntaxStatement } from './syntax.js';
import { LineIndex } from './text.js';

export { maxNestingDepth };

/** Parses a `.stamp` text. Never throws: the result always has a tree, plus the errors found. */
export function parseStamp(text: string): SyntaxFile {
  const scanned = scanTokens(text, 0, text.length);
  const errors = scanned.errors;
  const firstPass = new StampParser(text, scanned, undefined).file();
  let result = firstPass;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a second pass with no unclosed block gives the first pass's result (it only costs time)
  if (firstPass.unclosedBlocks.size > 0) {
    // Some block was never closed. Parse again, this time ending each of those blocks at the first statement
    // that is indented no deeper than the statement that opened it, which is where the user most likely forgot the `}`.
    result = new StampParser(text, scanned, firstPass.unclosedBlocks).file();
  }
  for (const error of result.errors) errors.push(error);
  errors.sort((a, b) => a.start - b.start);
  return { text, statements: result.statements, comments: scanned.comments, errors };
}

/** The syntax of the whole lines `text[start, end)`, parsed on their own, with offsets into `text`. */
export interface RegionSyntax {
  statements: SyntaxStatement[];
  comments: SyntaxComment[];
  errors: SyntaxError[];
}

/** Error codes whose presence means a stretch of text may parse differently on its own than inside its file. */
const contextSensitiveCodes = new Set(['SYN003', 'SYN004', 'SYN007', 'SYN009']);

/**
 * Parses the top-level statements of `text[start, end)` on their own, for incremental re-parsing. `start` must be a
 * line start and `end` a line start or the end of the text. Returns undefined when the result could differ from what
 * parsing the whole text gives for that stretch: an unclosed block or comment, a `{` on its own line, a dangling comma
 * (each of these reaches into the text around it).
 */
export function parseRegion(text: string, start: number, end: number): RegionSyntax | undefined {
  const scanned = scanTokens(text, start, end);
  const errors = scanned.errors;
  // An unclosed block is reported as SYN004, one of the context-sensitive codes.
  const result = new StampParser(text, scanned, undefined).file();
  for (const error of result.errors) errors.push(error);
  if (hasContextSensitiveErrors(errors)) return undefined;
  errors.sort((a, b) => a.start - b.start);
  return { statements: result.statements, comments: scanned.comments, errors };
}

/** True when a parsed file's errors leave its statements independent of one another (see `parseRegion`). */
export function hasContextSensitiveErrors(errors: readonly SyntaxError[]): boolean {
  return errors.some((error) => contextSensitiveCodes.has(error.code));
}

interface PassResult {
  statements: SyntaxStatement[];
  errors: SyntaxError[];
  unclosedBlocks: Set<number>;
}

/** The statement list being filled, the file's or a block's, with what a block needs for its error messages. */
interface Container {
  /** Where the container's statements start on the parser's statement stack. */
  base: number;
  lastOffset: number;
  firstColumn: number | undefined;
  /** The offset of the block's `{` (-1 for the file). */
  open: number;
  owner: BlockOwner | undefined;
}

/** The statement that owns a block, for messages and for the dedent heuristic. */
interface BlockOwner {
  keyword: string;
  keywordStart: number;
  /** The statement's first argument, which its description names (none for a `{` on its own line). */
  firstArgument: SyntaxArgument | undefined;
}

/** A parsed block, with the end of the last thing in it (for a block that is never closed). */
interface ParsedBlock {
  open: number;
  close: number | undefined;
  statements: SyntaxStatement[];
  lastOffset: number;
}

/** How a message names the statement that owns a block: `cluster HVCLUSTER`, `sql "A\B"`, `fabric`. */
function describeOwner(owner: BlockOwner): string {
  const first = owner.firstArgument;
  if (!first) return owner.keyword;
  return first.kind !== 'string' ? `${owner.keyword} ${first.text}` : `${owner.keyword} "${first.text}"`;
}

// The lexical kind of each argument token kind (scan.ts numbers StringLiteral … Identifier 5 … 11).
const argumentKinds: readonly ArgumentKind[] = ['string', 'string', 'dotted', 'range', 'quantity', 'number', 'identifier'];

/** True for the token kinds that can be an argument of a statement (strings, numbers, names …). */
function isArgument(kind: number): boolean {
  return kind >= StringLiteral && kind <= Identifier;
}

/** Where a statement with this block ends: after its `}`, or after the last thing in it when it is never closed. */
function blockEnd(block: ParsedBlock): number {
  return block.close !== undefined ? block.close + 1 : block.lastOffset;
}

/** Quotes a piece of source for a message, shortened when long. */
function quote(text: string): string {
  if (text.length <= 40) return `\`${text}\``;
  // Cut long text without splitting a surrogate pair.
  const cut = /[\ud800-\udbff]/.test(text[36]) ? 36 : 37;
  return `\`${text.slice(0, cut)}…\``;
}

/**
 * One pass of recursive descent over scanned tokens. The grammar accepts every token sequence:
 *   file      = { Newline | `;` | statement | `}` (SYN005) | detached | junk }
 *   statement = Identifier { argument | `,` { Newline } | Unknown } [ block ]
 *   block     = `{` { Newline | `;` | statement | detached | junk } [ `}` ]
 *   detached  = block (a `{` where a statement would start: SYN007)
 *   junk      = (an argument other than a name | `,` | Unknown) { argument | `,` | Unknown }
 */
class StampParser {
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly count: number;
  private position = 0;
  private lineIndex: LineIndex | undefined;
  private readonly errors: SyntaxError[] = [];
  private readonly unclosed = new Set<number>();
  /**
   * The arguments of the statements being parsed, innermost last: a statement's arguments are gathered here and copied
   * out as one exact list (a list filled by `push` from empty keeps room for 16 items or more).
   */
  private readonly argumentStack: SyntaxArgument[] = [];
  /** The statements of the file and of the blocks being parsed, innermost last, likewise. */
  private readonly statementStack: SyntaxStatement[] = [];

  constructor(
    private readonly text: string,
    scanned: ScannedText,
    /** In the second pass, the blocks (by the offset of their `{`) that end at the first statement not indented past their owner. */
    private readonly dedentBlocks: Set<number> | undefined,
  ) {
    this.kinds = scanned.kinds;
    this.starts = scanned.starts;
    this.ends = scanned.ends;
    this.count = scanned.count;
  }

  /** The whole file: statements and separators, plus the errors that can only happen at the top. */
  file(): PassResult {
    const container: Container = { base: 0, lastOffset: 0, firstColumn: undefined, open: -1, owner: undefined };
    while (this.position < this.count) this.item(container, true);
    return { statements: this.statementStack.slice(0), errors: this.errors, unclosedBlocks: this.unclosed };
  }

  private kindAt(position: number): number {
    return position < this.count ? this.kinds[position] : EndOfInput;
  }

  private image(position: number): string {
    return this.text.slice(this.starts[position], this.ends[position]);
  }

  private report(code: string, message: string, start: number, end: number): void {
    this.errors.push({ code, message, start, end });
  }

  /** One item of the file or of a block. */
  private item(container: Container, topLevel: boolean): void {
    const kind = this.kinds[this.position];
    if (kind === Newline || kind === Semicolon) {
      this.position++;
    } else if (kind === Identifier) {
      const statement = this.statement();
      this.addStatement(container, statement);
      if (container.firstColumn === undefined && this.dedentBlocks) container.firstColumn = this.columnOf(statement.start);
      // Statements and junk come in text order, each ending after everything before it.
      container.lastOffset = statement.end;
    } else if (kind === RCurly && topLevel) {
      const brace = this.starts[this.position++];
      this.report('SYN005', 'This `}` closes no block.', brace, brace + 1);
    } else if (kind === LCurly) {
      this.detachedBlock(container);
    } else {
      container.lastOffset = this.junk();
    }
  }

  /** One statement: a keyword, arguments separated by spaces or commas, and an optional block. */
  private statement(): SyntaxStatement {
    const keywordStart = this.starts[this.position];
    const keywordEnd = this.ends[this.position];
    const keyword = this.image(this.position++);
    const stack = this.argumentStack;
    const base = stack.length;
    // The commas written one after another (with nothing but line breaks or unknown characters between them) since the
    // last value: one mistake, reported once when the run ends (at the next value or the statement's end). The run is
    // kept as its length, its first and second commas' starts and its last comma's end.
    let run = 0;
    let runFirst = 0;
    let runSecond = 0;
    let runEnd = 0;
    for (;;) {
      const kind = this.kindAt(this.position);
      if (isArgument(kind)) {
        if (run > 0) this.reportCommaRun(keyword, run, runFirst, runSecond, runEnd, stack.length > base, true);
        run = 0;
        stack.push(this.argument(this.position++));
      } else if (kind === Comma) {
        const comma = this.position++;
        while (this.kindAt(this.position) === Newline) this.position++;
        if (stack.length > base) stack[stack.length - 1].commaAfter = true;
        if (run === 0) runFirst = this.starts[comma];
        else if (run === 1) runSecond = this.starts[comma];
        runEnd = this.ends[comma];
        run++;
      } else if (kind === Unknown) {
        this.reportUnknown(this.position++);
      } else break;
    }
    const args = stack.slice(base);
    stack.length = base;
    const block = this.kindAt(this.position) === LCurly ? this.block({ keyword, keywordStart, firstArgument: args[0] }) : undefined;
    if (run > 0) this.reportCommaRun(keyword, run, runFirst, runSecond, runEnd, args.length > 0, false);
    const lastArgument = args[args.length - 1];
    let end = lastArgument ? lastArgument.end : keywordEnd;
    // An unclosed block's lastOffset is past its `{`, so past the arguments.
    if (block) end = blockEnd(block);
    return {
      keyword,
      keywordStart,
      keywordEnd,
      args,
      block: block ? { open: block.open, close: block.close, statements: block.statements } : undefined,
      start: keywordStart,
      end,
    };
  }

  /**
   * Reports the commas of a run that lack a value around them: `A,, B` at the second comma, `A,,` and `, A` at every
   * comma of the run; nothing for one comma between two values.
   */
  private reportCommaRun(keyword: string, run: number, first: number, second: number, end: number, valueBefore: boolean, valueAfter: boolean): void {
    const between = valueBefore && valueAfter;
    const flagged = between ? run - 1 : run;
    if (flagged === 0) return;
    const one = flagged === 1;
    const what = valueBefore && !valueAfter ? (one ? 'another value after this `,`' : 'a value after each of these commas') : `a value before ${one ? 'this `,`' : 'each of these commas'}`;
    this.report('SYN009', `Expected ${what} in \`${keyword}\`.`, between ? second : first, end);
  }

  /** A block `{ … }`; when the `}` is missing, the error says which statement opened it and where. */
  private block(owner: BlockOwner): ParsedBlock {
    const open = this.starts[this.position++];
    const stack = this.statementStack;
    const container: Container = { base: stack.length, lastOffset: open + 1, firstColumn: undefined, open, owner };
    for (let kind = this.kindAt(this.position); kind !== RCurly && kind !== EndOfInput && this.continuesBlock(container); kind = this.kindAt(this.position)) {
      this.item(container, false);
    }
    let close: number | undefined;
    if (this.kindAt(this.position) === RCurly) close = this.starts[this.position++];
    else {
      this.unclosed.add(open);
      const line = this.lineOf(owner.keywordStart) + 1;
      const at = Math.max(open, container.lastOffset - 1);
      this.report('SYN004', `Expected \`}\` to close \`${describeOwner(owner)}\` opened on line ${line}.`, at, at + 1);
    }
    const statements = stack.slice(container.base);
    stack.length = container.base;
    return { open, close, statements, lastOffset: container.lastOffset };
  }

  /** A `{` at the start of a line: the user put the brace on the next line. Attach it to the statement before. */
  private detachedBlock(container: Container): void {
    const brace = this.starts[this.position];
    const previous = this.lastStatement(container);
    const owner: BlockOwner = previous
      ? { keyword: previous.keyword, keywordStart: previous.keywordStart, firstArgument: undefined }
      : { keyword: 'block', keywordStart: brace, firstArgument: undefined };
    const block = this.block(owner);
    const where = previous ? ` of \`${previous.keyword}\`` : '';
    this.report('SYN007', `The \`{\`${where} must be on the same line as its statement.`, brace, brace + 1);
    if (previous && !previous.block) {
      previous.block = { open: block.open, close: block.close, statements: block.statements };
      previous.end = blockEnd(block);
    } else {
      for (const statement of block.statements) this.statementStack.push(statement);
    }
  }

  /** Text that cannot start a statement, up to the end of its line; reported once. Returns the end offset. */
  private junk(): number {
    const first = this.position++;
    for (let kind = this.kindAt(this.position); isArgument(kind) || kind === Comma || kind === Unknown; kind = this.kindAt(this.position)) this.position++;
    const end = this.ends[this.position - 1];
    if (this.kinds[first] === Unknown) {
      this.reportUnknown(first);
    } else {
      this.report('SYN006', `A statement must start with a keyword, not ${quote(this.image(first))}.`, this.starts[first], end);
    }
    return end;
  }

  /** The last statement of a container so far, if any. */
  private lastStatement(container: Container): SyntaxStatement | undefined {
    const stack = this.statementStack;
    return stack.length > container.base ? stack[stack.length - 1] : undefined;
  }

  private addStatement(container: Container, statement: SyntaxStatement): void {
    const previous = this.lastStatement(container);
    if (previous && !this.separated(previous.end, statement.start)) {
      this.report('SYN008', `Expected a new line or \`;\` before \`${statement.keyword}\`.`, statement.keywordStart, statement.keywordEnd);
    }
    this.statementStack.push(statement);
  }

  /** True when a newline or `;` stands between two offsets (comments included, so a multi-line comment separates). */
  private separated(from: number, to: number): boolean {
    // Stryker disable next-line EqualityOperator: `to` is a keyword's first character, never a line break or `;`
    for (let at = from; at < to; at++) {
      const character = this.text.charCodeAt(at);
      if (character === 10 || character === 13 || character === 59) return true;
    }
    return false;
  }

  private argument(position: number): SyntaxArgument {
    const start = this.starts[position];
    const end = this.ends[position];
    const type = this.kinds[position];
    const kind = argumentKinds[type - StringLiteral];
    if (type === StringLiteral) {
      return { kind, text: this.text.slice(start + 1, end - 1), start, end, commaAfter: false };
    }
    if (type === UnterminatedString) {
      this.report('SYN002', 'This string is not closed: add `"` before the end of the line.', start, end);
      // Stryker disable next-line BooleanLiteral: the open string runs to the end of its line, so no value follows it in its statement
      return { kind, text: this.text.slice(start + 1, end), start, end, commaAfter: false };
    }
    return { kind, text: this.text.slice(start, end), start, end, commaAfter: false };
  }

  private reportUnknown(position: number): void {
    const image = this.image(position);
    let hint = '';
    if (/^[0-9]/.test(image) || /^[.\\:@]/.test(image)) hint = ' Names with dots, backslashes or other punctuation must be written as strings in double quotes.';
    this.report('SYN001', `Unexpected ${quote(image)}.${hint}`, this.starts[position], this.ends[position]);
  }

  /** In the second pass, a block that was never closed ends before a statement that is not indented past its owner. */
  private continuesBlock({ open, owner, firstColumn }: Container): boolean {
    if (!this.dedentBlocks?.has(open)) return true;
    if (this.kinds[this.position] !== Identifier) return true;
    const ownerColumn = this.columnOf(owner!.keywordStart);
    const column = this.columnOf(this.starts[this.position]);
    if (firstColumn === undefined || firstColumn <= ownerColumn) return true;
    return column > ownerColumn;
  }

  private lineOf(offset: number): number {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex.positionAt(offset).line;
  }

  private columnOf(offset: number): number {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex.positionAt(offset).character;
  }
}
