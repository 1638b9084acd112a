// Builds the panel's static structure with stable ids and ARIA labels (tests and the code-server
// journey select by these ids; keep them stable). Owns no behaviour.
import { KEY_SHORTCUTS, KEYBOARD_HELP } from '../interaction/keyboard';
import { MARKER_KINDS } from '../../protocol/requests';
import { el } from './dom';

export interface Skeleton {
  root: HTMLElement;
  toolbar: HTMLElement;
  position: HTMLElement;
  placeholder: HTMLElement;
  overview: HTMLElement;
  overviewCanvas: HTMLCanvasElement;
  overviewCursor: HTMLElement;
  timeline: HTMLElement;
  canvas: HTMLCanvasElement;
  cursor: HTMLElement;
}

const LEGEND: Record<(typeof MARKER_KINDS)[number], string> = {
  breakpoint: 'Breakpoint',
  exception: 'Exception',
  console: 'Console',
  logpoint: 'Logpoint',
  gap: 'Lost events',
  emit: 'Events emitted',
};

export function buildSkeleton(parent: HTMLElement): Skeleton {
  const root = el('main', { id: 'rewind-timeline', 'aria-label': 'Rewind timeline' });
  const toolbar = el('header', { id: 'toolbar' });
  const position = el('div', { id: 'position', role: 'status', 'aria-live': 'polite' });
  const legend = el('ul', { id: 'legend', 'aria-label': 'Marker rows, top to bottom' });
  for (const kind of MARKER_KINDS) {
    const item = el('li', { class: `legend-item marker-${kind}` });
    item.append(el('span', { class: 'swatch', 'aria-hidden': 'true' }), el('span', {}, LEGEND[kind]));
    legend.append(item);
  }
  toolbar.append(position, legend);
  const placeholder = el(
    'div',
    { id: 'placeholder', role: 'note' },
    'No Rewind debug session. Start one (F5 on a "rewind" launch configuration) to see its timeline.',
  );
  const overview = el('div', {
    id: 'overview',
    'aria-label': 'Overview of the whole run; press or drag to move the view',
    title: 'Whole run: press or drag to move the view',
  });
  const overviewCanvas = el('canvas', { id: 'overview-canvas', 'aria-hidden': 'true' });
  const overviewCursor = el('div', { id: 'overview-cursor', class: 'cursor', 'aria-hidden': 'true' });
  overview.append(overviewCanvas, overviewCursor);
  const timeline = el('div', {
    id: 'timeline',
    tabindex: '0',
    role: 'group',
    'aria-roledescription': 'timeline',
    'aria-label': 'Timeline of the recording',
    'aria-describedby': 'timeline-help',
    'aria-keyshortcuts': KEY_SHORTCUTS,
  });
  const canvas = el('canvas', { id: 'timeline-canvas', 'aria-hidden': 'true' });
  const cursor = el('div', { id: 'cursor', class: 'cursor', 'aria-hidden': 'true' });
  timeline.append(canvas, cursor);
  const help = el(
    'p',
    { id: 'timeline-help', class: 'visually-hidden' },
    `Drag to move through the recording; the debugger follows. ${KEYBOARD_HELP}`,
  );
  root.append(toolbar, placeholder, overview, timeline, help);
  parent.append(root);
  return { root, toolbar, position, placeholder, overview, overviewCanvas, overviewCursor, timeline, canvas, cursor };
}
