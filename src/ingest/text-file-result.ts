// What parsing one text file gives: its layout, place in the paper, articles, issues, editor credits and non-articles.
import type { Article } from '../types.js';
import type { EditorCredit, NotArticleReason } from './not-articles.js';
import type { TextLayout } from './text-layout.js';
import type { PageIssue, Place } from './text-meta.js';

export interface TextFileResult {
  layout: TextLayout;
  /** Where the file sits in the paper (date, page…). */
  place: Place;
  /** In the order printed. */
  articles: Article[];
  /** The line each article starts on. */
  lines: number[];
  issues: PageIssue[];
  /** The page editors the file credits (for its own page, or for pages it names). */
  credits: EditorCredit[];
  /** Printed items that are not articles, with their lines. */
  notArticles: { reason: NotArticleReason; line: number }[];
}
