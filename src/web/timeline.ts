// Timeline: a result's year and month facets in → a bar per year (or month); clicking one narrows the date range.
// Bars are per month once the search is narrowed to one year; each bar is a button.
/// <reference lib="dom" />
import type { SearchResult } from './api.js';
import { el } from './dom.js';

export interface DateRange {
  from: string;
  to: string;
}

/** The year the range covers, when it lies within one year (then months are shown). */
export function rangeYear(range: DateRange): string | null {
  const from = range.from.slice(0, 4);
  return from && /^\d{4}$/.test(from) && range.to.slice(0, 4) === from ? from : null;
}

export function renderTimeline(container: HTMLElement, result: SearchResult, range: DateRange, onPick: (range: DateRange) => void): void {
  const year = rangeYear(range);
  const bars = year
    ? Array.from({ length: 12 }, (_, m) => {
        const value = `${year}-${String(m + 1).padStart(2, '0')}`;
        return { value, label: `${m + 1}月`, count: result.facets.months.find((f) => f.value === value)?.count ?? 0 };
      })
    : result.facets.years.map((f) => ({ value: f.value, label: f.value, count: f.count }));
  container.replaceChildren();
  if (bars.length === 0 || result.total === 0) {
    container.hidden = true;
    return;
  }
  container.hidden = false;
  const max = Math.max(...bars.map((b) => b.count), 1);
  const heading = el('div', { class: 'timeline-head' }, el('h2', {}, year ? `${year}年各月报道数` : '各年报道数'));
  if (year) {
    heading.append(el('button', { type: 'button', class: 'link-button', 'data-range': 'all' }, '← 全部年份'));
    if (range.from !== year || range.to !== year) heading.append(el('button', { type: 'button', class: 'link-button', 'data-range': 'year' }, `${year}年全年`));
  }
  const chart = el('div', { class: year ? 'timeline-bars months' : 'timeline-bars', role: 'list' });
  for (const bar of bars) {
    const selected = range.from === bar.value && range.to === bar.value;
    const fill = el('span', { class: 'timeline-fill' });
    // A CSSOM property, not a style attribute: allowed by the page's content security policy.
    fill.style.height = `${Math.max(bar.count > 0 ? 4 : 0, Math.round((bar.count / max) * 100))}%`;
    const button = el(
      'button',
      {
        type: 'button',
        class: selected ? 'timeline-bar selected' : 'timeline-bar',
        'data-value': bar.value,
        title: `${bar.label}：${bar.count} 篇`,
        'aria-label': `${bar.label}，${bar.count} 篇，只看这段时间`,
        'aria-pressed': String(selected),
      },
      el('span', { class: 'timeline-count' }, bar.count > 0 ? String(bar.count) : ''),
      el('span', { class: 'timeline-track' }, fill),
      el('span', { class: 'timeline-label' }, bar.label),
    );
    button.disabled = bar.count === 0;
    chart.append(el('div', { role: 'listitem', class: 'timeline-item' }, button));
  }
  container.append(heading, chart);
  container.onclick = (event) => {
    const target = (event.target as HTMLElement).closest<HTMLButtonElement>('button');
    if (!target) return;
    if (target.dataset.value) onPick({ from: target.dataset.value, to: target.dataset.value });
    else if (target.dataset.range === 'all') onPick({ from: '', to: '' });
    else if (target.dataset.range === 'year' && year) onPick({ from: year, to: year });
  };
}
