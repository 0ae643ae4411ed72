// The word tokenizer: exact offsets, whole Latin and digit runs, jieba's search-mode sub-words, determinism.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer, normalizeText, NORMALIZATION_VERSION, type Analyzer } from '../dist/src/analyze/index.js';
import type { Token } from '../dist/src/types.js';
import { repoRoot } from './support/paths.js';

const MIXED = 'Ｃ９１９大飛機在2024年交付，ＣＥＯ說５Ｇ增長6.95%';
const nodejieba = createRequire(import.meta.url)('nodejieba') as typeof import('nodejieba');

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer();
});

const describeToken = (t: Token): string => `${t.term}${t.sub ? '*' : ''}@${t.position}`;
const primary = (tokens: Token[]): string[] => tokens.filter((t) => !t.sub).map((t) => t.term);

/** Tokens of a Han-only run in cutForSearch's order (sub-words before their parent). */
function searchOrder(tokens: Token[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    let j = i + 1;
    while (j < tokens.length && tokens[j].sub) j++;
    out.push(...tokens.slice(i + 1, j).map((t) => t.term), tokens[i].term);
    i = j;
  }
  return out;
}

/** Runs analyzer code in a fresh worker thread (a fresh jieba), returning what `body` returns. */
function inWorker<T>(body: string, data: unknown): Promise<T> {
  const module = pathToFileURL(join(repoRoot, 'dist/src/analyze/index.js')).href;
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(${JSON.stringify(module)}).then(async (analyze) => {
      try { parentPort.postMessage({ ok: await (async () => { ${body} })() }); }
      catch (error) { parentPort.postMessage({ error: String(error && error.message || error) }); }
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: data });
    worker.once('message', (m: { ok?: T; error?: string }) => {
      void worker.terminate();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.ok as T);
    });
    worker.once('error', reject);
  });
}

describe('tokenize', () => {
  it('gives every token of mixed Chinese, Latin, full-width and Traditional text a term that is its span normalized', () => {
    const tokens = analyzer.tokenize(MIXED);
    expect(tokens.length).toBeGreaterThan(8);
    for (const t of tokens) expect(normalizeText(MIXED.slice(t.start, t.end)), describeToken(t)).toBe(t.term);
  });

  it('keeps C919, CEO, 5G, 2024 and 6.95 whole instead of cutting them into characters', () => {
    const terms = primary(analyzer.tokenize(MIXED));
    expect(terms).toEqual(['c919', '大', '飞机', '在', '2024', '年', '交付', 'ceo', '说', '5g', '增长', '6.95%']);
    expect(terms.filter((t) => /^[0-9a-z]$/.test(t))).toEqual([]);
  });

  it('numbers primary words in order and gives sub-words their parent position and span inside it', () => {
    const tokens = analyzer.tokenize('中国农业发展银行发放贷款。');
    expect(tokens.map(describeToken)).toEqual(['中国@0', '农业发展银行@1', '农业*@1', '发展*@1', '银行*@1', '发放贷款@2', '发放*@2', '放贷*@2', '贷款*@2']);
    let parent = tokens[0];
    for (const t of tokens) {
      if (!t.sub) parent = t;
      expect(t.start).toBeGreaterThanOrEqual(parent.start);
      expect(t.end).toBeLessThanOrEqual(parent.end);
      expect('中国农业发展银行发放贷款。'.slice(t.start, t.end)).toBe(t.term);
    }
  });

  it('adds exactly the sub-words that nodejieba cutForSearch adds, in the same order', () => {
    const runs = ['中国农业发展银行', '中华人民共和国国务院', '哈哈哈哈哈', '杭州技师学院扩建工程三期项目开工奠基', '全省深化新时代千万工程推进会暨缩小三大差距动员部署会', '微短剧行业产教融合共同体正式成立'];
    for (const run of runs) expect(searchOrder(analyzer.tokenize(run)), run).toEqual(nodejieba.cutForSearch(run, true));
  });

  it('produces no token for punctuation, symbols or spaces', () => {
    expect(analyzer.tokenize('，。“”！？ ——……《》【】 +-*/ © \n\t')).toEqual([]);
    expect(primary(analyzer.tokenize('缩小“三大差距”'))).toEqual(['缩小', '三大差距']);
  });

  it('segments Traditional input into the same tokens as its Simplified form', () => {
    const traditional = analyzer.tokenize('中國農業發展銀行在臺灣開設分行，說明兩岸經濟交流');
    const simplified = analyzer.tokenize('中国农业发展银行在台湾开设分行，说明两岸经济交流');
    expect(traditional.map(describeToken)).toEqual(simplified.map(describeToken));
  });

  it('segments full-width input into the same tokens as its half-width form', () => {
    const full = analyzer.tokenize('Ｃ９１９　ＣＥＯ　５Ｇ　６．９５％　２０２４年');
    const half = analyzer.tokenize('C919 CEO 5G 6.95% 2024年');
    expect(full.map(describeToken)).toEqual(half.map(describeToken));
    expect(full.map((t) => [t.start, t.end])).toEqual(half.map((t) => [t.start, t.end]));
  });

  it('never ends a word inside the expansion of one original character', () => {
    // ㍿ → 株式会社 and ㋀ → 1月 are one character each: a word boundary inside would break the offset map.
    const text = '㍿、㋀号⑴½';
    const tokens = analyzer.tokenize(text);
    for (const t of tokens) expect(normalizeText(text.slice(t.start, t.end)), describeToken(t)).toBe(t.term);
    expect(primary(tokens)).toContain('株式会社');
    expect(tokens.some((t) => t.term === '1月' && t.start === 2 && t.end === 3)).toBe(true);
    expect(primary(tokens)).toEqual(['株式会社', '1月', '号', '(1)', '1⁄2']);
  });

  it('returns only primary words for queries: 桐庐快递 is 桐庐 and 快递', () => {
    expect(analyzer.words('桐庐快递')).toEqual(['桐庐', '快递']);
    expect(analyzer.words('中国农业发展银行')).toEqual(['中国', '农业发展银行']);
  });

  it('analyzes into the same tokens as tokenize and the same stream as charStream', async () => {
    const { charStream } = await import('../dist/src/analyze/index.js');
    const analysis = analyzer.analyze(MIXED);
    expect(analysis.tokens).toEqual(analyzer.tokenize(MIXED));
    expect(analysis.stream).toEqual(charStream(MIXED));
  });
});

