// `baosou ingest <paths...>`: archive files in → the parser's articles as JSON Lines; the summary (a progress bar on a
// terminal) on stderr, or only the summary with `--summary`.
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import { BaosouError } from '../errors.js';
import { CorpusReader, type IngestIssue, type IngestSummary, type Layout } from '../ingest/index.js';
import type { Article } from '../types.js';

/** Where the command writes; a test passes its own streams, the CLI the process's. */
export interface IngestIo {
  stdout: Writable;
  stderr: Writable;
  /** Which streams are terminals: a progress bar is drawn on a terminal stderr, unless the articles go to the terminal too. */
  terminal: { stdout: boolean; stderr: boolean };
  /** Receives the exit status (the CLI sets process.exitCode). */
  setExitCode: (code: number) => void;
}

const processIo: IngestIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  terminal: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** The keys of an output line, in order: the old ones as before, each new one beside its kin. */
export const ARTICLE_KEYS = ['id', 'kicker', 'title', 'subtitle', 'date', 'authors', 'byline', 'editors', 'body', 'source', 'page', 'pageOrder', 'position', 'section', 'edition', 'file'] as const satisfies readonly (keyof Article)[];

/** One output line, keys in the documented order whatever order the source had. */
export function articleLine(a: Article): string {
  return JSON.stringify(Object.fromEntries(ARTICLE_KEYS.map((key) => [key, a[key]])));
}

function counts(record: Record<string, number | undefined>): string {
  return Object.entries(record)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, n]) => `${reason} ${(n ?? 0).toLocaleString('en')}`)
    .join(', ');
}

const LAYOUT_NAMES: Record<Layout, string> = { article: 'article file', page: 'page file', jsonl: 'JSON Lines file' };

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

/** `180 article files (159 articles), 1 page file (5 articles)`, or without the articles. */
function layoutCounts(summary: IngestSummary, withArticles: boolean): string {
  return (Object.keys(LAYOUT_NAMES) as Layout[])
    .filter((layout) => summary.layouts[layout])
    .map((layout) => {
      const { files, articles } = summary.layouts[layout]!;
      return plural(files, LAYOUT_NAMES[layout]) + (withArticles ? ` (${plural(articles, 'article')})` : '');
    })
    .join(', ');
}

/** The line that names the files no date was found for, and how to date them; null when every file was dated. */
export function undatedLine(summary: IngestSummary): string | null {
  const { files, examples } = summary.undated;
  if (files === 0) return null;
  const named = examples.join(', ') + (files > examples.length ? ', …' : '');
  return `undated: ${plural(files, 'file')} gave no date (${named}); their articles have date null. Name the files like 2024-12-30-01.txt, 20241230_A03.txt or 20241230/20241230-01-02.txt, put them in 2024/12/30/ folders, or give each \`date: 2024-12-30\` in YAML front matter.`;
}

/** The one-line summary printed after the articles: totals, what was not an article, skipped and kept by reason. */
export function summaryLine(summary: IngestSummary, seconds: number): string {
  const layouts = summary.files > 0 ? ` (${layoutCounts(summary, false)})` : '';
  const parts = [`ingest: ${plural(summary.files, 'file')} read${layouts}, ${plural(summary.articles, 'article')} in ${seconds.toFixed(2)} s`];
  const notArticles = counts(summary.notArticles);
  if (notArticles) parts.push(`not articles: ${notArticles}`);
  parts.push(`skipped: ${counts(summary.skipped) || 'nothing'}`);
  const kept = counts(summary.kept);
  if (kept) parts.push(`kept with a problem: ${kept}`);
  return parts.join('; ');
}

/** The summary line and, when some files had no date, the undated line: what `build` and `start` print too. */
export function ingestReport(summary: IngestSummary, seconds: number): string {
  const undated = undatedLine(summary);
  return summaryLine(summary, seconds) + '\n' + (undated ? undated + '\n' : '');
}

