// `baosou search`: a query (or a file of them) and an index in → ranked hits on the terminal, matches marked, or JSON.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BaosouError } from '../errors.js';
import { BOM, csvHeader, csvRow, EXPORT_FORMATS, jsonlRow, type ExportFormat } from '../http/export-format.js';
import { checkPublicUrl, permalink } from '../http/public-url.js';
import type { SearchResult } from '../search/result-types.js';
import type { SearchIndex } from '../search/search-index.js';
import type { SearchOptions } from '../search/search-options.js';
import { highlightSpans, renderMarked, snippetSpans, type MarkStyle } from '../snippet/index.js';
import { exitQuietlyOnClosedPipe, parseWholeNumber, reportError } from './output.js';

interface SearchCommandOptions {
  index: string;
  json?: boolean;
  limit?: number;
  page?: number;
  from?: string;
  to?: string;
  sort?: SearchOptions['sort'];
  author?: string;
  printPage?: string;
  section?: string;
  explain?: boolean;
  batch?: string;
  format?: string;
  publicUrl?: string;
  /** --collapse true, --no-collapse false, neither undefined (a search collapses, an export does not). */
  collapse?: boolean;
}

const FORMATS = ['text', 'json', ...EXPORT_FORMATS] as const;

/**
 * `--format csv|jsonl`: every match (up to 10,000) in the search's order, as /api/export writes them; the snippet is
 * plain text made from its spans. Links are permalinks under --public-url, else relative (`/?doc=<id>`).
 */
function printList(index: SearchIndex, query: string, options: SearchCommandOptions, format: ExportFormat): void {
  // Every article unless --collapse is given: one hit per story is the default of searches, not of exports.
  const { from, to, sort, author, printPage, section } = options;
  const list = index.list(query, { from, to, sort, author, printPage, section, collapse: options.collapse === true });
  const page = options.publicUrl ? checkPublicUrl(options.publicUrl, 'BAOSOU_QUERY_INVALID') : '/';
  const row = format === 'csv' ? csvRow : jsonlRow;
  let out = format === 'csv' ? BOM + csvHeader() : '';
  for (const hit of list.hits) {
    out += row(hit, permalink(page, hit.id));
    if (out.length > 1 << 16) {
      process.stdout.write(out);
      out = '';
    }
  }
  process.stdout.write(out);
  for (const w of list.warnings) process.stderr.write(`note: ${w}\n`);
  if (list.cut) process.stderr.write(`note: ${list.total.toLocaleString('en')} articles match; the first ${list.count.toLocaleString('en')} were written.\n`);
}

/** Matches in bold on a terminal, in 【】 in a pipe; the text as it is. */
const TERMINAL: MarkStyle = { plain: (text) => text, mark: (text) => `\x1b[1;33m${text}\x1b[0m` };
const PIPE: MarkStyle = { plain: (text) => text, mark: (text) => `【${text}】` };

/** Where the hit was printed, as far as known: `page 3, 2nd on the page, 要闻, editors 许诺 王五`. */
function printedPlace(hit: SearchResult['hits'][number]): string {
  const parts = [hit.page ? `page ${hit.page}` : '', hit.position ? `#${hit.position} on the page` : '', hit.section ?? '', hit.editors.length ? `editors ${hit.editors.join(' ')}` : ''];
  return parts.filter(Boolean).join(', ');
}

