// Facet filters: a search result's page (版次) and section (栏目) facets in → a row of buttons for each, with counts;
// a click filters the list to that page or section (again: the filter is lifted). A facet the server does not give,
// or gives empty (an archive without pages or sections), is not shown.
/// <reference lib="dom" />
import type { FacetCount, SearchResult } from './api.js';
import { el } from './dom.js';
import type { PageState } from './url-state.js';

/** Values shown at first; the rest behind 更多. */
const SHOWN = 16;

interface FacetGroup {
  name: 'print_page' | 'section';
  title: string;
  values: FacetCount[];
  label: (value: string) => string;
  active: string;
}

export function renderFacets(container: HTMLElement, result: SearchResult, state: PageState, onChange: (next: PageState) => void): void {
  const groups: FacetGroup[] = [
    { name: 'print_page', title: '版次', values: result.facets.print_pages ?? [], label: (v) => `第${v}版`, active: state.printPage },
    { name: 'section', title: '栏目', values: result.facets.sections ?? [], label: (v) => v, active: state.section },
  ];
  const shown = groups.filter((g) => g.values.length > 0 && result.total > 0);
  container.hidden = shown.length === 0;
  container.replaceChildren(...shown.map(group));
  container.onclick = (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-facet]');
    if (!button) return;
    const value = button.getAttribute('aria-pressed') === 'true' ? '' : (button.dataset.value ?? '');
    const next = button.dataset.facet === 'print_page' ? { printPage: value } : { section: value };
    onChange({ ...state, ...next, page: 1, doc: '' });
  };
}

function group(g: FacetGroup): HTMLElement {
  const button = (f: FacetCount) => {
    const pressed = f.value === g.active;
    return el(
      'button',
      { type: 'button', class: 'facet-value', 'data-facet': g.name, 'data-value': f.value, 'aria-pressed': String(pressed), title: pressed ? '取消这个筛选' : `只看${g.label(f.value)}` },
      g.label(f.value),
      el('span', { class: 'facet-count' }, String(f.count)),
    );
  };
  const first = g.values.slice(0, SHOWN).map(button);
  const rest = g.values.slice(SHOWN).map(button);
  return el(
    'div',
    { class: `facet facet-${g.name}`, role: 'group', 'aria-label': g.title },
    el('span', { class: 'facet-title' }, g.title),
    ...first,
    rest.length ? el('details', { class: 'facet-more' }, el('summary', {}, `更多（${rest.length}）`), ...rest) : null,
  );
}