/** What `--summary` prints: counts by layout, by year, what is not an article, skips and problems by reason. */
export function formatFullSummary(summary: IngestSummary, seconds: number): string {
  const lines = [
    `ingest: ${plural(summary.files, 'file')} read, ${plural(summary.articles, 'article')} in ${seconds.toFixed(2)} s`,
    `by layout: ${layoutCounts(summary, true) || 'nothing read'}`,
    `by year: ${counts(summary.years) || 'no article'}`,
    `not articles: ${counts(summary.notArticles) || 'none'}`,
    `skipped: ${counts(summary.skipped) || 'nothing'}`,
    `kept with a problem: ${counts(summary.kept) || 'nothing'}`,
  ];
  const undated = undatedLine(summary);
  if (undated) lines.push(undated);
  return lines.join('\n') + '\n';
}

/** The stderr summary after the articles: the summary line, the undated files, then the first issues with file:line. */
export function formatSummary(summary: IngestSummary, shownIssues: IngestIssue[], totalIssues: number, seconds: number): string {
  const lines = [ingestReport(summary, seconds).trimEnd()];
  if (shownIssues.length > 0) {
    lines.push(`issues (${totalIssues}${totalIssues > shownIssues.length ? `, first ${shownIssues.length} shown; --max-issues changes that` : ''}):`);
    for (const issue of shownIssues) lines.push(`  ${issue.message}`);
  }
  return lines.join('\n') + '\n';
}

