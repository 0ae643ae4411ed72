// The tiered merge policy: the segments of a generation (their live articles) in → which of them to merge next, if
// any; and applyMergePolicy, which merges until no tier holds too many.
//
// A segment's tier is the order of magnitude of its live articles over a floor: tier 0 below FLOOR_ARTICLES, tier 1
// below FLOOR_ARTICLES × TIER_FACTOR, and so on. When a tier holds more than SEGMENTS_PER_TIER segments, they are
// merged into one (which lands in that tier or the next). So a day's add merges only small segments — never the
// archive — and an archive of N ≥ FLOOR_ARTICLES articles has at most SEGMENTS_PER_TIER × (2 + ⌊log_TIER_FACTOR(N /
// FLOOR_ARTICLES)⌋) segments (segmentBound): 30 at 24,000 articles, 50 at 1,000,000 (with 10 and 1,000 below). Merges
// leave out removed articles.
// Example: ten daily segments of ~15 articles and an eleventh added → tier 0 holds 11 → they are merged into one of
// ~165 articles; the 24,000-article segment (tier 2) is not touched.

export const TIER_FACTOR = 10;
export const SEGMENTS_PER_TIER = 10;
export const FLOOR_ARTICLES = 1000;

export interface SizedSegment {
  name: string;
  /** Live articles. */
  live: number;
}

export function tierOf(live: number): number {
  let tier = 0;
  for (let bound = FLOOR_ARTICLES; live >= bound; bound *= TIER_FACTOR) tier++;
  return tier;
}

/** The names of the segments to merge next (the lowest tier holding too many), or null when every tier is within bounds. */
export function pickMerge(segments: SizedSegment[]): string[] | null {
  const tiers = new Map<number, string[]>();
  for (const s of segments) {
    const tier = tierOf(s.live);
    tiers.set(tier, [...(tiers.get(tier) ?? []), s.name]);
  }
  for (const tier of [...tiers.keys()].sort((a, b) => a - b)) {
    const names = tiers.get(tier)!;
    if (names.length > SEGMENTS_PER_TIER) return names;
  }
  return null;
}

/** The most segments an archive of `articles` live articles keeps under this policy. */
export function segmentBound(articles: number): number {
  return SEGMENTS_PER_TIER * (1 + tierOf(Math.max(1, articles)));
}

