// `baosou search`: a query (or a file of them) and an index in → ranked hits on the terminal, matches marked, or JSON.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openIndex } from '../open-index.js';
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
  explain?: boolean;
  batch?: string;
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
function printReadable(index: SearchIndex, result: SearchResult, explain: boolean): void {
  const style = process.stdout.isTTY === true ? TERMINAL : PIPE;
  const needles = index.highlightNeedles(result.query);
  const out: string[] = [];
  out.push(`${result.total} article${result.total === 1 ? '' : 's'} match "${result.query}" (${result.took_ms} ms)`);
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
    if (explain && hit.explain) out.push(`   explain: ${JSON.stringify(hit.explain)}`);
  });
  if (result.total > 0) {
    out.push('');
    out.push(`years: ${result.facets.years.map((y) => `${y.value} (${y.count})`).join(', ')}`);
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
    explain: options.explain,
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
    .option('--explain', 'show how each score was made')
    .option('--batch <file>', 'read one query per line from <file> ("-" for stdin); print one JSON line per query, in order')
    .addHelpText('after', '\nExamples:\n  npx baosou search --index index-data 桐庐 快递\n  npx baosou search --index index-data --sort date --from 2024 \'"缩小三大差距"\'\n  npx baosou search --index index-data --batch queries.txt > results.jsonl\n')
    .action((words: string[], options: SearchCommandOptions) => {
      exitQuietlyOnClosedPipe();
      try {
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
        const query = words.join(' ');
        const result = runQuery(index, query, options);
        if (options.json) process.stdout.write(JSON.stringify(result) + '\n');
        else printReadable(index, result, options.explain === true);
      } catch (error) {
        reportError(error);
      }
    });
}
