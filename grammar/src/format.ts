// The `.stamp` formatter: re-indents and re-spaces a file from its token stream, keeping every token and comment.
import { applyLayout, normalizeLayout, textLayout } from './encoding.js';
import { parseStamp } from './parser.js';
import { tokenizeStamp } from './lexer.js';
import { BlockComment, Comma, LCurly, LineComment, Newline, RCurly, Semicolon } from './tokens.js';

/** A token of the lexer and its type, named without importing the lexer library's types here. */
type IToken = ReturnType<typeof tokenizeStamp>['tokens'][number];
type TokenType = IToken['tokenType'];

/** Options of the formatter. */
export interface FormatOptions {
  /** The text of one indentation level; two spaces unless given. */
  indent?: string;
}

/**
 * Formats a `.stamp` text. A text with syntax errors is returned unchanged, so that formatting never loses what the
 * user wrote. The result keeps every token except the `;` separators that a line break replaces, and every comment.
 *
 * Style: one indentation level per open multi-line block; one statement per line in multi-line blocks; blocks written
 * on one line stay on one line as `{ a; b }`; single spaces between arguments and `, ` after commas; a line break
 * after a comma continues the list one level deeper; comments stay where they were relative to the statements; at
 * most one blank line in a row; no trailing white space; exactly one newline at the end.
 */
export function formatStamp(text: string, options: FormatOptions = {}): string {
  // The file's byte-order mark and line breaks (CRLF, or lone CR) are kept: the printer works on LF text.
  const layout = textLayout(text);
  const plain = normalizeLayout(text);
  const formatted = formatPlain(plain, options);
  if (formatted === plain) return text;
  return applyLayout(formatted, layout);
}

/** Formats a text without a byte-order mark whose line breaks are all LF. */
function formatPlain(text: string, options: FormatOptions): string {
  const syntax = parseStamp(text);
  if (syntax.errors.length > 0) return text;
  // Without syntax errors the lexer has none (it has a catch-all token, which is a syntax error).
  const lexed = tokenizeStamp(text);
  const comments = (lexed.groups.comments ?? []) as IToken[];
  const tokens = [...lexed.tokens, ...comments].sort((a, b) => a.startOffset - b.startOffset);
  return new Printer(tokens, options.indent ?? '  ').print();
}

/** True for comment tokens, which never end a statement and never force a line break. */
function isComment(type: TokenType): boolean {
  return type === LineComment || type === BlockComment;
}

/** Writes the tokens out line by line, deciding the white space between them. */
class Printer {
  private readonly lines: string[] = [];
  private current: string | undefined;
  /** One entry per open block: true when the block is written on one line. */
  private readonly blocks: boolean[] = [];
  /** The last token written on the current line, or undefined at the start of a line. */
  private lastWritten: TokenType | undefined;
  /** The last token that was not a comment or a newline, written or not. */
  private lastSignificant: TokenType | undefined;
  /** A statement ended with `;` or a block opened or closed: the next statement starts on a new line. */
  private pendingBreak = false;
  /** The previous line opened a multi-line block, so a blank line after it is dropped. */
  // Stryker disable next-line BooleanLiteral: the first line has no line before it, and no blank line is added there
  private previousLineOpensBlock = false;

  constructor(
    private readonly tokens: IToken[],
    private readonly indent: string,
  ) {}

