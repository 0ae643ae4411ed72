// The search page: the URL and the reader's input in → results, timeline, filters, pager and article view on screen.
// It reads the state from the URL, asks the API and renders. Every change of search, filter, page or article is a new
// history entry, so links can be shared and the back button works.
/// <reference lib="dom" />
import { ApiError, getDoc, related, search, type SearchResult, type Suggestion } from './api.js';
import { renderArticle, renderRelated } from './article-view.js';
import { byId, el } from './dom.js';
import { describeResult, renderPager, renderResults } from './results-view.js';
import { SuggestBox } from './suggest-box.js';
import { renderTimeline, type DateRange } from './timeline.js';
import { hasSearch, readState, searchKey, stateUrl, type PageState, type Sort } from './url-state.js';

const form = byId<HTMLFormElement>('search-form');
const input = byId<HTMLInputElement>('q');
const fromInput = byId<HTMLInputElement>('from');
const toInput = byId<HTMLInputElement>('to');
const authorSelect = byId<HTMLSelectElement>('author');
const sortSelect = byId<HTMLSelectElement>('sort');
const clearButton = byId<HTMLButtonElement>('clear-filters');
const statusLine = byId('status');
const intro = byId('intro');
const resultsView = byId('results-view');
const timeline = byId('timeline');
const resultList = byId<HTMLOListElement>('results');
const pager = byId('pager');
const articleView = byId('article-view');
const articleBody = byId('article');
const relatedList = byId<HTMLOListElement>('related');
const backLink = byId<HTMLAnchorElement>('back');

let state: PageState = readState(location.search);
let shown: { key: string; result: SearchResult } | null = null;
let pending: AbortController | null = null;
/** True while the entry before this one in history is this page's result list (then "back" is history.back()). */
let openedFromResults = false;

function navigate(next: PageState): void {
  openedFromResults = next.doc !== '' && state.doc === '' && hasSearch(state);
  state = next;
  history.pushState({ openedFromResults }, '', stateUrl(next));
  void render();
}

window.addEventListener('popstate', (event) => {
  state = readState(location.search);
  openedFromResults = (event.state as { openedFromResults?: boolean } | null)?.openedFromResults === true;
  void render();
});

function showStatus(text: string, isError = false): void {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', isError);
  statusLine.setAttribute('role', isError ? 'alert' : 'status');
}

function syncControls(): void {
  if (document.activeElement !== input) input.value = state.q;
  fromInput.value = state.from;
  toInput.value = state.to;
  sortSelect.value = state.sort;
  clearButton.hidden = !(state.from || state.to || state.author || state.sort !== 'relevance');
}

function fillAuthors(result: SearchResult | null): void {
  const names = result ? result.facets.authors.map((a) => ({ name: a.value, count: a.count })) : [];
  if (state.author && !names.some((a) => a.name === state.author)) names.unshift({ name: state.author, count: result?.total ?? 0 });
  authorSelect.replaceChildren(el('option', { value: '' }, '全部作者'), ...names.map((a) => el('option', { value: a.name }, `${a.name}（${a.count}）`)));
  authorSelect.value = state.author;
  authorSelect.disabled = names.length === 0;
}

async function render(): Promise<void> {
  pending?.abort();
  const request = (pending = new AbortController());
  syncControls();
  const reading = state.doc !== '';
  articleView.hidden = !reading;
  resultsView.hidden = reading;
  // aria-busy while an answer is awaited: assistive technology (and the tests) know the view is not final yet.
  const view = reading ? articleView : resultsView;
  view.setAttribute('aria-busy', 'true');
  try {
    if (reading) await renderReading(request.signal);
    else await renderSearch(request.signal);
    view.setAttribute('aria-busy', 'false');
  } catch (error) {
    if (request.signal.aborted) return;
    view.setAttribute('aria-busy', 'false');
    showStatus(error instanceof ApiError ? error.message : '无法连接服务器，请稍后再试。', true);
    if (!reading) {
      resultList.replaceChildren();
      pager.hidden = true;
      timeline.hidden = true;
    }
  }
}

