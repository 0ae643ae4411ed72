// `node dist/bench/scale-corpus.js --from <corpus> --articles <n> --out <dir>`: a synthetic archive of N articles
// made by recombining the real paragraphs of a corpus, with new ids and dates spread over decades. The text is real
// (so segmentation, vocabulary and posting-list shapes stay realistic); only the combination is new. Writes gzip
// JSON Lines, `--per-file` articles a file, plus a SOURCE.md that says how it was made (ingest skips it).
import { createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip, constants as zlib } from 'node:zlib';
import { Command, InvalidArgumentError } from 'commander';
import { CorpusReader } from '../src/index.js';
import { seededRandom } from './query-set.js';

export interface ScaleCorpusOptions {
  from: string[];
  articles: number;
  out: string;
  seed: number;
  firstYear: number;
  lastYear: number;
  perFile: number;
}

export interface ScaleCorpusSummary {
  files: string[];
  articles: number;
  characters: number;
  sourceArticles: number;
  sourceParagraphs: number;
  seconds: number;
}

interface Template {
  title: string;
  paragraphs: number;
  authors: string[];
  source: string | null;
}

/** Writes the synthetic corpus; refuses a non-empty output folder (it would mix two corpora). */
export async function writeScaleCorpus(options: ScaleCorpusOptions, onProgress?: (done: number) => void): Promise<ScaleCorpusSummary> {
  const started = performance.now();
  if (options.firstYear > options.lastYear) throw new Error(`BAOSOU_BENCH_USAGE: --first-year ${options.firstYear} is after --last-year ${options.lastYear}.`);
  if (existsSync(options.out) && readdirSync(options.out).length > 0) {
    throw new Error(`BAOSOU_BENCH_OUT_EXISTS: ${options.out} is not empty; give an empty or new folder (a scale corpus is written whole).`);
  }
  const templates: Template[] = [];
  const paragraphs: string[] = [];
  for await (const a of new CorpusReader(options.from).articles()) {
    const own = a.body.split('\n');
    templates.push({ title: a.title, paragraphs: own.length, authors: a.authors, source: a.source });
    paragraphs.push(...own);
  }
  if (templates.length === 0) throw new Error(`BAOSOU_BENCH_CORPUS: no article could be read from ${options.from.join(', ')}.`);

  mkdirSync(options.out, { recursive: true });
  const random = seededRandom(options.seed);
  const firstDay = Math.round(Date.UTC(options.firstYear, 0, 1) / 86_400_000);
  const lastDay = Math.round(Date.UTC(options.lastYear, 11, 31) / 86_400_000);
  const width = String(options.articles - 1).length;
  const files: string[] = [];
  let characters = 0;
  for (let first = 0; first < options.articles; first += options.perFile) {
    const file = path.join(options.out, `scale-${String(files.length).padStart(3, '0')}.jsonl.gz`);
    files.push(file);
    const gzip = createGzip({ level: zlib.Z_BEST_SPEED });
    const sink = createWriteStream(file);
    const finished = new Promise<void>((resolve, reject) => {
      sink.on('finish', resolve).on('error', reject);
      gzip.on('error', reject);
    });
    gzip.pipe(sink);
    const end = Math.min(options.articles, first + options.perFile);
    for (let n = first; n < end; n++) {
      // The shape (title, paragraph count, byline) of one real article; its paragraphs drawn from the whole corpus.
      const t = templates[Math.floor(random() * templates.length)];
      const body: string[] = [];
      for (let p = 0; p < t.paragraphs; p++) body.push(paragraphs[Math.floor(random() * paragraphs.length)]);
      const day = firstDay + Math.floor(random() * (lastDay - firstDay + 1));
      const record = {
        id: `scale-${String(n).padStart(width, '0')}`,
        title: t.title,
        date: new Date(day * 86_400_000).toISOString().slice(0, 10),
        source: t.source,
        authors: t.authors,
        body: body.join('\n'),
      };
      characters += record.title.length + record.body.length;
      if (!gzip.write(JSON.stringify(record) + '\n')) await new Promise<void>((resolve) => gzip.once('drain', resolve));
      if (n % 10_000 === 0) onProgress?.(n);
    }
    gzip.end();
    await finished;
  }
  const summary: ScaleCorpusSummary = {
    files,
    articles: options.articles,
    characters,
    sourceArticles: templates.length,
    sourceParagraphs: paragraphs.length,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileSync(
    path.join(options.out, 'SOURCE.md'),
    [
      `# Synthetic scale corpus: ${options.articles.toLocaleString('en')} articles`,
      '',
      `Written by \`bench/scale-corpus.ts\` (seed ${options.seed}) from ${options.from.map((f) => `\`${f}\``).join(', ')}`,
      `(${templates.length.toLocaleString('en')} articles, ${paragraphs.length.toLocaleString('en')} paragraphs).`,
      'Each article takes the title, byline and paragraph count of a random real article and that many paragraphs drawn at',
      `random from the whole corpus; ids are new (\`scale-N\`), dates uniform over ${options.firstYear}-01-01 → ${options.lastYear}-12-31.`,
      `${characters.toLocaleString('en')} characters of titles and bodies in ${files.length} gzip JSON Lines files.`,
      'The text keeps the source corpus’s copyright: use it for benchmarks only, never commit or redistribute it.',
      '',
    ].join('\n'),
  );
  return summary;
}

function wholeNumber(name: string, min: number) {
  return (value: string) => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}`);
    return n;
  };
}

async function main(): Promise<void> {
  const program = new Command()
    .name('node dist/bench/scale-corpus.js')
    .description('Write N synthetic articles recombining the real paragraphs of a corpus (new ids, dates over decades).')
    .requiredOption('--from <paths...>', 'source corpus files or folders')
    .requiredOption('--articles <n>', 'number of articles to write', wholeNumber('--articles', 1))
    .requiredOption('--out <dir>', 'output folder (must be empty or new)')
    .option('--seed <n>', 'random seed', wholeNumber('--seed', 0), 5)
    .option('--first-year <y>', 'first year of the dates', wholeNumber('--first-year', 1), 1950)
    .option('--last-year <y>', 'last year of the dates', wholeNumber('--last-year', 1), 2026)
    .option('--per-file <n>', 'articles per output file', wholeNumber('--per-file', 1), 100_000)
    .showHelpAfterError();
  program.parse(process.argv);
  const o = program.opts<ScaleCorpusOptions>();
  const summary = await writeScaleCorpus(o, (done) => process.stderr.write(`\r${done.toLocaleString('en')} / ${o.articles.toLocaleString('en')}`));
  process.stderr.write('\n');
  process.stdout.write(
    `wrote ${summary.articles.toLocaleString('en')} articles (${summary.characters.toLocaleString('en')} characters) in ${summary.files.length} files to ${o.out} ` +
      `in ${summary.seconds.toFixed(1)} s, from ${summary.sourceArticles.toLocaleString('en')} articles / ${summary.sourceParagraphs.toLocaleString('en')} paragraphs\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
