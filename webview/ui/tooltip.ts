// The hover tooltip: a positioned box of text lines (textContent only, SEC-06) kept inside the
// window. Knows nothing about what the lines mean.
import { el } from './dom';

export class Tooltip {
  readonly element = el('div', { id: 'tooltip', role: 'tooltip', hidden: '' });

  show(lines: readonly string[], clientX: number, clientY: number): void {
    if (lines.length === 0) return this.hide();
    this.element.replaceChildren(
      ...lines.map((line, index) => el('div', { class: index === 0 ? 'tooltip-title' : 'tooltip-line' }, line)),
    );
    this.element.hidden = false;
    const { width, height } = this.element.getBoundingClientRect();
    const left = Math.min(clientX + 12, window.innerWidth - width - 4);
    const top = clientY + 16 + height > window.innerHeight ? clientY - height - 8 : clientY + 16;
    this.element.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, top)}px)`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
