// CorpusReader: files and folders → Articles, in a deterministic order, with every problem reported and counted.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Article } from '../types.js';
import { qualifiedId } from './article-id.js';
import { decodeText } from './decode-text.js';
import { type IngestIssue, type SkipReason, MAX_STORED_ISSUES, makeIssue } from './ingest-issue.js';
import { type IngestSummary, countArticle, countFile, countNotArticle, countUndated, emptySummary } from './ingest-summary.js';
import { articleFromRecord } from './jsonl-record.js';
import { readLines } from './jsonl-lines.js';
import { folderCredits } from './folder-credits.js';
import { PageEditors } from './page-editors.js';
import { type TextFileResult, parseTextFile } from './text-file.js';
import { listCorpusFiles } from './walk-corpus.js';

export interface CorpusReaderOptions {
  /** Called once per problem, as it is met (the CLI prints them; a build can log them). */
  onIssue?: (issue: IngestIssue) => void;
  /** Called after each listed file, with how many are done out of how many (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

function quote(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/**
 * Reads files and folders (recursively, in a deterministic sorted order), yielding articles in a deterministic order,
 * one file at a time (text files: one day of one folder at a time, so that editor credits reach their pages' articles;
 * a text file given by name also takes the credits of its folder's other files).
 * Never throws for bad content: each problem is reported via onIssue and counted in summary. Throws only when a
 * given path does not exist at all (BaosouError BAOSOU_INGEST_PATH_MISSING, before anything is read).
 */
export class CorpusReader {
  private current: IngestSummary = emptySummary();
  /** id → where it was first seen, to name both places when an id comes again. */
  private seen = new Map<string, string>();

  constructor(
    private readonly paths: string[],
    private readonly options: CorpusReaderOptions = {},
  ) {}

  /** Complete after articles() finishes; reset when articles() starts again. */
  get summary(): IngestSummary {
    return this.current;
  }

  async *articles(): AsyncGenerator<Article> {
    this.current = emptySummary();
    this.seen = new Map();
    const entries = await listCorpusFiles(this.paths);
    const editors = new PageEditors();
    const given = new Set(this.paths.map((p) => resolve(p)));
    const read = new Set(entries.map((e) => resolve(e.file)));
    // The groups that took their folder's credits already.
    const credited = new Set<string>();
    for (const [k, entry] of entries.entries()) {
      if (entry.format === null) this.report(entry.reason, entry.file, undefined, `${entry.reason === 'unreadable-file' ? 'not read' : 'skipped'}: ${entry.detail}.`);
      else if (entry.format === 'text') {
        const text = await this.readText(entry.file, entry.inArchive);
        if (!text) continue;
        const group = `${resolve(dirname(entry.file))}\n${text.place.date}`;
        yield* editors.add(group, text.place.page, text.articles, text.credits);
        // A text file given by name takes the credits printed in the other files of its folder, as when the folder is
        // read whole (folder-credits.ts): one corrected article file added must not lose its page's editors.
        if (given.has(resolve(entry.file)) && !credited.has(group)) {
          credited.add(group);
          // Credits of the same day only: another day's would close this one's group.
          for (const other of await folderCredits(entry.file, read)) {
            if (other.date === text.place.date) yield* editors.add(group, other.page, [], other.credits);
          }
        }
      } else {
        yield* editors.flush();
        const filesBefore = this.current.files;
        yield* this.readJsonl(entry.file);
        if (this.current.files > filesBefore) countFile(this.current, 'jsonl');
      }
      this.options.onProgress?.(k + 1, entries.length);
    }
    yield* editors.flush();
  }

  private report(reason: SkipReason, file: string, line: number | undefined, text: string): void {
    const issue = makeIssue(reason, file, line, text);
    const counts = issue.outcome === 'skipped' ? this.current.skipped : this.current.kept;
    counts[reason] = (counts[reason] ?? 0) + 1;
    if (this.current.issues.length < MAX_STORED_ISSUES) this.current.issues.push(issue);
    this.options.onIssue?.(issue);
  }

  /** Where the id was first given (undefined when it is new, and then it is taken for this place). */
  private firstSeen(id: string, file: string, line: number | undefined): string | undefined {
    const first = this.seen.get(id);
    if (first === undefined) this.seen.set(id, line === undefined ? file : `${file}:${line}`);
    return first;
  }

  /** True when the JSON line's own id is new; otherwise reports the duplicate (naming the first place) and returns false. */
  private claimOwnId(id: string, file: string, line: number): boolean {
    const first = this.firstSeen(id, file, line);
    if (first === undefined) return true;
    this.report('duplicate-id', file, line, `the id "${id}" was already given to the article at ${first}; this one is skipped. Ids must be unique across the whole corpus: give this article its own id.`);
    return false;
  }

