// What reading an archive gave, counted: files and articles by layout and by year, printed items that are not
// articles, undated files, and every problem by reason.
import type { Article } from '../types.js';
import type { IngestIssue, SkipReason } from './ingest-issue.js';
import type { NotArticleReason } from './not-articles.js';

/** How a file lays its articles out: a page of print-layout text, one article per file, or JSON Lines. */
export type Layout = 'page' | 'article' | 'jsonl';

/** How many undated files the summary names (all are counted). */
export const UNDATED_EXAMPLES = 3;

export interface IngestSummary {
  /** Archive files read (a file skipped as a whole, e.g. binary or empty, is not counted here but in `skipped`). */
  files: number;
  /** Articles yielded. */
  articles: number;
  /** Files read and articles yielded, by layout. */
  layouts: Partial<Record<Layout, { files: number; articles: number }>>;
  /** Articles by the year of their date; `undated` for those without one. */
  years: Record<string, number>;
  /** Printed items that are not articles (editor credits, 广告 placeholders), by reason: nothing to fix. */
  notArticles: Partial<Record<NotArticleReason, number>>;
  /** Text files whose articles got no date from front matter or path, with the first few named. */
  undated: { files: number; examples: string[] };
  /** Problems whose thing was left out, by reason (a skipped file counts once; a skipped line or article once). */
  skipped: Partial<Record<SkipReason, number>>;
  /** Problems whose article was still read with the bad field cleared (e.g. `bad-date`: kept with date null). */
  kept: Partial<Record<SkipReason, number>>;
  /** The issues in the order met; the first MAX_STORED_ISSUES only (onIssue sees every one; counts are complete). */
  issues: IngestIssue[];
}

export function emptySummary(): IngestSummary {
  return { files: 0, articles: 0, layouts: {}, years: {}, notArticles: {}, undated: { files: 0, examples: [] }, skipped: {}, kept: {}, issues: [] };
}

function layoutCounts(summary: IngestSummary, layout: Layout): { files: number; articles: number } {
  return (summary.layouts[layout] ??= { files: 0, articles: 0 });
}

export function countFile(summary: IngestSummary, layout: Layout): void {
  layoutCounts(summary, layout).files++;
}

export function countArticle(summary: IngestSummary, layout: Layout, article: Article): void {
  summary.articles++;
  layoutCounts(summary, layout).articles++;
  const year = article.date?.slice(0, 4) ?? 'undated';
  summary.years[year] = (summary.years[year] ?? 0) + 1;
}

export function countNotArticle(summary: IngestSummary, reason: NotArticleReason): void {
  summary.notArticles[reason] = (summary.notArticles[reason] ?? 0) + 1;
}

export function countUndated(summary: IngestSummary, file: string): void {
  if (summary.undated.files++ < UNDATED_EXAMPLES) summary.undated.examples.push(file);
}
