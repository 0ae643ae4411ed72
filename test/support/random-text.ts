// Random text of every awkward kind for property tests: CJK, Traditional, Latin, full-width, punctuation, astral
// characters, combining marks, NFKC expansions and lone surrogates.

export const AWKWARD_POOLS: string[][] = [
  [...'中国农业发展银行桐庐快递三大差距横村镇独山社区的了在是一'],
  [...'說話臺灣體育發展銀行經濟乾隆著麼薴衞溫'],
  [...'abcXYZ019', 'C919', 'CEO', '5G', '2024', '6.95', '9.2%'],
  [...'ＡＢＣｘｙｚ０１９．％'],
  [...'.%.,;:!?，。“”、（）《》—… \n\t\u3000\u00a0'],
  ['𠀀', '𪚥', '😀', '𝐀', '🇨🇳', '\u{2A6D6}'],
  ['\u0301', '\u0308', '\u0323', '\u20dd', '\u3099', 'ﾞ', 'ᄀ', 'ᅡ', 'ᆨ', 'e', 'ｶ'],
  ['㍿', '①', 'ﬁ', '⑴', '㋀', '¨', '½', '℃', '㎡', 'Ⅻ', '\ufdfa', 'İ', 'Σ', 'ẞ', '鮀', '=\u0338'],
  ['\ud800', '\udc00'],
];

/** 1–24 pieces drawn from `pools` with the seeded `random`. */
export function randomText(random: () => number, pools: string[][] = AWKWARD_POOLS): string {
  const length = 1 + Math.floor(random() * 24);
  let out = '';
  for (let i = 0; i < length; i++) {
    const pool = pools[Math.floor(random() * pools.length)];
    out += pool[Math.floor(random() * pool.length)];
  }
  return out;
}
