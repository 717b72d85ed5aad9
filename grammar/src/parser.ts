// The Chevrotain parser: tokens to the syntax tree, with error productions so that a broken statement costs only itself.
import { EmbeddedActionsParser, type ILexingResult, type IToken, type TokenType } from 'chevrotain';
import {
  allTokens,
  argumentTokens,
  BlockComment,
  Comma,
  Dotted,
  Identifier,
  LCurly,
  LineComment,
  Newline,
  NumberLiteral,
  Quantity,
  Range,
  RCurly,
  Semicolon,
  StringLiteral,
  Unknown,
  UnterminatedBlockComment,
  UnterminatedString,
} from './tokens.js';
import type { ArgumentKind, SyntaxArgument, SyntaxBlock, SyntaxComment, SyntaxError, SyntaxFile, SyntaxStatement } from './syntax.js';
import { compact } from './syntax.js';
import { tokenizeStamp } from './lexer.js';
import { LineIndex } from './text.js';
import { registerProcessCache } from './process-caches.js';

/**
 * Parses a `.stamp` text. Never throws: the result always has a tree, plus the errors found.
 *
 * A long text is parsed a stretch of about `pieceLength` characters at a time, each cut at the start of a top-level
 * statement (see `parseInPieces`), with the same result as in one piece. The tokens of a whole text all live until its
 * parse ends (660k token objects and their texts at 100k lines, about 40 MB): they outgrow V8's young generation, are
 * copied and promoted, and the heap grows by their size, memory touched for the first time (see docs/performance.md,
 * "Twelfth round"). A piece's tokens die young, in memory the next piece re-uses.
 */
export function parseStamp(text: string, pieceLength = defaultPieceLength): SyntaxFile {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,BlockStatement: cost only: a text parsed in pieces gives what it gives whole (a test compares them)
  if (text.length >= 2 * pieceLength) {
    const parsed = parseInPieces(text, pieceLength);
    // Stryker disable next-line ConditionalExpression: cost only: the text is then parsed whole, with the same result
    if (parsed) return parsed;
  }
  return parseWhole(text);
}

/** How long a stretch of text `parseStamp` parses at a time: 64 KB, about 1,800 lines. */
const defaultPieceLength = 1 << 16;

/**
 * Parses `text` in stretches of `pieceLength` characters or a little more, cut where a top-level statement starts a
 * line, as `parseRegion` parses a stretch on its own; undefined (the text is then parsed whole) when the text has no
 * such place, when its braces do not balance (a block left open while typing is the usual case: the whole parse's second
 * pass looks for where it ends), or when a stretch could parse differently on its own (`parseRegion`'s rule: an unclosed
 * block or comment, a `{` on its own line, a dangling comma).
 */
// Stryker disable next-line BlockStatement: cost only: undefined, and the text is parsed whole, with the same result
function parseInPieces(text: string, pieceLength: number): SyntaxFile | undefined {
  const cuts = cutsOf(text, pieceLength);
  // Stryker disable next-line ConditionalExpression: `true` is cost only (the text parsed whole); `false` fails on pushing to undefined
  if (!cuts) return undefined;
  cuts.push(text.length);
  const statements: SyntaxStatement[] = [];
  const comments: SyntaxComment[] = [];
  const errors: SyntaxError[] = [];
  let start = 0;
  for (const end of cuts) {
    const piece = parseRegion(text, start, end);
    // Stryker disable next-line ConditionalExpression: `true` is cost only (the text parsed whole); `false` fails on a refused piece
    if (!piece) return undefined;
    // Each piece's errors are sorted, and lie within the piece: in text order, as the whole text's errors would be.
    for (const statement of piece.statements) statements.push(statement);
    for (const comment of piece.comments) comments.push(comment);
    for (const error of piece.errors) errors.push(error);
    start = end;
  }
  return { text, statements, comments, errors };
}

/**
 * Where to cut a text into stretches of at least `pieceLength` characters: line starts where a statement starts outside
 * every block, string and comment, counting braces from the start of the text; undefined when there is none, or when
 * the braces do not balance or a comment is never closed. Only a guess: a stretch cut wrong is refused by
 * `parseRegion`, and the text is then parsed whole.
 */
