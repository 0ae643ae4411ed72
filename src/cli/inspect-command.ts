// `baosou inspect`: an index directory in → its checksums and analyzer verified, and its summary (or manifest) printed.
import type { Command } from 'commander';
import { reportError } from './output.js';

export function registerInspectCommand(program: Command): void {
  program
    .command('inspect')
    .summary("verify an index's checksums and analyzer, and print its summary")
    .description('Verify an index (every file\'s checksum, the analyzer it was built with) and print its summary.')
    .requiredOption('--index <dir>', 'index directory')
    .option('--json', 'print the manifest as JSON')
    .action(async (options: { index: string; json?: boolean }) => {
      try {
        const { openIndex } = await import('../open-index.js');
        const index = openIndex(options.index);
        const m = index.manifest;
        if (options.json) {
          process.stdout.write(JSON.stringify(m, null, 2) + '\n');
        } else {
          const bytes = Object.values(m.files).reduce((n, f) => n + f.bytes, 0);
          const stories = index.stories;
          process.stdout.write(
            [
              `index ${index.dir}`,
              `  articles   ${m.articles.toLocaleString('en')} (${m.stats.first_date ?? 'undated'} → ${m.stats.last_date ?? 'undated'})`,
              `  built      ${m.built_at}`,
              `  characters ${m.stats.characters.toLocaleString('en')}; ${m.stats.words.toLocaleString('en')} distinct words; ${m.stats.keys.toLocaleString('en')} character keys`,
              `  stories    ${stories.groupCount.toLocaleString('en')} printed more than once (${stories.copyCount.toLocaleString('en')} articles are their copies)`,
              `  files      ${Object.keys(m.files).length} files, ${(bytes / 1e6).toFixed(2)} MB`,
              `  segments   ${m.segments.length}`,
              ...m.segments.map((s) => {
                const mb = Object.entries(m.files).filter(([name]) => name.startsWith(`segments/${s.name}/`)).reduce((n, [, f]) => n + f.bytes, 0) / 1e6;
                return `    ${s.name}  ${s.articles.toLocaleString('en')} articles, ${s.removed.toLocaleString('en')} removed, ${mb.toFixed(2)} MB`;
              }),
              `  analyzer   ${m.analyzer.fingerprint}`,
              `  format     version ${m.format_version}; all checksums verified`,
            ].join('\n') + '\n',
          );
        }
        index.close();
      } catch (error) {
        reportError(error);
      }
    });
}
