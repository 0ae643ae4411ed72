// A line of text → whether it looks like a headline that lost its marks (short, Chinese, no sentence punctuation).

/** Punctuation that a loose headline never has inside or at its end (a sentence fragment usually does). */
const CLAUSE_PUNCT = /[，,。；;：:！？!?…、.]/;
/** Longest line read as a headline. */
export const MAX_HEADLINE_LINE = 40;

/** A short line with Chinese text and no sentence punctuation: what a headline that lost its `## ` looks like. */
export function hasHeadlineShape(text: string): boolean {
  if (text.length < 4 || text.length > MAX_HEADLINE_LINE) return false;
  if (CLAUSE_PUNCT.test(text)) return false;
  return /[\u4e00-\u9fff]{2}/.test(text);
}
