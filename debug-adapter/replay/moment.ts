// The recorded state at one step ("just before statement N runs"): its stack, the scopes of each
// frame (Block, Local, Closure, Module, this, Return value) and objects as they were. Everything is a
// function of (thread, step) only, so any path to the step sees the same state (DAP-07).
import { ModuleScope, producerProbeId, type DecodedValue, type SourcePosition } from '../../runtime/format';
import { ActivationEnd, type FrameIndex, type ProbeTable, type ThreadHistory } from '../trace/history';
import { Bindings, type ScopeKey, type VariableValue } from './bindings';
import { splitBlocks } from './blockScopes';
import { ClosureScopes, type IterationView } from './closureScopes';
import { deletedMembers } from './builtinDeletions';
import { Declarations, isDeclaredFunctionId } from './declarations';
import { unrecordedBindings } from './keptHistory';
import type { Locations } from './locations';
import { ObjectHistory, type ObjectState } from './objects';
import type { BuiltinMembers } from './prototypeChain';
import { Recorded } from './recorded';
import { RequestAttribution } from './requests';
import { stackAt, type StackRow } from './stack';
import { UnseenHandoffs } from './unseenCode';

/** Everything the engine reads for one thread, built once per thread. */
export class ThreadContext {
  readonly recorded: Recorded;
  readonly bindings: Bindings;
  readonly objects: ObjectHistory;
  readonly declarations: Declarations;
  readonly unseen: UnseenHandoffs;
  readonly requests: RequestAttribution;
  readonly closures: ClosureScopes;

  constructor(
    readonly thread: ThreadHistory,
    readonly probes: ProbeTable,
    readonly locations: Locations,
  ) {
    this.declarations = new Declarations(probes);
    this.recorded = new Recorded(thread, probes);
    this.bindings = new Bindings(thread, this.recorded, probes);
    this.objects = new ObjectHistory(this.recorded, probes);
    this.unseen = new UnseenHandoffs(thread, this.recorded, probes, this.bindings);
    this.requests = new RequestAttribution(thread);
    this.closures = new ClosureScopes(thread, probes, this.recorded, this.bindings);
  }

  /** The step whose statement contains an event offset (the last STEP before it), or -1. */
  stepOfOffset(offset: number): number {
    return this.thread.stepAtOrBefore(offset);
  }
}

export type ScopeKind = 'block' | 'local' | 'closure' | 'module' | 'return';

export interface ScopeData {
  kind: ScopeKind;
  name: string;
  variables: VariableValue[];
  /** For data breakpoints: the frame (or ModuleScope.scopeKey) and file whose bindings these are. */
  frameIndex: FrameIndex;
  fileIndex: number;
}

export class Moment {
  readonly cutoffOffset: number;
  private stackRows: StackRow[] | undefined;
  private readonly objectCache = new Map<number, ObjectState>();

  constructor(
    readonly context: ThreadContext,
    readonly stepIndex: number,
  ) {
    this.cutoffOffset = context.thread.cutoffOffset(stepIndex);
  }

  get thread(): ThreadHistory {
    return this.context.thread;
  }

  get probes(): ProbeTable {
    return this.context.probes;
  }

  get locations(): Locations {
    return this.context.locations;
  }

  stack(): StackRow[] {
    this.stackRows ??= stackAt(this.thread, this.stepIndex);
    return this.stackRows;
  }

  readonly object = (objectId: number): ObjectState => {
    let state = this.objectCache.get(objectId);
    if (!state) {
      state = isDeclaredFunctionId(objectId)
        ? this.context.declarations.state(objectId)
        : this.context.objects.at(objectId, this.cutoffOffset);
      if (state.known && !isDeclaredFunctionId(objectId)) {
        state.staleReason = this.context.unseen.staleReason(objectId, state.snapshotOffset, this.cutoffOffset);
        if (state.staleReason) state.approximate = true;
      }
      this.objectCache.set(objectId, state);
    }
    return state;
  };

  /**
   * The recorded program members of builtin prototype number `index` at this moment
   * (prototypeChain.ts); before its first snapshot, that snapshot's, as members added by then.
   * With the builtin members the program deleted (builtinDeletions.ts).
   */
  readonly builtinPrototype = (index: number): BuiltinMembers | undefined => {
    const cached = this.builtinCache.get(index);
    if (cached !== undefined || this.builtinCache.has(index)) return cached;
    const members = this.readBuiltinPrototype(index);
    this.builtinCache.set(index, members);
    return members;
  };

  private readonly builtinCache = new Map<number, BuiltinMembers | undefined>();

  private readBuiltinPrototype(index: number): BuiltinMembers | undefined {
    const objectId = this.thread.builtinPrototypeObjects.get(index);
    if (objectId === undefined) return undefined;
    const state = this.object(objectId);
    const deletions = this.context.objects.deletions(objectId, this.cutoffOffset);
    if (state.known) return { state, recordedLater: false, deleted: deletedMembers(state, deletions) };
    const first = this.thread.objectEvents(objectId);
    if (first.length === 0) return undefined;
    const later = this.context.objects.at(objectId, first.get(0) + 1);
    return later.known ? { state: later, recordedLater: true, deleted: new Map() } : undefined;
  }

