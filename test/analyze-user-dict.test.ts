// The user dictionary: what a newsroom may write in it, the errors it gets otherwise, and one dictionary per thread.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnalyzerError, createAnalyzer, type Analyzer } from '../dist/src/analyze/index.js';
import { repoRoot, scratchDir } from './support/paths.js';

const dir = scratchDir('analyze-dict');
function dictFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function errorOf(f: () => unknown): AnalyzerError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(AnalyzerError);
    return error as AnalyzerError;
  }
  throw new Error('expected an AnalyzerError, nothing was thrown');
}

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer();
});

describe('the repository dictionary', () => {
  it('keeps the newsroom names from the sample page whole', () => {
    const words = ['桐庐', '横村镇', '独山社区', '江南镇', '荻浦村', '通达未来城', '杭温高铁', '千万工程', '三大差距', '共富工坊', '华策影视', '大联武举塘', '荻浦商会', '微短剧'];
    const sentence = '桐庐横村镇独山社区、江南镇荻浦村、通达未来城、杭温高铁、千万工程、三大差距、共富工坊、华策影视、大联武举塘、荻浦商会、微短剧';
    expect(analyzer.words(sentence)).toEqual(words);
  });
});

describe('user dictionary errors', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['a comment line', '桐庐 20000 ns\n# places\n', /:2: comments are not supported/],
    ['a frequency without a tag', '桐庐 20000\n', /:1: .*second as a part-of-speech tag/],
    ['two spaces between columns', '桐庐  20000 ns\n', /:1: .*not one word/],
    ['four columns', '桐庐 20000 ns extra\n', /:1: .*not one word/],
    ['a Windows line ending', '桐庐 20000 ns\r\n', /:1: .*carriage return/],
    ['a zero frequency', '桐庐 0 ns\n', /:1: .*whole number from 1/],
    ['a Traditional word', '臺灣 20000 ns\n', /:1: "臺灣" is not in normalized form; write it as "台湾"/],
    ['a Latin word', 'C919 20000 nz\n', /:1: "C919" must consist of Chinese characters only/],
    ['a word listed twice', '桐庐 20000 ns\n横村镇 20000 ns\n桐庐 3 ns\n', /:3: "桐庐" is already listed on line 1/],
  ];
  for (const [what, content, message] of cases) {
    it(`rejects ${what} with BAOSOU_USER_DICT_INVALID and the line number`, () => {
      const path = dictFile(`bad-${cases.findIndex((c) => c[0] === what)}.txt`, content);
      const error = errorOf(() => createAnalyzer({ userDictPath: path }));
      expect(error.code).toBe('BAOSOU_USER_DICT_INVALID');
      expect(error.message).toMatch(/^BAOSOU_USER_DICT_INVALID: /);
      expect(error.message).toContain(path);
      expect(error.message).toMatch(message);
    });
  }

  it('rejects a file with a byte order mark', () => {
    const error = errorOf(() => createAnalyzer({ userDictPath: dictFile('bom.txt', '\uFEFF桐庐 20000 ns\n') }));
    expect(error.code).toBe('BAOSOU_USER_DICT_INVALID');
    expect(error.message).toMatch(/byte order mark/);
  });

  it('rejects a file that is not UTF-8', () => {
    const error = errorOf(() => createAnalyzer({ userDictPath: dictFile('gbk.txt', Buffer.from([0xba, 0xe1, 0xb4, 0xe5, 0x0a]) /* 横村 in GBK */) }));
    expect(error.code).toBe('BAOSOU_USER_DICT_INVALID');
    expect(error.message).toMatch(/not valid UTF-8/);
  });

  it('reports a missing file with BAOSOU_USER_DICT_MISSING instead of letting jieba abort the process', () => {
    const error = errorOf(() => createAnalyzer({ userDictPath: join(dir, 'no-such-dict.txt') }));
    expect(error.code).toBe('BAOSOU_USER_DICT_MISSING');
    expect(error.message).toContain('no-such-dict.txt');
  });

  it('refuses a second, different user dictionary in the same thread', () => {
    const other = dictFile('other.txt', '桐庐 20000 ns\n');
    const error = errorOf(() => createAnalyzer({ userDictPath: other }));
    expect(error.code).toBe('BAOSOU_ANALYZER_CONFLICT');
    expect(error.message).toContain(join(repoRoot, 'dict/user-dict.txt'));
  });

  it('accepts words alone, with a tag, or with a frequency and tag, and empty lines', async () => {
    const path = dictFile('ok.txt', '桐庐\n\n横村镇 ns\n荻浦村 20000 ns\n');
    // A fresh thread: this one already holds the repository dictionary.
    const module = pathToFileURL(join(repoRoot, 'dist/src/analyze/index.js')).href;
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(${JSON.stringify(module)}).then((analyze) => {
        const a = analyze.createAnalyzer({ userDictPath: workerData });
        parentPort.postMessage({ words: a.words('横村镇荻浦村'), fingerprint: a.fingerprint, path: a.userDictPath });
      }).catch((e) => parentPort.postMessage({ error: e.message }));`;
    const result = await new Promise<{ words: string[]; fingerprint: string; path: string; error?: string }>((resolve, reject) => {
      const worker = new Worker(code, { eval: true, workerData: path });
      worker.once('message', (m) => {
        void worker.terminate();
        resolve(m as { words: string[]; fingerprint: string; path: string });
      });
      worker.once('error', reject);
    });
    expect(result.error).toBeUndefined();
    expect(result.words).toEqual(['横村镇', '荻浦村']);
    expect(result.fingerprint).not.toBe(analyzer.fingerprint);
  });
});
