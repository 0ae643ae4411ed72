// Suggestion tokens: texts and typed prefixes in → the words the suggestion indexes hold (Han pairs, Latin and digit
// words). Chinese has no spaces between words, so a Han run becomes overlapping character pairs: any typed Chinese
// string of two or more characters is then found inside a longer title ("contains"), and one character finds every
// pair it starts.

const RUNS = /\p{Script=Han}+|[\p{L}\p{N}]+/gu;
const HAN = /^\p{Script=Han}/u;

/** True when the token is a Han character pair or single character (not a Latin or digit word). */
export function isHanToken(token: string): boolean {
  return HAN.test(token);
}

/** The runs of Han characters of an already-normalized text. */
export function* hanRuns(normalized: string): Generator<string> {
  for (const [run] of normalized.matchAll(RUNS)) if (isHanToken(run)) yield run;
}

/**
 * Latin, digit and other non-Han words of an already-normalized text, whole. They live in a MiniSearch index of their
 * own (typo-tolerant search walks its whole term tree; the Han pairs are in han-index.ts).
 */
export function latinIndexTokens(normalized: string): string[] {
  const tokens: string[] = [];
  for (const [run] of normalized.matchAll(RUNS)) if (!isHanToken(run)) tokens.push(run);
  return tokens;
}

/**
 * Tokens of an already-normalized typed text, split by index: Han pairs (a one-character run stays one character)
 * and Latin/digit words. All must match (AND); the caller decides prefix and fuzzy matching per token.
 */
export function queryTokens(normalized: string): { han: string[]; latin: string[] } {
  const han: string[] = [];
  const latin: string[] = [];
  for (const [run] of normalized.matchAll(RUNS)) {
    if (!isHanToken(run)) latin.push(run);
    else if (run.length === 1) han.push(run);
    else for (let i = 0; i + 1 < run.length; i++) han.push(run.slice(i, i + 2));
  }
  return { han, latin };
}
