// Refine chips: the page state in → the parts of the current search as removable chips (the query, each term added
// with 在结果中搜索, the page and section filters), and a chip's removal or a refinement → the next state.
/// <reference lib="dom" />
import { el } from './dom.js';
import type { PageState } from './url-state.js';

/** What a chip stands for: the query, the n-th refinement, or a filter. */
type ChipKey = 'q' | `and:${number}` | 'print_page' | 'section';

interface Chip {
  key: ChipKey;
  label: string;
  kind: 'term' | 'filter';
}

function chipsOf(state: PageState): Chip[] {
  const chips: Chip[] = [];
  // A query alone is in the search box already; once refined, each part is a chip of its own.
  if (state.and.length > 0) {
    if (state.q.trim()) chips.push({ key: 'q', label: state.q.trim(), kind: 'term' });
    state.and.forEach((terms, i) => chips.push({ key: `and:${i}`, label: terms, kind: 'term' }));
  }
  if (state.printPage) chips.push({ key: 'print_page', label: `版次：第${state.printPage}版`, kind: 'filter' });
  if (state.section) chips.push({ key: 'section', label: `栏目：${state.section}`, kind: 'filter' });
  return chips;
}

/** The chips of `state` in `container` (hidden when there are none); a click on ✕ hands the state without it on. */
export function renderChips(container: HTMLElement, state: PageState, onChange: (next: PageState) => void): void {
  const chips = chipsOf(state);
  container.hidden = chips.length === 0;
  container.replaceChildren(
    ...chips.map((chip) =>
      el(
        'li',
        { class: `chip chip-${chip.kind}`, 'data-chip': chip.key },
        el('span', { class: 'chip-label' }, chip.label),
        el('button', { type: 'button', class: 'chip-remove', 'data-remove': chip.key, 'aria-label': `去掉“${chip.label}”`, title: '去掉这个条件' }, '×'),
      ),
    ),
  );
  container.onclick = (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-remove]');
    if (button) onChange(withoutChip(state, button.dataset.remove as ChipKey));
  };
}

/** The search without one of its parts: removing the query promotes the first refinement to be the query. */
export function withoutChip(state: PageState, key: ChipKey): PageState {
  const next: PageState = { ...state, page: 1, doc: '' };
  if (key === 'q') return { ...next, q: state.and[0] ?? '', and: state.and.slice(1) };
  if (key === 'print_page') return { ...next, printPage: '' };
  if (key === 'section') return { ...next, section: '' };
  const index = Number(key.slice('and:'.length));
  return { ...next, and: state.and.filter((_, i) => i !== index) };
}

/** The search narrowed by more terms (the list keeps only what also matches them); blank or repeated terms change nothing. */
export function refine(state: PageState, terms: string): PageState | null {
  const t = terms.trim();
  if (!t || t === state.q.trim() || state.and.includes(t)) return null;
  return { ...state, and: [...state.and, t], page: 1, doc: '' };
}
