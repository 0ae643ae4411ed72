// Normalization and the character stream: what text becomes before anything is indexed, and how it maps back.
import { describe, expect, it } from 'vitest';
import { charStream, normalize, normalizeText, streamText } from '../dist/src/analyze/index.js';

/** The original span of every normalized unit, as "start-end". */
function spans(map: { origStart: Int32Array; origEnd: Int32Array }): string[] {
  return Array.from(map.origStart, (s, i) => `${s}-${map.origEnd[i]}`);
}

describe('normalize', () => {
  it('turns full-width letters, digits and punctuation into half-width, one unit for one unit', () => {
    const n = normalize('Ｃ９１９，ＣＥＯ！');
    expect(n.text).toBe('c919,ceo!');
    expect(spans(n)).toEqual(['0-1', '1-2', '2-3', '3-4', '4-5', '5-6', '6-7', '7-8', '8-9']);
  });

  it('lower-cases Latin, Greek and Cyrillic one code point at a time (no final-sigma rule)', () => {
    expect(normalizeText('CEO GDP')).toBe('ceo gdp');
    // String#toLowerCase would give ας: the slice "Σ" alone must normalize like it does inside the word.
    expect(normalizeText('ΑΣ')).toBe('ασ');
    expect(normalizeText('МОСКВА')).toBe('москва');
  });

  it('converts Traditional characters to Simplified ones, Hong Kong variants included', () => {
    expect(normalizeText('中國農業發展銀行在臺灣')).toBe('中国农业发展银行在台湾');
    expect(normalizeText('說話溫暖')).toBe('说话温暖');
    expect(normalizeText('衞生')).toBe('卫生');
  });

  it('leaves correct Simplified text alone, including 著 and 么 that the Taiwan preset would rewrite', () => {
    const simplified = '显著的成果，什么时候都要坚持，习近平总书记强调';
    expect(normalizeText(simplified)).toBe(simplified.normalize('NFKC'));
    expect(normalizeText(simplified)).toContain('显著的成果,什么时候');
  });

  it('maps every unit of an expansion to the one character that produced it', () => {
    const n = normalize('a㍿b①ﬁ');
    expect(n.text).toBe('a株式会社b1fi');
    expect(spans(n)).toEqual(['0-1', '1-2', '1-2', '1-2', '1-2', '2-3', '3-4', '4-5', '4-5']);
  });

  it('maps a composed character to all the original units it was composed from', () => {
    const n = normalize('xe\u0301ｶﾞ');
    expect(n.text).toBe('xéガ');
    expect(spans(n)).toEqual(['0-1', '1-3', '3-5']);
  });

  it('keeps a Traditional character outside the Basic Multilingual Plane target as a whole surrogate pair', () => {
    // 鮀 (one unit) becomes 𬶍 (two units): both map to the one original unit.
    const n = normalize('鮀鱼');
    expect(n.text).toBe('𬶍鱼');
    expect(spans(n)).toEqual(['0-1', '0-1', '1-2']);
  });

  it('keeps surrogate pairs and lone surrogates unchanged and mapped to their own units', () => {
    const n = normalize('𠀀中\uD800x');
    expect(n.text).toBe('𠀀中\uD800x');
    expect(spans(n)).toEqual(['0-2', '0-2', '2-3', '3-4', '4-5']);
  });

  it('is idempotent and NFKC-stable for every code point of the Basic Multilingual Plane', () => {
    const failures: string[] = [];
    for (let cp = 0; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const once = normalizeText(String.fromCharCode(cp));
      if (normalizeText(once) !== once || once.normalize('NFKC') !== once) failures.push(cp.toString(16));
    }
    expect(failures).toEqual([]);
  });

  it('normalizes any slice that starts and ends between characters exactly as that part of the whole', () => {
    const text = 'Ｃ９１９大飛機在2024年交付，ＣＥＯ說５Ｇ增長6.95%㍿e\u0301';
    const whole = normalize(text);
    // Cut at every original unit boundary that starts a normalized unit's span.
    const cuts = [...new Set([0, ...whole.origStart, text.length])];
    for (const a of cuts) {
      for (const b of cuts) {
        if (b <= a) continue;
        const from = whole.origStart.indexOf(a);
        const to = b === text.length ? whole.text.length : whole.origStart.indexOf(b);
        expect(normalizeText(text.slice(a, b))).toBe(whole.text.slice(from, to));
      }
    }
  });
});

describe('charStream', () => {
  it('drops punctuation so that 缩小三大差距 matches the printed 缩小“三大差距”', () => {
    expect(streamText('缩小“三大差距”')).toBe('缩小三大差距');
  });

  it('keeps the decimal point between digits and the percent sign after a digit', () => {
    expect(streamText('增长9.2%，利率6.95。')).toBe('增长9.2%\u0000利率6.95');
    expect(streamText('６．９５％')).toBe('6.95%');
  });

  it('drops a percent sign that does not belong to a number, and reads a point that does not as a full stop', () => {
    expect(streamText('www.cctv.com 100%% .5 5. %5')).toBe('www\u0000cctv\u0000com100%\u000055\u00005');
  });

  it('leaves one clause break (U+0000) where clause punctuation stood, none at either end', () => {
    expect(streamText('建、农业')).toBe('建\u0000农业');
    expect(streamText('本，将')).toBe('本\u0000将');
    expect(streamText('，“开头”……结尾！？')).toBe('开头\u0000结尾');
    expect(streamText('甲；乙：丙！丁？戊。己…庚⋯辛')).toBe(['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'].join('\u0000'));
    expect(streamText('（一期）【央视快评】〔2024〕[注]{甲}')).toBe(['一期', '央视快评', '2024', '注', '甲'].join('\u0000'));
    expect(streamText('Hello, world. U.S.A.')).toBe('hello\u0000world\u0000u\u0000s\u0000a');
  });

  it('bridges typography: spaces, line breaks, quotation and book-title marks, middle dots, dashes', () => {
    expect(streamText('《求是》杂志 “科技冬奥·8K”\n「看」『奥运』〈一〉‘二’ 三・四——五')).toBe('求是杂志科技冬奥8k看奥运一二三四五');
  });

  it('drops spaces, line breaks and symbols but keeps letters, digits and combining marks', () => {
    expect(streamText('C919 大飞机\n＋ ©® x\u0301')).toBe('c919大飞机x\u0301'); // x́ has no precomposed form
  });

  it('maps each kept unit back to the original character it came from', () => {
    const text = '他说：“Ｃ９１９”。';
    const s = charStream(text);
    expect(s.chars).toBe('他说\u0000c919');
    // The clause break maps to the punctuation that made it.
    expect(Array.from(s.chars, (_, i) => text.slice(s.origStart[i], s.origEnd[i]))).toEqual(['他', '说', '：', 'Ｃ', '９', '１', '９']);
  });

  it('keeps both halves of a surrogate pair together, with the same span', () => {
    const s = charStream('“𠀀”😀x');
    expect(s.chars).toBe('𠀀x');
    expect(spans(s)).toEqual(['1-3', '1-3', '6-7']);
  });
});
