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

/** Datelines that open an article: **本报讯**, **新华社北京12月28日电**, 【本报讯】, or plain 本报讯 / 新华社…电. */
const DATELINES = [
  /^\*\*\s*([^*\n]{1,30}?[讯电])\s*\*\*/,
  /^【([^】\n]{1,30}?[讯电])】/,
  /^((?:本报|新华社|中新社|中新网|人民网|央视网)[\u4e00-\u9fff0-9]{0,16}?[讯电])(?=[\s(（:：]|$)/,
];
/** The paper's own dateline (本报讯, 本报杭州讯) says nothing the byline does not; others (新华社北京…电) are kept in it. */
const OWN_DATELINE = /^本报[\u4e00-\u9fff]{0,6}讯$/;

/**
 * A paragraph opening with a dateline (**本报讯**(记者 王珊婷)…, 本报北京9月3日电  （记者张烁）…): the byline it gives
 * (the group right after the dateline; another paper's or agency's dateline is kept in front of it), the group the
 * names come from, and the text after. Null when the paragraph opens with no dateline.
 */
export function readDateline(paragraph: string): { byline: string | null; authorsFrom: string | null; rest: string } | null {
  for (const form of DATELINES) {
    const m = form.exec(paragraph);
    if (!m) continue;
    const marker = m[1].trim();
    const rest = paragraph.slice(m[0].length).replace(/^[\s\u3000:：]+/, '');
    const parenLength = leadingParenLength(rest);
    const paren = parenLength ? rest.slice(0, parenLength) : null;
    return { byline: OWN_DATELINE.test(marker) ? paren : marker + (paren ?? ''), authorsFrom: paren, rest: rest.slice(parenLength) };
  }
  return null;
}

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

/** Papers pad a two-character name to the width of three (`邹  翔` beside `李浩燃`): two lone characters in a row are one name. */
export function joinPaddedNames(tokens: readonly string[]): string[] {
  const lone = (t: string | undefined) => t !== undefined && /^\p{Script=Han}$/u.test(t);
  const names: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (lone(tokens[i]) && lone(tokens[i + 1])) names.push(tokens[i] + tokens[++i]);
    else names.push(tokens[i]);
  }
  return names;
}

/** A whole person's name: two to four Chinese characters, or Latin words. */
export function isPersonName(name: string): boolean {
  return /^\p{Script=Han}{2,4}$/u.test(name) || /^[A-Za-z][A-Za-z.' -]*$/.test(name);
}

/**
 * Person names in a byline, in order, without repeats. Role words (记者, 通讯员, 浙江日报记者…) and credits (/文, /摄)
 * are dropped; names may be glued to their role (`记者王珊婷`). Consecutive Latin words stay one name (`John Smith`),
 * and so do padded two-character names (`韩  鑫`).
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
  return [...new Set(joinPaddedNames(names))];
}
