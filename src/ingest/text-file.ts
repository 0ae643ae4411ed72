// The text of a .txt/.md file → its articles, read as a page file or an article file (told apart by content), and
// what it holds that is not an article (editor credits, 广告 placeholders).
import type { Article } from '../types.js';
import { parseArticleLines } from './article-file.js';
import type { TextFileResult } from './text-file-result.js';
import { parsePageLines } from './page-text.js';
import { type TextLayout, detectLayout } from './text-layout.js';
import { type PageMeta, readHeader } from './text-meta.js';

export type { TextFileResult };

/**
 * Parses one text file: front matter wins over `meta`, which wins over the path (see readHeader); the layout is the
 * one given, else told from the content (see detectLayout). Pure: no I/O, same input → same output.
 */
export function parseTextFile(input: string, meta: PageMeta, layout?: TextLayout): TextFileResult {
  const header = readHeader(input, meta);
  const parse = (layout ?? detectLayout(header.body.split('\n'))) === 'article' ? parseArticleLines : parsePageLines;
  const result = parse(header.body, header.offset, header.place, meta.file);
  result.issues.unshift(...header.issues);
  return result;
}

/** Parses one page (or issue) of newspaper text into its articles, in page order, whatever its shape. */
export function parsePage(input: string, meta: PageMeta): TextFileResult {
  return parseTextFile(input, meta, 'page');
}

/** The articles of one page of newspaper text (see parsePage); for tests and tools that need no issue list. */
export function parsePageText(text: string, meta: PageMeta): Article[] {
  return parsePage(text, meta).articles;
}
