// The recorded console output as a virtual list: pages fetched with `rewind/console` as they
// scroll into view, rows drawn only for the visible window; clicking a message jumps to the step
// that printed it. Text only (SEC-06). Knows nothing about the timeline beyond the jump callback.
import type { HostClient } from '../host';
import type { ConsoleMessage } from '../../protocol/requests';
import { el } from './dom';

const CONSOLE_ROW_PX = 20;
const PAGE_SIZE = 100;
const MAX_CACHED_PAGES = 40;
/** Browsers cap element heights around 33M px; more rows than this are reachable by paging only. */
const MAX_ROWS = 1_000_000;

export class ConsoleList {
  readonly element = el('section', { id: 'console', 'aria-label': 'Recorded console output' });
  private readonly header = el('div', { id: 'console-header' }, 'Console');
  readonly list = el('div', { id: 'console-list', 'aria-label': 'Console messages; Enter on a message jumps to it' });
  private readonly spacer = el('div', { class: 'console-spacer' });
  private readonly pages = new Map<number, ConsoleMessage[]>();
  private readonly requested = new Set<number>();
  private total: number | undefined;
  private generation = 0;

  constructor(
    private readonly host: HostClient,
    private readonly jump: (step: number) => void,
    private readonly scrolled: (scrollTopPx: number) => void,
  ) {
    this.list.append(this.spacer);
    this.element.append(this.header, this.list);
    this.list.addEventListener('scroll', () => {
      this.render();
      this.scrolled(this.list.scrollTop);
    });
  }

  reset(scrollTopPx = 0): void {
    this.generation++;
    this.pages.clear();
    this.requested.clear();
    this.total = undefined;
    this.spacer.replaceChildren();
    this.spacer.style.height = '0px';
    this.fetch(Math.floor(scrollTopPx / CONSOLE_ROW_PX / PAGE_SIZE), scrollTopPx);
  }

  /**
   * Asks again when nothing has arrived yet: while a program is still recorded the adapter has no
   * console to give, and the list stayed empty all session (issue 15 §3). Called when the run grows or stops.
   */
  retryIfEmpty(): void {
    if (this.total === undefined) this.reset(this.list.scrollTop);
  }

  private fetch(page: number, restoreScrollTopPx?: number): void {
    if (this.requested.has(page)) return;
    this.requested.add(page);
    const generation = this.generation;
    this.host.request('rewind/console', { startIndex: page * PAGE_SIZE, count: PAGE_SIZE }).then(
      (body) => {
        if (generation !== this.generation) return;
        if (this.pages.size >= MAX_CACHED_PAGES) this.evictFarFrom(page);
        this.pages.set(page, body.messages);
        this.total = Math.min(body.total, MAX_ROWS);
        this.header.textContent = `Console (${body.total.toLocaleString('en-US')})`;
        this.spacer.style.height = `${this.total * CONSOLE_ROW_PX}px`;
        if (restoreScrollTopPx !== undefined) this.list.scrollTop = restoreScrollTopPx;
        this.render();
      },
      () => {
        if (generation === this.generation) this.requested.delete(page);
      },
    );
  }

  private evictFarFrom(page: number): void {
    const farthest = [...this.pages.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page))[0];
    this.pages.delete(farthest);
    this.requested.delete(farthest);
  }

  private render(): void {
    if (this.total === undefined) return;
    const first = Math.floor(this.list.scrollTop / CONSOLE_ROW_PX);
    const last = Math.min(this.total, first + Math.ceil(this.list.clientHeight / CONSOLE_ROW_PX) + 2);
    const rows: HTMLElement[] = [];
    for (let index = first; index < last; index++) {
      const page = Math.floor(index / PAGE_SIZE);
      const message = this.pages.get(page)?.[index % PAGE_SIZE];
      if (message === undefined) this.fetch(page);
      else rows.push(this.row(message, index));
    }
    this.spacer.replaceChildren(...rows);
  }

  private row(message: ConsoleMessage, index: number): HTMLElement {
    const row = el('button', {
      class: `console-row ${message.stream}`,
      'data-step': String(message.step),
      'data-index': String(index),
      title: `Jump to step ${message.step}`,
    });
    row.append(
      el('span', { class: 'console-step' }, message.step.toLocaleString('en-US')),
      el('span', { class: 'console-text' }, message.text),
    );
    row.style.transform = `translateY(${index * CONSOLE_ROW_PX}px)`;
    row.addEventListener('click', () => this.jump(message.step));
    return row;
  }
}
