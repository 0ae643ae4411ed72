// The search page: the URL and the reader's input in → the home page, results (with refinements, facets, export and
// feed links), a day's paper or an article on screen. It reads the state from the URL, asks the API and renders.
// Every change of search, filter, page, day or article is a new history entry, so links can be shared and the back
// button works.
/// <reference lib="dom" />
import { ApiError, browse, getDoc, related, search, type BrowseResult, type SearchResult, type Suggestion } from './api.js';
import { loadArchive, loadLatestIssue, renderArchive } from './archive-summary.js';
import { renderArticle, renderRelated } from './article-view.js';
import { renderDay } from './day-view.js';
import { byId, el } from './dom.js';
import { renderFacets } from './facet-filters.js';
import { renderListLinks } from './list-links.js';
import { refine, renderChips } from './refine-chips.js';
import { describeResult, renderPager, renderResults } from './results-view.js';
import { SuggestBox } from './suggest-box.js';
import { renderTimeline, type DateRange } from './timeline.js';
import { EMPTY_STATE, fullQuery, hasSearch, newSearch, readState, searchKey, stateUrl, viewOf, type PageState, type Sort } from './url-state.js';

const form = byId<HTMLFormElement>('search-form');
const input = byId<HTMLInputElement>('q');
const dayForm = byId<HTMLFormElement>('day-form');
const dayInput = byId<HTMLInputElement>('day');
const filters = byId('filters');
const fromInput = byId<HTMLInputElement>('from');
const toInput = byId<HTMLInputElement>('to');
const authorSelect = byId<HTMLSelectElement>('author');
const sortSelect = byId<HTMLSelectElement>('sort');
const clearButton = byId<HTMLButtonElement>('clear-filters');
const statusLine = byId('status');
const intro = byId('intro');
const archiveBox = byId('archive');
const resultsView = byId('results-view');
const timeline = byId('timeline');
const refineForm = byId<HTMLFormElement>('refine-form');
const refineInput = byId<HTMLInputElement>('refine');
const listLinks = byId('list-links');
const chips = byId('chips');
const facets = byId('facets');
const resultList = byId<HTMLOListElement>('results');
const pager = byId('pager');
const dayView = byId('day-view');
const articleView = byId('article-view');
const articleBody = byId('article');
const relatedList = byId<HTMLOListElement>('related');
const backLink = byId<HTMLAnchorElement>('back');

let state: PageState = readState(location.search);
let shown: { key: string; result: SearchResult } | null = null;
let shownDay: BrowseResult | null = null;
let pending: AbortController | null = null;
/** True while the entry before this one in history is the list (results or a day) this article was opened from. */
let openedFromList = false;

function navigate(next: PageState): void {
  openedFromList = next.doc !== '' && state.doc === '' && (hasSearch(state) || state.date !== '');
  state = next;
  history.pushState({ openedFromList }, '', stateUrl(next));
  void render();
}

window.addEventListener('popstate', (event) => {
  state = readState(location.search);
  openedFromList = (event.state as { openedFromList?: boolean } | null)?.openedFromList === true;
  void render();
});

function showStatus(text: string, isError = false): void {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', isError);
  statusLine.setAttribute('role', isError ? 'alert' : 'status');
}

function syncControls(): void {
  if (document.activeElement !== input) input.value = state.q;
  if (state.date && document.activeElement !== dayInput) dayInput.value = state.date;
  fromInput.value = state.from;
  toInput.value = state.to;
  sortSelect.value = state.sort;
  clearButton.hidden = !(state.from || state.to || state.author || state.sort !== 'relevance' || state.printPage || state.section);
  // The search's filters have no say over a day's paper.
  filters.hidden = state.date !== '';
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
  const mode = viewOf(state);
  articleView.hidden = mode !== 'article';
  dayView.hidden = mode !== 'day';
  resultsView.hidden = mode !== 'search';
  if (mode !== 'search') renderListLinks(listLinks, null, state);
  // aria-busy while an answer is awaited: assistive technology (and the tests) know the view is not final yet.
  const view = mode === 'article' ? articleView : mode === 'day' ? dayView : resultsView;
  view.setAttribute('aria-busy', 'true');
  try {
    if (mode === 'article') await renderReading(request.signal);
    else if (mode === 'day') await renderDayView(request.signal);
    else await renderSearch(request.signal);
    view.setAttribute('aria-busy', 'false');
  } catch (error) {
    if (request.signal.aborted) return;
    view.setAttribute('aria-busy', 'false');
    showStatus(error instanceof ApiError ? error.message : '无法连接服务器，请稍后再试。', true);
    if (mode === 'search') showList(null);
    if (mode === 'day') dayView.replaceChildren();
  }
}

