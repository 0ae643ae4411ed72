// Random text of every awkward kind: the offset maps stay inside the original, monotonic, and slice back exactly.
import { beforeAll, describe, expect, it } from 'vitest';
import { charStream, createAnalyzer, normalize, normalizeText, streamText, type Analyzer } from '../dist/src/analyze/index.js';
import { prng } from './support/corpus.js';
import { randomText } from './support/random-text.js';

/** Offsets inside [0, n], each span non-empty, starts and ends never going backwards. */
function checkMap(origStart: Int32Array, origEnd: Int32Array, n: number): void {
  for (let i = 0; i < origStart.length; i++) {
    if (!(origStart[i] >= 0 && origStart[i] < origEnd[i] && origEnd[i] <= n)) expect.fail(`span ${i}: ${origStart[i]}-${origEnd[i]} of ${n}`);
    if (i > 0 && (origStart[i] < origStart[i - 1] || origEnd[i] < origEnd[i - 1])) expect.fail(`span ${i} goes backwards`);
  }
}

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer();
});

describe('offset maps on random text', () => {
  const SEED = 20240607;
  const COUNT = 3000;
  const random = prng(SEED);
  const texts = Array.from({ length: COUNT }, () => randomText(random));

  it(`normalize: spans tile the original and each group of units is its span normalized (${COUNT} strings, seed ${SEED})`, () => {
    for (const text of texts) {
      const n = normalize(text);
      const label = JSON.stringify(text);
      expect(n.origStart.length, label).toBe(n.text.length);
      checkMap(n.origStart, n.origEnd, text.length);
      expect(n.text, label).toBe(normalizeText(text));
      expect(normalizeText(n.text), label).toBe(n.text);
      expect(n.text.normalize('NFKC'), label).toBe(n.text);
      // Units sharing a span form one group; groups follow each other without gap or overlap.
      let covered = 0;
      for (let i = 0; i < n.text.length; ) {
        let j = i + 1;
        while (j < n.text.length && n.origStart[j] === n.origStart[i]) j++;
        expect(n.origStart[i], label).toBe(covered);
        expect(normalizeText(text.slice(n.origStart[i], n.origEnd[i])), label).toBe(n.text.slice(i, j));
        for (let k = i; k < j; k++) expect(n.origEnd[k], label).toBe(n.origEnd[i]);
        covered = n.origEnd[i];
        i = j;
      }
      expect(covered, label).toBe(text.length);
    }
  });

  it('charStream: kept units are indexable, in order, never half a surrogate pair, and map to where they came from', () => {
    for (const text of texts) {
      const n = normalize(text);
      const s = charStream(text);
      const label = JSON.stringify(text);
      expect(s.chars, label).toBe(streamText(text));
      expect(s.origStart.length, label).toBe(s.chars.length);
      checkMap(s.origStart, s.origEnd, text.length);
      expect(s.chars.isWellFormed(), label).toBe(true);
      for (const ch of s.chars) expect(/^[\p{L}\p{N}\p{M}.%\u0000]$/u.test(ch), label).toBe(true);
      // A clause break (U+0000) stands between two kept units: never first, last or twice in a row.
      expect(/^\u0000|\u0000$|\u0000\u0000/.test(s.chars), label).toBe(false);
      // Without its breaks, the stream is a subsequence of the normalized text, unit for unit, with the same spans.
      const kept = Array.from(s.chars.split(''), (ch, i) => ({ ch, start: s.origStart[i], end: s.origEnd[i] })).filter((u) => u.ch !== '\u0000');
      let k = 0;
      for (let i = 0; i < n.text.length && k < kept.length; i++) {
        if (n.text[i] === kept[k].ch && n.origStart[i] === kept[k].start && n.origEnd[i] === kept[k].end) k++;
      }
      expect(k, label).toBe(kept.length);
    }
  });

  it('tokenize: every term is its span normalized, primary words are ordered and numbered, sub-words sit inside their parent', () => {
    for (const text of texts) {
      const tokens = analyzer.tokenize(text);
      const label = JSON.stringify(text);
      let position = -1;
      let lastEnd = 0;
      let parent = { start: 0, end: 0 };
      for (const t of tokens) {
        expect(t.start >= 0 && t.start < t.end && t.end <= text.length, label).toBe(true);
        expect(normalizeText(text.slice(t.start, t.end)), label).toBe(t.term);
        expect(t.term.isWellFormed(), label).toBe(true);
        expect(/[\s\p{Cc}]/u.test(t.term), label).toBe(false);
        if (t.sub) {
          expect(t.position, label).toBe(position);
          expect(t.start >= parent.start && t.end <= parent.end, label).toBe(true);
        } else {
          expect(t.position, label).toBe(position + 1);
          expect(t.start, label).toBeGreaterThanOrEqual(lastEnd);
          position = t.position;
          lastEnd = t.end;
          parent = t;
        }
      }
      expect(analyzer.words(text), label).toEqual(tokens.filter((t) => !t.sub).map((t) => t.term));
      expect(analyzer.tokenize(text), label).toEqual(tokens);
    }
  });
});
