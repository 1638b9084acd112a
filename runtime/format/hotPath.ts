// The contract between instrumented code and the recorder: the names and meaning of the functions
// instrumented code calls. The instrumenter emits calls by these names; the recorder implements
// RecorderHotPath. Neither imports the other — both import this file. Knows no encodings.
//
// How instrumented code reaches the recorder (see docs in runtime/instrument and runtime/recorder):
//  - The recorder object is a global, non-enumerable property of globalThis named RUNTIME_NAME
//    (or an alias the instrumenter picked because the file already contains RUNTIME_NAME; the
//    loader calls defineRuntimeAlias(alias) before the file runs).
//  - CommonJS modules and scripts reach each function through a module-local alias declared
//    before anything runs (`var <prefix>s=<prefix>.s,…`): one load of a local instead of a global
//    lookup plus a property read per call. ES modules keep `<prefix>.s(…)`: a hoisted function of
//    an ES module can run before its module body (circular imports), when a `var` alias would
//    still be undefined.
//  - Probe ids in code are number literals, PROBE_ID_DIGITS wide (local id right-aligned after
//    spaces). The loader adds the file's probe base in place (same width: columns never move), so
//    V8 sees a constant, not a call plus an add.
//  - Every instrumented function body starts with `const <prefix>f<n> = <rt>.e(id)` (or `em`; `e2(id, a, b)`
//    / `em2(id, this, a, b)` … folding the parameters' writes in)
//    and is wrapped in `try { … } finally { <rt>.x(<prefix>f<n>, id) }`; no catch clause, so the
//    original throw site stays the one V8 reports.

/** Default global name of the recorder object. */
export const RUNTIME_NAME = '$rw$';

/** Width of a probe-id literal in instrumented code: room for any id up to MAX_PROBE_ID (2^27 - 1). */
export const PROBE_ID_DIGITS = 9;

/**
 * A frame id: allocated by the recorder on ENTER (from 1), as written in events; 0 is module scope
 * (ModuleScope.frameId), -1 "unknown". Tagged: a plain number is one, but the adapter's frame index
 * (trace/history.ts FrameIndex, a handle of its index) is not, nor is a FrameId a frame index.
 */
export type FrameId = number & { readonly __frame?: 'recorder-id' };
export const UNKNOWN_SCOPE_FRAME: FrameId = -1;

/**
 * The hot path. Short names because they appear in every instrumented statement.
 * Every function that takes a value returns it unchanged, so calls can wrap expressions.
 * None of them may call user code, allocate for primitives, read a clock or use Atomics per event.
 */
export interface RecorderHotPath {
  /** STEP: a statement or loop head is about to execute. */
  s(probeId: number): void;
  /** ENTER a function/module; returns the new frame id. */
  e(probeId: number): FrameId;
  /** ENTER a method, recording its `this` (never used in derived constructors before super()). */
  em(probeId: number, thisValue: unknown): FrameId;
  /**
   * ENTER and the WRITEs of 1–4 parameters in one call: `const f = <rt>.e2(id, a, b)`. The parameters'
   * write probes are id+1, id+2… (the instrumenter allocates them right after the function's). The
   * events are exactly e(id) then w(id+1, a), w(id+2, b): one call per entry instead of 1 + n.
   */
  e1(probeId: number, first: unknown): FrameId;
  e2(probeId: number, first: unknown, second: unknown): FrameId;
  e3(probeId: number, first: unknown, second: unknown, third: unknown): FrameId;
  e4(probeId: number, first: unknown, second: unknown, third: unknown, fourth: unknown): FrameId;
  /** em (with `this`) and the WRITEs of 1–4 parameters, as e1–e4. */
  em1(probeId: number, thisValue: unknown, first: unknown): FrameId;
  em2(probeId: number, thisValue: unknown, first: unknown, second: unknown): FrameId;
  em3(probeId: number, thisValue: unknown, first: unknown, second: unknown, third: unknown): FrameId;
  em4(probeId: number, thisValue: unknown, first: unknown, second: unknown, third: unknown, fourth: unknown): FrameId;
  /**
   * A nested function's entry, linked to what it closes over (CLOSURE_SCOPE):
   * `const f = <rt>.closedBy(<rt>.e(id), <creating frame>, <loop iteration or 0>)`. Returns `frame`.
   * Its name has four letters or more: bindProbeBase reads no probe id after it.
   */
  closedBy(frame: FrameId, creatorFrame: FrameId, iteration: number): FrameId;
  /**
   * A new iteration of a `for (let …)` loop whose bindings a closure may capture, where JavaScript
   * copies them: `for (let i = 0, <prefix>i<n> = <rt>.li(f, id); …; <prefix>i<n> = <rt>.li(f, id), i++)`.
   * Returns the iteration's id (never 0) for the closures made in it.
   */
  li(frame: FrameId, loopProbe: number): number;
  /**
   * RETURN: `return <rt>.r(probeId, expr)` (of the running activation); the implicit end-of-body return passes
   * undefined.
   */
  r<T>(probeId: number, value: T): T;
  /**
   * RETURN where code may still run before the frame exits (inside try…finally, for…of, `using`): its EXIT is always
   * written.
   */
  rf<T>(probeId: number, value: T): T;
  /** EXIT from the finally around the body. No RETURN since the last ENTER/RESUME ⇒ exit by throw. */
  x(frameId: FrameId, probeId: number): void;

