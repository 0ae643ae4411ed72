// readSortedCorpus: corpus files and folders in → their articles in (date, id) order, cleaned, and the ingest summary.
import { readCorpus, type IngestIssue, type IngestSummary } from '../ingest/index.js';
import type { Article } from '../types.js';

/** Documents are numbered in (date, id) order: a date range is then a doc-id range, and date order is doc order. */
export function compareArticles(a: Article, b: Article): number {
  const da = a.date ?? '';
  const db = b.date ?? '';
  if (da !== db) return da < db ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A NUL would end a string early in some consumers; nothing printable is lost by replacing it. */
export function cleanArticle(article: Article): Article {
  article.body = article.body.replace(/\u0000/g, '\uFFFD');
  article.title = article.title.replace(/\u0000/g, '\uFFFD');
  article.kicker &&= article.kicker.replace(/\u0000/g, '\uFFFD');
  article.subtitle &&= article.subtitle.replace(/\u0000/g, '\uFFFD');
  return article;
}

/** Every article of `paths`, cleaned and sorted by compareArticles. */
export async function readSortedCorpus(paths: string[], onIssue?: (issue: IngestIssue) => void): Promise<{ articles: Article[]; summary: IngestSummary }> {
  const { articles, summary } = await readCorpus(paths, { onIssue });
  articles.forEach(cleanArticle);
  articles.sort(compareArticles);
  return { articles, summary };
}
