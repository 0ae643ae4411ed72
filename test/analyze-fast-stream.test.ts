// charStream walks the original text once with a table-driven fast path; normalize takes a one-unit shortcut. Both
// must give exactly what the cluster-by-cluster definition gives: same units, same spans, on every input.
import { describe, expect, it } from 'vitest';
import { charStream, charStreamReference, streamText, type CharStream } from '../dist/src/analyze/char-stream.js';
import { clusterEnd, foldClusterAt, normalize, type Normalized } from '../dist/src/analyze/normalize.js';
import { cctvSample, prng } from './support/corpus.js';
import { AWKWARD_POOLS, randomText as randomPoolText } from './support/random-text.js';
import { hasShared, NEEDS_SHARED } from './support/paths.js';

/** Fails with the input and the first differing unit, rather than a diff of two 3,000-entry typed arrays. */
function expectSameStream(text: string): void {
  const fast = charStream(text);
  const reference = charStreamReference(text);
  if (!sameStream(fast, reference)) {
    expect.fail(`charStream(${JSON.stringify(text)}) = ${describeStream(fast)}, reference ${describeStream(reference)}`);
  }
  if (streamText(text) !== reference.chars) expect.fail(`streamText(${JSON.stringify(text)}) differs`);
}
function sameStream(a: CharStream, b: CharStream): boolean {
  if (a.chars !== b.chars || a.origStart.length !== b.origStart.length || a.origEnd.length !== b.origEnd.length) return false;
  if (a.origStart.length !== a.chars.length) return false;
  for (let i = 0; i < a.origStart.length; i++) if (a.origStart[i] !== b.origStart[i] || a.origEnd[i] !== b.origEnd[i]) return false;
  return true;
}
function describeStream(s: CharStream): string {
  return `${JSON.stringify(s.chars)} [${Array.from(s.origStart, (start, i) => `${start}-${s.origEnd[i]}`).join(' ')}]`;
}

/** normalize by its definition: cluster after cluster through the cluster path, no shortcut. */
function normalizeByClusters(text: string): Normalized {
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; ) {
    const end = clusterEnd(text, i);
    const folded = foldClusterAt(text, i, end);
    out += folded;
    for (let k = 0; k < folded.length; k++) starts.push(i), ends.push(end);
    i = end;
  }
  return { text: out, origStart: Int32Array.from(starts), origEnd: Int32Array.from(ends) };
}
function expectSameNormalized(text: string): void {
  const fast = normalize(text);
  const reference = normalizeByClusters(text);
  const same =
    fast.text === reference.text &&
    fast.origStart.length === reference.origStart.length &&
    fast.origStart.every((v, i) => v === reference.origStart[i] && fast.origEnd[i] === reference.origEnd[i]);
  if (!same) expect.fail(`normalize(${JSON.stringify(text)}) = ${JSON.stringify(fast.text)}, by clusters ${JSON.stringify(reference.text)} (or spans differ)`);
}

// Marks that attach differently: acute (composes with Latin), enclosing circle (composes with nothing), kana voiced mark
// (composes with kana), half-width voiced mark (a letter that NFKC turns into a mark), Hangul vowel (conjoining jamo).
const FOLLOWERS = ['\u0301', '\u20dd', '\u3099', 'ﾞ', 'ᅡ'];

