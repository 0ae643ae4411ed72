// `baosou build`: corpus paths and an index directory in → a new index generation there, with progress and a summary.
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { BuildResult } from '../indexer/build-index.js';
import { ingestReport } from './ingest-command.js';
import { parseWholeNumber, reportError } from './output.js';

/**
 * What a build prints when it is done (`build`, `start`): what was built, then the ingest summary as `baosou ingest`
 * prints it (files and articles by layout, what was not an article, skips and problems by reason, undated files).
 */
export function buildReport(result: BuildResult): string {
  const bytes = Object.values(result.manifest.files).reduce((n, f) => n + f.bytes, 0);
  return (
    `built ${result.manifest.articles} articles${result.runs > 1 ? ` (read in ${result.runs} runs, merged)` : ''} from ${result.ingest.files} files in ${result.seconds.toFixed(1)} s` +
    ` (${Math.round(result.manifest.stats.characters / result.seconds).toLocaleString('en')} chars/s) → ${result.dir}, ${(bytes / 1e6).toFixed(1)} MB` +
    ` [${Object.entries(result.phases).map(([name, sec]) => `${name} ${sec.toFixed(1)} s`).join(', ')}]\n` +
    `duplicate stories: ${result.stories.groups.toLocaleString('en')} printed more than once (${result.stories.articles.toLocaleString('en')} articles), shown as one hit each\n` +
    ingestReport(result.ingest, result.phases.ingest)
  );
}

export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .summary('build a search index from corpus files and folders (all cores, atomic)')
    .description(
      'Build a search index from corpus files and folders (page text .txt/.md, JSON Lines .jsonl/.jsonl.gz).\n' +
        'Analysis runs on all cores. The new index is written beside the old one and swapped in atomically:\n' +
        'a failed or interrupted build leaves the previous index complete and in use.',
    )
    .requiredOption('--corpus <paths...>', 'corpus files or folders (read recursively)')
    .requiredOption('--out <dir>', 'index directory to write (created if missing)')
    .option('--workers <n>', 'analysis worker threads (default: number of cores)', parseWholeNumber('--workers', 1, 64))
    .option('--user-dict <file>', 'jieba user dictionary (default: dict/user-dict.txt of this checkout)')
    .option('--quiet', 'print only the final summary line')
    .addHelpText('after', '\nExample:\n  npx baosou build --corpus corpus ../shared/corpus/cctv-xwlb --out index-data\n')
    .action(async (options: { corpus: string[]; out: string; workers?: number; userDict?: string; quiet?: boolean }) => {
      const bar = process.stderr.isTTY && !options.quiet
        ? new cliProgress.SingleBar({ format: 'analyzing {bar} {percentage}% | {value}/{total} articles | {speed} articles/s | ETA {eta_formatted}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
        : null;
      const started = Date.now();
      let issues = 0;
      try {
        const { buildIndex } = await import('../indexer/build-index.js');
        const result = await buildIndex({
          corpus: options.corpus,
          out: options.out,
          workers: options.workers,
          userDictPath: options.userDict,
          onProgress: (done, total) => {
            if (!bar) return;
            // The corpus is read as it is analyzed: the total grows with it.
            if (done === 0 && total === 0) bar.start(1, 0, { speed: 0 });
            else {
              bar.setTotal(Math.max(1, total));
              bar.update(done, { speed: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
            }
          },
          onIssue: (issue) => {
            issues++;
            if (!options.quiet && issues <= 20) process.stderr.write(`${bar ? '\n' : ''}${issue.outcome}: ${issue.message}\n`);
          },
        });
        bar?.stop();
        process.stderr.write(buildReport(result) + (issues > 20 ? `(${issues} issues in all; \`npx baosou ingest\` lists them)\n` : ''));
      } catch (error) {
        bar?.stop();
        reportError(error);
      }
    });
}
