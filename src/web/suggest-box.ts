// Suggest box: typing in the search box in → a suggestion list (an ARIA combobox), chosen by keyboard or pointer.
// It is asked for after a pause in typing, never per keystroke, the previous request cancelled; ↓/↑ move through
// it, Enter takes the highlighted one, Esc closes it.
/// <reference lib="dom" />
import { suggest, type Suggestion } from './api.js';
import { el, markRange } from './dom.js';

const DEBOUNCE_MS = 150;
const KIND_LABELS: Record<Suggestion['kind'], string> = { title: '标题', term: '词语', author: '作者' };

export class SuggestBox {
  private items: Suggestion[] = [];
  private active = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private request: AbortController | null = null;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly list: HTMLUListElement,
    private readonly onChoose: (choice: Suggestion) => void,
  ) {
    // While an IME composes (pinyin letters on their way to Chinese characters), wait for the characters.
    input.addEventListener('input', (event) => {
      if (!(event as InputEvent).isComposing) this.schedule();
    });
    input.addEventListener('compositionend', () => this.schedule());
    input.addEventListener('keydown', (event) => this.onKey(event));
    input.addEventListener('blur', () => this.close());
    // mousedown, not click: the input keeps its focus, so blur does not close the list under the pointer.
    list.addEventListener('mousedown', (event) => {
      const option = (event.target as HTMLElement).closest<HTMLLIElement>('[role="option"]');
      if (!option) return;
      event.preventDefault();
      this.choose(Number(option.dataset.index));
    });
  }

  /** Closes the list and forgets any pending request (a search is being submitted). */
  close(): void {
    clearTimeout(this.timer);
    this.request?.abort();
    this.request = null;
    this.items = [];
    this.active = -1;
    this.list.replaceChildren();
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const typed = this.input.value;
    if (!typed.trim()) {
      this.close();
      return;
    }
    this.timer = setTimeout(() => void this.fetch(typed), DEBOUNCE_MS);
  }

  private async fetch(typed: string): Promise<void> {
    this.request?.abort();
    const request = (this.request = new AbortController());
    try {
      const items = await suggest(typed, request.signal);
      // Only the answer to what is in the box now counts.
      if (request !== this.request || typed !== this.input.value) return;
      this.show(items);
    } catch {
      // Suggestions are a convenience: a failed or cancelled request just shows none.
      if (request === this.request) this.close();
    }
  }

  private show(items: Suggestion[]): void {
    this.items = items;
    this.active = -1;
    this.list.replaceChildren(
      ...items.map((item, i) =>
        el(
          'li',
          { role: 'option', id: `suggestion-${i}`, class: `suggestion suggestion-${item.kind}`, 'data-index': String(i), 'aria-selected': 'false' },
          el('span', { class: 'suggestion-text' }, ...markRange(item.text, item.match)),
          el('span', { class: 'suggestion-kind' }, KIND_LABELS[item.kind] + (item.kind === 'title' ? '' : ` · ${item.count}篇`)),
        ),
      ),
    );
    this.list.hidden = items.length === 0;
    this.input.setAttribute('aria-expanded', String(items.length > 0));
    this.input.removeAttribute('aria-activedescendant');
  }

  private onKey(event: KeyboardEvent): void {
    if (event.isComposing) return; // an IME is still composing Chinese: its keys are not ours
    const open = this.items.length > 0;
    if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      this.highlight((this.active + 1) % this.items.length);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      this.highlight(this.active <= 0 ? this.items.length - 1 : this.active - 1);
    } else if (event.key === 'Enter' && open && this.active >= 0) {
      event.preventDefault();
      this.choose(this.active);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      this.close();
    }
  }

  private highlight(index: number): void {
    this.active = index;
    for (const option of Array.from(this.list.children)) {
      const selected = Number((option as HTMLElement).dataset.index) === index;
      option.setAttribute('aria-selected', String(selected));
      if (selected) option.scrollIntoView({ block: 'nearest' });
    }
    this.input.setAttribute('aria-activedescendant', `suggestion-${index}`);
  }

  private choose(index: number): void {
    const choice = this.items[index];
    this.close();
    if (choice) this.onChoose(choice);
  }
}
