// The query language, rule by rule: input → canonical form (describeQuery) and the warnings a reader sees.
import { describe, expect, it } from 'vitest';
import { describeQuery, MAX_CLAUSES, MAX_QUERY_LENGTH, parseQuery, type QueryNode } from '../dist/src/query/parse-query.js';
import { isStopWord } from '../dist/src/query/stop-words.js';

const canon = (q: string): string => describeQuery(parseQuery(q).root);
const warnings = (q: string): string[] => parseQuery(q).warnings;

// [input, canonical form, whether a warning is expected]
const TABLE: [string, string, boolean][] = [
  // whitespace and implicit AND
  ['桐庐 快递', '桐庐 快递', false],
  ['  桐庐\u3000快递\t物流\n新闻  ', '桐庐 快递 物流 新闻', false],
  ['习近平出发去南非参加金砖峰会', '习近平出发去南非参加金砖峰会', false],
  ['桐庐 AND 快递', '桐庐 快递', false],
  ['桐庐 桐庐', '桐庐', false],
  // phrases, in every quote style
  ['"核安全保护区" 报告', '"核安全保护区" 报告', false],
  ['“核安全保护区”', '"核安全保护区"', false],
  ['「核安全保护区」', '"核安全保护区"', false],
  ['『核安全保护区』', '"核安全保护区"', false],
  ['＂核安全保护区＂', '"核安全保护区"', false],
  ['“核安全保护区"', '"核安全保护区"', false],
  ['"  千万   工程 "', '"千万 工程"', false],
  ['缩小“三大差距”动员', '缩小 "三大差距" 动员', false],
  ['「他说"好"」', '「他说"好"」', false],
  ['"核安全保护区 报告', '"核安全保护区 报告"', true],
  ['"" 桐庐', '桐庐', true],
  // OR binds tighter than AND
  ['桐庐 快递 OR 物流', '桐庐 快递 OR 物流', false],
  ['快递 | 物流', '快递 OR 物流', false],
  ['快递｜物流', '快递 OR 物流', false],
  ['快递||物流', '快递 OR 物流', false],
  ['快递 OR OR 物流', '快递 OR 物流', false],
  ['快递 or 物流', '快递 or 物流', false],
  ['快递 OR', '快递', true],
  ['OR 快递', '快递', true],
  ['快递 OR 快递', '快递', false],
  // exclusion
  ['桐庐 -快递', '桐庐 -快递', false],
  ['桐庐 －快递', '桐庐 -快递', false],
  ['桐庐 --快递', '桐庐 -快递', false],
  ['桐庐 NOT 快递', '桐庐 -快递', false],
  ['桐庐 -"快递 物流"', '桐庐 -"快递 物流"', false],
  ['桐庐 -title:快递', '桐庐 -title:快递', false],
  ['桐庐 -(快递 OR 物流)', '桐庐 -(快递 OR 物流)', false],
  ['桐庐 -(快递 物流)', '桐庐 -(快递 物流)', false],
  ['桐庐 - 快递', '桐庐 快递', true],
  ['桐庐 -', '桐庐', true],
  ['Ｓ－２００ 克里米亚大桥', 'Ｓ－２００ 克里米亚大桥', false],
  ['中美-东盟', '中美-东盟', false],
  ['-快递', '', true],
  ['-快递 -物流', '', true],
  ['桐庐 OR -快递', '桐庐', true],
  ['桐庐 -(-快递)', '桐庐', true],
  // fields
  ['title:桐庐', 'title:桐庐', false],
  ['TITLE:桐庐', 'title:桐庐', false],
  ['标题：桐庐', 'title:桐庐', false],
  ['標題:桐庐', 'title:桐庐', false],
  ['ｔｉｔｌｅ：桐庐', 'title:桐庐', false],
  ['title:"千万工程" 推进会', 'title:"千万工程" 推进会', false],
  ['title:“千万工程”', 'title:"千万工程"', false],
  ['author:王珊婷', 'author:王珊婷', false],
  ['作者：王珊婷 桐庐', 'author:王珊婷 桐庐', false],
  ['author:"王 珊婷"', 'author:"王 珊婷"', false],
  ['-author:王珊婷 桐庐', '-author:王珊婷 桐庐', false],
  ['author:王珊婷 OR author:孙梦佳', 'author:王珊婷 OR author:孙梦佳', false],
  ['title:(快递 OR 物流) 桐庐', 'title:快递 OR title:物流 桐庐', false],
  ['title:-快递 桐庐', '-title:快递 桐庐', false],
  ['title: 桐庐', '桐庐', true],
  ['桐庐 title:', '桐庐', true],
  ['xyz:abc', 'xyz:abc', false],
  ['10:30 会议', '10:30 会议', false],
  ['https://www.example.com/a?b=1', 'https://www.example.com/a?b=1', false],
  // parentheses
  ['(桐庐 OR 富阳) 快递', '桐庐 OR 富阳 快递', false],
  ['（桐庐 OR 富阳）快递', '桐庐 OR 富阳 快递', false],
  ['(桐庐 快递) OR 物流', '(桐庐 快递) OR 物流', false],
  ['((桐庐))', '桐庐', false],
  ['(桐庐 快递', '桐庐 快递', true],
  ['桐庐) 快递', '桐庐 快递', true],
  ['() 桐庐', '桐庐', true],
  ['((((((((((桐庐 OR 富阳) 快递))))))))) 物流', '桐庐 OR 富阳 快递 物流', true],
  // only operators, junk
  ['OR OR -', '', true],
  ['()', '', true],
  ['""', '', true],
  ['“”「」', '', true],
  ['', '', false],
  ['   \u3000 ', '', false],
  ['！？。，', '', true],
  ['<script>alert(1)</script>', '<script>alert 1 </script>', false],
  ["' OR 1=1; DROP TABLE articles; --", '1=1; DROP TABLE articles;', true],
  ['.*+?^${}[]\\', '', true],
  // invisible and control characters
  ['桐\u200B庐', '桐庐', true],
  ['\u202E桐庐\u202C', '桐庐', true],
  ['桐庐\u0000快递', '桐庐 快递', false],
  ['桐庐 \uD800 快递', '桐庐 快递', true],
  ['桐庐 😀 快递', '桐庐 快递', true],
];

