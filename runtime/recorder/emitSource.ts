// The text of the EventEmitter emit replacement (nodeEmits.ts), laid out so that each place a
// plain run's stack can name — a lone listener's call, each of several listeners' call, the throw
// of an unhandled 'error' — sits at Node's own `node:events` line and column (emitPosition.ts).
// Its code between those lines is free; blank lines pad it. Knows JavaScript text, not recording.
import type { NodeEmitSites } from './emitPosition';

/** The compiled body's parameter: what the text's first line takes from it. */
const PROLOGUE =
  "'use strict'; const route = d.route, start = d.start, end = d.end, hide = d.hide, node = d.node, " +
  'toArgs = d.toArgs, NO_LISTENER = d.NO_LISTENER, NODE_EMIT = d.NODE_EMIT, NODE_EMIT_LABELLED = d.NODE_EMIT_LABELLED, ' +
  'UNHANDLED = d.UNHANDLED, isNativeError = d.isNativeError, cutting = d.cutting, ReflectApply = d.reflectApply, ' +
  'kEmitting = d.kEmitting, arrayClone = d.arrayClone, kErrorMonitor = d.kErrorMonitor, MONITORED = d.MONITORED, standIn = d.standIn;';
/** Where the text puts the unhandled 'error' path's call of Node's emit: its stack line is cut. */
const CUTTING_CALL = 'const outcome = cutting(node, self, toArgs(type, args), ';

export interface EmitSource {
  code: string;
  /** Which sites the text keeps at Node's place: the others go through Node's emit (route knows). */
  many: boolean;
  unhandled: boolean;
  monitor: boolean;
}

/** Lines placed in order, each run of free lines right after the previous fixed one. */
class Layout {
  readonly lines: string[] = [];
  free(...code: string[]): void {
    this.lines.push(...code);
  }
  /** `text` on 1-based `line`; false (nothing placed) when the free lines already pass it. */
  fixed(line: number, text: string): boolean {
    if (this.lines.length >= line) return false;
    while (this.lines.length < line - 1) this.lines.push('');
    this.lines.push(text);
    return true;
  }
}

/**
 * The replacement's text for Node's `sites`, or undefined when the lone call cannot sit at its
 * place. A site that does not fit (an unknown Node's layout) is left out: route sends it to Node.
 */
export function emitSource(sites: NodeEmitSites): EmitSource | undefined {
  const layout = new Layout();
  layout.free(
    PROLOGUE,
    'return function emit(type, ...args) { let handler = route(this, type, false); if (handler === MONITORED)',
  );
  // An 'error' with monitors: they run first (their emit's frame at Node's place), then route looks again.
  const monitor = sites.monitor;
  if (monitor !== undefined && !layout.fixed(monitor.line, monitor.text))
    return emitSource({ ...sites, monitor: undefined });
  if (monitor === undefined) layout.free('this.emit(kErrorMonitor, ...args);');
  layout.free(
    'let self = this; if (handler === MONITORED) { handler = route(this, type, true); if (handler === UNHANDLED) self = standIn(this); }',
    'if (handler === NO_LISTENER) return false;',
    'if (handler === NODE_EMIT) return hide(node, this, toArgs(type, args), 2);',
  );
  const thrown = sites.unhandled;
  if (thrown !== undefined) {
    // Node throws an Error argument itself (its stack is the program's): called straight, so an
    // uncaught one points at Node's own throw. Any other value becomes Node's ERR_UNHANDLED_ERROR,
    // whose stack would hold this frame: cut, and thrown again from Node's line, text and column.
    const cuttingLine = `${CUTTING_CALL}'node:events:${layout.lines.length + 2}:${CUTTING_CALL.indexOf('cutting(') + 1})');`;
    layout.free(
      'if (handler === UNHANDLED) { if (isNativeError(args[0])) return ReflectApply(node, self, toArgs(type, args));',
      `${cuttingLine} const ${thrown.name} = outcome.error; if (outcome.threw)`,
    );
    if (!layout.fixed(thrown.line, thrown.text)) return emitSource({ ...sites, unhandled: undefined });
    layout.free('return outcome.value; }');
  }
  layout.free(
    'start(type); try { if (handler === NODE_EMIT_LABELLED) return hide(node, this, toArgs(type, args), 2);',
    "if (typeof handler === 'function') {",
  );
  const padding = sites.lone.column - 1 - 'handler.'.length;
  if (padding < 0 || !layout.fixed(sites.lone.line, ' '.repeat(padding) + 'handler.apply(this, args);'))
    return thrown === undefined ? undefined : emitSource({ ...sites, unhandled: undefined });
  // (A monitor or throw site that leaves no room for the lone call is dropped by the retry above.)
  const many = sites.many;
  if (many !== undefined) {
    layout.free(
      many.form === 'clone'
        ? '} else { const len = handler.length; const listeners = arrayClone(handler); for (let i = 0; i < len; ++i) {'
        : '} else { handler[kEmitting]++; try { for (let i = 0; i < handler.length; ++i) {',
    );
    if (!layout.fixed(many.line, many.text)) return emitSource({ ...sites, many: undefined });
    layout.free(many.form === 'clone' ? '} }' : '} } finally { handler[kEmitting]--; } }');
  } else layout.free('}');
  layout.free('return true; } finally { end(); } };');
  return {
    code: layout.lines.join('\n'),
    many: many !== undefined,
    unhandled: thrown !== undefined,
    monitor: monitor !== undefined,
  };
}
