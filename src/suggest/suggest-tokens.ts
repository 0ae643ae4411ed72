// Suggestion tokens: texts and typed prefixes in → the words MiniSearch indexes (Han pairs, Latin and digit words).
// MiniSearch only knows whitespace-separated words; Chinese has none, so a Han run becomes overlapping character
// pairs: any typed Chinese string of two or more characters is then found inside a longer title ("contains"), and
// one character finds every pair it starts.

const RUNS = /\p{Script=Han}+|[\p{L}\p{N}]+/gu;
const HAN = /^\p{Script=Han}/u;

/** True when the token is a Han character pair or single character (not a Latin or digit word). */
export function isHanToken(token: string): boolean {
  return HAN.test(token);
}

/**
 * Han tokens of an already-normalized text for the index: every pair, plus the last character of each run (so a
 * single typed character, searched as a prefix, also finds runs it ends).
 */
export function hanIndexTokens(normalized: string): string[] {
  const tokens: string[] = [];
  for (const [run] of normalized.matchAll(RUNS)) {
    if (!isHanToken(run)) continue;
    for (let i = 0; i + 1 < run.length; i++) tokens.push(run.slice(i, i + 2));
    tokens.push(run[run.length - 1]);
  }
  return tokens;
}

/**
 * Latin, digit and other non-Han words of an already-normalized text, whole. They live in an index of their own:
 * typo-tolerant search walks the whole term tree, and thousands of Han pairs there would make it slow.
 */
export function latinIndexTokens(normalized: string): string[] {
  const tokens: string[] = [];
  for (const [run] of normalized.matchAll(RUNS)) if (!isHanToken(run)) tokens.push(run);
  return tokens;
}

/** Buckets in front of the Han keys of the MiniSearch index (see hanTreeKey). */
const TREE_BUCKETS = 64;

/**
 * The key under which a Han token is stored in MiniSearch: a bucket character (from its first code unit), then the
 * token. MiniSearch's radix tree finds a child by scanning a node's children one by one; with thousands of distinct
 * first characters at the root, every insertion scanned thousands, which made building the index slow.
 * Under a bucket the tree has exactly the shape it has without one, so prefix matches come out in the same order.
 */
export function hanTreeKey(token: string): string {
  return String.fromCharCode(0x30 + (token.charCodeAt(0) % TREE_BUCKETS)) + token;
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