// Stryker disable all: which line starts the cuts fall on changes only the cost: a stretch cut wrong is refused by
// parseRegion, and the text is parsed whole (the test of pieces compares every fixture parsed in pieces with the same
// text parsed whole). A cut inside a line is not refused (a line comment cut in two): the test kills `code === 10` made
// `true` (docs/testing.md, "Thirteenth round"), whose `false` (no cut) is cost only, so the mark stays.
function cutsOf(text: string, pieceLength: number): number[] | undefined {
  const cuts: number[] = [];
  const length = text.length;
  let least = pieceLength;
  let depth = 0;
  // The last character that is not white space or in a comment: a line that ends with a comma continues the statement.
  let last = 0;
  let at = 0;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code === 10) {
      at++;
      if (at >= least && depth === 0 && last !== 44 && startsName(text, at)) {
        cuts.push(at);
        least = at + pieceLength;
      }
      continue;
    }
    if (code === 34) {
      // A string runs to its closing quote or to the end of its line.
      at++;
      while (at < length) {
        const inside = text.charCodeAt(at);
        if (inside === 10 || inside === 13) break;
        at++;
        if (inside === 34) break;
      }
      last = 34;
      continue;
    }
    if (code === 47) {
      const next = text.charCodeAt(at + 1);
      if (next === 47) {
        while (at < length && text.charCodeAt(at) !== 10 && text.charCodeAt(at) !== 13) at++;
        continue;
      }
      if (next === 42) {
        const close = text.indexOf('*/', at + 2);
        if (close < 0) return undefined;
        at = close + 2;
        continue;
      }
    }
    if (code === 123) depth++;
    else if (code === 125 && depth > 0) depth--;
    if (code !== 32 && code !== 9 && code !== 13) last = code;
    at++;
  }
  return depth === 0 && cuts.length > 0 ? cuts : undefined;
}

/** Whether the line at `at` starts (after spaces) with a letter or `_`, as a statement's keyword does. */
function startsName(text: string, at: number): boolean {
  let code = text.charCodeAt(at);
  while (code === 32 || code === 9) code = text.charCodeAt(++at);
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
// Stryker restore all

/** What parses a text's tokens: this file's parser, or the tests' reference grammar (test/support/reference-parser.ts). */
export interface TokensParser {
  parseTokens(text: string, tokens: IToken[], dedentBlocks: Set<number> | undefined): PassResult;
}

/** Parses a whole text at once (with `parser`, the tests' reference). */
export function parseWhole(text: string, parser: TokensParser = sharedParser()): SyntaxFile {
  const lexed = tokenizeStamp(text);
  const { comments, errors } = commentsAndLexerErrors(text, lexed, 0);

  const tokens = limitNesting(lexed.tokens, errors);
  const firstPass = parser.parseTokens(text, tokens, undefined);
  let result = firstPass;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a second pass with no unclosed block gives the first pass's result (it only costs time)
  if (firstPass.unclosedBlocks.size > 0) {
    // Some block was never closed. Parse again, this time ending each of those blocks at the first statement
    // that is indented no deeper than the statement that opened it, which is where the user most likely forgot the `}`.
    result = parser.parseTokens(text, tokens, firstPass.unclosedBlocks);
  }
  errors.push(...result.errors);
  errors.sort((a, b) => a.start - b.start);
  return { text, statements: result.statements, comments, errors };
}

/** The deepest block nesting analysed; real stamps use five or six levels. Every later stage recurses at most this deep. */
export const maxNestingDepth = 64;

/**
 * Drops every block that would open nesting level maxNestingDepth + 1 (from its `{` to its matching `}`, or to the end
 * of the file), with one SYN010 error on that `{`: the parser and every later stage recurse per level, so no input
 * can exhaust the stack. Counting is a single pass over the tokens, without recursion.
 */
function limitNesting(tokens: IToken[], errors: SyntaxError[]): IToken[] {
  // `kept` is made only when some block is too deep: the usual file returns its own token array.
  let kept: IToken[] | undefined;
  let depth = 0;
  let skipping = 0;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (skipping > 0) {
      if (token.tokenType === LCurly) skipping++;
      else if (token.tokenType === RCurly) skipping--;
      continue;
    }
    if (token.tokenType === LCurly) {
      if (depth === maxNestingDepth) {
        errors.push({
          code: 'SYN010',
          message: `Blocks are nested more than ${maxNestingDepth} levels deep here; this block and everything in it is not analysed.`,
          start: token.startOffset,
          end: token.startOffset + 1,
        });
        kept ??= tokens.slice(0, index);
        skipping = 1;
        continue;
      }
      depth++;
    } else if (token.tokenType === RCurly && depth > 0) depth--;
    kept?.push(token);
  }
  return kept ?? tokens;
}

