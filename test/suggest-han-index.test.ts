// The Han pair index of suggestions finds exactly the entries holding every typed pair, or every typed character at
// the start of a pair or the end of a run — checked against a scan of the entries.
import { describe, expect, it } from 'vitest';
import { HanPairIndex } from '../dist/src/suggest/han-index.js';
import { queryTokens } from '../dist/src/suggest/suggest-tokens.js';

/**
 * What an entry holds: its pairs within Han runs and the last character of each run. A run of letters and digits that
 * starts with a Latin letter or digit (C919大飞机) is a Latin word, whole, as the suggestion tokens define it.
 */
function tokensOf(text: string): Set<string> {
  const tokens = new Set<string>();
  for (const [run] of text.matchAll(/\p{Script=Han}+|[\p{L}\p{N}]+/gu)) {
    if (!/^\p{Script=Han}/u.test(run)) continue;
    for (let i = 0; i + 1 < run.length; i++) tokens.add(run.slice(i, i + 2));
    tokens.add(run[run.length - 1]);
  }
  return tokens;
}

function scan(entries: string[], typed: string[]): number[] {
  return entries.flatMap((text, entry) => {
    const held = [...tokensOf(text)];
    return typed.every((t) => (t.length === 1 ? held.some((h) => h[0] === t) : held.includes(t))) ? [entry] : [];
  });
}

describe('HanPairIndex', () => {
  it('matches a scan of the entries for pairs, lone characters and their mixes', () => {
    let seed = 5;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const alphabet = [...'桐庐快递物流高铁杭温 C9习近平𠀀'];
    const entries = Array.from({ length: 400 }, () => Array.from({ length: 1 + rand(12) }, () => alphabet[rand(alphabet.length)]).join(''));
    const index = HanPairIndex.build(entries);
    for (let round = 0; round < 500; round++) {
      const typed = Array.from({ length: 1 + rand(4) }, () => alphabet[rand(alphabet.length)]).join('');
      const { han } = queryTokens(typed);
      if (han.length === 0) continue;
      expect([...index.search(han)], typed).toEqual(scan(entries, han));
    }
  });

  it('finds nothing for a pair no entry holds, and everything a character starts or ends', () => {
    const index = HanPairIndex.build(['杭温高铁', '高铁', '温州', '桐庐 快递']);
    expect([...index.search(['铁路'])]).toEqual([]);
    expect([...index.search(['温'])]).toEqual([0, 2]);
    expect([...index.search(['铁'])]).toEqual([0, 1]);
    expect([...index.search(['高铁', '杭'])]).toEqual([0]);
    expect([...index.search(['庐'])]).toEqual([3]);
  });
});
