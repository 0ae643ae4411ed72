// `node dist/bench/story-cost.js [--corpus <path>] [--days 5]`: what keeping duplicate stories costs an add. The
// corpus's articles before its last `--days` days are built; each later day is added with addArticles, and right
// after it, in the same process, that add's story step (updateStories over the new segment and the live articles
// within 3 days of it) is timed on its own. Prints one line per day; the scratch index is removed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { buildIndex, createAnalyzer, readCorpus } from '../src/index.js';
import { analyzerDigest } from '../src/format/manifest.js';
import { ArchiveState } from '../src/indexer/archive-state.js';
import { updateStories } from '../src/indexer/story-update.js';
import { addArticles } from '../src/indexer/update-archive.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

async function main(options: { corpus: string[]; days: string }): Promise<void> {
  const { articles } = await readCorpus(options.corpus);
  const days = [...new Set(articles.map((a) => a.date).filter((d): d is string => d !== null))].sort().slice(-Number(options.days));
  const scratch = mkdtempSync(path.join(tmpdir(), 'baosou-story-cost-'));
  try {
    const write = (name: string, list: typeof articles) => {
      const file = path.join(scratch, name);
      writeFileSync(file, list.map((a) => JSON.stringify(a)).join('\n') + '\n');
      return file;
    };
    const index = path.join(scratch, 'index');
    await buildIndex({ corpus: [write('base.jsonl', articles.filter((a) => !days.includes(a.date ?? '')))], out: index });
    const fingerprint = createAnalyzer().fingerprint;
    for (const day of days) {
      const file = write(`${day}.jsonl`, articles.filter((a) => a.date === day));
      let started = performance.now();
      const added = await addArticles({ index, paths: [file], noMerge: true });
      const addMs = performance.now() - started;
      const state = ArchiveState.read(index, fingerprint, analyzerDigest(fingerprint));
      const segments = state.storySegments();
      started = performance.now();
      updateStories(state.stories, segments, segments[segments.length - 1]);
      const storyMs = performance.now() - started;
      state.close();
      process.stdout.write(`${day}: ${added.added.length} articles, add ${addMs.toFixed(0)} ms, story step ${storyMs.toFixed(0)} ms (${((100 * storyMs) / addMs).toFixed(1)} %)\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const program = new Command()
  .name('story-cost')
  .description('Time the duplicate-story step of adding each of the last days of a corpus, beside the whole add.')
  .option('--corpus <paths...>', 'corpus', [path.resolve(repoRoot, '../shared/corpus/cctv-xwlb')])
  .option('--days <n>', 'the last days added one by one', '5');
program.parse(process.argv);
main(program.opts()).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
