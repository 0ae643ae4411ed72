// Bylines: `(浙江日报记者 余勤 陆乐 记者 金黄路敏)`, `(记者 孙梦佳 通讯员 陈炫岚/文 记者 单佳铭/摄)` → person names.

// Role words, longest first so that 摄影记者 is not read as 摄影 + a name 记者.
const ROLE = '见习记者|实习记者|特约记者|摄影记者|首席记者|本报记者|记者|特约通讯员|通讯员|实习生|摄影|摄像|编辑|责编|撰稿|供图';
/** `…记者` / `通讯员…` as a whole token, possibly with the name glued on: `浙江日报记者余勤`. */
const ROLE_IN_TOKEN = new RegExp(`^(.*?)(?:${ROLE})(.*)$`);
/** What a credit ends with: `陈炫岚/文`, `单佳铭/摄`, `王五／图`. */
const CREDIT_SUFFIX = /[/／](?:文|摄|图|摄影|供图|视频)$/;
/** Tokens that are only a credit, when written apart: `陈炫岚 文`. */
const CREDIT_ALONE = /^(?:文|摄|图|报道|报导|摄影|供图|视频|等)$/;
/** Enough to tell a byline from other text in parentheses such as `(上接第1版)` or `(市、区)`. */
const BYLINE_HINT = new RegExp(`(?:${ROLE})|[/／](?:文|摄|图)`);

const OPEN = '(（';
const CLOSE = ')）';

/** True when the text is a parenthesised byline as a whole, e.g. `(记者 方鹏)` or `（通讯员 陈彬/文）`. */
export function isBylineParen(text: string): boolean {
  const t = text.trim();
  if (t.length < 4 || t.length > 120 || !OPEN.includes(t[0]) || !CLOSE.includes(t[t.length - 1])) return false;
  const inner = t.slice(1, -1);
  if (/[()（）。！？]/.test(inner)) return false;
  return BYLINE_HINT.test(inner);
}

/**
 * Length of a parenthesised group at the start of `text` (`(记者 王珊婷)昨日…` → 8), or 0 when the text does not
 * start with one. Used right after a dateline such as **本报讯**, where any group is the byline.
 */
export function leadingParenLength(text: string): number {
  if (!OPEN.includes(text[0] ?? '')) return 0;
  for (let i = 1; i < text.length && i <= 120; i++) {
    if (OPEN.includes(text[i])) return 0;
    if (CLOSE.includes(text[i])) return i + 1;
  }
  return 0;
}

/**
 * Person names in a byline, in order, without repeats. Role words (记者, 通讯员, 浙江日报记者…) and credits (/文, /摄)
 * are dropped; names may be glued to their role (`记者王珊婷`). Consecutive Latin words stay one name (`John Smith`).
 */
export function extractAuthors(byline: string): string[] {
  let t = byline.trim();
  if (OPEN.includes(t[0] ?? '') && CLOSE.includes(t[t.length - 1] ?? '')) t = t.slice(1, -1);
  const names: string[] = [];
  let latin: string[] = [];
  const flushLatin = () => {
    if (latin.length) names.push(latin.join(' '));
    latin = [];
  };
  for (const raw of t.split(/[\s\u3000、，,;；|]+/)) {
    // `Reporter:` / `记者：` written apart from the name is a label, like a role word.
    let token = /[:：]$/.test(raw) ? '' : raw.replace(CREDIT_SUFFIX, '').trim();
    const role = ROLE_IN_TOKEN.exec(token);
    if (role) token = role[2].replace(/^[:：]/, '');
    if (!token || CREDIT_ALONE.test(token)) {
      flushLatin();
      continue;
    }
    if (/^[A-Za-z][A-Za-z.'-]*$/.test(token)) {
      latin.push(token);
      continue;
    }
    flushLatin();
    names.push(token);
  }
  flushLatin();
  return [...new Set(names)];
}