/** The comments of a lexed text and the errors they and the lexer report; offsets moved by `shift`. */
function commentsAndLexerErrors(text: string, lexed: ILexingResult, shift: number): { comments: SyntaxComment[]; errors: SyntaxError[] } {
  const comments: SyntaxComment[] = [];
  const errors: SyntaxError[] = [];
  for (const token of lexed.groups.comments as IToken[]) {
    const start = token.startOffset + shift;
    const end = start + token.image.length;
    comments.push({ start, end, block: token.tokenType !== LineComment });
    if (token.tokenType === UnterminatedBlockComment) {
      errors.push({ code: 'SYN003', message: 'This `/*` comment is never closed with `*/`; the rest of the file is commented out.', start, end: start + 2 });
    }
  }
  // The lexer has a catch-all token, so it reports no errors of its own; keep any just in case.
  // Stryker disable all: unreachable (no text makes this lexer report an error), kept as a guard
  for (const error of lexed.errors) {
    const start = error.offset + shift;
    errors.push({ code: 'SYN001', message: `Unexpected character ${JSON.stringify(text.substr(start, error.length))}.`, start, end: start + error.length });
  }
  // Stryker restore all
  return { comments, errors };
}

/** The syntax of the whole lines `text[start, end)`, parsed on their own, with offsets into `text`. */
export interface RegionSyntax {
  statements: SyntaxStatement[];
  comments: SyntaxComment[];
  errors: SyntaxError[];
}

/** Error codes whose presence means a stretch of text may parse differently on its own than inside its file. */
const contextSensitiveCodes = new Set(['SYN000', 'SYN003', 'SYN004', 'SYN007', 'SYN009']);

/**
 * Parses the top-level statements of `text[start, end)` on their own, for incremental re-parsing. `start` must be a
 * line start and `end` a line start or the end of the text. Returns undefined when the result could differ from what
 * parsing the whole text gives for that stretch: an unclosed block or comment, a `{` on its own line, a dangling comma
 * (each of these reaches into the text around it), or an error Chevrotain itself reported.
 */
export function parseRegion(text: string, start: number, end: number): RegionSyntax | undefined {
  const lexed = tokenizeStamp(text.slice(start, end));
  // Only startOffset is read (a token's end is its start plus its image's length).
  for (const token of lexed.tokens) token.startOffset += start;
  const { comments, errors } = commentsAndLexerErrors(text, lexed, start);
  // An unclosed block is reported as SYN004, one of the context-sensitive codes.
  const result = sharedParser().parseTokens(text, limitNesting(lexed.tokens, errors), undefined);
  errors.push(...result.errors);
  if (hasContextSensitiveErrors(errors)) return undefined;
  errors.sort((a, b) => a.start - b.start);
  return { statements: result.statements, comments, errors };
}

/** True when a parsed file's errors leave its statements independent of one another (see `parseRegion`). */
export function hasContextSensitiveErrors(errors: readonly SyntaxError[]): boolean {
  return errors.some((error) => contextSensitiveCodes.has(error.code));
}

export interface PassResult {
  statements: SyntaxStatement[];
  errors: SyntaxError[];
  unclosedBlocks: Set<number>;
}

/** The statement list being filled, the file's or a block's, with what a block needs for its error messages. */
export interface Container {
  statements: SyntaxStatement[];
  lastOffset: number;
  firstColumn: number | undefined;
  open: IToken | undefined;
  owner: BlockOwner | undefined;
}

/** The statement that owns a block, for messages (see `describeOwner`) and for the dedent heuristic. */
export interface BlockOwner {
  keyword: string;
  firstArgument: SyntaxArgument | undefined;
  keywordStart: number;
}

