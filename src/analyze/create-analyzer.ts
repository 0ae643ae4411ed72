// createAnalyzer: a user dictionary in → the analyzer both sides share: one normalization, then stream and word tokens.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Token } from '../types.js';
import { classifyUnits } from './char-class.js';
import { streamOf, type CharStream } from './char-stream.js';
import { dictDir } from './dict-dir.js';
import { jiebaSession, type JiebaSession } from './jieba-session.js';
import { normalize, NORMALIZATION_VERSION } from './normalize.js';
import { tokenizeNormalized } from './tokenize.js';
import { readUserDict } from './user-dict.js';

/** Everything the index needs from one field's text, normalizing only once. */
export interface Analysis {
  stream: CharStream;
  tokens: Token[];
}

export interface Analyzer {
  /**
   * Words of the primary segmentation (position = word ordinal, start/end in the original text), each followed by the
   * search-mode sub-words of long words (中国农业发展银行 → 中国, 农业发展银行 + sub-words 农业, 发展, 银行) with
   * `sub: true` and their parent's position. Latin/digit runs are kept whole ("c919", "5g", "6.95", "9.2%");
   * punctuation and spaces produce no token. For every token, normalizeText(text.slice(start, end)) === term.
   */
  tokenize(text: string): Token[];
  /** tokenize + charStream from one normalization. */
  analyze(text: string): Analysis;
  /** Primary-segmentation terms only (no sub-words), for queries: "桐庐快递" → ["桐庐", "快递"]. */
  words(text: string): string[];
  /**
   * Identifies everything that changes tokens: normalization version, Unicode version of the runtime (NFKC, case
   * and \p{…} classes follow it), opencc-js version, nodejieba version, SHA-256 of jieba's dictionary, HMM model and
   * the user dictionary. Paths are not part of it: the same files give the same fingerprint on any machine.
   */
  readonly fingerprint: string;
  /** Absolute, symlinks resolved. */
  readonly userDictPath: string;
}

const require = createRequire(import.meta.url);

/** <repo>/dict/user-dict.txt. */
export function defaultUserDictPath(): string {
  return join(dictDir(), 'user-dict.txt');
}

function packageVersion(name: string): string {
  // Walk up from the package's entry point: opencc-js's "exports" hides its package.json.
  for (let dir = dirname(require.resolve(name)); dirname(dir) !== dir; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
    if (json.name === name && json.version) return json.version;
  }
  throw new Error(`BAOSOU_ANALYZER_INTERNAL: cannot find the version of ${name}.`);
}

const analyzers = new Map<string, Analyzer>();

/**
 * Loads jieba once per thread (nodejieba is process-global per thread: a second call with a different user dict
 * throws BAOSOU_ANALYZER_CONFLICT rather than silently keeping the first). Default user dictionary:
 * <repo>/dict/user-dict.txt. A missing or malformed dictionary throws BAOSOU_USER_DICT_MISSING / _INVALID.
 */
export function createAnalyzer(options: { userDictPath?: string } = {}): Analyzer {
  const requested = resolve(options.userDictPath ?? defaultUserDictPath());
  const path = existsSync(requested) ? realpathSync(requested) : requested;
  const userDict = readUserDict(path); // every time: an edited file must not pass for the loaded one
  const jieba = jiebaSession(userDict);
  const cached = analyzers.get(path);
  if (cached) return cached;
  const fingerprint = [
    'baosou-analyzer',
    `normalization=${NORMALIZATION_VERSION}`,
    `unicode=${process.versions.unicode}`,
    `opencc-js=${packageVersion('opencc-js')}`,
    jieba.identity,
  ].join(' ');
  const analyzer = makeAnalyzer(jieba, fingerprint, path);
  analyzers.set(path, analyzer);
  return analyzer;
}

function makeAnalyzer(jieba: JiebaSession, fingerprint: string, userDictPath: string): Analyzer {
  return Object.freeze({
    tokenize(text: string): Token[] {
      const normalized = normalize(text);
      return tokenizeNormalized(normalized, classifyUnits(normalized.text), jieba, true);
    },
    analyze(text: string): Analysis {
      const normalized = normalize(text);
      const classes = classifyUnits(normalized.text);
      return { stream: streamOf(normalized, classes), tokens: tokenizeNormalized(normalized, classes, jieba, true) };
    },
    words(text: string): string[] {
      const normalized = normalize(text);
      return tokenizeNormalized(normalized, classifyUnits(normalized.text), jieba, false).map((t) => t.term);
    },
    fingerprint,
    userDictPath,
  });
}