describe('charStream equals the three-pass reference', () => {
  it('on every BMP code point alone, before each kind of combining mark, and between digits', () => {
    for (let cp = 0; cp <= 0xffff; cp++) {
      const ch = String.fromCharCode(cp);
      expectSameStream(ch);
      for (const mark of FOLLOWERS) expectSameStream(ch + mark);
      // The neighbour rules: '.' kept only between two digits, '%' only after one, whatever normalizes to them.
      expectSameStream('1' + ch + '2');
      expectSameStream('x' + ch + '5');
      expectSameStream('7' + ch + '%');
      expectSameStream('3.' + ch);
      // Clause breaks: owed before the next kept unit, one for a run, none at either end.
      expectSameStream('中，' + ch + '。文');
      expectSameStream(ch + '、' + ch);
      expectSameStream('1.' + ch + '，2');
      expectSameStream(ch + '\ud842\udfb7'); // a following astral Han (𠮷)
    }
  }, 120_000);

  it('on surrogates in every arrangement: pairs, lone halves, halves split by marks, dots and digits around them', () => {
    const pieces = ['\ud842', '\udfb7', '\ud83d\ude00', '\ud842\udfb7', '\u0301', '.', '1', '%', '中', 'A', '\ud800\udc00', '，', '…', '“'];
    const random = prng(7);
    for (let t = 0; t < 20_000; t++) {
      let text = '';
      const length = 1 + Math.floor(random() * 8);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
      expectSameStream(text);
    }
  });

  it('on 30,000 random strings of every awkward kind (seed 20240607)', () => {
    const random = prng(20240607);
    for (let t = 0; t < 30_000; t++) expectSameStream(randomText(random));
  });

  it('on Traditional, full-width and mixed text', () => {
    const texts = [
      '臺灣經濟發展銀行於２０２４年第３季度營收成長９．２％，較去年同期增加６．９５億元。',
      '說話「體育」『發展』——乾隆著麼薴衞溫綫；ＡＢＣ　ｘｙｚ，Ｃ９１９、５Ｇ！',
      '香港特別行政區政府公佈：恒生指數收報１８，０００．５點（升０．３％）…',
      '第⒈條 ⑴ ①②③ ㍿ ㋀ ﬁ ℃ ㎡ Ⅻ ½ İstanbul ΣΊΣΥΦΟΣ ẞ ｶﾞｷﾞ ﾊﾟﾊﾟ 한국어 e\u0301 =\u0338',
      '1.2.3 .5 5. 5.% 5%% ..1 1..2 １．２ ３％ 4％ 9．％ 0.0.0',
      '，开头（括号）【央视快评】〔2024〕……省略⋯⋯号；分号：冒号！？“引号”《书名》·间隔、顿号。U.S.A. 3.，',
      '\ufeff开头的BOM，\u00a0不换行空格\u3000全角空格\t制表符\r\n换行',
    ];
    for (const text of texts) {
      expectSameStream(text);
      for (let i = 0; i < text.length; i++) expectSameStream(text.slice(i)), expectSameStream(text.slice(0, i));
    }
  });

  it('on texts longer than the reused buffers (70,000 and 200,000 units), then a short one again', () => {
    const base = '臺灣經濟發展９．２％，Ｃ９１９ e\u0301 𠮷 ㍿ 1.5% ';
    for (const length of [70_000, 200_000]) {
      const text = base.repeat(Math.ceil(length / base.length)).slice(0, length);
      expectSameStream(text);
      expectSameNormalized(text);
    }
    expectSameStream(base);
    expectSameNormalized(base);
  });

  it('on the empty string', () => {
    expectSameStream('');
    expect(charStream('').origStart.length).toBe(0);
  });
});

describe('normalize equals normalizing cluster by cluster', () => {
  it('on every BMP code point alone and before each kind of combining mark', () => {
    for (let cp = 0; cp <= 0xffff; cp++) {
      const ch = String.fromCharCode(cp);
      expectSameNormalized(ch);
      expectSameNormalized('a' + ch + 'B');
      for (const mark of FOLLOWERS) expectSameNormalized(ch + mark);
    }
  }, 120_000);

  it('on 30,000 random strings of every awkward kind (seed 20240607)', () => {
    const random = prng(20240607);
    for (let t = 0; t < 30_000; t++) expectSameNormalized(randomText(random));
  });
});

describe.skipIf(!hasShared)(`real CCTV articles ${NEEDS_SHARED}`, () => {
  it('charStream and normalize give the reference result on the bodies and titles of 2,000 articles', () => {
    for (const article of cctvSample(2023, 2000)) {
      for (const text of [article.body, article.title, article.body.slice(0, 3000)]) {
        expectSameStream(text);
        expectSameNormalized(text);
      }
    }
  });
});

// The generator of analyze-property.test.ts, with more digits, dots and percent signs to exercise the neighbour rules.
const POOLS: string[][] = [...AWKWARD_POOLS, ['1', '2', '.', '%', '．', '％', '⒈', '１', '1.', '.5', '٣', '𝟘']];
const randomText = (random: () => number) => randomPoolText(random, POOLS);