/** How a message names a block's statement: its keyword and first argument, `host HV01` or `stamp "Lab"`. */
export function describeOwner({ keyword, firstArgument }: BlockOwner): string {
  if (!firstArgument) return keyword;
  return firstArgument.kind !== 'string' ? `${keyword} ${firstArgument.text}` : `${keyword} "${firstArgument.text}"`;
}

/** The commas at the end of a statement that has none (shared: it is only read). */
export const noCommas: readonly IToken[] = [];

export const argumentKindOf = new Map<TokenType, ArgumentKind>([
  [Identifier, 'identifier'],
  [StringLiteral, 'string'],
  [UnterminatedString, 'string'],
  [NumberLiteral, 'number'],
  [Quantity, 'quantity'],
  [Dotted, 'dotted'],
  [Range, 'range'],
]);

export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

/** Quotes a piece of source for a message, shortened when long. */
export function quote(text: string): string {
  if (text.length <= 40) return `\`${text}\``;
  // Cut long text without splitting a surrogate pair.
  const cut = /[\ud800-\udbff]/.test(text[36]) ? 36 : 37;
  return `\`${text.slice(0, cut)}…\``;
}

// The fields below are set by parseTokens before every parse; their first values are never read.
// Stryker disable StringLiteral,ArrayDeclaration: initial values, replaced by parseTokens before any parse
class StampParser extends EmbeddedActionsParser {
  private text = '';
  private lineIndex: LineIndex | undefined;
  private errorList: SyntaxError[] = [];
  private unclosed = new Set<number>();
  private dedentBlocks: Set<number> | undefined;
  // Stryker restore StringLiteral,ArrayDeclaration

  constructor() {
    // The grammar accepts every token sequence, so Chevrotain's recovery never has to act, and every decision needs at
    // most two tokens of lookahead; neither option changes a parse.
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: see the comment above (no input makes Chevrotain recover)
    super(allTokens, { recoveryEnabled: true, maxLookahead: 2 });
    this.performSelfAnalysis();
    this.ready = true;
  }

  parseTokens(text: string, tokens: IToken[], dedentBlocks: Set<number> | undefined): PassResult {
    this.text = text;
    this.lineIndex = undefined;
    this.errorList = [];
    this.unclosed = new Set();
    this.dedentBlocks = dedentBlocks;
    this.input = tokens;
    // Stryker disable next-line ArrayDeclaration: the file rule always returns its list once the parser is built
    const statements = this.file() ?? [];
    // The grammar below accepts every token sequence; anything Chevrotain still reports is kept, never thrown.
    // Stryker disable all: unreachable (no token sequence makes this grammar report an error), kept as a guard
    for (const error of this.errors) {
      const token = error.token;
      const start = Number.isFinite(token.startOffset) ? token.startOffset : text.length;
      this.errorList.push({ code: 'SYN000', message: error.message, start, end: Math.max(start + 1, tokenEnd(token)) });
    }
    // Stryker restore all
    // Let go of the tokens, the text and the tree: the one parser of the process would otherwise keep the last file's
    // tokens and syntax tree alive until the next parse. (Memory only: the next parse sets every field again.)
    // Stryker disable ArrayDeclaration,StringLiteral,ObjectLiteral
    this.input = [];
    this.text = '';
    this.lineIndex = undefined;
    this.container = { statements: [], lastOffset: 0, firstColumn: undefined, open: undefined, owner: undefined };
    this.statementArgs = [];
    this.statementKeyword = undefined;
    this.commaRun = [];
    // Stryker restore ArrayDeclaration,StringLiteral,ObjectLiteral
    return { statements, errors: this.errorList, unclosedBlocks: this.unclosed };
  }

  private report(code: string, message: string, start: number, end: number): void {
    this.errorList.push({ code, message, start, end });
  }

  private lineOf(offset: number): number {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex.positionAt(offset).line;
  }

  private columnOf(offset: number): number {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex.positionAt(offset).character;
  }

