// The search page in real headless Chromium against the real server: type, see suggestions, submit, see highlighted
// results, narrow by the timeline, open an article, go back — under the page's content security policy, with no
// console error or CSP violation anywhere.
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../dist/src/http/serve.js';
import { CHROMIUM, hasChromium, pageSuite } from './support/browser.js';
import { buildFixture } from './support/http-fixture.js';
import { hasShared, NEEDS_SHARED } from './support/paths.js';

describe.skipIf(!hasShared || !hasChromium)(`the search page in headless Chromium ${NEEDS_SHARED} (and ${CHROMIUM}, which .ci/run installs)`, () => {
  const suite = pageSuite('web-page', buildFixture);
  let page: Page;
  let server: RunningServer;
  /** API requests the page made, and anything the browser complained about (CSP violations, script errors). */
  let requests: string[];
  let problems: string[];
  beforeEach(() => {
    ({ page, server } = suite);
    ({ requests, problems } = suite.watched);
  });

  const hitTitles = () => page.locator('#results .hit-title').allTextContents();

  it('suggests as you type, with one request per pause, and moves through suggestions with the keyboard', async () => {
    await page.goto(server.url);
    await page.locator('#q').pressSequentially('杭温高', { delay: 30 });
    await expect.poll(() => page.locator('#suggestions [role="option"]').count()).toBeGreaterThan(0);
    const options = await page.locator('#suggestions [role="option"] .suggestion-text').allTextContents();
    expect(options).toContain('杭温高铁沿线的桐庐故事');
    // The typed part is marked inside each suggestion.
    expect(await page.locator('#suggestions [role="option"] mark').first().textContent()).toBe('杭温高');
    expect(requests.filter((r) => r.startsWith('/api/suggest'))).toHaveLength(1);
    expect(requests.filter((r) => r.startsWith('/api/search'))).toHaveLength(0);

    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#q').getAttribute('aria-activedescendant')).toBe('suggestion-0');
    expect(await page.locator('#suggestion-0').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Escape');
    expect(await page.locator('#suggestions').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('searches on submit and shows highlighted titles and snippets, the count, the time and the URL', async () => {
    await page.goto(server.url);
    await page.locator('#q').fill('桐庐');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#results .hit').count()).toBeGreaterThan(0);
    expect(page.url()).toContain(`?q=${encodeURIComponent('桐庐')}`);
    expect(await page.locator('#status').textContent()).toMatch(/共找到 \d+ 篇报道，用时 [\d.]+ 毫秒/);
    expect(await page.locator('#results .hit-title mark').first().textContent()).toBe('桐庐');
    expect(await page.locator('#results .hit-snippet mark').count()).toBeGreaterThan(0);
    // A title made of markup is shown as text: no element came from the archive.
    expect(await hitTitles()).toContain('<script>alert("标题")</script>桐庐快递进村');
    expect(await page.locator('#results script, #results img').count()).toBe(0);
    expect(await page.locator('#results .hit-meta').first().textContent()).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(problems).toEqual([]);
  });

  it('narrows the results to a year when its bar in the timeline is clicked, then shows that year by month', async () => {
    await page.goto(`${server.url}/?q=${encodeURIComponent('发展')}`);
    await expect.poll(() => page.locator('#timeline .timeline-bar').count()).toBe(3);
    const before = Number((await page.locator('#status').textContent())!.match(/共找到 ([\d,]+)/)![1].replace(/,/g, ''));
    await page.locator('#timeline .timeline-bar[data-value="2023"]').click();
    await expect.poll(() => page.url()).toContain('from=2023&to=2023');
    await expect.poll(() => page.locator('#timeline .timeline-bar').count()).toBe(12);
    const after = Number((await page.locator('#status').textContent())!.match(/共找到 ([\d,]+)/)![1].replace(/,/g, ''));
    expect(after).toBeLessThan(before);
    const dates = await page.locator('#results .hit-meta').allTextContents();
    expect(dates.length).toBeGreaterThan(0);
    for (const d of dates) expect(d.startsWith('2023-')).toBe(true);
    expect(await page.locator('#from').inputValue()).toBe('2023');
    // Back to every year.
    await page.locator('#timeline [data-range="all"]').click();
    await expect.poll(() => page.locator('#timeline .timeline-bar').count()).toBe(3);
    expect(problems).toEqual([]);
  });

  it('opens an article with the query highlighted and related coverage beside it, and the back button returns', async () => {
    await page.goto(`${server.url}/?q=${encodeURIComponent('杭温高铁')}&from=2023&to=2023`);
    await expect.poll(() => page.locator('#results .hit').count()).toBeGreaterThan(0);
    const listUrl = page.url();
    await page.locator('#results .hit-title a', { hasText: '杭温高铁沿线的桐庐故事' }).click();
    await expect.poll(() => page.locator('#article-view').isVisible()).toBe(true);
    expect(page.url()).toContain('doc=own-hangwen');
    expect(await page.locator('#article-title mark').first().textContent()).toBe('杭温高铁');
    expect(await page.locator('#article p mark').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#related li a').count()).toBeGreaterThan(0);
    expect(await page.locator('#results-view').isHidden()).toBe(true);

    await page.goBack();
    await expect.poll(() => page.locator('#results-view').isVisible()).toBe(true);
    expect(page.url()).toBe(listUrl);
    expect(await hitTitles()).toContain('杭温高铁沿线的桐庐故事');
    expect(await page.locator('#from').inputValue()).toBe('2023');
    expect(problems).toEqual([]);
  });

  it('pages through results and sorts by date from the controls, keeping both in the URL', async () => {
    await page.goto(`${server.url}/?q=${encodeURIComponent('发展')}`);
    await expect.poll(() => page.locator('#pager a[data-page="2"]').count()).toBeGreaterThan(0);
    const first = await hitTitles();
    await page.locator('#pager a[data-page="2"]').first().click();
    await expect.poll(() => page.url()).toContain('page=2');
    await expect.poll(hitTitles).not.toEqual(first);
    await page.locator('#sort').selectOption('date');
    await expect.poll(() => page.url()).toContain('sort=date');
    expect(page.url()).not.toContain('page=');
    await page.locator('#results-view[aria-busy="false"]').waitFor();
    expect(await page.locator('#results .hit-meta').count()).toBe(10);
    const dates = (await page.locator('#results .hit-meta').allTextContents()).map((m) => m.slice(0, 10));
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('shows an impossible date as a message, not a broken page', async () => {
    await page.goto(`${server.url}/?q=${encodeURIComponent('发展')}&from=2024-02-30`);
    await expect.poll(() => page.locator('#status.error').textContent()).toContain('2024-02-30');
    // The browser logs the API's 400 answer itself; that one is expected.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    problems.length = 0;
  });

  it('fits a phone-width screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${server.url}/?q=${encodeURIComponent('发展')}`);
    await expect.poll(() => page.locator('#results .hit').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.goto(`${server.url}/?q=${encodeURIComponent('桐庐')}&doc=own-hangwen`);
    await expect.poll(() => page.locator('#related li').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});
