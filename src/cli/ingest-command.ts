// `baosou ingest <paths...>`: archive files in → the parser's articles as JSON Lines, its problems on stderr.
import type { Writable } from 'node:stream';
import { type Command, InvalidArgumentError } from 'commander';
import { BaosouError } from '../errors.js';
import { CorpusReader, type IngestIssue, type IngestSummary } from '../ingest/index.js';
import type { Article } from '../types.js';

/** Where the command writes; a test passes its own streams, the CLI the process's. */
export interface IngestIo {
  stdout: Writable;
  stderr: Writable;
  /** Receives the exit status (the CLI sets process.exitCode). */
  setExitCode: (code: number) => void;
}

const processIo: IngestIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** One output line, keys in the documented order whatever order the source had. */
export function articleLine(a: Article): string {
  return JSON.stringify({ id: a.id, title: a.title, date: a.date, authors: a.authors, byline: a.byline, body: a.body, source: a.source, page: a.page, file: a.file });
}

function counts(record: IngestSummary['skipped']): string {
  return Object.entries(record)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
}

/** The stderr summary: totals, skips and kept-with-a-problem by reason, then the first issues with file:line. */
export function formatSummary(summary: IngestSummary, shownIssues: IngestIssue[], totalIssues: number, seconds: number): string {
  const lines = [`ingest: ${summary.files} file${summary.files === 1 ? '' : 's'} read, ${summary.articles} article${summary.articles === 1 ? '' : 's'} in ${seconds.toFixed(2)} s`];
  const skipped = counts(summary.skipped);
  const kept = counts(summary.kept);
  lines.push(`skipped: ${skipped || 'nothing'}`);
  if (kept) lines.push(`kept with a problem: ${kept}`);
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
  const reader = new CorpusReader(paths, {
    onIssue: (issue) => {
      issueCount++;
      if (shown.length < options.maxIssues) shown.push(issue);
    },
  });
  try {
    let batch: string[] = [];
    for await (const article of reader.articles()) {
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
    io.stdout.off('error', onError);
    if (error instanceof BaosouError) io.stderr.write(`baosou: ${error.message}\n`);
    else io.stderr.write(`baosou: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    io.setExitCode(1);
    return 1;
  }
  if (closed) {
    io.setExitCode(0);
    return 0;
  }
  const summary = reader.summary;
  io.stderr.write(formatSummary(summary, shown, issueCount, (performance.now() - started) / 1000));
  const code = summary.files > 0 ? 0 : 1;
  if (code !== 0) io.stderr.write('baosou: no file could be read (see the reasons above); nothing was printed.\n');
  io.setExitCode(code);
  return code;
}

// Kept out of .description(): commander re-wraps descriptions to the terminal width, which breaks the columns.
const HELP_DETAILS = `
Input:
  .txt/.md     newspaper page or issue text: "## " headlines, **本报讯**(记者 …) datelines and
               bylines; paragraphs broken by the print layout are joined again. Date, paper and
               page come from YAML front matter (date, paper, page) or from a file name starting
               2024-12-30… or 20241230…. UTF-8 (with or without BOM) or GB18030/GBK, LF or CRLF.
  .jsonl[.gz]  one article per line: {id, title, date, body, author?, authors?, source?, page?}.
  Inside folders, names starting with "." are ignored; README/SOURCE/LICENSE… files are skipped
  and reported.

Output:
  stdout  JSON Lines, one article per line, keys in this order: id, title, date (YYYY-MM-DD or
          null), authors (names), byline (as printed, or null), body (paragraphs separated by
          "\\n"), source, page, file. Nothing else is written to stdout.
  stderr  a summary: files read, articles, what was skipped and why (by reason), what was kept
          despite a problem (e.g. bad-date: kept with date null), and the first issues as
          CODE: file:line: message.

Exit status: 0 when at least one file was read; 1 when a path does not exist or no file could
be read.

Examples:
  npx baosou ingest corpus
  npx baosou ingest ../shared/corpus/cctv-xwlb | head -3
  npx baosou ingest corpus 2>/dev/null | jq -r .title
`;

export function registerIngestCommand(program: Command, io: IngestIo = processIo): void {
  program
    .command('ingest')
    .summary('print the articles read from corpus files, as JSON Lines (to check the parser)')
    .argument('<paths...>', 'corpus files or folders (folders are read recursively, in sorted order)')
    .description('Read archive files and print the articles exactly as the index would hold them, to see what the parser made of them.')
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