  // Hot paths avoid allocating closures per token: the alternatives below are created once, and the rule being
  // parsed keeps its state in these fields (saved and restored around nested blocks). During Chevrotain's grammar
  // recording (before `ready`) the actions are skipped.
  // `ready` and the `!this.ready` guards below only matter while Chevrotain records the grammar (in the constructor):
  // what the actions would do then is thrown away, so mutants of the guards and of what they return change nothing.
  // Stryker disable next-line BooleanLiteral: as above: the actions run on Chevrotain's recording tokens, and the results are thrown away
  private ready = false;
  /** The statement list being filled (the file's or a block's), with what the block needs for its error messages. */
  // Stryker disable next-line ObjectLiteral,ArrayDeclaration: replaced by the file rule before any statement is added
  private container: Container = { statements: [], lastOffset: 0, firstColumn: undefined, open: undefined, owner: undefined };
  // Stryker disable next-line ArrayDeclaration: replaced by the statement rule before any argument is added
  private statementArgs: SyntaxArgument[] = [];
  /**
   * How many of `statementArgs` belong to the statement being parsed: the list keeps its room from statement to
   * statement (setting its length to 0 would give the room back, and each statement would grow it again).
   */
  private argumentCount = 0;
  private statementKeyword: IToken | undefined;
  /**
   * The commas written one after another (with nothing but line breaks or unknown characters between them) since the
   * last value of the statement: one mistake, reported once when the run ends (at the next value or the statement's end).
   */
  // Stryker disable next-line ArrayDeclaration: replaced by the statement rule before any comma is added
  private commaRun: IToken[] = [];

  private readonly containedStatement = (): void => {
    const statement = this.SUBRULE(this.statement);
    // Stryker disable next-line ConditionalExpression: recording phase only (see \`ready\`)
    if (!this.ready) return;
    const container = this.container;
    this.addStatement(container.statements, statement);
    if (container.firstColumn === undefined && this.dedentBlocks) container.firstColumn = this.columnOf(statement.start);
    // Statements and junk come in text order, each ending after everything before it.
    container.lastOffset = statement.end;
  };
  private readonly containedJunk = (): void => {
    this.container.lastOffset = this.SUBRULE(this.junk);
  };
  private readonly containedDetachedBlock = (): void => {
    this.SUBRULE(this.detachedBlock, { ARGS: [this.container.statements] });
  };
  private readonly fileItemAlternatives = [
    { ALT: () => { this.CONSUME(Newline); } },
    { ALT: () => { this.CONSUME(Semicolon); } },
    { ALT: this.containedStatement },
    {
      ALT: () => {
        const brace = this.CONSUME(RCurly);
        // Stryker disable next-line ConditionalExpression: recording phase only (see \`ready\`)
        if (this.ready) this.report('SYN005', 'This `}` closes no block.', brace.startOffset, brace.startOffset + 1);
      },
    },
    { ALT: this.containedDetachedBlock },
    { ALT: this.containedJunk },
  ];
  private readonly fileItem = (): void => {
    this.OR(this.fileItemAlternatives);
  };
  private readonly blockItemAlternatives = [
    { ALT: () => { this.CONSUME(Newline); } },
    { ALT: () => { this.CONSUME(Semicolon); } },
    { ALT: this.containedStatement },
    { ALT: this.containedDetachedBlock },
    { ALT: this.containedJunk },
  ];
  /**
   * One item of a block, unless the second pass's dedent rule ends the block before it. The rule is checked here rather
   * than as the repetition's GATE: Chevrotain wraps a GATE in a new closure each time the repetition starts (once per
   * block), and a repetition whose item consumes nothing ends all the same.
   */
  private readonly blockItem = (): void => {
    // Stryker disable next-line ConditionalExpression: recording phase only (see \`ready\`)
    if (this.ready && !this.continuesBlock(this.container)) return;
    this.OR2(this.blockItemAlternatives);
  };
  /**
   * The arguments, commas and unknown text after a statement's keyword, read by hand: `argument | , Newline* | Unknown`,
   * repeated, decided on each token's type alone. Through Chevrotain's MANY and OR (as until round 13) every argument
   * cost a repetition, a lookahead function, an alternative and a CONSUME, and each statement an array for the
   * repetition's recovery; these items are half the tokens of a stamp. Chevrotain records no production for them, which
   * changes none of its decisions: the statement rule's OPTION looks for `{` alone, and the rules around it decide on
   * the keyword. Chevrotain's recovery never acted here (no token sequence fails this grammar).
   */
  private statementItems(): void {
    let token = this.LA(1);
    for (;;) {
      const type = token.tokenType;
      if (argumentKindOf.has(type)) {
        this.SKIP_TOKEN();
        this.onArgument(token);
      } else if (type === Comma) {
        this.SKIP_TOKEN();
        while (this.LA(1).tokenType === Newline) this.SKIP_TOKEN();
        this.onComma(token);
      } else if (type === Unknown) {
        this.SKIP_TOKEN();
        this.reportUnknown(token);
      } else {
        return;
      }
      token = this.LA(1);
    }
  }

