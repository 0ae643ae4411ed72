// classifyUnits: normalized text in → what each code unit is to the stream and the tokenizer (a table filled on sight):
// kept, dropped, or a clause break.

export const enum CharClass {
  /** Spaces, punctuation, symbols, controls, lone surrogates: never indexed. */
  Drop = 0,
  /** Han ideographs (any plane): segmented by jieba. */
  Han = 1,
  /** Other letters, digits and combining marks: kept whole in runs. */
  Other = 2,
  /** ASCII 0-9 (after NFKC every full-width digit is one). */
  Digit = 3,
  /** '.': kept between two digits. */
  Dot = 4,
  /** '%': kept right after a digit. */
  Percent = 5,
  /**
   * Clause and sentence punctuation (，。、；：！？…, brackets, and '.' not between two digits): not indexed, and a
   * phrase does not run across it (the stream holds a BREAK there). Typography is Drop and bridged: spaces, line
   * breaks, quotation marks, book-title marks, middle dots.
   */
  Break = 6,
}

/** The unit a clause break leaves in the character stream: it takes a position, starts no key, and ends a key like a field's end. */
export const BREAK = 0;

/**
 * Clause and sentence punctuation, as normalization leaves it (NFKC makes ，；：！？（）［］｛｝ ASCII and … three dots):
 * comma, 、, 。, semicolon, colon, ! and ?, ⋯, and the brackets ()[]{}【】〔〕〖〗〘〙〚〛⦅⦆. Not 《》〈〉「」『』“”‘’"'·・,
 * which a phrase bridges.
 */
const CLAUSE_BREAKS = new Set(Array.from(',、。;:!?⋯()[]{}【】〔〕〖〗〘〙〚〛⦅⦆', (c) => c.charCodeAt(0)));

const UNKNOWN = 255;
const HAN = /^\p{Script=Han}$/u;
const INDEXABLE = /^[\p{L}\p{N}\p{M}]$/u;
const bmp = new Uint8Array(0x10000).fill(UNKNOWN);
const astral = new Map<number, CharClass>();

function classify(cp: number): CharClass {
  if (cp >= 0x30 && cp <= 0x39) return CharClass.Digit;
  if (cp === 0x2e) return CharClass.Dot;
  if (cp === 0x25) return CharClass.Percent;
  if (cp >= 0xd800 && cp <= 0xdfff) return CharClass.Drop; // a lone surrogate (pairs are classified as code points)
  if (CLAUSE_BREAKS.has(cp)) return CharClass.Break;
  const ch = String.fromCodePoint(cp);
  if (HAN.test(ch)) return CharClass.Han;
  return INDEXABLE.test(ch) ? CharClass.Other : CharClass.Drop;
}

/** Class of the code point `cp`. */
export function classOf(cp: number): CharClass {
  if (cp < 0x10000) {
    const known = bmp[cp];
    if (known !== UNKNOWN) return known as CharClass;
    const c = classify(cp);
    bmp[cp] = c;
    return c;
  }
  let c = astral.get(cp);
  if (c === undefined) astral.set(cp, (c = classify(cp)));
  return c;
}

/**
 * One class per code unit of `text` (both units of a surrogate pair get the pair's class), with '.' and '%' already
 * resolved against their neighbours: a Dot not between two digits becomes Break (a full stop, an ellipsis), a Percent
 * not after a digit Drop.
 */
export function classifyUnits(text: string): Uint8Array {
  const n = text.length;
  const classes = new Uint8Array(n);
  let dotOrPercent = false;
  for (let i = 0; i < n; ) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff || i + 1 === n) {
      // Not the first half of a pair: the unit is its own code point (a lone low surrogate is Drop).
      const known = bmp[unit];
      const c = known !== UNKNOWN ? known : classOf(unit);
      classes[i] = c;
      if (c === CharClass.Dot || c === CharClass.Percent) dotOrPercent = true;
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const c = classOf(cp);
    classes[i] = c;
    if (cp > 0xffff) {
      classes[i + 1] = c;
      i += 2;
    } else i++;
  }
  if (!dotOrPercent) return classes;
  for (let i = 0; i < n; i++) {
    const c = classes[i];
    if (c === CharClass.Dot) {
      if (!(i > 0 && classes[i - 1] === CharClass.Digit && i + 1 < n && classes[i + 1] === CharClass.Digit)) classes[i] = CharClass.Break;
    } else if (c === CharClass.Percent) {
      if (!(i > 0 && classes[i - 1] === CharClass.Digit)) classes[i] = CharClass.Drop;
    }
  }
  return classes;
}
