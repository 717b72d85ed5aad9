// The grammar of grammar/src/parser.ts as it was before round 13, every production in Chevrotain's DSL: the reference
// test/parser-reference.test.ts compares the product's parser with. The product reads a statement's arguments and the
// separators after it by hand inside its Chevrotain rules (parser.ts, `statementItems`, `skipSeparators`); this copy
// keeps them as MANY and OR, so any difference in a tree or an error shows. Messages come from parser.ts's helpers.
import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import { allTokens, argumentTokens, Comma, Identifier, LCurly, Newline, RCurly, Semicolon, StringLiteral, Unknown, UnterminatedString } from '../../grammar/src/tokens.js';
import type { SyntaxArgument, SyntaxBlock, SyntaxError, SyntaxStatement } from '../../grammar/src/syntax.js';
import { compact } from '../../grammar/src/syntax.js';
import { LineIndex } from '../../grammar/src/text.js';
import { registerProcessCache } from '../../grammar/src/process-caches.js';
import { argumentKindOf, type BlockOwner, type Container, describeOwner, noCommas, type PassResult, quote, tokenEnd } from '../../grammar/src/parser.js';

// The fields below are set by parseTokens before every parse; their first values are never read.
// Stryker disable StringLiteral,ArrayDeclaration: initial values, replaced by parseTokens before any parse
export class ReferenceParser extends EmbeddedActionsParser {
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
  private readonly blockContinues = (): boolean => this.continuesBlock(this.container);
  private readonly blockItem = (): void => {
    this.OR2(this.blockItemAlternatives);
  };
  // An argument is consumed here rather than through the `argument` rule: a rule invocation costs far more than a
  // token, and arguments are a third of the tokens.
  private readonly statementItemAlternatives = [
    ...argumentTokens.map((type) => ({ ALT: () => this.onArgument(this.CONSUME2(type)) })),
    {
      ALT: () => {
        const comma = this.CONSUME(Comma);
        this.MANY2(this.skipNewline);
        // Stryker disable next-line ConditionalExpression: recording phase only (see \`ready\`)
        if (this.ready) this.onComma(comma);
      },
    },
    {
      ALT: () => {
        const unknown = this.CONSUME(Unknown);
        // Stryker disable next-line ConditionalExpression: recording phase only (see \`ready\`)
        if (this.ready) this.reportUnknown(unknown);
      },
    },
  ];
  private readonly statementItem = (): void => {
    this.OR(this.statementItemAlternatives);
  };
  private readonly skipNewline = (): void => {
    this.CONSUME2(Newline);
  };

  private onArgument(token: IToken): void {
    // Stryker disable next-line ConditionalExpression: recording phase only (see \`ready\`)
    if (!this.ready) return;
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
    this.MANY(this.statementItem);
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
  private readonly blockItems = { GATE: this.blockContinues, DEF: this.blockItem };

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
    this.MANY(this.blockItems);
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
  /** Only a block's container (which has `open` and `owner`) gets here, through the gate of the block rule. */
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


let parserInstance: ReferenceParser | undefined;
// Stryker disable next-line BlockStatement: called by the mutation-testing runner between mutants, never by a test
registerProcessCache(() => {
  parserInstance = undefined;
});

/** The reference parser, built on first use (its self-analysis costs tens of milliseconds). */
export function referenceParser(): ReferenceParser {
  parserInstance ??= new ReferenceParser();
  return parserInstance;
}