  /**
   * The line breaks and `;`s after a statement, skipped by hand: each would otherwise be an item of its file or block
   * (a repetition and a choice among six alternatives in Chevrotain), and those items do nothing but consume it.
   */
  // Stryker disable all: cost only: a separator left here is consumed as an item of its file or block, to the same effect
  private skipSeparators(): void {
    let type = this.LA(1).tokenType;
    while (type === Newline || type === Semicolon) {
      this.SKIP_TOKEN();
      type = this.LA(1).tokenType;
    }
  }
  // Stryker restore all

  private onArgument(token: IToken): void {
    const run = this.commaRun;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty run reports nothing either way (the test only saves reportCommaRun's copy)
    if (run.length > 0) {
      this.reportCommaRun(run, this.statementKeyword!.image, this.argumentCount > 0, true);
      run.length = 0;
    }
    this.statementArgs[this.argumentCount++] = this.argumentFrom(token);
  }

  private onComma(comma: IToken): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with no argument yet, index -1 reads undefined as well (the test keeps reads inside the list)
    const last = this.argumentCount > 0 ? this.statementArgs[this.argumentCount - 1] : undefined;
    if (last) last.commaAfter = true;
    this.commaRun.push(comma);
  }

  /**
   * Reports a run of commas once, over the commas that lack a value around them: `A,, B` at the second comma, `A,,`
   * and `, A` at every comma of the run.
   */
  /** Reports the commas of a run that lack a value; nothing when none does (no comma, or one comma between two values). */
  private reportCommaRun(run: readonly IToken[], keyword: string, valueBefore: boolean, valueAfter: boolean): void {
    const flagged = valueBefore && valueAfter ? run.slice(1) : run;
    if (flagged.length === 0) return;
    const one = flagged.length === 1;
    const what = valueBefore && !valueAfter ? (one ? 'another value after this `,`' : 'a value after each of these commas') : `a value before ${one ? 'this `,`' : 'each of these commas'}`;
    this.report('SYN009', `Expected ${what} in \`${keyword}\`.`, flagged[0].startOffset, tokenEnd(flagged[flagged.length - 1]));
  }

  /** The whole file: statements and separators, plus the errors that can only happen at the top. */
  // Stryker disable next-line StringLiteral: rule names only appear in Chevrotain's own errors, which this grammar never has
  private file = this.RULE('file', () => {
    const container: Container = { statements: [], lastOffset: 0, firstColumn: undefined, open: undefined, owner: undefined };
    this.container = container;
    this.MANY(this.fileItem);
    return container.statements;
  });

  /** One statement: a keyword, arguments separated by spaces or commas, and an optional block. */
  // Stryker disable next-line StringLiteral: rule names only appear in Chevrotain's own errors, which this grammar never has
  private statement = this.RULE('statement', (): SyntaxStatement => {
    const keyword = this.CONSUME(Identifier);
    // The arguments and commas are gathered in two lists the parser re-uses, then copied at their exact size.
    this.argumentCount = 0;
    this.commaRun.length = 0;
    this.statementKeyword = keyword;
    // Stryker disable next-line ConditionalExpression: recording phase only (see \`ready\`)
    if (this.ready) this.statementItems();
    // Both are read before the block, whose statements re-use the lists.
    const args = this.statementArgs.slice(0, this.argumentCount);
    // Stryker disable next-line ConditionalExpression: memory only: a copy of an empty run is an empty run
    const commasAtEnd = this.commaRun.length === 0 ? noCommas : this.commaRun.slice();
    this.ownerArguments = args;
    const block = this.OPTION(this.statementBlock);
    // Stryker disable next-line ConditionalExpression,ObjectLiteral,StringLiteral: recording phase only (see \`ready\`)
    if (!this.ready) return { keyword: '', keywordStart: 0, keywordEnd: 0, args, block: undefined, start: 0, end: 0 };
    // Where a statement with a block ends: after its `}`, or after the last thing in it when it is never closed (past
    // its `{`, so past the arguments); the block rule leaves it in blockEndOffset.
    const end = block ? this.blockEndOffset : args.length > 0 ? args[args.length - 1].end : tokenEnd(keyword);
    this.reportCommaRun(commasAtEnd, keyword.image, args.length > 0, false);
    this.skipSeparators();
    return { keyword: keyword.image, keywordStart: keyword.startOffset, keywordEnd: tokenEnd(keyword), args, block, start: keyword.startOffset, end };
  });

