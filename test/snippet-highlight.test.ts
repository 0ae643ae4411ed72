// Highlighting and snippets: marks at exact original offsets, text escaped exactly once, the best window chosen.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { streamText } from '../dist/src/analyze/index.js';
import { CharStreamCache, escapeHtml, findMatches, highlightHtml, makeSnippet } from '../dist/src/snippet/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(repoRoot, '../shared');
const samplePage = path.join(shared, 'samples/newspaper-page.txt');
const corpusFile = path.join(shared, 'corpus/cctv-xwlb/xwlb-2024.jsonl.gz');

const MARK = /<mark>(.*?)<\/mark>/gs;

function unescapeHtml(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}
function marks(html: string): string[] {
  return [...html.matchAll(MARK)].map((m) => unescapeHtml(m[1]));
}
/** The snippet's text: marks removed, entities unescaped, the '…' markers cut off. */
function plainText(html: string): { text: string; cutStart: boolean; cutEnd: boolean } {
  let text = unescapeHtml(html.replace(/<\/?mark>/g, ''));
  const cutStart = text.startsWith('…');
  if (cutStart) text = text.slice(1);
  const cutEnd = text.endsWith('…');
  if (cutEnd) text = text.slice(0, -1);
  return { text, cutStart, cutEnd };
}
/** How a snippet renders paragraph breaks: a break with the spaces around it becomes one space. */
function flattenBreaks(text: string): string {
  return text.replace(/[ \t\r\u3000\u00a0]*\n[\s\u3000]*/g, ' ');
}
/** A mark's stream is covered, end to end, by occurrences of the needles (one needle, or overlapping ones merged). */
function coveredByNeedles(markText: string, needles: string[]): boolean {
  const s = streamText(markText);
  let reach = 0;
  for (let i = 0; i < s.length && i <= reach; i++) {
    for (const n of needles) if (n && s.startsWith(n, i)) reach = Math.max(reach, i + n.length);
  }
  return s.length > 0 && reach === s.length;
}
/** A stretch of a stream as a query unit holds it: without a clause break (U+0000) at either end. */
function trimBreaks(s: string): string {
  return s.replace(/^\u0000+|\u0000+$/g, '');
}
function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** Checks every promise of makeSnippet on one text; returns the marks. */
function checkSnippet(text: string, needles: string[], width = 120): string[] {
  const html = makeSnippet(text, needles, { width });
  expect(hasLoneSurrogate(html)).toBe(false);
  expect(html).not.toMatch(/<(?!\/?mark>)/); // no tag but <mark> and </mark>
  const found = marks(html);
  for (const m of found) expect(coveredByNeedles(m, needles), `mark ${m}`).toBe(true);
  const { text: plain, cutStart, cutEnd } = plainText(html);
  const flat = flattenBreaks(text);
  expect(flat.includes(plain), `snippet is a slice of the text: ${plain}`).toBe(true);
  // '…' exactly where text was cut off (the slice may occur more than once: one occurrence must agree).
  let agrees = false;
  for (let at = flat.indexOf(plain); at >= 0 && !agrees; at = flat.indexOf(plain, at + 1)) {
    agrees = cutStart === (flat.slice(0, at).trim() !== '') && cutEnd === (flat.slice(at + plain.length).trim() !== '');
  }
  expect(agrees, `'…' markers of ${html}`).toBe(true);
  return found;
}

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters and nothing else', () => {
    expect(escapeHtml(`<a href="x">'桐庐' & 富阳</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;桐庐&#39; &amp; 富阳&lt;/a&gt;');
    expect(escapeHtml('桐庐 C919 “三大差距”')).toBe('桐庐 C919 “三大差距”');
  });

  it('escapes an already escaped entity again, so &amp; in an article shows as typed', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('findMatches', () => {
  it('maps matches back to the original offsets of full-width and Traditional text', () => {
    const text = '習近平在Ｃ９１９首飛儀式上';
    const spans = findMatches(text, ['习近平', 'c919']);
    expect(spans.map((s) => [text.slice(s.start, s.end), s.needle])).toEqual([
      ['習近平', 0],
      ['Ｃ９１９', 1],
    ]);
  });

  it('matches a phrase across the punctuation inside it', () => {
    const text = '加快缩小“三大差距”，努力';
    const [span] = findMatches(text, ['缩小三大差距']);
    expect(text.slice(span.start, span.end)).toBe('缩小“三大差距');
  });

  it('finds every occurrence, overlapping ones too, and ignores empty needles', () => {
    const text = '哈哈哈，好哈哈';
    expect(findMatches(text, ['哈哈', '']).map((s) => s.start)).toEqual([0, 1, 5]);
    expect(findMatches(text, [])).toEqual([]);
    expect(findMatches('', ['哈'])).toEqual([]);
  });

  it('lists the matches of several needles in text order (longer first on one start), as a plain search finds them', () => {
    // Texts of a few characters, needles that overlap, share starts and nest: every occurrence, in one order.
    let seed = 20261204;
    const random = (n: number) => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n;
    const alphabet = '新闻联播习近平会见总理';
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 5 + random(60) }, () => alphabet[random(alphabet.length)]).join('');
      const needles = Array.from({ length: 1 + random(4) }, () => {
        const from = random(text.length);
        return text.slice(from, from + 1 + random(3));
      });
      const expected: { start: number; end: number; needle: number }[] = [];
      needles.forEach((needle, index) => {
        if (needles.indexOf(needle) !== index) return;
        for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) expected.push({ start: at, end: at + needle.length, needle: index });
      });
      expected.sort((a, b) => a.start - b.start || b.end - a.end || a.needle - b.needle);
      expect(findMatches(text, needles)).toEqual(expected);
    }
  });
});

describe('highlightHtml', () => {
  it('marks 習近平 and Ｃ９１９ in the original text for the needles 习近平 and c919', () => {
    expect(highlightHtml('習近平在Ｃ９１９…', ['习近平', 'c919'])).toBe('<mark>習近平</mark>在<mark>Ｃ９１９</mark>…');
  });

  it('marks 缩小“三大差距 for the phrase needle 缩小三大差距', () => {
    expect(highlightHtml('缩小“三大差距”', ['缩小三大差距'])).toBe('<mark>缩小“三大差距</mark>”');
  });

  it('keeps <script> and &amp; in an article inert and intact, escaped exactly once', () => {
    const body = '桐庐<script>alert(1)</script>说 AT&amp;T 和 "引号" \'单引号\'';
    const html = highlightHtml(body, ['桐庐', 'script']);
    expect(html).toBe(
      '<mark>桐庐</mark>&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;说 AT&amp;amp;T 和 &quot;引号&quot; &#39;单引号&#39;',
    );
    expect(unescapeHtml(html.replace(/<\/?mark>/g, ''))).toBe(body);
  });

  it('merges overlapping matches into one mark and keeps paragraph breaks', () => {
    expect(highlightHtml('习近平总书记\n总书记强调', ['习近平总书记', '总书记强调', '书记'])).toBe(
      '<mark>习近平总书记</mark>\n<mark>总书记强调</mark>',
    );
    expect(highlightHtml('国家主席习近平', ['主席', '席习'])).toBe('国家<mark>主席习</mark>近平');
  });

  it('returns the text escaped and unmarked when nothing matches', () => {
    expect(highlightHtml('a<b', ['桐庐'])).toBe('a&lt;b');
  });
});

describe('makeSnippet', () => {
  const filler = (n: number, s = '会议指出要坚持稳中求进工作总基调。') => s.repeat(Math.ceil(n / s.length)).slice(0, n);

  it('picks the window holding the most distinct needles, not the first match', () => {
    const text = filler(200) + '桐庐今天下雨。' + filler(300) + '桐庐的快递和物流都很快。' + filler(300);
    const html = makeSnippet(text, ['桐庐', '快递', '物流']);
    expect(marks(html)).toEqual(['桐庐', '快递', '物流']);
    checkSnippet(text, ['桐庐', '快递', '物流']);
  });

  it('prefers more matches among windows with the same distinct needles, then the earliest', () => {
    const text = filler(200) + '桐庐。' + filler(300) + '桐庐，桐庐。' + filler(300) + '桐庐，桐庐。' + filler(100);
    const html = makeSnippet(text, ['桐庐']);
    expect(marks(html)).toEqual(['桐庐', '桐庐']);
    const { text: plain } = plainText(html);
    expect(text.indexOf(plain)).toBeLessThan(600);
  });

  it('starts the window at the start of the sentence holding the match when that is near', () => {
    const text = filler(17 * 18) + '桐庐县今年的快递业务量增长很快。' + filler(300);
    const { text: plain } = plainText(makeSnippet(text, ['快递']));
    expect(plain.startsWith('桐庐县今年的快递')).toBe(true);
  });

  it('does not start on the closing quote of the sentence before', () => {
    const text = filler(17 * 18) + '他说：“要加快发展。”桐庐县今年的快递业务量增长很快。' + filler(300);
    const { text: plain } = plainText(makeSnippet(text, ['快递']));
    expect(plain.startsWith('桐庐县今年的快递')).toBe(true);
  });

  it('stays about the width long and shows a match at the very start or end of the text', () => {
    const text = '快递' + filler(1000) + '物流';
    for (const needle of ['快递', '物流']) {
      const html = makeSnippet(text, [needle], { width: 80 });
      expect(marks(html)).toEqual([needle]);
      expect(plainText(html).text.length).toBeLessThanOrEqual(80);
      expect(plainText(html).text.length).toBeGreaterThan(60);
      checkSnippet(text, [needle], 80);
    }
  });

  it('shows the start of the text when nothing matches', () => {
    const text = filler(500);
    const html = makeSnippet(text, ['桐庐']);
    expect(html.startsWith(text.slice(0, 100))).toBe(true);
    expect(html.endsWith('…')).toBe(true);
    expect(makeSnippet('短文。', [])).toBe('短文。');
  });

  it('shows a match longer than the width whole', () => {
    const phrase = '缩小三大差距'.repeat(5);
    const text = filler(100) + phrase + filler(100);
    expect(marks(makeSnippet(text, [phrase], { width: 20 }))).toEqual([phrase]);
  });

  it('renders paragraph breaks as one space', () => {
    const html = makeSnippet('第一段说桐庐。\n\u3000\u3000第二段说快递。', ['桐庐', '快递']);
    expect(html).toBe('第一段说<mark>桐庐</mark>。 第二段说<mark>快递</mark>。');
  });

  it('keeps <script> and &amp; in a body inert and intact, escaped exactly once', () => {
    const body = filler(200) + '桐庐<script>alert(1)</script> AT&amp;T' + filler(200);
    const html = makeSnippet(body, ['桐庐']);
    expect(html).toContain('<mark>桐庐</mark>&lt;script&gt;alert(1)&lt;/script&gt; AT&amp;amp;T');
    checkSnippet(body, ['桐庐']);
  });

  it('highlights Traditional and full-width text for Simplified and half-width needles', () => {
    const body = filler(150) + '習近平在Ｃ９１９首飛儀式上講話。' + filler(150);
    expect(marks(makeSnippet(body, ['习近平', 'c919']))).toEqual(['習近平', 'Ｃ９１９']);
  });

  it('never splits a surrogate pair at either edge of the window', () => {
    const ext = '𠀀𠀁𠀂𠀃𠀄';
    const text = ext.repeat(100) + '桐庐' + ext.repeat(100);
    for (let width = 10; width < 60; width++) checkSnippet(text, ['桐庐'], width);
    checkSnippet(ext.repeat(100), ['桐庐'], 33);
  });

  it('keeps every promise on random needles in random text', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const alphabet = '桐庐快递物流。，“”\n 習近平Ｃ９１９c𠀀<>&';
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 20 + rand(400) }, () => [...alphabet][rand([...alphabet].length)]).join('');
      const stream = [...streamText(text)];
      const needles = Array.from({ length: 1 + rand(3) }, () => {
        const at = rand(Math.max(1, stream.length - 3));
        // As a query's unit would be: a clause break inside, never at an end.
        return trimBreaks(stream.slice(at, at + 1 + rand(3)).join(''));
      });
      checkSnippet(text, needles, 20 + rand(120));
    }
  });

  it('gives the same snippets from kept character streams as from streams made each time, long texts too', () => {
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const alphabet = '桐庐快递物流。，“”\n 習近平Ｃ９１９c𠀀<>&3.5%';
    // A cache so small that it keeps a few texts only: hits, misses and evictions all happen.
    const streams = new CharStreamCache(64 * 1024);
    const texts = Array.from({ length: 40 }, (_, i) => Array.from({ length: i === 0 ? 70_000 : i % 10 === 0 ? 5_000 + rand(2_000) : 20 + rand(400) }, () => [...alphabet][rand([...alphabet].length)]).join(''));
    for (let round = 0; round < 400; round++) {
      const key = rand(texts.length);
      const text = texts[key];
      const stream = [...streamText(text.slice(0, 2_000))];
      const needles = Array.from({ length: 1 + rand(3) }, () => {
        const at = rand(Math.max(1, stream.length - 3));
        return stream.slice(at, at + 1 + rand(3)).join('');
      });
      const width = 20 + rand(120);
      expect(makeSnippet(text, needles, { width, streams: { cache: streams, key } }), `round ${round}`).toBe(makeSnippet(text, needles, { width }));
    }
    expect(streams.stats.entries).toBeGreaterThan(0);
    expect(streams.stats.bytes).toBeLessThanOrEqual(64 * 1024);
  });
});

describe.skipIf(!existsSync(samplePage))('makeSnippet on the sample newspaper page (needs ../shared/samples)', () => {
  const page = existsSync(samplePage) ? readFileSync(samplePage, 'utf8') : '';

  it('marks 缩小“三大差距 and 千万工程 in one window of the page', () => {
    const found = checkSnippet(page, ['缩小三大差距', '千万工程']);
    expect(found).toContain('缩小“三大差距');
    expect(found).toContain('千万工程');
  });

  it('keeps every promise for every two-character needle of a page paragraph', () => {
    const stream = streamText(page.slice(0, 400));
    for (let i = 0; i + 2 <= stream.length; i += 3) checkSnippet(page, [trimBreaks(stream.slice(i, i + 2)), '习近平']);
  });
});

describe.skipIf(!existsSync(corpusFile))('makeSnippet on real articles (needs ../shared/corpus/cctv-xwlb)', () => {
  const articles = existsSync(corpusFile)
    ? gunzipSync(readFileSync(corpusFile))
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .slice(0, 300)
        .map((line) => JSON.parse(line) as { title: string; body: string })
    : [];

  it('marks the title words of 300 articles in their bodies and keeps every promise', () => {
    let marked = 0;
    for (const a of articles) {
      const t = streamText(a.title);
      const needles = [t.slice(0, 2), t.slice(2, 4), t.slice(-2)].filter((n) => n.length === 2);
      if (checkSnippet(a.body, needles).length > 0) marked++;
    }
    expect(marked).toBeGreaterThan(articles.length * 0.8);
  });
});
