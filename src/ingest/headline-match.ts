// Giving a page's loose headlines to the articles that lost theirs in print-layout extraction.
//
// The rule: a news headline restates its article's lead paragraph (导语). `通达未来城16号地块成功摘牌` reappears
// almost word for word in `…通达未来城16号地块成功摘牌,与此同时,大联武举塘地块也正式步入挂牌出让阶段。`, while other
// stories on the same page share at most a place name or two with it. So we compare character bigrams (robust to
// segmentation, and to digits like 16号): a headline fits an article when at least MIN_SHARED of its bigrams occur in
// the article's opening text and they make up at least MIN_SHARE of the headline's bigrams. Pairs are then taken
// best score first, each headline and each article at most once, ties broken by page order, so the result is
// deterministic and a headline never goes to two articles.

export const MIN_SHARED = 3;
export const MIN_SHARE = 0.3;
/** How much of the article's opening is compared: the lead paragraph, and the next one when the lead is short. */
export const OPENING_CHARS = 400;

/** Distinct adjacent pairs of letters/digits, punctuation and spaces removed (so `16号 地块` and `16号地块` agree). */
export function charBigrams(text: string): Set<string> {
  const chars = Array.from(text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ''));
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

/** Share of the headline's bigrams found in the opening text, or 0 when fewer than MIN_SHARED are shared. */
export function headlineFit(headline: string, opening: string): number {
  const h = charBigrams(headline);
  if (h.size === 0) return 0;
  const o = charBigrams(opening.slice(0, OPENING_CHARS));
  let shared = 0;
  for (const b of h) if (o.has(b)) shared++;
  return shared >= MIN_SHARED ? shared / h.size : 0;
}

/** For each article opening, the index of the headline given to it (or -1). */
export function matchHeadlines(headlines: readonly string[], openings: readonly string[]): number[] {
  const pairs: { h: number; a: number; fit: number }[] = [];
  headlines.forEach((headline, h) =>
    openings.forEach((opening, a) => {
      const fit = headlineFit(headline, opening);
      if (fit >= MIN_SHARE) pairs.push({ h, a, fit });
    }),
  );
  pairs.sort((x, y) => y.fit - x.fit || x.a - y.a || x.h - y.h);
  const given = openings.map(() => -1);
  const used = new Set<number>();
  for (const { h, a } of pairs) {
    if (given[a] !== -1 || used.has(h)) continue;
    given[a] = h;
    used.add(h);
  }
  return given;
}
