// What is printed among the articles but is none: page-editor credits (本版责编：…) and bare 广告 placeholders.
import { joinPaddedNames } from './byline.js';

/** Why a printed item is not an article; the summary counts them by reason, nothing needs fixing. */
export type NotArticleReason = 'editor-credit' | 'advertisement';

/** The editors a credit names for one page: `page` is a page key (see pageKey), or null for the page it is printed on. */
export interface EditorCredit {
  page: string | null;
  editors: string[];
}

const NUMERALS = '一二三四五六七八九十';
/** `本版责编：`, `一版责编：`, `第3版编辑：`, `责任编辑：` — the label before the names of a page's editors. */
const EDITOR_LABEL = new RegExp(`(?:(本版)|第?([${NUMERALS}\\d]{1,3})版)?(?:责编|责任编辑|编辑)[ \\t\\u3000]*[:：]`, 'g');
/** A credit starts with an editor label (a bare `编辑：` is too common a word to count). */
const CREDIT_START = new RegExp(`^(?:(?:本版|第?[${NUMERALS}\\d]{1,3}版)?(?:责编|责任编辑)|(?:本版|第?[${NUMERALS}\\d]{1,3}版)编辑)[ \\t\\u3000]*[:：]`);
/** Lines printed with the editors' credit that name no editor (coordinator, layout designer, the page's mailbox). */
const CREDIT_EXTRA = /^(?:本版统筹|版式设计|美术编辑|图片编辑|制图|本版邮箱|电子信箱|电子邮箱)[ \t\u3000]*[:：]/;

/** `三` → 3, `十二` → 12, `二十` → 20, `3` → 3. */
function pageNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const [tens, ones] = text.includes('十') ? text.split('十') : ['', text];
  const digit = (c: string) => NUMERALS.indexOf(c) + 1;
  return (text.includes('十') ? (tens ? digit(tens) : 1) * 10 : 0) + (ones ? digit(ones) : 0);
}

/** Names in a credit, padded two-character names joined again: `许  诺  刘  念` → 许诺, 刘念. */
export function creditNames(text: string): string[] {
  return joinPaddedNames(text.split(/[\s\u3000\u00a0、，,;；]+/).filter(Boolean));
}

/** True when the line is an editor credit or a line printed with one (版式设计：…, 本版邮箱：…). */
export function isCreditLine(line: string): boolean {
  const t = line.trim();
  return CREDIT_START.test(t) || CREDIT_EXTRA.test(t);
}

/**
 * The editors a credit line names, page by page: `本版责编：李浩燃  邹  翔` → this page; `一版责编：许  诺  二版责编：…` →
 * pages 1 and 2. Empty for lines that name no editor (版式设计：…) and for lines that are no credit.
 */
export function readCredit(line: string): EditorCredit[] {
  const t = line.trim();
  if (!CREDIT_START.test(t)) return [];
  const labels = [...t.matchAll(EDITOR_LABEL)];
  return labels.map((label, k) => {
    const names = creditNames(t.slice(label.index + label[0].length, labels[k + 1]?.index ?? t.length));
    return { page: label[2] ? String(pageNumber(label[2])) : null, editors: names };
  });
}

/** A bare advertisement placeholder: the word 广告 where an advertisement was printed, with no text of its own. */
export function isAdPlaceholder(title: string, body: string): boolean {
  return /^[\s\u3000]*广[\s\u3000]*告[\s\u3000]*$/.test(title) && body.trim() === '';
}