  /** Source position of a row (its location step's probe), when known. */
  position(row: StackRow): SourcePosition | undefined {
    if (row.locationStep < 0) return undefined;
    return this.probes.resolve(this.thread.probeAt(row.locationStep))?.info.range.start;
  }

  /**
   * The scopes of a row of this moment's stack, worked out once per row: a function of (thread,
   * step, row) only (DAP-07), asked again by every name an expression looks up, by the top and
   * bottom frames of a one-frame stack, and by data breakpoint requests. Callers never change them.
   */
  scopes(row: StackRow): readonly ScopeData[] {
    let scopes = this.scopesByRow.get(row);
    if (!scopes) this.scopesByRow.set(row, (scopes = this.scopesOf(row)));
    return scopes;
  }

  private readonly scopesByRow = new Map<StackRow, readonly ScopeData[]>();

  private scopesOf(row: StackRow): ScopeData[] {
    const scopes: ScopeData[] = [];
    const returned = row === this.stack()[0] ? this.returnValue() : undefined;
    if (returned)
      scopes.push({ kind: 'return', name: 'Return value', variables: [returned], frameIndex: -1, fileIndex: -1 });
    const position = this.position(row);
    const bindings = this.context.bindings;
    const declared = (frameIndex: number) =>
      this.context.declarations.of(this.probes.functionOf(this.thread.frameProbe(frameIndex)));
    const locals = bindings.variables(
      [{ frameIndex: row.frameIndex, fileIndex: -1 }],
      this.cutoffOffset,
      position,
      declared(row.frameIndex),
    );
    // A frame begun before the kept history: what it declared but no kept event wrote is shown as not recorded.
    if (this.thread.frameBegunBefore(row.frameIndex) && row.locationStep >= 0) {
      const known = new Set(locals.map((variable) => variable.name));
      locals.push(...unrecordedBindings(this.probes, this.thread.probeAt(row.locationStep), position, known));
    }
    const owner = this.probes.functionOf(this.thread.frameProbe(row.frameIndex));
    const { blocks, local } = splitBlocks(locals, owner?.info.range, owner?.info.kind === 'module');
    for (const block of blocks)
      scopes.push({
        kind: 'block',
        name: block.name,
        variables: block.variables,
        frameIndex: row.frameIndex,
        fileIndex: -1,
      });
    const self = this.thisValue(row.frameIndex);
    if (self) local.unshift(self);
    scopes.push({ kind: 'local', name: 'Local', variables: local, frameIndex: row.frameIndex, fileIndex: -1 });
    // An enclosing scope is seen from where the inner function is defined, not from where it
    // was called: a caller's block variables (`for (let i…)`) are not the callee's (lexical scope).
    const definedAt = this.definitionPositions(row);
    const chain = this.closureChain(row);
    chain.frames.forEach((closure, depth) => {
      const name = `Closure (${this.locations.functionName(this.thread.frameProbe(closure))})`;
      const keys = [{ frameIndex: closure, fileIndex: -1 }];
      const variables = bindings.variables(keys, this.cutoffOffset, definedAt[depth], declared(closure));
      const view = chain.iterations[depth];
      scopes.push({
        kind: 'closure',
        name,
        variables: view ? this.context.closures.asSeenIn(view, keys, variables, this.cutoffOffset) : variables,
        frameIndex: closure,
        fileIndex: -1,
      });
    });
    const module = this.moduleScope(
      row,
      definedAt.length ? definedAt[definedAt.length - 1] : position,
      chain.iterations[chain.frames.length],
    );
    if (module) scopes.push(module);
    return scopes;
  }

  private thisValue(frameIndex: number): VariableValue | undefined {
    const offset = this.thread.frameThisOffset(frameIndex);
    if (offset < 0) return undefined;
    return { name: 'this', value: this.context.recorded.eventValue(offset), writeOffset: offset };
  }

  /** Right after a call returned into this frame: the callee's return value. */
  returnValue(): VariableValue | undefined {
    const thread = this.thread;
    if (this.stepIndex <= thread.firstStep) return undefined;
    const here = thread.activationAt(this.stepIndex);
    let child = thread.activationAt(this.stepIndex - 1);
    if (child === here) return undefined;
    while (child >= 0 && thread.callerOf(child) !== here) child = thread.callerOf(child);
    if (child < 0 || thread.activationEndKind(child) !== ActivationEnd.RETURN) return undefined;
    const frame = thread.frameOf(child);
    const offset = thread.frameReturnOffset(frame);
    if (offset < 0 || offset >= this.cutoffOffset) return undefined;
    const name = `${this.locations.functionName(thread.frameProbe(frame))}()`;
    return { name, value: this.context.recorded.eventValue(offset), writeOffset: offset };
  }

