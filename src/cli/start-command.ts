// `baosou start` (npm start): the checkout's corpus/ in → index-data/ rebuilt when stale, summarized, then served.
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildReport } from './build-command.js';
import { reportError } from './output.js';
import { addServeOptions, runServer, type ServeCliOptions } from './serve-command.js';

const checkout = (relative: string) => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

export function registerStartCommand(program: Command): void {
  addServeOptions(
    program
      .command('start')
      .summary('build corpus/ into index-data/ when stale, then serve it (npm start)')
    .description(
        'Build the archive in corpus/ into index-data/ when the index is missing, of another format, or older than the\n' +
          'dictionary (when only corpus/ changed, apply its changes instead), print the index summary, then serve it\n' +
          '(the API and the search page), watching corpus/:\n' +
          'files dropped in, changed or deleted there are added, replaced or removed within seconds. (`npm start` runs this.)',
      )
      .option('--corpus <paths...>', 'corpus files or folders', [checkout('corpus')])
      .option('--index <dir>', 'index directory', checkout('index-data'))
      .option('--no-serve', 'build if needed and print the summary, but do not serve')
      .option('--no-watch', 'do not watch the corpus folders for added, changed or deleted files while serving'),
  )
    .action(async (options: ServeCliOptions & { corpus: string[]; index: string; serve: boolean; watch: boolean }) => {
      try {
        const [{ createAnalyzer }, { buildIndex }, { onlyCorpusChanged, staleReason }, { syncCorpus }, { openIndex }] = await Promise.all([
          import('../analyze/index.js'),
          import('../indexer/build-index.js'),
          import('../indexer/staleness.js'),
          import('../indexer/sync-files.js'),
          import('../open-index.js'),
        ]);
        const analyzer = createAnalyzer();
        const reason = staleReason(options.index, options.corpus, analyzer.fingerprint, [analyzer.userDictPath]);
        if (reason && onlyCorpusChanged(options.index, options.corpus, analyzer.fingerprint, [analyzer.userDictPath])) {
          // The corpus changed while nothing watched it: apply its changes rather than rebuild.
          process.stderr.write(`updating the index: ${reason}\n`);
          const result = await syncCorpus({ index: options.index, corpus: options.corpus });
          process.stderr.write(`added ${result.added.length}, replaced ${result.replaced.length}, removed ${result.removed.length}, unchanged ${result.unchanged.length} in ${result.seconds.toFixed(1)} s\n`);
          for (const { file, message } of result.broken) process.stderr.write(`left as it was (unreadable now): ${file}: ${message}\n`);
        } else if (reason) {
          process.stderr.write(`building the index: ${reason}\n`);
          const result = await buildIndex({ corpus: options.corpus, out: options.index, onIssue: (i) => process.stderr.write(`${i.outcome}: ${i.message}\n`) });
          process.stderr.write(buildReport(result));
        }
        const index = openIndex(options.index);
        const m = index.manifest;
        process.stdout.write(`baosou index ready: ${m.articles} articles (${m.stats.first_date ?? 'undated'} → ${m.stats.last_date ?? 'undated'}), built ${m.built_at}, in ${index.dir}\n`);
        process.stdout.write(`search it: npx baosou search --index ${options.index} 桐庐\n`);
        index.close();
        if (options.serve) await runServer(options.index, { ...options, watch: options.watch ? options.corpus : [] });
      } catch (error) {
        reportError(error);
      }
    });
}
