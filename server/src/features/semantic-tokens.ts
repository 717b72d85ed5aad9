// Semantic tokens: keywords, properties, values and names coloured by what the schema and the resolver say they are.
import type { Element, Value } from '../../../grammar/src/elements.js';
import { lookupKeyword } from '../../../grammar/src/schema.js';
import type { ElementKind } from '../../../grammar/src/schema-types.js';
import type { SyntaxStatement } from '../../../grammar/src/syntax.js';
import type { AnalyzedDocument } from '../analysis/workspace.js';
import { formsOf, specAt } from './locate.js';

/** The token types, in legend order. */
export const semanticTokenTypes = ['keyword', 'type', 'property', 'enumMember', 'variable', 'class', 'string', 'number', 'comment'] as const;
/** The token modifiers, in legend order. */
export const semanticTokenModifiers = ['declaration'] as const;

export type SemanticTokenType = (typeof semanticTokenTypes)[number];

/** One token by offsets; it may span lines (block comments), which the protocol layer splits. */
export interface SemanticToken {
  start: number;
  end: number;
  type: SemanticTokenType;
  declaration: boolean;
}

const variableSymbols = new Set<string>([
  'field', 'key', 'variable', 'constant', 'event',
  // Stryker disable next-line StringLiteral: the one kind whose symbol is `property` (dynamic_memory) has no header, so no name of it is coloured
  'property',
]);

/** The colour class of names of a kind: machines, services and containers are classes, the rest variables. */
export function nameTokenType(kind: ElementKind): SemanticTokenType {
  return variableSymbols.has(kind.symbol) ? 'variable' : 'class';
}

/** Every semantic token of a document, in text order. */
export function semanticTokensOf(document: AnalyzedDocument): SemanticToken[] {
  const tokens: SemanticToken[] = [];
  const references = new Map<number, Value>();
  for (const { value, holder } of document.analysis.model.index.references) if (holder.uri === document.uri) references.set(value.start, value);
  // The kinds of the enclosing blocks, innermost last: a statement misplaced by a missing `}` is looked up outwards.
  const visit = (statements: readonly SyntaxStatement[], kinds: readonly string[]): void => {
    for (const statement of statements) {
      let meaning: ReturnType<typeof lookupKeyword> = undefined;
      // Stryker disable next-line ArithmeticOperator: starting past the end looks up an undefined parent twice, which finds nothing
      for (let depth = kinds.length - 1; depth >= 0 && !meaning; depth--) {
        meaning = lookupKeyword(kinds[depth], statement.keyword);
        if (meaning && 'property' in meaning && depth !== kinds.length - 1) meaning = undefined;
      }
      const element: Element | undefined = document.statements.elementOf.get(statement);
      if (meaning) tokens.push({ start: statement.keywordStart, end: statement.keywordEnd, type: 'element' in meaning ? 'keyword' : 'property', declaration: false });
      const forms = formsOf(meaning);
      const written = statement.args.map((argument) => argument.text);
      statement.args.forEach((argument, index) => {
        const reference = references.get(argument.start);
        const spec = forms ? specAt(forms, written, index) : undefined;
        let type: SemanticTokenType | undefined;
        let declaration = false;
        // Stryker disable next-line ConditionalExpression: a spec that is not a word has no `word`, which no argument's text equals
        const fixedWord = spec?.value.type === 'word' && argument.text === spec.value.word;
        if (reference) {
          type = reference.target ? nameTokenType(reference.target.kind) : 'variable';
        // A header-less element's name span is its keyword, where no argument starts.
        } else if (element && element.nameSpan.start === argument.start && argument.kind !== 'number' && argument.kind !== 'range') {
          type = nameTokenType(element.kind);
          declaration = true;
        } else if (spec && (spec.value.type === 'enum' || spec.value.type === 'bool')) {
          type = 'enumMember';
        } else if (fixedWord) {
          type = 'keyword';
        } else if (argument.kind === 'string') {
          type = 'string';
        } else if (argument.kind === 'identifier') {
          type = spec?.value.type === 'version' ? 'number' : 'variable';
        } else {
          type = 'number';
        }
        tokens.push({ start: argument.start, end: argument.end, type, declaration });
      });
      // Stryker disable next-line StringLiteral: any id that is no kind ('unknown' or '') finds nothing, so the block's statements are looked up in the blocks around it
      if (statement.block) visit(statement.block.statements, meaning && 'element' in meaning ? [...kinds, meaning.element.id] : [...kinds, 'unknown']);
    }
  };
  visit(document.file.syntax.statements, ['file']);
  for (const comment of document.file.syntax.comments) tokens.push({ start: comment.start, end: comment.end, type: 'comment', declaration: false });
  return tokens.sort((a, b) => a.start - b.start);
}