async function renderSearch(signal: AbortSignal): Promise<void> {
  document.title = state.q ? `${state.q} - 报搜` : '报搜 · 新闻档案检索';
  if (!hasSearch(state)) {
    intro.hidden = false;
    showStatus('');
    resultList.replaceChildren();
    pager.hidden = true;
    timeline.hidden = true;
    fillAuthors(null);
    return;
  }
  intro.hidden = true;
  const key = searchKey(state);
  if (shown?.key !== key) {
    showStatus('正在检索…');
    const result = await search(state, signal);
    shown = { key, result };
  }
  const result = shown.result;
  // The engine's warnings say, in English, what it repaired or dropped in the query; a cut-short search is said here.
  const notes = result.truncated ? ['检索超时，结果和总数可能不完整，请换用更具体的词'] : result.warnings;
  showStatus(describeResult(result) + (notes.length ? `　提示：${notes.join('；')}` : ''));
  renderResults(resultList, result, state);
  renderPager(pager, result, state);
  renderTimeline(timeline, result, { from: state.from, to: state.to }, pickRange);
  fillAuthors(result);
}

async function renderReading(signal: AbortSignal): Promise<void> {
  backLink.href = stateUrl({ ...state, doc: '' });
  backLink.hidden = !hasSearch(state) && !openedFromResults;
  articleBody.replaceChildren(el('p', { class: 'loading' }, '正在打开…'));
  relatedList.replaceChildren();
  const [doc, near] = await Promise.all([getDoc(state.doc, state.q, signal), related(state.doc, signal)]);
  showStatus('');
  renderArticle(articleBody, doc);
  renderRelated(relatedList, near, state);
  document.title = `${doc.title} - 报搜`;
  byId('article-title').focus({ preventScroll: true });
  window.scrollTo({ top: 0 });
}

function pickRange(range: DateRange): void {
  navigate({ ...state, from: range.from, to: range.to, page: 1, doc: '' });
}

function chooseSuggestion(choice: Suggestion): void {
  if (choice.kind === 'title' && choice.id) navigate({ ...state, q: input.value.trim(), doc: choice.id, page: 1 });
  else if (choice.kind === 'author') navigate({ ...state, q: '', author: choice.text, page: 1, doc: '' });
  else {
    input.value = choice.text;
    navigate({ ...state, q: choice.text, page: 1, doc: '' });
  }
}

const suggestions = new SuggestBox(input, byId<HTMLUListElement>('suggestions'), chooseSuggestion);

form.addEventListener('submit', (event) => {
  event.preventDefault();
  suggestions.close();
  navigate({ ...state, q: input.value.trim(), page: 1, doc: '' });
});

for (const field of [fromInput, toInput]) {
  field.addEventListener('change', () => navigate({ ...state, from: fromInput.value.trim(), to: toInput.value.trim(), page: 1, doc: '' }));
}
authorSelect.addEventListener('change', () => navigate({ ...state, author: authorSelect.value, page: 1, doc: '' }));
sortSelect.addEventListener('change', () => navigate({ ...state, sort: sortSelect.value as Sort, page: 1, doc: '' }));
clearButton.addEventListener('click', () => navigate({ ...state, from: '', to: '', author: '', sort: 'relevance', page: 1, doc: '' }));

// Links inside the page are real links (they open in a new tab with a middle click); a plain click stays here.
function followInPage(event: MouseEvent, apply: (link: HTMLAnchorElement) => PageState | null): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as HTMLElement).closest<HTMLAnchorElement>('a');
  if (!link) return;
  const next = apply(link);
  if (!next) return;
  event.preventDefault();
  navigate(next);
}
resultList.addEventListener('click', (event) => followInPage(event, (a) => (a.dataset.doc ? { ...state, doc: a.dataset.doc } : null)));
relatedList.addEventListener('click', (event) => followInPage(event, (a) => (a.dataset.doc ? { ...state, doc: a.dataset.doc } : null)));
pager.addEventListener('click', (event) =>
  followInPage(event, (a) => {
    if (!a.dataset.page) return null;
    window.scrollTo({ top: 0 });
    return { ...state, page: Number(a.dataset.page) };
  }),
);
backLink.addEventListener('click', (event) => {
  if (event.button !== 0 || event.metaKey || event.ctrlKey) return;
  event.preventDefault();
  if (openedFromResults) history.back();
  else navigate({ ...state, doc: '' });
});

history.replaceState({ openedFromResults: false }, '', stateUrl(state));
void render();
