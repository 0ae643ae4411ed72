// A day's paper in real headless Chromium against the real server: the home page's account of the archive, the date
// picker, the day view page by page in printed order, stepping to the next issue, back/forward and reload, 同日同版 and
// 同日其他报道 from an article, and a phone-width screen — with no console error or CSP violation anywhere.
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../dist/src/http/serve.js';
import { CHROMIUM, hasChromium, pageSuite, POLL, settled } from './support/browser.js';
import { getJson } from './support/http-fixture.js';
import { buildPaperFixture, MARKUP_ARTICLE, RMRB } from './support/paper-fixture.js';
import { NEEDS_SHARED } from './support/paths.js';

interface BrowsePage {
  page: string | null;
  label: string | null;
  articles: Array<{ id: string; title: string; kicker: string | null; subtitle: string | null; authors: string[] }>;
}

describe.skipIf(!existsSync(RMRB) || !hasChromium)(`a day's paper in headless Chromium ${NEEDS_SHARED} (and ${CHROMIUM})`, () => {
  const suite = pageSuite('web-day', buildPaperFixture);
  let page: Page;
  let server: RunningServer;
  const api = async (path: string) => (await getJson(`${server.url}${path}`)).body;
  beforeEach(() => ({ page, server } = suite));

  /** The day view as a reader sees it: each page's name and its headlines, in order. */
  const shownPages = () =>
    page.locator('#day-view .paper-page').evaluateAll((sections) =>
      sections.map((s) => ({ name: s.querySelector('.paper-page-name')!.firstChild!.textContent, titles: Array.from(s.querySelectorAll('.day-headline')).map((h) => h.textContent) })),
    );
  const expectedPages = (pages: BrowsePage[]) => pages.map((p) => ({ name: p.label ?? '当日报道', titles: p.articles.map((a) => a.title) }));

  it('shows the archive on the home page: its articles, its dates and the latest issue, one click from browsing it', async () => {
    const archive = await api('/api/archive');
    const latest = await api(`/api/browse?date=${archive.last_date}`);
    await page.goto(server.url);
    await expect.poll(() => page.locator('#archive .archive-count').textContent(), POLL).toBe(`本库收录 ${archive.articles.toLocaleString('zh-CN')} 篇报道，2022年${Number(archive.first_date.slice(5, 7))}月${Number(archive.first_date.slice(8))}日至2024年1月21日。`);
    expect(archive.last_date).toBe('2024-01-21');
    expect(await page.locator('#latest-issue').textContent()).toBe('2024年1月21日');
    const headlines = latest.pages.flatMap((p: BrowsePage) => p.articles.map((a) => a.title)).slice(0, 4);
    expect(await page.locator('#archive .latest-headlines a').allTextContents()).toEqual(headlines);
    // The date picker spans the archive.
    expect(await page.locator('#day').getAttribute('max')).toBe('2024-01-21');
    expect(await page.locator('#day').getAttribute('min')).toBe(archive.first_date);

    await page.locator('#archive .latest-browse').click();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?date=2024-01-21`);
    await settled(page, '#day-view');
    expect(await shownPages()).toEqual(expectedPages(latest.pages));
    expect(await page.locator('#results-view').isHidden()).toBe(true);
  });

  it('opens a day from the date picker, page by page in printed order, and steps to the next issue; back and reload keep the day', async () => {
    const first = await api('/api/browse?date=2023-09-04');
    await page.goto(server.url);
    await page.locator('#day').fill('2023-09-04');
    await page.locator('#day-form button[type="submit"]').click();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?date=2023-09-04`);
    await settled(page, '#day-view');
    expect(await page.locator('#day-title').textContent()).toBe('2023年9月4日');
    expect(await page.title()).toBe('2023年9月4日 - 报搜');
    const articles = first.pages.reduce((n: number, p: BrowsePage) => n + p.articles.length, 0);
    expect(await page.locator('#day-view .day-summary').textContent()).toBe(`共 ${first.pages.length} 个版面、${articles} 篇报道`);
    expect(await shownPages()).toEqual(expectedPages(first.pages));
    expect(first.pages[0].page).toBe('01');
    // Kicker above the headline and subtitle below it, as printed.
    const withKicker = first.pages.flatMap((p: BrowsePage) => p.articles).find((a: BrowsePage['articles'][number]) => a.kicker && a.subtitle);
    if (withKicker) {
      const item = page.locator('#day-view .day-article', { has: page.locator(`a[data-doc="${withKicker.id}"]`) });
      expect(await item.locator('.kicker').textContent()).toBe(withKicker.kicker);
      expect(await item.locator('.subtitle').textContent()).toBe(withKicker.subtitle);
    }
    // The first issue of the archive's papers has no earlier one among them but 新闻联播's last 2022 day.
    expect(first.next).toBe('2023-11-08');
    expect(await page.locator('#day-prev').getAttribute('href')).toBe(`?date=${first.prev}`);

    await page.locator('#day-next').click();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?date=2023-11-08`);
    await expect.poll(() => page.locator('#day-title').textContent(), POLL).toBe('2023年11月8日');
    const second = await api('/api/browse?date=2023-11-08');
    expect(await shownPages()).toEqual(expectedPages(second.pages));
    expect(await page.locator('#day').inputValue()).toBe('2023-11-08');

    await page.goBack();
    await expect.poll(() => page.locator('#day-title').textContent(), POLL).toBe('2023年9月4日');
    await page.goForward();
    await expect.poll(() => page.locator('#day-title').textContent(), POLL).toBe('2023年11月8日');
    await page.reload();
    await settled(page, '#day-view');
    expect(await page.locator('#day-title').textContent()).toBe('2023年11月8日');
    expect(await shownPages()).toEqual(expectedPages(second.pages));
  });

  it('says a day without articles is empty and offers the nearest issues', async () => {
    await page.goto(`${server.url}/?date=2023-10-01`);
    await settled(page, '#day-view');
    expect(await page.locator('#day-view .day-summary').textContent()).toBe('这一天没有报道。');
    expect(await page.locator('#day-prev').getAttribute('href')).toBe('?date=2023-09-04');
    expect(await page.locator('#day-next').getAttribute('href')).toBe('?date=2023-11-08');
    await page.locator('#day-prev').click();
    await expect.poll(() => page.locator('#day-title').textContent(), POLL).toBe('2023年9月4日');
  });

  it('shows an impossible date as a message naming it, not a broken page', async () => {
    await page.goto(`${server.url}/?date=2024-02-30`);
    await expect.poll(() => page.locator('#status.error').textContent(), POLL).toContain('2024-02-30');
    expect(await page.locator('#day-view .paper-page').count()).toBe(0);
    // The browser logs the API's 400 answer itself; that one is expected.
    expect(suite.watched.problems).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    suite.watched.problems.length = 0;
  });

  it('goes from an article to its page of that day (同日同版) and to the whole day (同日其他报道), and back to the article', async () => {
    await page.goto(`${server.url}/?date=2023-09-04`);
    await settled(page, '#day-view');
    await page.locator('#day-view a[data-doc="20230904-04-02"]').click();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?date=2023-09-04&doc=20230904-04-02`);
    await settled(page, '#article-view');
    expect(await page.locator('#back').textContent()).toBe('← 返回当日版面');

    await page.locator('#same-page').click();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?date=2023-09-04&print_page=04`);
    await settled(page, '#day-view');
    const day = await api('/api/browse?date=2023-09-04');
    const page04 = day.pages.find((p: BrowsePage) => p.page === '04');
    expect(await shownPages()).toEqual(expectedPages([page04]));
    expect(await page.locator('#day-view a[data-doc="20230904-04-02"]').count()).toBe(1);
    expect(await page.locator('#day-view .day-page-link.current').textContent()).toBe('第04版');
    expect(await page.title()).toBe('2023年9月4日 第04版 - 报搜');
    // Every page of the day is one click away.
    await page.locator('#day-view .day-page-link', { hasText: '全部版面' }).click();
    await expect.poll(shownPages, POLL).toEqual(expectedPages(day.pages));

    await page.goBack();
    await page.goBack();
    await expect.poll(() => page.locator('#article-view').isVisible(), POLL).toBe(true);
    await page.locator('#same-day').click();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/?date=2023-09-04`);
    await expect.poll(shownPages, POLL).toEqual(expectedPages(day.pages));

    // An article read from a search links to its day as well; a programme's item (no page) has no 同日同版.
    const tv = (await api('/api/browse?date=' + day.prev)).pages[0].articles[0];
    await page.goto(`${server.url}/?q=${encodeURIComponent(tv.title.slice(0, 4))}&doc=${tv.id}`);
    await settled(page, '#article-view');
    expect(await page.locator('#same-page').count()).toBe(0);
    expect(await page.locator('#same-day').getAttribute('href')).toBe(`?date=${day.prev}`);
  });

  it('shows headlines with markup as text in the day view', async () => {
    await page.goto(`${server.url}/?date=${MARKUP_ARTICLE.date}`);
    await settled(page, '#day-view');
    const item = page.locator('#day-view .day-article', { has: page.locator(`a[data-doc="${MARKUP_ARTICLE.id}"]`) });
    expect(await item.locator('.day-headline').textContent()).toBe(MARKUP_ARTICLE.title);
    expect(await item.locator('.kicker').textContent()).toBe(MARKUP_ARTICLE.kicker);
    expect(await item.locator('.subtitle').textContent()).toBe(MARKUP_ARTICLE.subtitle);
    expect(await page.locator('#day-view img, #day-view script, #day-view b').count()).toBe(0);
    expect(await page.title()).toBe('2024年1月13日 - 报搜');
  });

  it('fits a phone-width screen: the day view and the article view without sideways scrolling, in Chinese glyphs', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    const noOverflow = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    await page.goto(`${server.url}/?date=2023-09-04`);
    await settled(page, '#day-view');
    expect(await noOverflow()).toBe(true);
    // Every page link and the next-issue step are on screen and usable.
    const box = await page.locator('#day-next').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    await page.locator('#day-view .day-page-link', { hasText: '第04版' }).click();
    await expect.poll(() => page.url(), POLL).toContain('print_page=04');
    expect(await noOverflow()).toBe(true);

    await page.goto(`${server.url}/?q=${encodeURIComponent('中国心')}&doc=20230904-01-02`);
    await settled(page, '#article-view');
    expect(await noOverflow()).toBe(true);
    const cite = await page.locator('#citation-text').boundingBox();
    expect(cite!.x + cite!.width).toBeLessThanOrEqual(375);
    await page.screenshot({ fullPage: true }); // renders at all at this width

    // The page is drawn in Chinese glyphs, not in the boxes of a missing font: the same characters in another order
    // draw differently, and so do characters no font has (which a missing CJK font would draw the same as these).
    const title = page.locator('#article-title');
    const shot = async (text: string) => {
      await title.evaluate((h, t) => (h.textContent = t), text);
      return title.screenshot();
    };
    const chinese = await shot('飞机发动机');
    expect(chinese.equals(await shot('机动发机飞'))).toBe(false);
    expect(chinese.equals(await shot('\u{F0001}\u{F0002}\u{F0003}\u{F0004}\u{F0005}'))).toBe(false);
  });
});
