// `baosou start` (npm start): the checkout's corpus/ in → index-data/ rebuilt when stale, summarized, then served.
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createAnalyzer } from '../analyze/index.js';
import { buildIndex } from '../indexer/build-index.js';
import { staleReason } from '../indexer/staleness.js';
import { openIndex } from '../open-index.js';
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
        'Build the archive in corpus/ into index-data/ when the index is missing or older than the corpus or\n' +
          'dictionary, print the index summary, then serve it (the API and the search page). (`npm start` runs this.)',
      )
      .option('--corpus <paths...>', 'corpus files or folders', [checkout('corpus')])
      .option('--index <dir>', 'index directory', checkout('index-data'))
      .option('--no-serve', 'build if needed and print the summary, but do not serve'),
  )
    .action(async (options: ServeCliOptions & { corpus: string[]; index: string; serve: boolean }) => {
      try {
        const analyzer = createAnalyzer();
        const reason = staleReason(options.index, options.corpus, analyzer.fingerprint, [analyzer.userDictPath]);
        if (reason) {
          process.stderr.write(`building the index: ${reason}\n`);
          const result = await buildIndex({ corpus: options.corpus, out: options.index, onIssue: (i) => process.stderr.write(`${i.outcome}: ${i.message}\n`) });
          process.stderr.write(buildReport(result));
        }
        const index = openIndex(options.index);
        const m = index.manifest;
        process.stdout.write(`baosou index ready: ${m.articles} articles (${m.stats.first_date ?? 'undated'} → ${m.stats.last_date ?? 'undated'}), built ${m.built_at}, in ${index.reader.dir}\n`);
        process.stdout.write(`search it: npx baosou search --index ${options.index} 桐庐\n`);
        index.close();
        if (options.serve) await runServer(options.index, options);
      } catch (error) {
        reportError(error);
      }
    });
}
