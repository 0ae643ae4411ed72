// One article per file, as newsroom exports and crawlers write it: line 1 kicker (引题, often empty), line 2 headline
// (主题), line 3 subtitle (副题, often empty or opening with ——), then paragraphs indented with full-width spaces.
import { extractAuthors, isBylineParen, isPersonName, readDateline } from './byline.js';
import { isAdPlaceholder, isCreditLine, readCredit } from './not-articles.js';
import type { TextFileResult } from './text-file-result.js';
import { type Place, articleAt } from './text-meta.js';

/** Whitespace runs (full-width and no-break spaces too) as one space, ends trimmed. */
function clean(line: string | undefined): string {
  return (line ?? '').replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}

/**
 * The byline of an article file: the group after the lead's dateline (`本报北京9月3日电  （记者张烁）`) and a closing
 * group (`（本报记者胡健、贺林平）`) when it holds nothing but names. The body keeps both as printed.
 */
function readByline(paragraphs: readonly string[]): { byline: string | null; authors: string[] } {
  const printed: string[] = [];
  const authors: string[] = [];
  const lead = paragraphs.length > 0 ? readDateline(paragraphs[0]) : null;
  if (lead?.byline) printed.push(lead.byline);
  if (lead?.authorsFrom) authors.push(...extractAuthors(lead.authorsFrom));
  const last = paragraphs.at(-1);
  if (paragraphs.length > 1 && last !== undefined && isBylineParen(last)) {
    // `（本报记者  何  聪整理）`, `（作者为…，本报记者叶传增采访整理）`: not names alone, so not taken apart.
    const names = extractAuthors(last);
    if (names.length > 0 && names.every(isPersonName)) {
      printed.push(last);
      authors.push(...names);
    }
  }
  return { byline: printed.join(' ') || null, authors: [...new Set(authors)] };
}

/**
 * The article of an article file's text (after front matter, which took `offset` lines), or what the file is instead:
 * an editor credit (`本版责编：…`, maybe with `版式设计：…`) or a bare `广告` placeholder. The body is the paragraphs as
 * printed, one per line; a file with a headline and nothing under it is a headline-only item, kept.
 */
export function parseArticleLines(body: string, offset: number, place: Place, file: string): TextFileResult {
  const result: TextFileResult = { layout: 'article', place, articles: [], lines: [], issues: [], credits: [], notArticles: [] };
  const lines = body.split('\n');
  const [kicker, title, subtitle] = [clean(lines[0]), clean(lines[1]), clean(lines[2])];
  const paragraphs = lines.slice(3).map(clean).filter((p) => p !== '');
  const line = offset + 2;
  if (isCreditLine(title) && paragraphs.every(isCreditLine)) {
    result.notArticles.push({ reason: 'editor-credit', line });
    for (const credit of [title, ...paragraphs]) result.credits.push(...readCredit(credit));
  } else if (!kicker && !subtitle && isAdPlaceholder(title, paragraphs.join(''))) {
    result.notArticles.push({ reason: 'advertisement', line });
  } else {
    const { byline, authors } = readByline(paragraphs);
    result.articles.push(articleAt(place, file, place.position, { kicker: kicker || null, title, subtitle: subtitle || null, authors, byline, body: paragraphs.join('\n') }));
    result.lines.push(line);
  }
  return result;
}