describe('determinism and identity', () => {
  const texts = [MIXED, '王浩在全省深化新时代“千万工程”推进会暨缩小“三大差距”动员部署会上强调', '横村镇独山社区铜鼓队的队员们'];

  it('gives the same tokens for the same text, also from a second createAnalyzer call', () => {
    const again = createAnalyzer();
    for (const text of texts) {
      expect(again.tokenize(text)).toEqual(analyzer.tokenize(text));
      expect(analyzer.tokenize(text)).toEqual(analyzer.tokenize(text));
    }
    expect(again.fingerprint).toBe(analyzer.fingerprint);
  });

  it('gives the same tokens and fingerprint in another thread with its own jieba', async () => {
    const result = await inWorker<{ tokens: Token[][]; fingerprint: string }>(
      `const a = analyze.createAnalyzer(); return { tokens: workerData.map((t) => a.tokenize(t)), fingerprint: a.fingerprint };`,
      texts,
    );
    expect(result.fingerprint).toBe(analyzer.fingerprint);
    expect(result.tokens).toEqual(texts.map((t) => analyzer.tokenize(t)));
  });

  it('names the jieba version, the dictionary hashes and the normalization version in the fingerprint', () => {
    const jiebaPkg = JSON.parse(readFileSync(join(repoRoot, 'node_modules/nodejieba/package.json'), 'utf8')) as { version: string };
    const userDictHash = createHash('sha256').update(readFileSync(join(repoRoot, 'dict/user-dict.txt'))).digest('hex');
    const jiebaDictHash = createHash('sha256')
      .update(readFileSync(join(repoRoot, 'node_modules/nodejieba/submodules/cppjieba/dict/jieba.dict.utf8')))
      .digest('hex');
    expect(analyzer.fingerprint).toContain(`nodejieba=${jiebaPkg.version}`);
    expect(analyzer.fingerprint).toContain(`user=${userDictHash}`);
    expect(analyzer.fingerprint).toContain(`dict=${jiebaDictHash}`);
    expect(analyzer.fingerprint).toMatch(/ hmm=[0-9a-f]{64}/);
    expect(analyzer.fingerprint).toContain(`normalization=${NORMALIZATION_VERSION}`);
    expect(analyzer.fingerprint).not.toContain(repoRoot); // no paths: the same on every machine
    expect(analyzer.userDictPath).toBe(join(repoRoot, 'dict/user-dict.txt'));
  });
});