  print(): string {
    const oneLineBlocks = this.findOneLineBlocks();
    let newlinesBefore = 0;
    for (let index = 0; index < this.tokens.length; index++) {
      const token = this.tokens[index];
      const type = token.tokenType;
      if (type === Newline) {
        newlinesBefore++;
        continue;
      }
      const insideOneLineBlock = this.blocks.at(-1) === true;
      if (type === Semicolon) {
        if (insideOneLineBlock) {
          const next = this.nextSignificant(index);
          // A `;` is written between two statements only: not after `{` (something was written before it: the `{` is
          // on this line) and not before `}` or another `;` (so the last of several is the one written).
          if (this.lastWritten !== LCurly && next !== RCurly && next !== Semicolon) this.write(';', type, false);
        } else {
          this.pendingBreak = true;
        }
        this.lastSignificant = type;
        newlinesBefore = 0;
        continue;
      }

      const continuation = this.lastSignificant === Comma;
      const closesMultiLineBlock = type === RCurly && !insideOneLineBlock;
      const breakForStatement = this.pendingBreak && !isComment(type);
      if (newlinesBefore > 0 || closesMultiLineBlock || breakForStatement || this.current === undefined) {
        if (closesMultiLineBlock) this.blocks.pop();
        const wantsBlankLine = newlinesBefore > 1 && !continuation && !closesMultiLineBlock;
        this.startLine(wantsBlankLine, continuation);
        if (!isComment(type)) this.pendingBreak = false;
        if (closesMultiLineBlock) {
          // Stryker disable next-line BooleanLiteral: the brace starts its line, where no space is written before a token
          this.write(token.image, type, false);
          // Only a comment, or a `;`, can follow the brace on its line without a syntax error: no break is pending.
          this.lastSignificant = type;
          newlinesBefore = 0;
          continue;
        }
      }
      newlinesBefore = 0;

      if (type === LCurly) {
        const oneLine = oneLineBlocks.has(index);
        this.write('{', type, true);
        this.blocks.push(oneLine);
        if (!oneLine) {
          this.pendingBreak = true;
          this.previousLineOpensBlock = true;
        }
      } else if (type === RCurly) {
        this.blocks.pop();
        this.write('}', type, this.lastWritten !== LCurly);
      } else if (type === Comma) {
        this.write(',', type, false);
      } else {
        // A line comment's trailing white space goes with the end of its line (endLine).
        this.write(token.image, type, true);
      }
      if (!isComment(type)) this.lastSignificant = type;
    }
    this.endLine();
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  /** The indices of the `{` tokens whose block is written on one line (no newline up to the matching `}`). */
  private findOneLineBlocks(): Set<number> {
    const oneLine = new Set<number>();
    const open: Array<{ index: number; broken: boolean }> = [];
    for (let index = 0; index < this.tokens.length; index++) {
      const token = this.tokens[index];
      // Newlines and block comments over several lines (no other token holds a line break).
      const breaksLine = token.image.includes('\n');
      if (breaksLine) for (const block of open) block.broken = true;
      if (token.tokenType === LCurly) open.push({ index, broken: false });
      if (token.tokenType === RCurly) {
        const block = open.pop();
        if (block && !block.broken) oneLine.add(block.index);
      }
    }
    return oneLine;
  }

  /** The type of the next token after an index that is not a comment (asked inside a one-line block: no newline). */
  private nextSignificant(index: number): TokenType | undefined {
    // Stryker disable next-line EqualityOperator: asked inside a one-line block, whose `}` always comes before the end
    for (let next = index + 1; next < this.tokens.length; next++) {
      const type = this.tokens[next].tokenType;
      if (!isComment(type)) return type;
    }
    return undefined;
  }

  /** The number of open blocks: the indentation depth of a new line (no line starts inside a one-line block). */
  private depth(): number {
    return this.blocks.length;
  }

  private startLine(wantsBlankLine: boolean, continuation: boolean): void {
    const opensBlock = this.previousLineOpensBlock;
    this.endLine();
    // The line before is never blank: a blank line is only added here, right before a line with a token.
    if (wantsBlankLine && this.lines.length > 0 && !opensBlock) this.lines.push('');
    this.previousLineOpensBlock = false;
    this.current = this.indent.repeat(this.depth() + (continuation ? 1 : 0));
    this.lastWritten = undefined;
  }

  private endLine(): void {
    if (this.current !== undefined) this.lines.push(this.current.trimEnd());
    this.current = undefined;
  }

  /** Writes a token on the current line (print starts a line before every token it writes). */
  private write(image: string, type: TokenType, spaceBefore: boolean): void {
    const space = spaceBefore && this.lastWritten !== undefined ? ' ' : '';
    this.current = `${this.current!}${space}${image}`;
    this.lastWritten = type;
  }
}