  /**
   * Frames whose variables a nested function closes over, innermost first, and the loop iteration
   * each was seen in (iterations[i] for frames[i]; iterations[frames.length] for the module): for
   * each enclosing function, the activation that made the inner one (CLOSURE_SCOPE); without that
   * link (older recordings), the instance on the stack if there is one, else its latest instance
   * created before this frame.
   */
  closureChain(row: StackRow): { frames: number[]; iterations: Array<IterationView | undefined> } {
    const frames: number[] = [];
    const iterations: Array<IterationView | undefined> = [];
    const thread = this.thread;
    const closures = this.context.closures;
    let probe = this.probes.functionOf(thread.frameProbe(row.frameIndex));
    let inner = row.frameIndex;
    let before = row.frameIndex;
    while (probe && probe.info.functionProbe >= 0) {
      const outer = this.probes.resolve(producerProbeId(probe.file.probeBase, probe.info.functionProbe));
      if (!outer) break;
      const link = inner >= 0 ? closures.linkOf(inner, outer.globalId) : undefined;
      const view = link && link.iteration >= 0 ? closures.iterationView(link.iteration) : undefined;
      if (outer.info.kind !== 'function') {
        iterations.push(view && view.frame === link?.creator ? view : undefined);
        break;
      }
      let frame = link?.creator ?? -1;
      if (frame < 0) {
        const onStack = this.stack().find(
          (each) =>
            each.kind === 'frame' && thread.frameProbe(each.frameIndex) === outer.globalId && each.frameIndex < before,
        );
        frame = onStack?.frameIndex ?? -1;
      }
      if (frame < 0) {
        const list = thread.framesOfFunction(outer.globalId);
        if (list) {
          const at = list.upperBound(before - 1) - 1;
          frame = at >= 0 ? list.get(at) : -1;
        }
      }
      if (frame < 0) break;
      frames.push(frame);
      iterations.push(view && view.frame === frame ? view : undefined);
      // Only a linked frame's own link is known to be its creator's: past a guess, guess on.
      inner = link ? frame : -1;
      before = frame;
      probe = outer;
    }
    return { frames, iterations };
  }

  /**
   * For each enclosing function of the row's function, innermost first and then the module: the
   * start of the function defined directly inside it (where the row's code sits in that scope).
   */
  private definitionPositions(row: StackRow): SourcePosition[] {
    const positions: SourcePosition[] = [];
    let probe = this.probes.functionOf(this.thread.frameProbe(row.frameIndex));
    while (probe && probe.info.kind === 'function' && probe.info.functionProbe >= 0) {
      positions.push(probe.info.range.start);
      probe = this.probes.resolve(producerProbeId(probe.file.probeBase, probe.info.functionProbe));
    }
    return positions;
  }

  private moduleScope(
    row: StackRow,
    position: SourcePosition | undefined,
    iteration: IterationView | undefined,
  ): ScopeData | undefined {
    const thread = this.thread;
    const functionProbe = this.probes.functionOf(thread.frameProbe(row.frameIndex));
    if (!functionProbe) return undefined;
    const bindings = this.context.bindings;
    const scopes: ScopeKey[] = [{ frameIndex: ModuleScope.scopeKey, fileIndex: functionProbe.fileIndex }];
    // The module body's own frame, when writes named it by its frame id instead of 0.
    const moduleProbe = functionProbe.file.probes.findIndex((probe) => probe.kind === 'module');
    const moduleFrames =
      moduleProbe >= 0
        ? thread.framesOfFunction(producerProbeId(functionProbe.file.probeBase, moduleProbe))
        : undefined;
    if (moduleFrames && moduleFrames.length && moduleFrames.get(0) !== row.frameIndex)
      scopes.push({ frameIndex: moduleFrames.get(0), fileIndex: -1 });
    // The module's declarations, unless the row is the module body (its Local has them).
    const declared =
      moduleProbe >= 0 && functionProbe.localId !== moduleProbe
        ? this.context.declarations.of(this.probes.resolve(producerProbeId(functionProbe.file.probeBase, moduleProbe)))
        : [];
    const all = bindings.variables(scopes, this.cutoffOffset, position, declared);
    // Seen from a closure made in a module-level loop: that iteration's copy of the loop's bindings.
    const moduleFrame = moduleFrames && moduleFrames.length ? moduleFrames.get(0) : -1;
    const variables =
      iteration && iteration.frame === moduleFrame
        ? this.context.closures.asSeenIn(iteration, scopes, all, this.cutoffOffset)
        : all;
    if (variables.length === 0) return undefined;
    return {
      kind: 'module',
      name: 'Module',
      variables,
      frameIndex: ModuleScope.scopeKey,
      fileIndex: functionProbe.fileIndex,
    };
  }

  /** A name as the code at this row would see it: locals, closures, module, then `this`. */
  lookup(name: string, row: StackRow): DecodedValue | undefined {
    for (const scope of this.scopes(row)) {
      if (scope.kind === 'return') continue;
      const found = scope.variables.find((variable) => variable.name === name);
      if (found) return found.value;
    }
    return undefined;
  }
}
