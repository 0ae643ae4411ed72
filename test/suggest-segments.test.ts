// Suggestions of an archive of several segments: each segment's stored structures, combined less what the generation
// removed, answer exactly as the structures built afresh over the combined entries — the Han pair index merged from
// the segments' is the very index a build over the combined texts makes.
import { describe, expect, it } from 'vitest';
import { HanPairIndex } from '../dist/src/suggest/han-index.js';
import { suggestionKey } from '../dist/src/suggest/build-suggestions.js';
import { combineEntries } from '../dist/src/suggest/suggest-entries.js';
import { buildSuggestions, suggestFromBytes, suggestionEntries, SuggestIndex, type SuggestionInput } from '../dist/src/suggest/index.js';

const DIGEST = new Uint8Array(16).fill(3);

/** Random titles, names and terms over a small alphabet, so that segments share texts, pairs and Latin words. */
function randomSegment(seed: number): SuggestionInput {
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const pieces = ['桐庐', '快递', '高铁', '杭温', '习近平', '会见', 'C919', 'apec', 'Shanghai', '國際', '𠀀字', '新闻', '联播', ' ', '，'];
  const text = (n: number) => Array.from({ length: 1 + rand(n) }, () => pieces[rand(pieces.length)]).join('');
  const titles = Array.from({ length: 60 }, () => text(5));
  return {
    titles,
    titleIds: titles.map((_, i) => `s${seed}-${i}`),
    authors: Array.from({ length: 10 }, () => ['王珊婷', '孙梦佳', '桐庐快递', 'Li Wei'][rand(4)]),
    terms: Array.from({ length: 30 }, () => ({ term: text(2), df: 2 + rand(50) })),
  };
}

/** Everything one might type: every piece of one to four characters of every text. */
function typedPieces(texts: string[]): string[] {
  const typed = new Set<string>(['a', 'sh', 'shanghia', 'c9', '国', '際']);
  for (const t of texts) for (let i = 0; i < t.length; i++) for (let k = 1; k <= 4 && i + k <= t.length; k++) typed.add(t.slice(i, i + k));
  return [...typed];
}

describe('suggestions of several segments', () => {
  const inputs = [randomSegment(11), randomSegment(12), randomSegment(13)];
  // Some of each segment's articles removed by the generation (a title and its authors, as docs.bin gives them).
  const removed = inputs.map((input, s) => input.titles.filter((_, i) => i % (3 + s) === 0).map((title, i) => ({ title, authors: i % 2 === 0 ? [input.authors[0]] : [] })));
  const stored = inputs.map((input) => suggestFromBytes('suggest.bin', buildSuggestions(input, DIGEST), DIGEST));

  it('merges the segments\' Han pair indexes into the index a build over the combined texts makes', () => {
    const { entries, maps } = combineEntries(stored.map((s, i) => ({ entries: s.entries, removed: removed[i] })));
    // A title of one article, removed, is gone; a title also printed in another segment stays.
    const keyCount = new Map<string, number>();
    for (const input of inputs) for (const t of [...input.titles, ...input.authors, ...input.terms.map((x) => x.term)]) keyCount.set(suggestionKey(t), (keyCount.get(suggestionKey(t)) ?? 0) + 1);
    const gone = removed[0].map((r) => suggestionKey(r.title)).filter((key) => keyCount.get(key) === 1);
    expect(gone.length).toBeGreaterThan(0);
    for (const key of gone) expect(entries.normalized).not.toContain(key);
    expect(maps.some((map) => map.includes(-1))).toBe(true);
    const merged = HanPairIndex.merge(stored.map((s, i) => ({ index: s.han, map: maps[i] })), entries.text.length);
    const built = HanPairIndex.build(entries.normalized);
    expect([...merged.arrays.keys]).toEqual([...built.arrays.keys]);
    expect([...merged.arrays.starts]).toEqual([...built.arrays.starts]);
    expect([...merged.arrays.entries]).toEqual([...built.arrays.entries]);
  });

  it('answers every typed piece as the suggestions built afresh from the combined entries do, removals included', () => {
    const combined = SuggestIndex.fromSegments(stored.map((suggestions, i) => ({ suggestions, removed: removed[i] })));
    const { entries } = combineEntries(stored.map((s, i) => ({ entries: s.entries, removed: removed[i] })));
    const afresh = SuggestIndex.fromEntries(entries);
    const typed = typedPieces(inputs.flatMap((i) => [...i.titles, ...i.authors, ...i.terms.map((t) => t.term)]));
    let answered = 0;
    for (const q of typed) {
      const got = combined.suggest(q, 20);
      expect(got, q).toEqual(afresh.suggest(q, 20));
      if (got.length > 0) answered++;
    }
    expect(answered).toBeGreaterThan(typed.length / 2);
  });

  it('serves one segment without removals as its file holds it, the same as built in process', () => {
    const one = SuggestIndex.fromSegments([{ suggestions: stored[0], removed: [] }]);
    const afresh = SuggestIndex.fromEntries(suggestionEntries(inputs[0]));
    for (const q of typedPieces(inputs[0].titles)) expect(one.suggest(q, 20), q).toEqual(afresh.suggest(q, 20));
  });
});
