// The reporter's archive over HTTP (issue 15), on a real server on a real port: a day's paper page by page, an
// article's citation and permalink, a result list exported as CSV or JSON Lines, and a query followed as an Atom feed
// (checked with a real XML parser, Chromium's). On the project's fixture archive, articles written here, and a sample
// of 新闻联播.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../dist/src/index.js';
import type { RunningServer } from '../dist/src/http/serve.js';
import { cctvSample, writeJsonl, type JsonArticle } from './support/corpus.js';
import { parseCsv } from './support/csv.js';
import { getJson, memoryLogger, startServer } from './support/http-fixture.js';
import { hasShared, NEEDS_SHARED, repoRoot, scratchDir } from './support/paths.js';

const ARCHIVE = join(repoRoot, 'test/fixtures/archive');
const CHROMIUM = '/usr/bin/chromium';

/** Written here: text a spreadsheet would run as a formula, markup, control characters, quotes. */
const HOSTILE = [
  { id: 'own-formula', title: '=HYPERLINK("http://example.invalid","点我") 桐江公式', date: '2024-01-13', authors: ['+王五'], source: '@桐江日报', page: '3', body: '-1+1 桐江 <b>粗体</b> & “引号” "直引号" \u0001控制符 </summary>]]>' },
  { id: 'own-plain', title: '桐江两岸梅花开', date: '2024-01-14', source: '桐江日报', body: '桐江两岸梅花竞相开放，吸引市民赏花。' },
];

/** The body decoded as it was sent: a byte order mark kept (Response.text() would drop it). */
async function fetchText(url: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, text };
}

/** GET with a Host header of our choosing (fetch does not let one set it). */
function getWithHost(url: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve(body));
    });
    req.on('error', reject).end();
  });
}

