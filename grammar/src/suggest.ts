// "Did you mean" suggestions: the closest candidate by edit distance, case-insensitively, with bounded cost: names
// longer than a cut-off get no suggestion, only candidates within the allowed distance are compared (a banded
// table), and an analysis shares one budget so that thousands of misspellings cannot stall it.

/** Names longer than this get no suggestion (a typo in a 10,000-character name is not what happened). */
export const maxSuggestionLength = 64;
/** At most this many edits for a suggestion; fewer for short names. */
export const maxSuggestionDistance = 3;

/** The work an analysis may spend on suggestions, in table cells and candidates looked at; shared by its calls. */
export class SuggestionBudget {
  constructor(public remaining = 4_000_000) {}

  get exhausted(): boolean {
    // Stryker disable next-line EqualityOperator: at exactly 0, closestName's first step spends it and stops before comparing anything
    return this.remaining <= 0;
  }
}

/** The Levenshtein distance between two strings (unbounded; for short strings only). */
export function editDistance(a: string, b: string): number {
  return boundedEditDistance(a, b, Math.max(a.length, b.length));
}

/**
 * The Levenshtein distance when it is at most `limit`, else `limit + 1`; only the cells within `limit` of the
 * diagonal are computed, so the cost is about length × (2 × limit + 1).
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Every cell is capped at `over`: a value above it (the first row and column hold their plain distances) means the same.
  const over = limit + 1;
  // Stryker disable next-line ArrayDeclaration,ArithmeticOperator: arrays grow as cells are written; the length is a hint
  let previous = new Array<number>(b.length + 1);
  // Stryker disable next-line ArrayDeclaration,ArithmeticOperator: arrays grow as cells are written; the length is a hint
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    // Stryker disable next-line MethodExpression: cells past the end of b are never read back into the cells up to b's end
    const to = Math.min(b.length, i + limit);
    current[0] = i;
    if (from > 1) current[from - 1] = over;
    let rowMinimum = current[0];
    for (let j = from; j <= to; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost, over);
      current[j] = value;
      rowMinimum = Math.min(rowMinimum, value);
    }
    current[to + 1] = over;
    // A row with every cell over the limit: the rest cannot come back under it (cost only, the result is capped anyway).
    // Stryker disable next-line ConditionalExpression,EqualityOperator: without the early stop the capped result is the same
    if (rowMinimum >= over) return over;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length], over);
}

/**
 * The candidate closest to the text, when it is close enough to be a plausible typo (or the same name in another
 * case). Without a budget, the call gets its own.
 */
export function closestName(text: string, candidates: Iterable<string>, budget: SuggestionBudget = new SuggestionBudget()): string | undefined {
  // Stryker disable next-line ConditionalExpression: an exhausted budget also stops the loop below at its first candidate, before any comparison
  if (budget.exhausted) return undefined;
  const wanted = text.toLowerCase();
  const long = wanted.length > maxSuggestionLength;
  const allowed = Math.max(1, Math.min(maxSuggestionDistance, Math.floor(wanted.length / 3)));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    budget.remaining--;
    if (budget.remaining <= 0) break;
    if (candidate.length > maxSuggestionLength && candidate.length !== wanted.length) continue;
    if (Math.abs(candidate.length - wanted.length) >= bestDistance) continue;
    const lower = candidate.toLowerCase();
    if (lower === wanted) return candidate;
    // A long name is only matched exactly (case aside): no table at all.
    if (long) continue;
    budget.remaining -= wanted.length * (2 * (bestDistance - 1) + 1);
    // Stryker disable next-line ArithmeticOperator: a larger limit finds the same candidates closer than the best so far (cost only)
    const distance = boundedEditDistance(wanted, lower, bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