  /** WRITE a binding of the running function's own frame: declarations (`let a = <rt>.w(id, v)`), assignments
   *  (`<rt>.w(id, a = v)`), prefix updates (`<rt>.w(id, ++a)`), params/loop/catch bindings (`<rt>.w(id, a)` as a
   *  statement). */
  w<T>(probeId: number, value: T): T;
  /** WRITE a binding of another frame (module scope 0, a closure's frame, or -1 unknown): `<rt>.wf(id, v, scope)`. */
  wf<T>(probeId: number, value: T, scopeFrameId: FrameId): T;
  /**
   * A read of process.env (`process.env.X`, `process.env[k]`: the value; a bare `process.env`
   * passed on or destructured: the object): its strings are redacted wherever recorded (SEC-10).
   * Returns the value unchanged. Takes no probe id: its name is longer than the three lowercase
   * letters bindProbeBase (instrument/marker.ts) reads as a probe call's.
   */
  envRead<T>(value: T): T;
  /**
   * WRITE for a postfix update `a++`/`a--` of an own binding: records oldValue+delta, returns oldValue (the
   * expression's value).
   */
  wp<T>(probeId: number, oldValue: T, delta: 1 | -1): T;
  /** wp for a binding of another frame. */
  wpf<T>(probeId: number, oldValue: T, delta: 1 | -1, scopeFrameId: FrameId): T;

  /**
   * `x += part` (or `x = x + part`) on a declared binding of the running function's own frame, the part
   * evaluated into a temp: `<rt>.ap(id, x, <rt>.appendMark(), x += (t = part), t)`. An APPEND of part when
   * the old value and the result are strings, part a primitive and no event was written since the mark
   * (format 3.9), else a WRITE of result. Returns result. The mark is PROVEN_APPEND_MARK, not a call,
   * where the instrumenter proved the part cannot write the binding (instrument/appendProof.ts).
   */
  ap<T>(probeId: number, oldValue: unknown, mark: number, result: T, part: unknown): T;
  /** ap for a binding of another frame: `<rt>.apf(id, x, <rt>.appendMark(), x += (t = part), t, scope)`. */
  apf<T>(probeId: number, oldValue: unknown, mark: number, result: T, part: unknown, scopeFrameId: FrameId): T;
  /**
   * Where the next event goes, read just after an append's old value: ap compares it with where
   * its own event goes, so an append whose part wrote anything (perhaps the binding itself) is a
   * WRITE. Takes no probe id: its name is longer than the three lowercase letters bindProbeBase
   * (instrument/marker.ts) reads as a probe call's.
   */
  appendMark(): number;