/** Reads a response, pausing after its first chunk for `pauseMs` so that the server's writes back up. */
function slowRead(url: string, pauseMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      let paused = false;
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (paused) return;
        paused = true;
        res.pause();
        setTimeout(() => res.resume(), pauseMs);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe.skipIf(!hasShared)(`the reporter's archive API ${NEEDS_SHARED}`, () => {
  let dir: string;
  let server: RunningServer;
  let proxied: RunningServer;
  let cctv: JsonArticle[];
  const api = (path: string) => `${server.url}${path}`;
  const q = encodeURIComponent;

  beforeAll(async () => {
    dir = scratchDir('reporter-api');
    cctv = [...cctvSample(2023, 200, 7)];
    const corpus = [ARCHIVE, writeJsonl(dir, 'hostile.jsonl', HOSTILE), writeJsonl(dir, 'cctv.jsonl', cctv)];
    await buildIndex({ corpus, out: join(dir, 'index'), workers: 2 });
    server = await startServer(join(dir, 'index'), { logger: memoryLogger() });
    proxied = await startServer(join(dir, 'index'), { logger: memoryLogger(), publicUrl: 'https://archive.example.com/baosou' });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await proxied?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('GET /api/browse', () => {
    it("gives a day's paper page by page in printed order, with the nearest days before and after", async () => {
      const { status, body } = await getJson(api('/api/browse?date=2024-01-05'));
      expect(status).toBe(200);
      expect(body.date).toBe('2024-01-05');
      expect(body.prev).toBe([...cctv.map((a) => a.date)].sort().pop()); // the 新闻联播 sample's last day, in 2023
      expect(body.next).toBe('2024-01-06');
      expect(body.pages.map((p: { page: string; label: string }) => [p.page, p.label])).toEqual([['01', '第01版'], ['02', '第02版'], ['03', '第03版']]);
      expect(body.pages[0].articles.map((a: { id: string; position: number }) => [a.id, a.position])).toEqual([
        ['20240105-01-01', 1],
        ['20240105-01-02', 2],
        ['20240105-01-03', 3],
      ]);
      expect(body.pages[0].articles[0]).toEqual({
        id: '20240105-01-01',
        title: '老街焕新颜 商户回流忙',
        kicker: '县城更新行动全面铺开——',
        subtitle: '——桐江县推进城市更新见闻',
        authors: ['林小雨', '陈东'],
        position: 1,
      });
    });

    it('orders articles by their place on the page, and says a day without articles is empty (with its neighbours)', async () => {
      const edition = await getJson(api('/api/browse?date=2024-01-12'));
      expect(edition.body.pages.map((p: { page: string }) => p.page)).toEqual(['B2']);
      expect(edition.body.pages[0].articles.map((a: { position: number }) => a.position)).toEqual([1, 2, 3]);
      const empty = await getJson(api('/api/browse?date=2024-01-10'));
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({ date: '2024-01-10', prev: '2024-01-07', next: '2024-01-12', pages: [] });
      const last = await getJson(api('/api/browse?date=2030-01-01'));
      expect(last.body).toMatchObject({ prev: '2024-01-21', next: null, pages: [] });
    });

    it('browses a day of 新闻联播 with the right count and neighbours', async () => {
      const dates = [...new Set(cctv.map((a) => a.date))].sort();
      const date = dates[Math.floor(dates.length / 2)];
      const { body } = await getJson(api(`/api/browse?date=${date}`));
      const expected = cctv.filter((a) => a.date === date).map((a) => a.id).sort();
      const got = body.pages.flatMap((p: { articles: Array<{ id: string }> }) => p.articles.map((a) => a.id));
      expect(got).toEqual(expected); // no page numbers: one group, in id order
      expect(body.pages.map((p: { page: string | null }) => p.page)).toEqual([null]);
      expect(body.prev).toBe(dates[dates.indexOf(date) - 1]);
      expect(body.next).toBe(dates[dates.indexOf(date) + 1]);
    });

    it('refuses a missing, malformed or impossible date with a 400 naming it', async () => {
      for (const query of ['', '?date=', '?date=2024-1-5', '?date=2024-02-30', '?date=2024-13-01', '?date=yesterday', '?date=2024-01-05&date=2024-01-06']) {
        const { status, body } = await getJson(api(`/api/browse${query}`));
        expect(status, query).toBe(400);
        expect(body.error.code, query).toMatch(/^BAOSOU_(QUERY_INVALID|HTTP_BAD_PARAM)$/);
        expect(body.error.message, query).toContain('date');
      }
      expect((await fetch(api('/api/browse?date=2024-01-05'), { method: 'POST' })).status).toBe(405);
    });
  });

  describe('GET /api/doc/:id citation and permalink', () => {
    it('cites headline, paper, date as written, page as printed and authors, as text and as parts', async () => {
      const { body } = await getJson(api('/api/doc/tj-20240112-B2-01'));
      expect(body.citation).toEqual({
        text: '周航：《全县启动防寒防冻应急响应》，《桐江日报》2024年1月12日第B2版。',
        headline: '全县启动防寒防冻应急响应',
        source: '桐江日报',
        date: '2024-01-12',
        date_text: '2024年1月12日',
        page: 'B2',
        page_text: '第B2版',
        authors: ['周航'],
      });
      // A programme with its gloss: the gloss left out; no page, no author.
      const tv = cctv.find((a) => a.title.includes('《'))!;
      const cited = (await getJson(api(`/api/doc/${tv.id}`))).body.citation;
      const [y, m, d] = tv.date.split('-').map(Number);
      expect(cited.text).toBe(`《${tv.title.replace(/《/g, '〈').replace(/》/g, '〉')}》，央视《新闻联播》${y}年${m}月${d}日。`);
      expect(cited.page_text).toBeNull();
    });

    it("links to the article on the search page: from the request's origin, or from --public-url", async () => {
      expect((await getJson(api('/api/doc/own-plain'))).body.permalink).toBe(`${server.url}/?doc=own-plain`);
      expect((await getJson(`${proxied.url}/api/doc/own-plain`)).body.permalink).toBe('https://archive.example.com/baosou/?doc=own-plain');
      expect((await getJson(api(`/api/doc/${q('20240120-A03-01')}`))).body.permalink).toBe(`${server.url}/?doc=20240120-A03-01`);
      // The Host a client sent is used when it is a host name; anything else is not echoed.
      expect(JSON.parse(await getWithHost(api('/api/doc/own-plain'), 'archive.example.org:8080')).permalink).toBe('http://archive.example.org:8080/?doc=own-plain');
      expect(JSON.parse(await getWithHost(api('/api/doc/own-plain'), 'evil"><script>')).permalink).toBe(`${server.url}/?doc=own-plain`);
    });
  });

  describe('GET /api/export', () => {
    it('writes every match as CSV in the search order: BOM, one header row, columns as documented, total rows', async () => {
      const { status, headers, text } = await fetchText(api(`/api/export?q=${q('桐江')}&format=csv`));
      expect(status).toBe(200);
      expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(headers.get('content-disposition')).toMatch(/^attachment; filename="baosou-export-\d{4}-\d\d-\d\d\.csv"; filename\*=UTF-8''baosou-%E6%A1%90%E6%B1%9F-\d{4}-\d\d-\d\d\.csv$/);
      expect(text.startsWith('\uFEFF')).toBe(true);
      const rows = parseCsv(text.slice(1));
      expect(rows[0]).toEqual(['id', 'date', 'page', 'title', 'authors', 'source', 'snippet', 'link']);
      const search = (await getJson(api(`/api/search?q=${q('桐江')}&size=100&collapse=0`))).body;
      expect(rows.length - 1).toBe(search.total);
      expect(headers.get('x-total-count')).toBe(String(search.total));
      expect(headers.get('x-export-rows')).toBe(String(search.total));
      expect(headers.get('x-export-cut')).toBe('false');
      expect(rows.slice(1).map((r) => r[0])).toEqual(search.hits.filter((h: { partial: boolean }) => !h.partial).map((h: { id: string }) => h.id));
      const a03 = rows.find((r) => r[0] === '20240120-A03-01')!;
      expect(a03.slice(1, 4)).toEqual(['2024-01-20', 'A03', '新能源汽车下乡活动启幕']);
      expect(a03[7]).toBe(`${server.url}/?doc=20240120-A03-01`);
    });

    it('keeps formulas, markup and quotes inert: plain-text snippets, formula cells prefixed with a quote', async () => {
      const text = (await fetchText(api(`/api/export?q=${q('桐江公式')}`))).text;
      const [, row] = parseCsv(text.slice(1));
      expect(row[0]).toBe('own-formula');
      expect(row[3]).toBe(`'=HYPERLINK("http://example.invalid","点我") 桐江公式`);
      expect(row[4]).toBe("'+王五");
      expect(row[5]).toBe("'@桐江日报");
      expect(row[6]).toBe("'-1+1 桐江 <b>粗体</b> & “引号” \"直引号\" \u0001控制符 </summary>]]>");
      expect(text).not.toContain('<mark>');
      expect(text).not.toContain('&lt;');
    });

    it('writes JSON Lines with the same rows and every filter of /api/search', async () => {
      const { headers, text } = await fetchText(api(`/api/export?q=${q('桐江')}&format=jsonl&from=2024-01-12&to=2024-01-20&sort=date`));
      expect(headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      expect(headers.get('content-disposition')).toContain('.jsonl');
      const rows = text.trimEnd().split('\n').map((line) => JSON.parse(line));
      const search = (await getJson(api(`/api/search?q=${q('桐江')}&size=100&collapse=0&from=2024-01-12&to=2024-01-20&sort=date`))).body;
      expect(rows.map((r) => r.id)).toEqual(search.hits.filter((h: { partial: boolean }) => !h.partial).map((h: { id: string }) => h.id));
      expect(rows.length).toBeGreaterThan(3);
      for (const r of rows) {
        expect(Object.keys(r)).toEqual(['id', 'date', 'page', 'kicker', 'title', 'subtitle', 'authors', 'source', 'section', 'position', 'snippet', 'link']);
        expect(r.date >= '2024-01-12' && r.date <= '2024-01-20').toBe(true);
        expect(r.link).toBe(`${server.url}/?doc=${encodeURIComponent(r.id)}`);
      }
      expect(rows.map((r) => r.date)).toEqual([...rows.map((r) => r.date)].sort().reverse());
      const byAuthor = (await fetchText(api(`/api/export?q=&author=${q('周航')}&format=jsonl`))).text.trim().split('\n');
      const authorSearch = (await getJson(api(`/api/search?q=&author=${q('周航')}&size=100`))).body;
      expect(byAuthor.map((line) => JSON.parse(line).id)).toEqual(authorSearch.hits.map((h: { id: string }) => h.id));
      expect(byAuthor).toHaveLength(3);
    });

    it('refuses a bad format, date or parameter with a 400 JSON error', async () => {
      for (const query of ['q=a&format=xml', 'q=a&from=2024-02-30', 'q=a&sort=random', 'q=a&q=b', 'q=a&collapse=maybe']) {
        const { status, body } = await getJson(api(`/api/export?${query}`));
        expect(status, query).toBe(400);
        expect(body.error.code, query).toMatch(/^BAOSOU_(QUERY_INVALID|HTTP_BAD_PARAM)$/);
      }
    });
  });

  describe('GET /api/feed', () => {
    let context: BrowserContext | null = null;
    let profile = '';
    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) return;
      profile = mkdtempSync(join(tmpdir(), 'baosou-chromium-'));
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    }, 60_000);
    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    /** The feed parsed by Chromium's XML parser: its parse error, or its feed and entries as the reader sees them. */
    async function parseAtom(xml: string) {
      const page = await context!.newPage();
      try {
        return await page.evaluate((text) => {
          const doc = new DOMParser().parseFromString(text, 'application/xml');
          const error = doc.getElementsByTagName('parsererror')[0];
          if (error) return { error: error.textContent };
          const ATOM = 'http://www.w3.org/2005/Atom';
          const root = doc.documentElement;
          const child = (el: Element, name: string) => Array.from(el.children).find((c) => c.namespaceURI === ATOM && c.localName === name);
          const links = (el: Element) => Array.from(el.children).filter((c) => c.localName === 'link').map((l) => ({ rel: l.getAttribute('rel'), href: l.getAttribute('href') }));
          return {
            error: null,
            root: { ns: root.namespaceURI, name: root.localName },
            id: child(root, 'id')?.textContent,
            title: child(root, 'title')?.textContent,
            updated: child(root, 'updated')?.textContent,
            links: links(root),
            entries: Array.from(root.children)
              .filter((c) => c.localName === 'entry')
              .map((e) => ({
                id: child(e, 'id')?.textContent,
                title: child(e, 'title')?.textContent,
                updated: child(e, 'updated')?.textContent,
                links: links(e),
                summary: child(e, 'summary')?.textContent,
                authors: Array.from(e.children).filter((c) => c.localName === 'author').map((a) => child(a, 'name')?.textContent),
              })),
          };
        }, xml);
      } finally {
        await page.close();
      }
    }

    it.skipIf(!existsSync(CHROMIUM))('is well-formed Atom 1.0 of the newest matches, newest first, every text escaped', async () => {
      const { status, headers, text } = await fetchText(api(`/api/feed?q=${q('桐江')}`));
      expect(status).toBe(200);
      expect(headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      const feed = await parseAtom(text);
      expect(feed.error).toBeNull();
      expect(feed.root).toEqual({ ns: 'http://www.w3.org/2005/Atom', name: 'feed' });
      expect(feed.id).toMatch(/^tag:127\.0\.0\.1,2026:feed\?q=/);
      expect(feed.title).toBe('报搜：桐江');
      expect(feed.updated).toBe('2024-01-21T00:00:00Z');
      expect(feed.links).toContainEqual({ rel: 'self', href: api(`/api/feed?q=${q('桐江')}`) });
      const search = (await getJson(api(`/api/search?q=${q('桐江')}&sort=date&size=50`))).body;
      const dated = search.hits.filter((h: { partial: boolean }) => !h.partial);
      expect(feed.entries!.map((e) => e.id)).toEqual(dated.map((h: { id: string }) => `tag:127.0.0.1,2026:article/${encodeURIComponent(h.id)}`));
      const updated = feed.entries!.map((e) => e.updated!);
      expect(updated).toEqual([...updated].sort().reverse());
      for (const entry of feed.entries!) {
        expect(entry.links).toEqual([{ rel: 'alternate', href: `${server.url}/?doc=${entry.id!.split('/').pop()}` }]);
        // A headline-only item has none.
        if (entry.summary !== undefined) expect(entry.summary).not.toBe('');
      }
      // The hostile article comes back as its own text, markup and all, as text: nothing of it became XML.
      expect(feed.entries!.filter((e) => e.summary).length).toBeGreaterThan(5);
      const formula = feed.entries!.find((e) => e.id!.endsWith('own-formula'))!;
      expect(formula.title).toBe('=HYPERLINK("http://example.invalid","点我") 桐江公式');
      expect(formula.summary).toBe('-1+1 桐江 <b>粗体</b> & “引号” "直引号" 控制符 </summary>]]>');
      expect(formula.authors).toEqual(['+王五']);
    });

    it.skipIf(!existsSync(CHROMIUM))('holds at most 50 entries and follows every filter; with --public-url its links are public', async () => {
      const all = await parseAtom((await fetchText(`${proxied.url}/api/feed?q=&author=&from=2023`)).text);
      expect(all.error).toBeNull();
      const everything = await parseAtom((await fetchText(`${proxied.url}/api/feed?q=${q('的')}`)).text);
      expect(everything.entries!.length).toBe(50);
      expect(everything.entries![0].links[0].href).toMatch(/^https:\/\/archive\.example\.com\/baosou\/\?doc=/);
      expect(everything.id).toMatch(/^tag:archive\.example\.com,2026:feed/);
      const narrowed = await parseAtom((await fetchText(api(`/api/feed?q=${q('的')}&to=2023-06-30`))).text);
      expect(narrowed.entries!.every((e) => e.updated! <= '2023-06-30T00:00:00Z')).toBe(true);
      expect((await getJson(api('/api/feed?q=a&from=2024-13'))).status).toBe(400);
    });
  });
});

describe.skipIf(!hasShared)(`an export of more than 10,000 matches ${NEEDS_SHARED}`, () => {
  it('writes the first 10,000 in order and says it was cut', async () => {
    const dir = scratchDir('reporter-export');
    try {
      const articles = Array.from({ length: 10_020 }, (_, i) => ({ id: `n${String(i).padStart(5, '0')}`, title: `通讯${i}`, date: `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`, body: `桐江新闻第${i}条。` }));
      await buildIndex({ corpus: [writeJsonl(dir, 'many.jsonl', articles)], out: join(dir, 'index'), workers: 2 });
      const server = await startServer(join(dir, 'index'), { logger: memoryLogger() });
      try {
        const response = await fetch(`${server.url}/api/export?q=${encodeURIComponent('桐江新闻')}&format=jsonl&sort=date-asc`);
        expect(response.headers.get('x-total-count')).toBe('10020');
        expect(response.headers.get('x-export-rows')).toBe('10000');
        expect(response.headers.get('x-export-cut')).toBe('true');
        // Streamed: no length known in advance.
        expect(response.headers.get('content-length')).toBeNull();
        const ids = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line).id as string);
        expect(ids.length).toBe(10_000);
        const expected = [...articles].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1)).slice(0, 10_000).map((a) => a.id);
        expect(ids).toEqual(expected);
        // A reader that stops reading for a while: the server waits for it (backpressure) and then writes the rest,
        // without piling up listeners on the response.
        const warnings: string[] = [];
        const onWarning = (w: Error) => warnings.push(w.name);
        process.on('warning', onWarning);
        try {
          const slow = await slowRead(`${server.url}/api/export?q=${encodeURIComponent('桐江新闻')}&format=csv&sort=date-asc`, 1500);
          expect(slow.split('\r\n').filter(Boolean)).toHaveLength(10_001);
        } finally {
          process.off('warning', onWarning);
        }
        expect(warnings).not.toContain('MaxListenersExceededWarning');
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
