// Tells an article file from a page file by its content alone: an article file is one article as crawlers and
// newsroom exports write it (kicker, headline and subtitle lines, then indented paragraphs); anything else is page text.
import { hasHeadlineShape } from './headline-shape.js';

export type TextLayout = 'page' | 'article';

/** Paragraph indentation: a full-width space (　　), a tab, or two spaces. */
export const INDENT = /^(?:\u3000|\t| {2}|\u00a0{2})/;
/** Markdown marks that only page text uses: `## ` headlines, `**本报讯**` datelines. */
const PAGE_MARK = /^(?:#{1,6}[ \t\u3000]|\*\*)/;
/** Longest head line: a law's subtitle (its adoption and revision dates) runs to about 200 characters. */
const MAX_HEAD_LINE = 240;
/** At most one body line in five may start flush left (`编辑同志：` opening a reader's letter). */
const MAX_FLUSH_SHARE = 0.2;

/**
 * `article` when the text (after its front matter) has the article-file shape: a headline on line 2; lines 1–3
 * (kicker, headline, subtitle) neither indented nor long, the headline not ending in 。; after them nothing, or
 * paragraphs that are nearly all indented, none of the flush-left ones shaped like a headline (which would make the
 * text a page of several articles). Otherwise `page`.
 */
export function detectLayout(lines: readonly string[]): TextLayout {
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  if (end < 2 || lines[1].trim() === '' || /。\s*$/.test(lines[1])) return 'page';
  if (lines.slice(0, end).some((l) => PAGE_MARK.test(l.trimStart()))) return 'page';
  if (lines.slice(0, 3).some((l) => INDENT.test(l) || l.trim().length > MAX_HEAD_LINE)) return 'page';
  const body = lines.slice(3, end).filter((l) => l.trim() !== '');
  const flush = body.filter((l) => !INDENT.test(l));
  if (flush.length > body.length * MAX_FLUSH_SHARE) return 'page';
  return flush.some((l) => hasHeadlineShape(l.trim())) ? 'page' : 'article';
}