  /**
   * PROP_SET before the store: `(t = o).p = <rt>.pv(id, t, "p", v)`; also logical assignments. Returns value.
   * pv, pr and pp take one more argument when the target is the running function's own `this`:
   * `this.p = <rt>.pv(id, this, "p", v, <prefix>o<n> = <rt>.thisEntry(<prefix>o<n>, this))` (see thisEntry).
   */
  pv<T>(probeId: number, target: unknown, key: unknown, value: T, thisEntry?: number): T;
  /** PROP_SET after a compound assignment or prefix update: `<rt>.pr(id, (t = o).p += v, t, "p")`. Returns result. */
  pr<T>(probeId: number, result: T, target: unknown, key: unknown, thisEntry?: number): T;
  /** PROP_SET for a postfix update: `<rt>.pp(id, (t = o).p++, t, "p", 1)`; records old+delta, returns old. */
  pp<T>(probeId: number, oldValue: T, target: unknown, key: unknown, delta: 1 | -1, thisEntry?: number): T;
  /**
   * The identity entry of the running function's `this`, cached by the frame in a `var` (`<prefix>o<n>`,
   * undefined at entry): `cached` while still valid, else `this` prepared now as a PROP_SET target
   * would be. Opaque to instrumented code, which only stores it and passes it back. Its name has
   * four letters or more: bindProbeBase reads no probe id after it (its first argument is not one).
   * A plain function passes its `new.target` too (`thisEntry(<prefix>o<n>, this, new.target)`): when
   * defined, `this` is the ordinary object [[Construct]] made, whatever it holds by now.
   */
  thisEntry(cached: number | undefined, thisValue: unknown, newTarget?: unknown): number | undefined;
  /** PROP_DELETE: `<rt>.pd(id, delete (t = o).p, t, "p")`; recorded only when the result is true. */
  pd(probeId: number, deleted: boolean, target: unknown, key: unknown): boolean;
  /** MUTATOR: `<rt>.mc(id, (t = a).push(x, y), t, x, y)`; args re-passed only when they are plain
   *  identifiers/literals (probe.argumentCount says how many). Recorded only for genuine
   *  Array/Map/Set/TypedArray targets; otherwise ignored. Returns result. */
  mc<T>(probeId: number, result: T, target: unknown, ...args: unknown[]): T;
  /** After a builtin that writes through an argument (`Object.assign(o, x)`, `Reflect.set(o, k, v)`,
   *  `Array.prototype.push.call(a, x)`): `<rt>.mb(id, <call>, o)` re-snapshots o if it was seen. Returns result. */
  mb<T>(probeId: number, result: T, target: unknown): T;
  /** A mutator's receiver read again before the call without running code: `object[key]` if it is a data
   *  property of ordinary objects, else undefined (`<rt>.mc(id, (t = <rt>.dp(id, this, "items"), this.items.push(x)),
   *  t, x)`,
   *  so V8's "this.items.push is not a function" names the program's own expression). */
  dp(probeId: number, object: unknown, key: unknown): unknown;
  /**
   * A method call's receiver that went through a temp or holds a write: `<rt>.cr(id, (t = make()), "push",
   * "make(...).push").push(x)`
   *  returns it, or (when its `push` is not surely a function) a stand-in whose `push` is the method
   *  read once, or throws V8's "make(...).push is not a function" after the arguments are evaluated.
   *  `printed`: the callee as V8 prints it; `modern`: as V8 ≥ 12 does, when that differs
   *  (instrument/calleeText.ts). `key` undefined: a computed key (`(o.a = 3)[k]()`), read by the
   *  stand-in when the program reads it. `optionalCall`: the call is `?.()`. */
  cr(
    probeId: number,
    receiver: unknown,
    key: string | undefined,
    printed: string,
    modern?: string,
    optionalCall?: boolean,
  ): unknown;
  /** The callee of a plain call whose text holds a write (`(o.f = g)()`): `<rt>.cf(id, (o.f = …), "o.f")(x)`
   *  returns it, or (when it is not a function, nor nullish under `?.()`) one that throws V8's
   *  "o.f is not a function" after the arguments are evaluated. */
  cf(probeId: number, callee: unknown, printed: string, modern?: string, optionalCall?: boolean): unknown;
  /** The callee of a `new` whose text holds a write, an await or a function literal (`new (o.a = 3)[0]()`):
   *  `new (<rt>.cn(id, (o.a = …)[0], "o.a[0]"))()` returns it, or (when it cannot be constructed) one
   *  whose construction throws V8's "o.a[0] is not a constructor" after the arguments are evaluated. */
  cn(probeId: number, callee: unknown, printed: string, modern?: string): unknown;