/** Writes, waiting when the pipe is full so that memory stays flat for any corpus size. Resolves false once the reader has gone. */
function write(stream: Writable, text: string, isClosed: () => boolean): Promise<boolean> {
  if (isClosed()) return Promise.resolve(false);
  if (stream.write(text)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve(!isClosed());
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

export interface IngestCommandOptions {
  maxIssues: number;
  /** Print only the summary (on stdout), no articles. */
  summary?: boolean;
}

/** A bar of files read on stderr, or null where none is wanted. */
function progressBar(io: IngestIo, options: IngestCommandOptions): cliProgress.SingleBar | null {
  if (!io.terminal.stderr || (io.terminal.stdout && !options.summary)) return null;
  return new cliProgress.SingleBar(
    { format: 'reading {bar} {value}/{total} files | {articles} articles | {eta_formatted} left', stream: io.stderr as NodeJS.WriteStream, hideCursor: true, etaBuffer: 200 },
    cliProgress.Presets.shades_classic,
  );
}

/** Runs the command; returns the exit status it also reports through io.setExitCode. */
export async function runIngest(paths: string[], options: IngestCommandOptions, io: IngestIo = processIo): Promise<number> {
  const started = performance.now();
  let closed = false;
  // `baosou ingest … | head` closes the pipe early: stop reading and leave quietly, that is not an error.
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') closed = true;
    else throw error;
  };
  io.stdout.on('error', onError);
  const shown: IngestIssue[] = [];
  let issueCount = 0;
  const bar = progressBar(io, options);
  const reader = new CorpusReader(paths, {
    onIssue: (issue) => {
      issueCount++;
      if (shown.length < options.maxIssues) shown.push(issue);
    },
    onProgress: (done, total) => {
      if (done === 1) bar?.start(total, 0, { articles: 0 });
      bar?.update(done, { articles: reader.summary.articles.toLocaleString('en') });
    },
  });
  try {
    let batch: string[] = [];
    for await (const article of reader.articles()) {
      if (options.summary) continue;
      batch.push(articleLine(article));
      // One write per batch of lines, not per article: on a pipe that is far faster (docs/BENCHMARKS.md).
      if (batch.length >= 256) {
        if (!(await write(io.stdout, batch.join('\n') + '\n', () => closed))) break;
        batch = [];
      }
      if (closed) break;
    }
    if (!closed && batch.length > 0) await write(io.stdout, batch.join('\n') + '\n', () => closed);
  } catch (error) {
    bar?.stop();
    io.stdout.off('error', onError);
    if (error instanceof BaosouError) io.stderr.write(`baosou: ${error.message}\n`);
    else io.stderr.write(`baosou: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    io.setExitCode(1);
    return 1;
  }
  bar?.stop();
  if (closed) {
    io.setExitCode(0);
    return 0;
  }
  const summary = reader.summary;
  const seconds = (performance.now() - started) / 1000;
  if (options.summary) io.stdout.write(formatFullSummary(summary, seconds));
  else io.stderr.write(formatSummary(summary, shown, issueCount, seconds));
  const code = summary.files > 0 ? 0 : 1;
  if (code !== 0) io.stderr.write('baosou: no file could be read (see why above); nothing was printed.\n');
  io.setExitCode(code);
  return code;
}

// Kept out of .description(): commander re-wraps descriptions to the terminal width, which breaks the columns.
const HELP_DETAILS = `
Input (any mix; folders are read recursively):
  .txt/.md     newspaper text, told apart by its content:
               - a page file: a page or issue of print-layout text with "## " headlines,
                 **本报讯**(记者 …) datelines and bylines; paragraphs broken by the layout are
                 joined again.
               - an article file: line 1 kicker (引题, may be empty), line 2 headline, line 3
                 subtitle (副题, may be empty), then paragraphs indented with full-width spaces.
               Date and page come from YAML front matter (date, paper, page, position, section,
               edition), else from the path: 2024/12/30/01.txt, 2024-12/30/01.txt,
               20241230/01.txt, 2024-12-30-01.txt, 20241230_01.txt, 20241230-A03.txt,
               …第3版…, 20241230/20241230-01-02.txt (page 01, place 02). UTF-8 (with or without
               BOM) or GB18030/GBK, LF or CRLF. Editor credits (本版责编：…) and bare 广告
               placeholders are not articles: the credits' names become the page's editors.
  .jsonl[.gz]  one article per line: {id, title, date, body?, kicker?, subtitle?, author?,
               authors?, editors?, source?, page?, position?, section?, edition?}; a record
               without body is a headline-only item.
  Inside folders, names starting with "." are ignored; README/SOURCE/LICENSE… files are skipped
  and reported.

Output:
  stdout  JSON Lines, one article per line, keys in this order: id, kicker, title, subtitle,
          date (YYYY-MM-DD or null), authors (names), byline (as printed, or null), editors,
          body (paragraphs separated by "\\n"; empty for a headline-only item), source, page
          (label as printed), pageOrder (A03 → 1003), position, section, edition, file.
          Nothing else is written to stdout.
  stderr  a progress bar on a terminal; then one summary line (files and articles by layout,
          what was not an article, what was skipped and kept by reason), the undated files
          and how to date them, and the first issues as CODE: file:line: message.
  --summary  only the summary, on stdout: by layout, by year, not articles, skipped and kept
          by reason, undated files.

Exit status: 0 when at least one file was read; 1 when a path does not exist or no file could
be read.

Examples:
  npx baosou ingest corpus
  npx baosou ingest --summary ../shared/samples/archive-rmrb
  npx baosou ingest ../shared/corpus/cctv-xwlb | head -3
  npx baosou ingest corpus 2>/dev/null | jq -r .title
`;

export function registerIngestCommand(program: Command, io: IngestIo = processIo): void {
  program
    .command('ingest')
    .summary('print the articles read from corpus files, as JSON Lines (to check the parser)')
    .argument('<paths...>', 'corpus files or folders (folders are read recursively, in sorted order)')
    .description('Read archive files and print the articles exactly as the index would hold them, to see what the parser made of them.')
    .option('--summary', 'print only the summary (by layout, by year, skips by reason), no articles')
    .option('--max-issues <n>', 'how many issues to list on stderr (all are counted)', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`--max-issues must be a whole number of 0 or more, got "${v}".`);
      return n;
    }, 20)
    .addHelpText('after', HELP_DETAILS)
    .action(async (paths: string[], options: IngestCommandOptions) => {
      await runIngest(paths, options, io);
    });
}
