// `baosou add` and `baosou remove`: an index directory and corpus paths or article ids in → a new generation with
// the articles added, replaced or withdrawn, and one line saying what changed.
import type { Command } from 'commander';
import type { UpdateResult } from '../indexer/update-archive.js';
import { reportError } from './output.js';

/** What changed, and the archive it left: one line. */
export function describeUpdate(result: UpdateResult): string {
  const skipped = result.ingest ? Object.values(result.ingest.skipped).reduce((n, k) => n + (k ?? 0), 0) : 0;
  const parts = result.ingest === null && result.removed.length === 0
    ? [`merged into ${result.segment ?? 'no segment (nothing live)'}`]
    : result.removed.length > 0
    ? [`removed ${result.removed.length}`]
    : [`added ${result.added.length}`, `replaced ${result.replaced.length}`, `skipped ${result.unchanged.length + skipped} (${result.unchanged.length} unchanged, ${skipped} unreadable)`];
  const m = result.manifest;
  const where = result.dir ? `new generation ${result.dir}` : 'nothing written';
  if (result.merges) parts.push(`${result.merges} merge${result.merges === 1 ? '' : 's'} of small segments`);
  return `${parts.join(', ')}; ${where}: ${m.articles.toLocaleString('en')} articles in ${m.segments.length} segment${m.segments.length === 1 ? '' : 's'} (${result.seconds.toFixed(2)} s)`;
}

export function registerUpdateCommands(program: Command): void {
  program
    .command('add')
    .summary('add articles to an index as a new segment; an id already there is replaced')
    .description(
      'Add the articles of corpus files or folders (any layout `build` reads) to an index, as one new segment,\n' +
        'published atomically as a new generation (a running server picks it up). An article whose id is already in\n' +
        'the index replaces it; one that is there exactly as read is skipped. Refused, with advice to rebuild, when the\n' +
        'index was built with another analyzer or dictionary.',
    )
    .requiredOption('--index <dir>', 'index directory (from `baosou build`)')
    .argument('<paths...>', 'corpus files or folders to add')
    .option('--user-dict <file>', 'jieba user dictionary (default: dict/user-dict.txt of this checkout)')
    .option('--no-merge', 'do not merge small segments afterwards (the tiered merge policy; see docs/OPERATING.md)')
    .option('--quiet', 'print only the summary line')
    .addHelpText('after', '\nExamples:\n  npx baosou add --index index-data corpus/2026/12/02\n  npx baosou add --index index-data correction.jsonl\n')
    .action(async (paths: string[], options: { index: string; userDict?: string; quiet?: boolean; merge: boolean }) => {
      try {
        let issues = 0;
        const { addArticles } = await import('../indexer/update-archive.js');
        const result = await addArticles({
          index: options.index,
          paths,
          userDictPath: options.userDict,
          noMerge: !options.merge,
          onIssue: (issue) => {
            if (!options.quiet && ++issues <= 20) process.stderr.write(`${issue.outcome}: ${issue.message}\n`);
          },
        });
        if (!options.quiet) {
          if (result.added.length > 0) process.stderr.write(`added: ${result.added.join(' ')}\n`);
          if (result.replaced.length > 0) process.stderr.write(`replaced: ${result.replaced.join(' ')}\n`);
        }
        process.stdout.write(describeUpdate(result) + '\n');
      } catch (error) {
        reportError(error);
      }
    });

  program
    .command('remove')
    .summary('withdraw articles from an index by id')
    .description(
      'Withdraw articles from an index by id (a correction, a legal takedown), published atomically as a new\n' +
        'generation. An id not in the index is an error that names it, and nothing changes.',
    )
    .requiredOption('--index <dir>', 'index directory')
    .argument('<ids...>', 'article ids')
    .addHelpText('after', '\nExample:\n  npx baosou remove --index index-data 20261202-01-03\n')
    .action(async (ids: string[], options: { index: string }) => {
      try {
        const { removeArticles } = await import('../indexer/update-archive.js');
        process.stdout.write(describeUpdate(removeArticles({ index: options.index, ids })) + '\n');
      } catch (error) {
        reportError(error);
      }
    });

  program
    .command('merge')
    .summary('merge every segment of an index into one, dropping removed articles (nightly)')
    .description(
      'Merge every segment of an index into one, leaving out removed and replaced articles, and publish it as a new\n' +
        'generation: the index is then byte for byte what a full rebuild of its live articles gives. Run it nightly.',
    )
    .requiredOption('--index <dir>', 'index directory')
    .addHelpText('after', '\nExample:\n  npx baosou merge --index index-data\n')
    .action(async (options: { index: string }) => {
      try {
        const { mergeArchive } = await import('../indexer/update-archive.js');
        process.stdout.write(describeUpdate(await mergeArchive({ index: options.index })) + '\n');
      } catch (error) {
        reportError(error);
      }
    });
}
