// The analyzer on real text: the newsroom's sample page and the CCTV corpus (both in ../shared, never copied here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { charStream, createAnalyzer, normalizeText, type Analyzer } from '../dist/src/analyze/index.js';
import type { Token } from '../dist/src/types.js';
import { cctvSample } from './support/corpus.js';
import { hasShared, NEEDS_SHARED, repoRoot, samplePage } from './support/paths.js';

const nodejieba = createRequire(import.meta.url)('nodejieba') as typeof import('nodejieba');

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer();
});

/** Token covering exactly [start, end) with this term, primary or sub-word. */
function hasTokenAt(tokens: Token[], term: string, start: number, end: number): boolean {
  return tokens.some((t) => t.term === term && t.start === start && t.end === end);
}

describe.skipIf(!hasShared)(`the sample newspaper page ${NEEDS_SHARED}`, () => {
  const page = hasShared ? readFileSync(samplePage, 'utf8') : '';
  const sentences = page.split(/(?<=[。！？\n])/).filter((s) => s.trim().length > 0);

  it('keeps 桐庐 one token in every sentence of the sample page that contains it', () => {
    const withTonglu = sentences.filter((s) => s.includes('桐庐'));
    expect(withTonglu.length).toBeGreaterThanOrEqual(15);
    for (const sentence of withTonglu) {
      const tokens = analyzer.tokenize(sentence);
      for (let at = sentence.indexOf('桐庐'); at >= 0; at = sentence.indexOf('桐庐', at + 1)) {
        expect(hasTokenAt(tokens, '桐庐', at, at + 2), sentence).toBe(true);
        // …and no primary word boundary falls between 桐 and 庐.
        expect(tokens.some((t) => !t.sub && t.start > at && t.start < at + 2), sentence).toBe(false);
      }
    }
  });

  it('keeps every word of the user dictionary whole wherever it occurs on the page', () => {
    const words = readFileSync(join(repoRoot, 'dict/user-dict.txt'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ')[0]);
    const tokens = analyzer.tokenize(page);
    let occurrences = 0;
    for (const word of words) {
      for (let at = page.indexOf(word); at >= 0; at = page.indexOf(word, at + 1)) {
        occurrences++;
        expect(hasTokenAt(tokens, word, at, at + word.length), `${word} at ${at}`).toBe(true);
      }
    }
    expect(occurrences).toBeGreaterThan(100);
  });

  it('adds on every Han run of the page exactly the sub-words cutForSearch adds', () => {
    const runs = normalizeText(page).match(/\p{Script=Han}+/gu) ?? [];
    expect(runs.length).toBeGreaterThan(300);
    for (const run of runs) {
      const tokens = analyzer.tokenize(run);
      const ours: string[] = [];
      for (let i = 0; i < tokens.length; ) {
        let j = i + 1;
        while (j < tokens.length && tokens[j].sub) j++;
        ours.push(...tokens.slice(i + 1, j).map((t) => t.term), tokens[i].term);
        i = j;
      }
      expect(ours, run).toEqual(nodejieba.cutForSearch(run, true));
    }
  });
});

describe.skipIf(!hasShared)(`the CCTV corpus ${NEEDS_SHARED}`, () => {
  const articles = hasShared ? cctvSample(2023, 600, 7) : [];

  it('maps every token and every stream unit of 600 real articles back onto its original text', () => {
    let tokens = 0;
    for (const a of articles) {
      for (const text of [a.title, a.body]) {
        const analysis = analyzer.analyze(text);
        for (const t of analysis.tokens) {
          tokens++;
          if (normalizeText(text.slice(t.start, t.end)) !== t.term) expect.fail(`${a.id}: ${t.term} at ${t.start}-${t.end}`);
        }
        const { chars, origStart, origEnd } = analysis.stream;
        for (let i = 0; i < chars.length; i++) {
          // A clause break maps to the punctuation that made it.
          const original = normalizeText(text.slice(origStart[i], origEnd[i]));
          if (chars[i] === '\u0000' ? !/^[,、。;:!?⋯()[\]{}【】〔〕〖〗〘〙〚〛⦅⦆.]/.test(original) : !original.includes(chars[i])) expect.fail(`${a.id}: stream unit ${i}`);
        }
      }
    }
    expect(tokens).toBeGreaterThan(50_000);
  });

  // Throughput is the bench's business (npm run bench); this only checks that a year of text analyzes consistently.
  it('analyzes 2,000 real articles into streams and tokens that agree with each other', () => {
    const texts = cctvSample(2024, 2000).flatMap((a) => [a.title, a.body]);
    let tokens = 0;
    for (const t of texts) {
      const { stream, tokens: list } = analyzer.analyze(t);
      tokens += list.length;
      expect(stream.chars).toBe(charStream(t).chars);
    }
    expect(tokens).toBeGreaterThan(100_000);
  });
});
