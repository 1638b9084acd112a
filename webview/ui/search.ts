// The search box: sends the query (a function name or `file:line`) as `rewind/search`, lists the
// executions found, and jumps to one on click or Enter. Results are text only (SEC-06).
// Knows nothing about the timeline beyond the jump callback.
import type { HostClient } from '../host';
import type { SearchBody, SearchMatch } from '../../protocol/requests';
import { el, shortLocation } from './dom';

const RESULT_LIMIT = 200;
const DEBOUNCE_MS = 250;

export interface SearchCallbacks {
  jump(step: number): void;
  resultsChanged(steps: readonly number[]): void;
  queryChanged(query: string): void;
}

export class SearchBox {
  readonly element = el('div', { id: 'search', role: 'search' });
  readonly input = el('input', {
    id: 'search-input',
    type: 'search',
    placeholder: 'Find function or file:line',
    'aria-label': 'Find executions of a function or file:line',
    'aria-controls': 'search-results',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  private readonly status = el('div', { id: 'search-status', role: 'status', 'aria-live': 'polite' });
  private readonly list = el('ul', { id: 'search-results', role: 'listbox', 'aria-label': 'Search results' });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latestQuery = '';

  constructor(
    private readonly host: HostClient,
    private readonly callbacks: SearchCallbacks,
  ) {
    this.element.append(this.input, this.status, this.list);
    this.input.addEventListener('input', () => this.schedule());
    this.input.addEventListener('keydown', (event) => this.onInputKey(event));
    this.list.addEventListener('keydown', (event) => this.onListKey(event));
  }

  /** Re-runs a query restored from saved state. */
  restore(query: string): void {
    this.input.value = query;
    if (query.trim() !== '') this.run();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), DEBOUNCE_MS);
  }

  run(): void {
    clearTimeout(this.timer);
    const query = this.input.value.trim();
    this.latestQuery = query;
    this.callbacks.queryChanged(this.input.value);
    if (query === '') return this.show(query, { matches: [], total: 0 });
    this.status.textContent = 'Searching…';
    this.host.request('rewind/search', { query, limit: RESULT_LIMIT }).then(
      (body) => {
        if (query === this.latestQuery) this.show(query, body);
      },
      (error: Error) => {
        if (query !== this.latestQuery) return;
        // The results listed belong to another query or session: a failed search shows none.
        this.show(query, { matches: [], total: 0 });
        this.status.textContent = `Search failed: ${error.message}`;
      },
    );
  }

  private show(query: string, body: SearchBody): void {
    const items = body.matches.map((match, index) => this.item(match, index));
    this.list.replaceChildren(...items);
    this.status.textContent =
      query === ''
        ? ''
        : body.total === 0
          ? `No executions of “${query}”`
          : `${body.matches.length} of ${body.total.toLocaleString('en-US')} executions`;
    this.callbacks.resultsChanged(body.matches.map((match) => match.step));
  }

  private item(match: SearchMatch, index: number): HTMLLIElement {
    const item = el('li', {
      class: 'search-result',
      role: 'option',
      tabindex: index === 0 ? '0' : '-1',
      'data-step': String(match.step),
      'aria-selected': 'false',
    });
    item.append(
      el('span', { class: 'result-label' }, match.label),
      el('span', { class: 'result-location' }, shortLocation(match.path, match.line)),
      el('span', { class: 'result-step' }, `step ${match.step.toLocaleString('en-US')}`),
    );
    item.title = `${match.path}:${match.line}`;
    item.addEventListener('click', () => this.choose(item, match.step));
    return item;
  }

  private choose(item: HTMLLIElement, step: number): void {
    for (const other of Array.from(this.list.children)) other.setAttribute('aria-selected', String(other === item));
    this.callbacks.jump(step);
  }

  private onInputKey(event: KeyboardEvent): void {
    if (event.key === 'Enter') this.run();
    else if (event.key === 'ArrowDown') (this.list.firstElementChild as HTMLElement | null)?.focus();
    else if (event.key === 'Escape') {
      this.input.value = '';
      this.run();
    } else return;
    event.preventDefault();
  }

  private onListKey(event: KeyboardEvent): void {
    const current = document.activeElement as HTMLLIElement | null;
    if (current === null || current.parentElement !== this.list) return;
    if (event.key === 'ArrowDown') (current.nextElementSibling as HTMLElement | null)?.focus();
    else if (event.key === 'ArrowUp') ((current.previousElementSibling as HTMLElement | null) ?? this.input).focus();
    else if (event.key === 'Enter' || event.key === ' ') this.choose(current, Number(current.dataset.step));
    else return;
    event.preventDefault();
  }
}
