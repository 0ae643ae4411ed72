// jiebaSession: the user dictionary in → this thread's nodejieba, its sub-word dictionary and the hashes of its files.
// Those files shape every cut, so their hashes are part of the analyzer's fingerprint.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AnalyzerError } from './analyzer-error.js';
import { dictDir } from './dict-dir.js';
import type { UserDict } from './user-dict.js';

type NodeJieba = typeof import('nodejieba') & { DEFAULT_DICT: string; DEFAULT_HMM_DICT: string };

const require = createRequire(import.meta.url);

export interface JiebaSession {
  /** Primary segmentation of a run of Han characters (HMM on, as everywhere in baosou). */
  cut(run: string): string[];
  /** Words of 2 or 3 code points in jieba's dictionary or the user dictionary: the only candidates cutForSearch adds. */
  readonly subwords: ReadonlySet<string>;
  readonly userDict: UserDict;
  /** "nodejieba=<version> dict=<sha256> hmm=<sha256> user=<sha256>". */
  readonly identity: string;
}

let session: JiebaSession | null = null;

/** nodejieba's load() asserts both files have a line; baosou never extracts keywords with them. */
const keywordFilesUnused = () => ({
  idfDict: join(dictDir(), 'keyword-idf-unused.utf8'),
  stopWordDict: join(dictDir(), 'keyword-stop-words-unused.utf8'),
});

/**
 * The thread's jieba. nodejieba keeps one dictionary per thread (a second load replaces the first for every caller),
 * so asking for another user dictionary than the loaded one is an error, not a silent reload.
 */
export function jiebaSession(userDict: UserDict): JiebaSession {
  if (session) {
    if (session.userDict.path !== userDict.path || session.userDict.sha256 !== userDict.sha256) {
      const what = session.userDict.path !== userDict.path ? `${session.userDict.path}, not ${userDict.path}` : `${userDict.path} as it was before it changed on disk`;
      throw new AnalyzerError(
        'BAOSOU_ANALYZER_CONFLICT',
        `jieba is already loaded in this thread with ${what}; one thread holds one dictionary. ` +
          'Use one user dictionary per process (or per worker thread), and restart after editing it.',
      );
    }
    return session;
  }
  const jieba = require('nodejieba') as NodeJieba;
  const packageDir = dirname(require.resolve('nodejieba/package.json'));
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const dictBytes = readFileSync(jieba.DEFAULT_DICT);
  const hmmBytes = readFileSync(jieba.DEFAULT_HMM_DICT);
  const identity = [
    `nodejieba=${version}`,
    `dict=${sha256(dictBytes)}`,
    `hmm=${sha256(hmmBytes)}`,
    `user=${userDict.sha256}`,
  ].join(' ');
  // Loading takes over a second: done on first use, so a thread that only needs the fingerprint (the build's main
  // thread) never pays it. The sub-word set is made apart, when asked for: only indexing reads it, and a server
  // process that never indexes starts without it.
  let loaded = false;
  let subwords: Set<string> | null = null;
  session = {
    cut: (run) => {
      if (!loaded) {
        // The files hashed are the files loaded: paths are passed explicitly. The keyword extractor's idf table and stop
        // words (6 MB) are never used by baosou, which never calls extract(): one-line stand-ins save their parse.
        jieba.load({ dict: jieba.DEFAULT_DICT, hmmDict: jieba.DEFAULT_HMM_DICT, userDict: userDict.path, ...keywordFilesUnused() });
        loaded = true;
      }
      return jieba.cut(run, true);
    },
    get subwords() {
      return (subwords ??= subwordDictionary(dictBytes.toString('utf8'), userDict));
    },
    userDict,
    identity,
  };
  return session;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** cppjieba's search mode looks sub-words up in the same trie as the segmenter: default dictionary plus user words. */
function subwordDictionary(dict: string, userDict: UserDict): Set<string> {
  const words = new Set<string>();
  const add = (word: string): void => {
    // 2 or 3 code points are 2 to 6 UTF-16 units.
    if (word.length < 2 || word.length > 6) return;
    let count = 0;
    for (let k = 0; k < word.length; k++) {
      const c = word.charCodeAt(k);
      if (c < 0xdc00 || c > 0xdfff) count++; // count code points: skip low surrogates
    }
    if (count === 2 || count === 3) words.add(word);
  };
  for (let at = 0; at < dict.length; ) {
    let lineEnd = dict.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = dict.length;
    const space = dict.indexOf(' ', at);
    add(dict.slice(at, space >= 0 && space < lineEnd ? space : lineEnd));
    at = lineEnd + 1;
  }
  for (const entry of userDict.entries) add(entry.word);
  return words;
}
