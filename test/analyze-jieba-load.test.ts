// nodejieba as `npm install` leaves it: scripts/patch-nodejieba.mjs made its dictionary load build one trie instead
// of two (a server worker and `baosou add` start on it), and the module was rebuilt from the edited source. What the
// edits must not change: the cuts, and nodejieba's own TextRank extraction, now built on first use.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/paths.js';

const require = createRequire(import.meta.url);

describe('nodejieba after npm install', () => {
  it('has the fast-load edits applied and built', () => {
    const check = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'patch-nodejieba.mjs'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('still cuts as jieba does and builds the TextRank extractor when first asked', () => {
    // In a child process: nodejieba holds one dictionary per thread, and this one loads the default files.
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        `const j = require(${JSON.stringify(require.resolve('nodejieba'))});
         j.load();
         const words = j.cut('南京市长江大桥上的杭温高铁', true);
         const keywords = j.textRankExtract('长江大桥是南京的地标。南京长江大桥是长江上的大桥，大桥连接南京。', 3).map((k) => k.word);
         console.log(JSON.stringify({ words, keywords }));`,
      ],
      { encoding: 'utf8' },
    );
    const { words, keywords } = JSON.parse(out) as { words: string[]; keywords: string[] };
    expect(words).toEqual(['南京市', '长江大桥', '上', '的', '杭温', '高铁']);
    expect(keywords).toContain('大桥');
    expect(keywords.length).toBe(3);
  });
});