  /** The arguments of the statement whose block is about to be parsed (set just before its OPTION). */
  // Stryker disable next-line ArrayDeclaration: replaced by the statement rule before any block is parsed
  private ownerArguments: SyntaxArgument[] = [];
  /** Where the block parsed last ends (see the statement rule); set by the block rule. */
  private blockEndOffset = 0;

  /** A statement's block, named in messages by the statement's keyword and first argument. */
  private readonly statementBlock = (): SyntaxBlock => {
    const keyword = this.statementKeyword!;
    const owner: BlockOwner = this.ready
      ? { keyword: keyword.image, firstArgument: this.ownerArguments[0], keywordStart: keyword.startOffset }
      : // Stryker disable next-line ObjectLiteral,StringLiteral: recording phase only (see \`ready\`)
        { keyword: '', firstArgument: undefined, keywordStart: 0 };
    return this.SUBRULE(this.block, { ARGS: [owner] });
  };
  private readonly closingBrace = (): IToken => this.CONSUME(RCurly);

  /** One argument token. */
  // Stryker disable next-line StringLiteral: rule names only appear in Chevrotain's own errors, which this grammar never has
  private argument = this.RULE('argument', (): IToken => this.OR(this.argumentAlternatives));

  private argumentAlternatives = argumentTokens.map((type) => ({ ALT: () => this.CONSUME(type) }));

  /** A block `{ … }`; when the `}` is missing, the error says which statement opened it and where. */
  // Stryker disable next-line StringLiteral: rule names only appear in Chevrotain's own errors, which this grammar never has
  private block = this.RULE('block', (owner: BlockOwner): SyntaxBlock => {
    const open = this.CONSUME(LCurly);
    const outer = this.container;
    const container: Container = { statements: [], lastOffset: this.ready ? tokenEnd(open) : 0, firstColumn: undefined, open, owner };
    this.container = container;
    this.MANY(this.blockItem);
    this.container = outer;
    const close = this.OPTION(this.closingBrace);
    // Stryker disable next-line ConditionalExpression,ObjectLiteral: recording phase only (see \`ready\`)
    if (!this.ready) return { open: 0, close: undefined, statements: container.statements };
    if (!close) {
      this.unclosed.add(open.startOffset);
      const line = this.lineOf(owner.keywordStart) + 1;
      const at = Math.max(open.startOffset, container.lastOffset - 1);
      this.report('SYN004', `Expected \`}\` to close \`${describeOwner(owner)}\` opened on line ${line}.`, at, at + 1);
    }
    this.blockEndOffset = close ? close.startOffset + 1 : container.lastOffset;
    return { open: open.startOffset, close: close?.startOffset, statements: compact(container.statements) };
  });

  /** A `{` at the start of a line: the user put the brace on the next line. Attach it to the statement before. */
  // Stryker disable next-line StringLiteral: rule names only appear in Chevrotain's own errors, which this grammar never has
  private detachedBlock = this.RULE('detachedBlock', (siblings: SyntaxStatement[]) => {
    const brace = this.LA(1);
    const previous = this.ACTION(() => siblings[siblings.length - 1]);
    const owner: BlockOwner = this.ACTION(() => ({
      keyword: previous ? previous.keyword : 'block',
      firstArgument: undefined,
      keywordStart: previous ? previous.keywordStart : brace.startOffset,
    }));
    const block = this.SUBRULE(this.block, { ARGS: [owner] });
    const end = this.blockEndOffset;
    this.ACTION(() => {
      const where = previous ? ` of \`${previous.keyword}\`` : '';
      this.report('SYN007', `The \`{\`${where} must be on the same line as its statement.`, brace.startOffset, brace.startOffset + 1);
      if (previous && !previous.block) {
        previous.block = block;
        previous.end = end;
      } else {
        siblings.push(...block.statements);
      }
    });
  });