  /** Gives a text file's article its derived id, or, when another file took it, the id qualified by this file's path. */
  private claimDerivedId(article: Article, file: string, line: number, inArchive: string): void {
    const first = this.firstSeen(article.id, file, line);
    if (first === undefined) return;
    const id = qualifiedId(article.id, inArchive, (candidate) => this.seen.has(candidate));
    this.firstSeen(id, file, line);
    this.report('id-collision', file, line, `the id "${article.id}" (date, page and place on the page) was already given to the article at ${first}; this one is kept as "${id}". Two files name the same place in the paper: check their names and folders, or give each its own \`date:\`, \`page:\` and \`position:\` in YAML front matter.`);
    article.id = id;
  }

  /** One .txt/.md file: its articles (ids claimed, counted) and credits, or null when the file is skipped as a whole. */
  private async readText(file: string, inArchive: string): Promise<TextFileResult | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      this.report('unreadable-file', file, undefined, `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check its permissions.`);
      return null;
    }
    if (bytes.length === 0) {
      this.report('empty-file', file, undefined, 'the file is empty (0 bytes); skipped.');
      return null;
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      if (decoded.problem === 'binary') this.report('binary-file', file, undefined, `this is not a text file: ${decoded.detail}; skipped. Newspaper text must be plain text (.txt/.md).`);
      else this.report('bad-encoding', file, undefined, `the file cannot be decoded: ${decoded.detail}; skipped. Save it as UTF-8.`);
      return null;
    }
    if (!/\S/.test(decoded.text)) {
      this.report('empty-file', file, undefined, 'the file holds only whitespace; skipped.');
      return null;
    }
    this.current.files++;
    if (decoded.damaged > 0) {
      this.report('damaged-text', file, undefined, `${decoded.damaged} undecodable byte sequence(s) in this ${decoded.encoding} file were replaced by U+FFFD (�); its articles are kept. Re-save the file as UTF-8 from the original.`);
    }
    const parsed = parseTextFile(decoded.text, { file });
    countFile(this.current, parsed.layout);
    for (const issue of parsed.issues) this.report(issue.reason, file, issue.line, issue.text);
    for (const item of parsed.notArticles) countNotArticle(this.current, item.reason);
    if (parsed.articles.length === 0 && parsed.issues.length === 0 && parsed.notArticles.length === 0) {
      this.report('empty-file', file, undefined, 'the file has front matter but no text; skipped.');
    }
    if (parsed.articles.length > 0 && parsed.place.date === null) countUndated(this.current, file);
    parsed.articles.forEach((article, k) => {
      this.claimDerivedId(article, file, parsed.lines[k], inArchive);
      countArticle(this.current, parsed.layout, article);
    });
    return parsed;
  }

  private async *readJsonl(file: string): AsyncGenerator<Article> {
    let lines = 0;
    let nonBlank = 0;
    let opened = false;
    try {
      for await (const event of readLines(file)) {
        if (!opened) {
          opened = true;
          if (event.kind !== 'binary') this.current.files++;
        }
        if (event.kind === 'binary') {
          this.report('binary-file', file, undefined, `this is not a JSON Lines file: ${event.detail}; skipped.`);
          return;
        }
        if (event.kind === 'damaged') {
          if (event.linesRead === 0) this.current.files--;
          const what = event.gzip ? 'the gzip stream is damaged or cut short' : 'reading failed';
          this.report('corrupt-file', file, event.linesRead + 1, `${what} after line ${event.linesRead}: ${event.detail}. ${event.linesRead > 0 ? `Lines 1–${event.linesRead} were read (each checked on its own)` : 'No line could be read'}, the rest of the file was not. Copy the file again from its source (\`gzip -t\` checks a .gz file).`);
          return;
        }
        lines = event.line;
        if (event.text === null) {
          nonBlank++;
          this.report('bad-encoding', file, event.line, 'the line is neither UTF-8 nor GB18030; skipped. Save the file as UTF-8.');
          continue;
        }
        const text = event.text.trim();
        if (text === '') continue; // blank lines separate nothing in JSON Lines, but are harmless
        nonBlank++;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          this.report('bad-json', file, event.line, `the line is not valid JSON (${(error as Error).message}): ${quote(text)}; skipped. Each line must be one complete JSON object.`);
          continue;
        }
        const result = articleFromRecord(value, file);
        for (const problem of result.problems) this.report(problem.reason, file, event.line, problem.text);
        if (!result.article) continue;
        if (!this.claimOwnId(result.article.id, file, event.line)) continue;
        countArticle(this.current, 'jsonl', result.article);
        yield result.article;
      }
    } catch (error) {
      this.report('unreadable-file', file, lines || undefined, `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check its permissions.`);
      return;
    }
    if (nonBlank === 0) {
      if (opened) this.current.files--;
      this.report('empty-file', file, undefined, 'the file has no lines; skipped.');
    }
  }
}

/** Reads a whole corpus into memory (fine for tests and for archives of a few hundred thousand articles). */
export async function readCorpus(paths: string[], options: CorpusReaderOptions = {}): Promise<{ articles: Article[]; summary: IngestSummary }> {
  const reader = new CorpusReader(paths, options);
  const articles: Article[] = [];
  for await (const article of reader.articles()) articles.push(article);
  return { articles, summary: reader.summary };
}