/** Each hit's title and snippet are marked again from the article's text (the result carries them as HTML). */
function printReadable(index: SearchIndex, result: SearchResult, explain: boolean, collapsed: boolean): void {
  const style = process.stdout.isTTY === true ? TERMINAL : PIPE;
  const needles = index.highlightNeedles(result.query);
  const out: string[] = [];
  const stories = result.stories < result.total ? ` (${result.stories} stor${result.stories === 1 ? 'y' : 'ies'}${collapsed ? ': copies printed twice are shown once' : ''})` : '';
  out.push(`${result.total} article${result.total === 1 ? '' : 's'} match "${result.query}"${stories} (${result.took_ms} ms)`);
  for (const w of result.warnings) out.push(`note: ${w}`);
  result.hits.forEach((hit, i) => {
    const n = (result.page - 1) * result.size + i + 1;
    const head = `${n}. ${hit.date ?? '(undated)'}  `;
    // Kicker above the headline and subtitle below it, aligned with it, as printed.
    const indent = ' '.repeat(head.length);
    const marked = (text: string) => renderMarked(highlightSpans(text, needles), style);
    out.push('');
    if (hit.kicker) out.push(head + marked(hit.kicker));
    out.push(`${hit.kicker ? indent : head}${marked(hit.title)}${hit.partial ? '  [partial match]' : ''}`);
    if (hit.subtitle) out.push(indent + marked(hit.subtitle));
    out.push(`   ${[hit.id, hit.authors.join(' '), hit.source, printedPlace(hit), `score ${hit.score}`].filter(Boolean).join(' · ')}`);
    out.push(`   ${renderMarked(snippetSpans(index.get(hit.id)?.body ?? '', needles), style).replace(/\n/g, ' ')}`);
    for (const copy of hit.duplicates) out.push(`   also printed as ${copy.id}${copy.date ? ` (${copy.date}${copy.page ? `, page ${copy.page}` : ''})` : ''}`);
    if (explain && hit.explain) out.push(`   explain: ${JSON.stringify(hit.explain)}`);
  });
  if (result.total > 0) {
    out.push('');
    out.push(`years: ${result.facets.years.map((y) => `${y.value} (${y.count})`).join(', ')}`);
    const { print_pages: pages, sections } = result.facets;
    if (pages.length > 0) out.push(`pages: ${pages.map((p) => `${p.value} (${p.count})`).join(', ')}`);
    if (sections.length > 0) out.push(`sections: ${sections.map((p) => `${p.value} (${p.count})`).join(', ')}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}

function runQuery(index: SearchIndex, query: string, options: SearchCommandOptions): SearchResult {
  return index.search(query, {
    size: options.limit,
    page: options.page,
    from: options.from,
    to: options.to,
    sort: options.sort,
    author: options.author,
    printPage: options.printPage,
    section: options.section,
    explain: options.explain,
    collapse: options.collapse,
  });
}

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .summary('search an index and print ranked, highlighted results')
    .description(
      'Search an index and print ranked, highlighted results.\n' +
        'Query syntax: words (all must occur), "exact phrase", -exclude, A OR B, title:词, author:姓名.',
    )
    .argument('[query...]', 'the query (quote it in the shell; a leading -word excludes, e.g. 桐庐 -快递)')
    .allowUnknownOption()
    .requiredOption('--index <dir>', 'index directory (from `baosou build`)')
    .option('--json', 'print the result object as one JSON line')
    .option('--limit <n>', 'hits per page (1-100, default 10)', parseWholeNumber('--limit', 1, 100))
    .option('--page <n>', 'page number (default 1)', parseWholeNumber('--page', 1, 10000))
    .option('--from <date>', 'only articles on or after YYYY, YYYY-MM or YYYY-MM-DD')
    .option('--to <date>', 'only articles on or before YYYY, YYYY-MM or YYYY-MM-DD')
    .option('--sort <order>', 'relevance (default), date (newest first) or date-asc')
    .option('--author <name>', 'only articles with this author in the byline')
    .option('--print-page <label>', 'only articles printed on this page: its label as printed (03, A03; 3 and 第3版 find 03 too)')
    .option('--section <name>', 'only articles of this section (栏目, 版名), exact')
    .option('--explain', 'show how each score was made')
    .option('--batch <file>', 'read one query per line from <file> ("-" for stdin); print one JSON line per query, in order')
    .option('--format <format>', 'text (default), json (the result object, as --json), or csv / jsonl: every match (up to 10,000) in the search\'s order, as /api/export writes them (--page and --limit do not apply)')
    .option('--collapse', 'one hit per story: a story printed twice is shown once, its copies listed under it (the default, but for --format csv|jsonl)')
    .option('--no-collapse', 'show every copy of a story printed twice')
    .option('--public-url <url>', 'with --format csv|jsonl: the search page\'s URL, for the rows\' links (default: relative links, /?doc=<id>)')
    .addHelpText('after', '\nExamples:\n  npx baosou search --index index-data 桐庐 快递\n  npx baosou search --index index-data --sort date --from 2024 \'"缩小三大差距"\'\n  npx baosou search --index index-data --batch queries.txt > results.jsonl\n  npx baosou search --index index-data --format csv 杭温高铁 > 杭温高铁.csv\n  npx baosou search --index index-data --print-page A03 --section 要闻 冬季\n')
    .action(async (words: string[], options: SearchCommandOptions) => {
      exitQuietlyOnClosedPipe();
      try {
        const { openIndex } = await import('../open-index.js');
        const index = openIndex(options.index);
        if (options.batch) {
          const text = readFileSync(options.batch === '-' ? 0 : options.batch, 'utf8');
          const lines = text.split(/\r?\n/);
          if (lines[lines.length - 1] === '') lines.pop();
          for (const line of lines) {
            // A bad line answers with its error; the batch goes on, one output line per input line.
            try {
              process.stdout.write(JSON.stringify(runQuery(index, line, options)) + '\n');
            } catch (error) {
              process.stdout.write(JSON.stringify({ query: line, error: { code: (error as { code?: string }).code ?? 'BAOSOU_INTERNAL', message: (error as Error).message } }) + '\n');
            }
          }
          return;
        }
        const format = options.json ? 'json' : (options.format ?? 'text');
        if (!(FORMATS as readonly string[]).includes(format)) throw new BaosouError('BAOSOU_QUERY_INVALID', `--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
        const query = words.join(' ');
        if (format === 'csv' || format === 'jsonl') return printList(index, query, options, format);
        const result = runQuery(index, query, options);
        if (format === 'json') process.stdout.write(JSON.stringify(result) + '\n');
        else printReadable(index, result, options.explain === true, options.collapse !== false);
      } catch (error) {
        reportError(error);
      }
    });
}