/** The result list's parts, or none of them. */
function showList(result: SearchResult | null): void {
  refineForm.hidden = result === null || result.total === 0;
  renderListLinks(listLinks, result, state);
  if (result) {
    renderResults(resultList, result, state);
    renderPager(pager, result, state);
    renderTimeline(timeline, result, { from: state.from, to: state.to }, pickRange);
    renderFacets(facets, result, state, navigate);
  } else {
    resultList.replaceChildren();
    pager.hidden = true;
    timeline.hidden = true;
    facets.hidden = true;
  }
  fillAuthors(result);
}

async function renderSearch(signal: AbortSignal): Promise<void> {
  const query = fullQuery(state);
  document.title = query ? `${query} - 报搜` : '报搜 · 新闻档案检索';
  // Before the answer: a refinement that makes the search fail can still be removed.
  renderChips(chips, state, navigate);
  if (!hasSearch(state)) {
    intro.hidden = false;
    showStatus('');
    showList(null);
    await renderHome();
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
  showList(result);
}

async function renderHome(): Promise<void> {
  try {
    const summary = await loadArchive();
    renderArchive(archiveBox, summary, await loadLatestIssue(summary.last_date));
  } catch {
    // The home page works without its summary: searching does not need it.
    archiveBox.replaceChildren();
  }
}

async function renderDayView(signal: AbortSignal): Promise<void> {
  if (shownDay?.date !== state.date) {
    showStatus('正在打开…');
    shownDay = await browse(state.date, signal);
  }
  showStatus('');
  document.title = renderDay(dayView, shownDay, state);
  byId('day-title').focus({ preventScroll: true });
}

async function renderReading(signal: AbortSignal): Promise<void> {
  backLink.href = stateUrl({ ...state, doc: '' });
  backLink.textContent = state.date ? '← 返回当日版面' : '← 返回搜索结果';
  backLink.hidden = !hasSearch(state) && !state.date && !openedFromList;
  articleBody.replaceChildren(el('p', { class: 'loading' }, '正在打开…'));
  relatedList.replaceChildren();
  const [doc, near] = await Promise.all([getDoc(state.doc, fullQuery(state), signal), related(state.doc, signal)]);
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
  const q = input.value.trim();
  if (choice.kind === 'title' && choice.id) navigate({ ...newSearch(state, q), doc: choice.id });
  else if (choice.kind === 'author') navigate({ ...newSearch(state, ''), author: choice.text });
  else {
    input.value = choice.text;
    navigate(newSearch(state, choice.text));
  }
}

const suggestions = new SuggestBox(input, byId<HTMLUListElement>('suggestions'), chooseSuggestion);

form.addEventListener('submit', (event) => {
  event.preventDefault();
  suggestions.close();
  navigate(newSearch(state, input.value.trim()));
});

refineForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const next = refine(state, refineInput.value);
  refineInput.value = '';
  if (next) navigate(next);
});

dayForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (dayInput.value) navigate({ ...EMPTY_STATE, date: dayInput.value });
});

for (const field of [fromInput, toInput]) {
  field.addEventListener('change', () => navigate({ ...state, from: fromInput.value.trim(), to: toInput.value.trim(), page: 1, doc: '' }));
}
authorSelect.addEventListener('change', () => navigate({ ...state, author: authorSelect.value, page: 1, doc: '' }));
sortSelect.addEventListener('change', () => navigate({ ...state, sort: sortSelect.value as Sort, page: 1, doc: '' }));
clearButton.addEventListener('click', () => navigate({ ...state, from: '', to: '', author: '', sort: 'relevance', printPage: '', section: '', page: 1, doc: '' }));

// Links to other views are real links (they open in a new tab with a middle click); a plain click stays here.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-internal]');
  if (!link) return;
  event.preventDefault();
  navigate(readState(new URL(link.href).search));
  window.scrollTo({ top: 0 });
});
backLink.addEventListener('click', (event) => {
  if (event.button !== 0 || event.metaKey || event.ctrlKey) return;
  event.preventDefault();
  if (openedFromList) history.back();
  else navigate({ ...state, doc: '' });
});

// The date picker spans the archive.
void loadArchive()
  .then((summary) => {
    if (summary.first_date) dayInput.min = summary.first_date;
    if (summary.last_date) dayInput.max = summary.last_date;
  })
  .catch(() => undefined);

history.replaceState({ openedFromList: false }, '', stateUrl(state));
void render();
