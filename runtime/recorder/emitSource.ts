// The text of the EventEmitter emit replacement (nodeEmits.ts), laid out so that each place a
// plain run's stack can name — a lone listener's call, each of several listeners' call, the throw
// of an unhandled 'error' — sits at Node's own `node:events` line and column (emitPosition.ts).
// With Node's addCatch learnt (emitRejections.ts), a listener's result goes to a copy of it laid at
// addCatch's own lines, so captureRejections emitters need not go through Node's emit (whose frame
// would sit between the listener and ours). Its code between those lines is free; blank lines pad
// it. Knows JavaScript text, not recording.
import type { NodeEmitSites, SourcePosition } from './emitPosition';
import type { RejectionSites } from './emitRejections';

/** The compiled body's parameter: what the text's first line takes from it. */
const PROLOGUE =
  "'use strict'; const route = d.route, start = d.start, end = d.end, hide = d.hide, node = d.node, " +
  'toArgs = d.toArgs, NO_LISTENER = d.NO_LISTENER, NODE_EMIT = d.NODE_EMIT, NODE_EMIT_LABELLED = d.NODE_EMIT_LABELLED, ' +
  'UNHANDLED = d.UNHANDLED, isNativeError = d.isNativeError, cutting = d.cutting, ReflectApply = d.reflectApply, ' +
  'kEmitting = d.kEmitting, arrayClone = d.arrayClone, kErrorMonitor = d.kErrorMonitor, MONITORED = d.MONITORED, standIn = d.standIn, ' +
  'kCapture = d.kCapture, process = d.process, emitUnhandledRejectionOrErr = d.rejected;';
/** How the text calls Node's emit (applyRaisingLimit): that frame is left out of stacks. */
const HAND_OVER = 'hide(node, this, toArgs(type, args), 2)';
/** Where the text puts the unhandled 'error' path's call of Node's emit: its stack line is cut. */
const CUTTING_CALL = 'const outcome = cutting(node, self, toArgs(type, args), ';

export interface EmitSource {
  code: string;
  /** Which sites the text keeps at Node's place: the others go through Node's emit (route knows). */
  many: boolean;
  unhandled: boolean;
  monitor: boolean;
  /** Whether a listener's result goes to the copy of addCatch (else route sends capturing emitters to Node). */
  rejections: boolean;
  /**
   * Where the text calls Node's emit through `hide` (proxies, and what route sends to Node), and the
   * line its `emit` function starts on: those frames are ours, left out of stacks (hiddenFrames.ts).
   */
  handOvers: SourcePosition[];
  emitLine: number;
}

/** What the text needs: Node's emit sites and, if learnt, addCatch's. */
export type EmitTextSites = NodeEmitSites & { rejections?: RejectionSites };

/** Lines placed in order, each run of free lines right after the previous fixed one. */
class Layout {
  readonly lines: string[] = [];
  readonly handOvers: SourcePosition[] = [];
  free(...code: string[]): void {
    this.lines.push(...code);
  }
  /** A free line that hands the emit to Node's at its `hide(` call (V8 reports a call at its callee's name). */
  handOver(text: string): void {
    this.lines.push(text);
    this.handOvers.push({ line: this.lines.length, column: text.indexOf(HAND_OVER) + 1 });
  }
  /** `text` placed so that its `token` starts at `at`'s column; false when it cannot be. */
  at(at: SourcePosition, text: string, token: string): boolean {
    const padding = at.column - 1 - text.indexOf(token);
    return text.indexOf(token) >= 0 && padding >= 0 && this.fixed(at.line, ' '.repeat(padding) + text);
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
export function emitSource(sites: EmitTextSites): EmitSource | undefined {
  const layout = new Layout();
  layout.free(PROLOGUE);
  const rejections = sites.rejections;
  if (rejections !== undefined && !addCatchText(layout, rejections))
    return emitSource({ ...sites, rejections: undefined });
  const emitLine = layout.lines.length + 1;
  layout.free(
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
  );
  layout.handOver(`if (handler === NODE_EMIT) return ${HAND_OVER};`);
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
  layout.handOver(`start(type); try { if (handler === NODE_EMIT_LABELLED) return ${HAND_OVER};`);
  layout.free("if (typeof handler === 'function') {");
  const lone = rejections ? 'const result = handler.apply(this, args);' : 'handler.apply(this, args);';
  if (!layout.at(sites.lone, lone, 'apply(')) {
    if (rejections) return emitSource({ ...sites, rejections: undefined });
    return thrown === undefined ? undefined : emitSource({ ...sites, unhandled: undefined });
  }
  if (rejections && !catchCall(layout, rejections.loneCatch)) return emitSource({ ...sites, rejections: undefined });
  // (A monitor or throw site that leaves no room for the lone call is dropped by the retry above.)
  const many = sites.many;
  if (many !== undefined) {
    layout.free(
      many.form === 'clone'
        ? '} else { const len = handler.length; const listeners = arrayClone(handler); for (let i = 0; i < len; ++i) {'
        : '} else { handler[kEmitting]++; try { for (let i = 0; i < handler.length; ++i) {',
    );
    if (!layout.fixed(many.line, many.text)) return emitSource({ ...sites, many: undefined });
    if (rejections && !(rejections.manyCatch && catchCall(layout, rejections.manyCatch)))
      return emitSource({ ...sites, rejections: undefined });
    layout.free(many.form === 'clone' ? '} }' : '} } finally { handler[kEmitting]--; } }');
  } else layout.free('}');
  layout.free('return true; } finally { end(); } };');
  return {
    code: layout.lines.join('\n'),
    many: many !== undefined,
    unhandled: thrown !== undefined,
    monitor: monitor !== undefined,
    rejections: rejections !== undefined,
    handOvers: layout.handOvers,
    emitLine,
  };
}

/** emit's hand-over of a listener's result to addCatch, its call at Node's `at`. */
function catchCall(layout: Layout, at: SourcePosition): boolean {
  layout.free('if (result !== undefined && result !== null)');
  return layout.at(at, 'addCatch(this, result, type, args);', 'addCatch(');
}

/** Node's addCatch, line for line where a stack can name it (a thenable's `then`, a replaced nextTick). */
function addCatchText(layout: Layout, sites: RejectionSites): boolean {
  layout.free('function addCatch(that, promise, type, args) { if (!that[kCapture]) return; try {');
  if (!layout.at(sites.thenRead, 'const then = promise.then;', 'then;')) return false;
  layout.free("if (typeof then === 'function') {");
  if (!layout.at(sites.thenCall, 'then.call(promise, undefined, function(err) {', 'call(')) return false;
  if (!layout.at(sites.tick, 'process.nextTick(emitUnhandledRejectionOrErr, that, err, type, args);', 'nextTick('))
    return false;
  layout.free('}); }', '} catch (err) {');
  if (!layout.at(sites.catchEmit, "that.emit('error', err);", 'emit(')) return false;
  layout.free('} }');
  return true;
}
