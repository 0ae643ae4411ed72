// Working with a result list and an article in real headless Chromium against the real server: refining the list with
// removable chips, downloading it as CSV, subscribing to it as Atom, the other printings of a story, page and section
// facets, copying an article's citation and permalink, a phone-width screen — with no console error or CSP violation.
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../dist/src/http/serve.js';
import { CHROMIUM, hasChromium, pageSuite, POLL, settled } from './support/browser.js';
import { parseCsv } from './support/csv.js';
import { getJson } from './support/http-fixture.js';
import { buildPaperFixture, RMRB } from './support/paper-fixture.js';
import { NEEDS_SHARED } from './support/paths.js';

describe.skipIf(!existsSync(RMRB) || !hasChromium)(`a result list and an article in headless Chromium ${NEEDS_SHARED} (and ${CHROMIUM})`, () => {
  const suite = pageSuite('web-list', buildPaperFixture);
  let page: Page;
  let server: RunningServer;
  const q = encodeURIComponent;
  const api = async (path: string) => (await getJson(`${server.url}${path}`)).body;
  beforeEach(() => ({ page, server } = suite));

  const shownIds = () => page.locator('#results .hit-title a').evaluateAll((links) => links.map((a) => (a as HTMLElement).dataset.doc));
  const shownTotal = async () => Number((await page.locator('#status').textContent())!.match(/共找到 ([\d,]+) 篇/)![1].replace(/,/g, ''));
  const chips = () => page.locator('#chips .chip-label').allTextContents();
  async function open(path: string): Promise<void> {
    await page.goto(`${server.url}/${path}`);
    await settled(page, '#results-view');
  }

  it('narrows the list with 在结果中搜索: the query and each added term are chips, and removing one searches without it', async () => {
    const both = await api(`/api/search?q=${q('乡村 振兴')}`);
    const one = await api(`/api/search?q=${q('乡村')}`);
    const other = await api(`/api/search?q=${q('振兴')}`);
    expect(both.total).toBeLessThan(one.total);
    await open(`?q=${q('乡村')}`);
    expect(await shownTotal()).toBe(one.total);
    expect(await page.locator('#chips').isHidden()).toBe(true);

    await page.locator('#refine').fill('振兴');
    await page.locator('#refine').press('Enter');
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?q=${q('乡村')}&and=${q('振兴')}`);
    await settled(page, '#results-view');
    expect(await shownTotal()).toBe(both.total);
    expect(await shownIds()).toEqual(both.hits.map((h: { id: string }) => h.id));
    expect(await chips()).toEqual(['乡村', '振兴']);
    expect(await page.locator('#q').inputValue()).toBe('乡村');
    expect(await page.locator('#refine').inputValue()).toBe('');

    // Removing the added term: the original list again.
    await page.locator('#chips [data-remove="and:0"]').click();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?q=${q('乡村')}`);
    await expect.poll(shownTotal, POLL).toBe(one.total);
    expect(await page.locator('#chips').isHidden()).toBe(true);

    // Back returns to the refined list; removing the query leaves the added term as the search.
    await page.goBack();
    await expect.poll(chips, POLL).toEqual(['乡村', '振兴']);
    await expect.poll(shownTotal, POLL).toBe(both.total);
    await page.locator('#chips [data-remove="q"]').click();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?q=${q('振兴')}`);
    await expect.poll(shownTotal, POLL).toBe(other.total);
    expect(await page.locator('#q').inputValue()).toBe('振兴');
  });

  it('downloads the list as CSV: a BOM, the header row, and every article of the on-screen results with its filters', async () => {
    await open(`?q=${q('乡村')}&from=2023-09-04&to=2023-09-04`);
    const ids = await shownIds();
    const total = await shownTotal();
    expect(ids.length).toBe(total); // one screen: the whole list is visible
    expect(total).toBeGreaterThan(2);
    const link = page.locator('#download-csv');
    expect(await link.textContent()).toBe(`下载 CSV（${total} 篇）`);
    expect(await link.getAttribute('href')).toBe(`/api/export?q=${q('乡村')}&from=2023-09-04&to=2023-09-04&format=csv`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^baosou-乡村-\d{4}-\d\d-\d\d\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    await download.delete();
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(['id', 'date', 'page', 'title', 'authors', 'source', 'snippet', 'link']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(ids);
    const titles = await page.locator('#results .hit-title').allTextContents();
    expect(rows.slice(1).map((r) => r[3])).toEqual(titles);
    for (const r of rows.slice(1)) expect(r[1]).toBe('2023-09-04');
  });

  it('lists the other printings of a story under its hit (另见 N 处), exports every printing, and opens a copy', async () => {
    const copies = await api(`/api/search?q=${q('发动机')}`);
    expect([copies.total, copies.stories]).toEqual([2, 1]);
    await open(`?q=${q('发动机')}`);
    expect(await shownIds()).toEqual(['20230904-01-02']);
    expect(await page.locator('#results .hit-copies').textContent()).toBe('另见 1 处：2023-09-04 第04版');
    expect(await page.locator('#download-csv').textContent()).toBe('下载 CSV（2 篇）');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-csv').click()]);
    const rows = parseCsv(readFileSync((await download.path())!, 'utf8').slice(1));
    await download.delete();
    // Both printings, each a row of its own (in the order of the uncollapsed search).
    expect(rows.slice(1).map((r) => [r[0], r[2]]).sort()).toEqual([
      ['20230904-01-02', '01'],
      ['20230904-04-02', '04'],
    ]);
    await page.locator('#results .hit-copy').click();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?q=${q('发动机')}&doc=20230904-04-02`);
    await settled(page, '#article-view');
    expect(await page.locator('#article-view .article-meta').textContent()).toContain('第04版');
  });

  it('subscribes to the list: the link and the head alternate link give a well-formed Atom feed of its newest articles', async () => {
    await open(`?q=${q('桐江')}&from=2024-01`);
    const href = await page.locator('#subscribe').getAttribute('href');
    expect(href).toBe(`/api/feed?q=${q('桐江')}&from=2024-01`);
    const alternate = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
    expect(await alternate.getAttribute('href')).toBe(href);
    expect(await alternate.getAttribute('title')).toBe('报搜：桐江');
    const response = await page.request.get(`${server.url}${href}`);
    expect(response.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
    const xml = await response.text();
    const feed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const error = doc.querySelector('parsererror');
      return {
        error: error?.textContent ?? null,
        root: [doc.documentElement.namespaceURI, doc.documentElement.localName],
        title: doc.documentElement.querySelector(':scope > title')?.textContent,
        entries: Array.from(doc.documentElement.querySelectorAll(':scope > entry')).map((e) => [e.querySelector('link')!.getAttribute('href'), e.querySelector('updated')!.textContent]),
      };
    }, xml);
    expect(feed.error).toBeNull();
    expect(feed.root).toEqual(['http://www.w3.org/2005/Atom', 'feed']);
    expect(feed.title).toBe('报搜：桐江');
    const newest = await api(`/api/search?q=${q('桐江')}&from=2024-01&sort=date&size=50`);
    expect(feed.entries.map(([link]) => new URL(link!).searchParams.get('doc'))).toEqual(newest.hits.filter((h: { partial: boolean }) => !h.partial).map((h: { id: string }) => h.id));
    const updated = feed.entries.map(([, u]) => u!);
    expect(updated).toEqual([...updated].sort().reverse());

    // Without a list there is nothing to follow.
    await page.locator('.brand').click();
    await settled(page, '#results-view');
    expect(await alternate.count()).toBe(0);
  });

  it('copies the citation and the permalink to the clipboard and says so', async () => {
    await suite.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const doc = await api('/api/doc/tj-20240112-B2-01');
    expect(doc.citation.text).toBe('周航：《全县启动防寒防冻应急响应》，《桐江日报》2024年1月12日第B2版。');
    await page.goto(`${server.url}/?q=${q('寒潮')}&doc=tj-20240112-B2-01`);
    await settled(page, '#article-view');
    expect(await page.locator('#citation-text').textContent()).toBe(doc.citation.text);
    expect(await page.locator('#permalink').getAttribute('href')).toBe(`${server.url}/?doc=tj-20240112-B2-01`);

    await page.locator('#copy-citation').click();
    await expect.poll(() => page.locator('#copy-status').textContent(), POLL).toBe('已复制引文');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(doc.citation.text);
    await page.locator('#copy-permalink').click();
    await expect.poll(() => page.locator('#copy-status').textContent(), POLL).toBe('已复制链接');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(doc.permalink);
    // The permalink opens the article.
    await page.goto(doc.permalink);
    await settled(page, '#article-view');
    expect(await page.locator('#article-title').textContent()).toBe('全县启动防寒防冻应急响应');
  });

  it('selects the citation for Ctrl+C where the browser has no clipboard for the page', async () => {
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
    await page.goto(`${server.url}/?doc=tj-20240112-B2-01`);
    await settled(page, '#article-view');
    await page.locator('#copy-citation').click();
    await expect.poll(() => page.locator('#copy-status').textContent(), POLL).toBe('已选中引文，请按 Ctrl+C 复制');
    expect(await page.evaluate(() => window.getSelection()!.toString())).toBe(await page.locator('#citation-text').textContent());
  });

  it('shows no page or section facets for a list without them', async () => {
    const tv = await api(`/api/search?q=${q('新闻联播')}&to=2022`);
    await open(`?q=${q('新闻联播')}&to=2022`);
    expect(await shownTotal()).toBe(tv.total);
    expect(tv.total).toBeGreaterThan(0);
    expect(tv.facets.print_pages ?? []).toEqual([]);
    expect(await page.locator('#facets').isHidden()).toBe(true);
  });

  it('filters by page (版次) from the facet, as a removable chip in the URL and the export', async () => {
    const all = await api(`/api/search?q=${q('乡村')}`);
    expect(all.facets.print_pages.length).toBeGreaterThan(0);
    const facet = all.facets.print_pages[0] as { value: string; count: number };
    await open(`?q=${q('乡村')}`);
    const buttons = page.locator('#facets [data-facet="print_page"]');
    expect(await buttons.evaluateAll((b) => b.map((x) => (x as HTMLElement).dataset.value))).toEqual(all.facets.print_pages.map((f: { value: string }) => f.value));
    await page.locator(`#facets [data-facet="print_page"][data-value="${facet.value}"]`).click();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?q=${q('乡村')}&print_page=${q(facet.value)}`);
    await settled(page, '#results-view');
    expect(await shownTotal()).toBe(facet.count);
    expect(await chips()).toEqual([`版次：第${facet.value}版`]);
    for (const meta of await page.locator('#results .hit-meta').allTextContents()) expect(meta).toContain(`第${facet.value}版`);
    expect(await page.locator('#download-csv').getAttribute('href')).toContain(`print_page=${q(facet.value)}`);
    expect(await page.locator('#subscribe').getAttribute('href')).toContain(`print_page=${q(facet.value)}`);
    await page.locator('#chips [data-remove="print_page"]').click();
    await expect.poll(shownTotal, POLL).toBe(all.total);
    expect(page.url()).toBe(`${server.url}/?q=${q('乡村')}`);
  });

  it('filters by section (栏目) from the facet, as a removable chip', async () => {
    const all = await api(`/api/search?q=${q('桐江')}`);
    expect(all.facets.sections.length).toBeGreaterThan(0);
    const facet = all.facets.sections[0] as { value: string; count: number };
    await open(`?q=${q('桐江')}`);
    await page.locator(`#facets [data-facet="section"][data-value="${facet.value}"]`).click();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?q=${q('桐江')}&section=${q(facet.value)}`);
    await settled(page, '#results-view');
    expect(await shownTotal()).toBe(facet.count);
    expect(await chips()).toEqual([`栏目：${facet.value}`]);
    expect(await page.locator(`#facets [data-value="${facet.value}"]`).getAttribute('aria-pressed')).toBe('true');
    await page.locator('#chips [data-remove="section"]').click();
    await expect.poll(shownTotal, POLL).toBe(all.total);
  });

  it('fits a phone-width screen with the list tools, chips and an article with its citation', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await open(`?q=${q('乡村')}&and=${q('振兴')}&and=${q('“千万工程”经验 OR 高质量发展')}`);
    expect(await chips()).toEqual(['乡村', '振兴', '“千万工程”经验 OR 高质量发展']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    for (const id of ['#refine', '#download-csv', '#subscribe']) {
      const box = await page.locator(id).boundingBox();
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(375);
    }
    await page.goto(`${server.url}/?doc=tj-20240112-B2-01`);
    await settled(page, '#article-view');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const button = await page.locator('#copy-permalink').boundingBox();
    expect(button!.x + button!.width).toBeLessThanOrEqual(375);
  });
});