  /** SUSPEND before await/yield: `<rt>.ar(f, id, await <rt>.as(f, id, x))`. Returns operand. */
  as<T>(frameId: FrameId, probeId: number, operand: T): T;
  /** RESUME after await/yield; returns the resumed value. */
  ar<T>(frameId: FrameId, probeId: number, value: T): T;

  /** THROW: `throw <rt>.th(id, v)`. Returns v. */
  th<T>(probeId: number, value: T): T;
  /** CATCH: first statement of a catch body: `<rt>.c(id, e)` (undefined when the clause has no binding). */
  c(probeId: number, value: unknown): void;

  /**
   * Around an `emit` call (`<rt>.emitEnd(emitter.emit('x', <rt>.emitStart("x", last)))`): emitStart as its last
   * argument is evaluated, returning it (EMIT start: the functions called during the call are its
   * listeners; `(<rt>.emitStart(void 0), e.emit())` without arguments), emitEnd after it (EMIT end),
   * returning the call's result. The call itself stays the program's text: V8's messages and stacks
   * are unchanged. `name` is the event's when the call names it with a string literal, else undefined.
   */
  emitStart<T>(name: string | undefined, value?: T): T | undefined;
  emitEnd<T>(result: T): T;

  /** Regenerable leaves (recorder option leafCalls): the entry guard, per arity. */
  lk1(a: unknown): boolean;
  lk2(a: unknown, b: unknown): boolean;
  lk3(a: unknown, b: unknown, c: unknown): boolean;
  lk4(a: unknown, b: unknown, c: unknown, d: unknown): boolean;
  /** A guarded call's one LEAF_CALL event, in place of its frame and steps; returns `result`. */
  lf0<T>(probeId: number, result: T): T;
  lf1<T>(probeId: number, result: T, a: unknown): T;
  lf2<T>(probeId: number, result: T, a: unknown, b: unknown): T;
  lf3<T>(probeId: number, result: T, a: unknown, b: unknown, c: unknown): T;
  lf4<T>(probeId: number, result: T, a: unknown, b: unknown, c: unknown, d: unknown): T;
  /**
   * A leaf that reads properties, its entry guard's first check: starts the call's reads; false
   * once calls of this leaf have mostly ended on the full path (its reads' checks refused them).
   */
  lb(probeId: number): boolean;
  /**
   * A checked property read in a leaf's copy: `o[key]` when `o` is an object that is no Proxy and
   * `key` is a data property on the way to it (no getter runs), its value a number, boolean, null
   * or undefined (leafRead) or, for a read only read from in turn, also an object (leafFrom); else it throws
   * and the full path runs the call. The value joins the call's reads.
   */
  leafRead(o: unknown, key: unknown): unknown;
  leafFrom(o: unknown, key: unknown): unknown;
  /**
   * A read the leaf returns as it is: a leaf value or an object (its LEAF_READS then checks the recording knows it).
   */
  leafResult(o: unknown, key: unknown): unknown;
  /** A guarded call's one LEAF_READS event (its arguments, result and the values it read); returns `result`. */
  lq0<T>(probeId: number, result: T): T;
  lq1<T>(probeId: number, result: T, a: unknown): T;
  lq2<T>(probeId: number, result: T, a: unknown, b: unknown): T;
  lq3<T>(probeId: number, result: T, a: unknown, b: unknown, c: unknown): T;
  lq4<T>(probeId: number, result: T, a: unknown, b: unknown, c: unknown, d: unknown): T;
}

/** Methods recorded as MUTATOR events when called on genuine builtins. */
export const MUTATOR_METHODS = {
  array: ['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin'],
  map: ['set', 'delete', 'clear'],
  set: ['add', 'delete', 'clear'],
} as const;