describe('parseQuery', () => {
  it.each(TABLE)('reads %j as %j', (input, expected, warns) => {
    const parsed = parseQuery(input);
    expect(describeQuery(parsed.root)).toBe(expected);
    expect(parsed.warnings.length > 0).toBe(warns);
  });

  it('binds OR tighter than the implicit AND', () => {
    expect(parseQuery('桐庐 快递 OR 物流').root).toEqual({
      kind: 'and',
      children: [
        { kind: 'term', text: '桐庐', field: 'any' },
        {
          kind: 'or',
          children: [
            { kind: 'term', text: '快递', field: 'any' },
            { kind: 'term', text: '物流', field: 'any' },
          ],
        },
      ],
    });
  });

  it('keeps terms exactly as typed, for the engine to normalize', () => {
    expect(parseQuery('習近平 Ｃ９１９').root).toEqual({
      kind: 'and',
      children: [
        { kind: 'term', text: '習近平', field: 'any' },
        { kind: 'term', text: 'Ｃ９１９', field: 'any' },
      ],
    });
  });

  it('gives author names and title phrases their own node kinds', () => {
    const root = parseQuery('author:王珊婷 title:"千万工程"').root as QueryNode & { kind: 'and' };
    expect(root.children).toEqual([
      { kind: 'author', name: '王珊婷' },
      { kind: 'phrase', text: '千万工程', field: 'title' },
    ]);
  });

  it('says why a query of exclusions only has nothing to search', () => {
    expect(warnings('-快递 -物流').join(' ')).toMatch(/only exclusions/);
  });

  it('says which quote was left open', () => {
    expect(warnings('桐庐 “快递').join(' ')).toMatch(/quote “ is not closed/);
  });

  it('cuts a query longer than MAX_QUERY_LENGTH and says so', () => {
    const parsed = parseQuery('桐'.repeat(MAX_QUERY_LENGTH + 100));
    expect(parsed.root).toEqual({ kind: 'term', text: '桐'.repeat(MAX_QUERY_LENGTH), field: 'any' });
    expect(parsed.warnings.join(' ')).toMatch(/longer than 500/);
  });

  it('never keeps half of a surrogate pair when it cuts a long query', () => {
    const parsed = parseQuery('a'.repeat(MAX_QUERY_LENGTH - 1) + '𠀀𠀀');
    expect(parsed.root).toEqual({ kind: 'term', text: 'a'.repeat(MAX_QUERY_LENGTH - 1), field: 'any' });
  });

  it(`keeps at most ${MAX_CLAUSES} terms and says so`, () => {
    const words = Array.from({ length: 100 }, (_, i) => `词${i}`);
    const parsed = parseQuery(words.join(' '));
    expect(describeQuery(parsed.root)).toBe(words.slice(0, MAX_CLAUSES).join(' '));
    expect(parsed.warnings.join(' ')).toMatch(/first 32 terms/);
  });

  it('reports each kind of repair once, however often it happens', () => {
    expect(warnings('a - b - c - d')).toEqual(['A lone "-" was ignored.']);
  });

  it('returns null and no warning for an empty query', () => {
    expect(parseQuery('')).toEqual({ root: null, warnings: [] });
  });
});

describe('describeQuery', () => {
  it('gives a form that parses back to the same tree', () => {
    for (const [input] of TABLE) {
      const root = parseQuery(input).root;
      expect(parseQuery(describeQuery(root)).root).toEqual(root);
    }
  });

  it('quotes a phrase that holds straight quotes with corner brackets', () => {
    expect(describeQuery({ kind: 'phrase', text: '他说"好"', field: 'any' })).toBe('「他说"好"」');
  });

  it('describes null as the empty string', () => {
    expect(describeQuery(null)).toBe('');
  });
});

describe('isStopWord', () => {
  it('knows the question and function words of natural-language questions', () => {
    for (const w of ['是', '的', '了', '吗', '呢', '吧', '啊', '多少', '几', '怎么', '怎样', '如何', '什么', '哪', '哪里', '哪儿', '哪天', '哪些', '哪个', '何时', '为什么', '为何', '谁', '有没有', '是否', '是不是', '在', '和', '与', '及', '请问', '一下']) {
      expect(isStopWord(w), w).toBe(true);
    }
  });

  it('leaves content words searchable, even short ones', () => {
    for (const w of ['桐庐', '习近平', '会见', '讲', '降息', '年', '说', '2024', 'c919', '']) expect(isStopWord(w), w).toBe(false);
  });
});