  /** Text that cannot start a statement, up to the end of its line; reported once. Returns the end offset. */
  // Stryker disable next-line StringLiteral: rule names only appear in Chevrotain's own errors, which this grammar never has
  private junk = this.RULE('junk', (): number => {
    const first = this.OR([
      ...argumentTokens.filter((type) => type !== Identifier).map((type) => ({ ALT: () => this.CONSUME(type) })),
      { ALT: () => this.CONSUME(Comma) },
      { ALT: () => this.CONSUME(Unknown) },
    ]);
    let last = first;
    this.MANY(() => {
      last = this.OR2([
        { ALT: () => this.SUBRULE(this.argument) },
        { ALT: () => this.CONSUME2(Comma) },
        { ALT: () => this.CONSUME2(Unknown) },
      ]);
    });
    return this.ACTION(() => {
      if (first.tokenType === Unknown) {
        this.reportUnknown(first);
      } else {
        this.report('SYN006', `A statement must start with a keyword, not ${quote(first.image)}.`, first.startOffset, tokenEnd(last));
      }
      return tokenEnd(last);
    });
  });

  private addStatement(statements: SyntaxStatement[], statement: SyntaxStatement): void {
    const previous = statements[statements.length - 1];
    if (previous && !this.separated(previous.end, statement.start)) {
      this.report('SYN008', `Expected a new line or \`;\` before \`${statement.keyword}\`.`, statement.keywordStart, statement.keywordEnd);
    }
    statements.push(statement);
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

  private argumentFrom(token: IToken): SyntaxArgument {
    const start = token.startOffset;
    const end = tokenEnd(token);
    const kind = argumentKindOf.get(token.tokenType)!;
    if (token.tokenType === StringLiteral) {
      return { kind, text: token.image.slice(1, -1), start, end, commaAfter: false };
    }
    if (token.tokenType === UnterminatedString) {
      this.report('SYN002', 'This string is not closed: add `"` before the end of the line.', start, end);
      // Stryker disable next-line BooleanLiteral: the open string runs to the end of its line, so no value follows it in its statement
      return { kind, text: token.image.slice(1), start, end, commaAfter: false };
    }
    return { kind, text: token.image, start, end, commaAfter: false };
  }

  private reportUnknown(token: IToken): void {
    const image = token.image;
    let hint = '';
    if (/^[0-9]/.test(image) || /^[.\\:@]/.test(image)) hint = ' Names with dots, backslashes or other punctuation must be written as strings in double quotes.';
    this.report('SYN001', `Unexpected ${quote(image)}.${hint}`, token.startOffset, tokenEnd(token));
  }

  /** In the second pass, a block that was never closed ends before a statement that is not indented past its owner. */
  /** Only a block's container (which has `open` and `owner`) gets here, through `blockItem`. */
  private continuesBlock({ open, owner, firstColumn }: Container): boolean {
    if (!this.dedentBlocks?.has(open!.startOffset)) return true;
    const next = this.LA(1);
    if (next.tokenType !== Identifier) return true;
    const ownerColumn = this.columnOf(owner!.keywordStart);
    const column = this.columnOf(next.startOffset);
    if (firstColumn === undefined || firstColumn <= ownerColumn) return true;
    return column > ownerColumn;
  }
}

let parserInstance: StampParser | undefined;
// Stryker disable next-line BlockStatement: called by the mutation-testing runner between mutants, never by a test
registerProcessCache(() => {
  parserInstance = undefined;
});

/** The one parser instance of the process, created on first use (or by `prepareParser`). */
function sharedParser(): StampParser {
  parserInstance ??= new StampParser();
  return parserInstance;
}

/**
 * Builds the parser now instead of on the first parse: Chevrotain's self-analysis of the grammar costs tens of
 * milliseconds, which a server pays when it starts rather than inside the user's first open.
 */
export function prepareParser(): void {
  sharedParser();
}

export { BlockComment };
