// Which steps ran on behalf of an HTTP request: a server request's handler activation, and every
// callback whose origin (trace/callbackOrigins.ts) was scheduled by code running on its behalf —
// its async descendants, however deep. Gives the request at a step (`$request` in conditions and
// the Debug Console) and each request's first and last step. A pure function of the thread's index.
import type { DecodedValue } from '../../runtime/format';
import type { RecordedRequest, ThreadHistory } from '../trace/history';
import type { EvalScope } from './evaluator';
import type { ObjectState } from './objects';
import { ResultObjects } from './sandbox/results';

/** How many origin hops a step's request is looked for through (each hop goes strictly back in time). */
const MAX_ORIGIN_HOPS = 10_000;

export interface RequestSpan {
  request: RecordedRequest;
  /** The first and last steps that ran on its behalf (its start and end for a client request). */
  firstStep: number;
  lastStep: number;
}

export class RequestAttribution {
  /** Root activation → the request it runs on behalf of (null: none). */
  private readonly ofRoot = new Map<number, RecordedRequest | null>();
  private spans: RequestSpan[] | undefined;
  private spansAtSteps = -1;

  constructor(private readonly thread: ThreadHistory) {}

  /** The request the code at `stepIndex` runs on behalf of, if any. */
  requestAt(stepIndex: number): RecordedRequest | undefined {
    const thread = this.thread;
    if (thread.requests().length === 0 || stepIndex < thread.firstStep || stepIndex >= thread.endStep) return undefined;
    return this.requestOfRoot(this.rootOf(thread.activationAt(stepIndex)));
  }

  /** Every request with the steps that ran on its behalf; recomputed when the recording grew. */
  all(): RequestSpan[] {
    const thread = this.thread;
    if (this.spans && this.spansAtSteps === thread.endStep) return this.spans;
    const spans = new Map<RecordedRequest, RequestSpan>();
    for (const request of thread.requests()) {
      // A handled server request spans its activations (its finish may come after other code ran).
      const lastStep =
        request.handler >= 0 ? request.startStep : request.endStep >= 0 ? request.endStep : thread.endStep - 1;
      spans.set(request, { request, firstStep: request.startStep, lastStep });
    }
    if (thread.requests().some((request) => request.handler >= 0)) {
      for (let activation = 0; activation < thread.activationCount; activation++) {
        if (thread.callerOf(activation) >= 0) continue;
        const request = this.requestOfRoot(this.rootOf(activation));
        const span = request && spans.get(request);
        if (!span) continue;
        const end = thread.activationEnd(activation);
        span.lastStep = Math.max(span.lastStep, end < 0 ? thread.endStep - 1 : end);
        span.firstStep = Math.min(span.firstStep, thread.activationStart(activation));
      }
    }
    this.spans = [...spans.values()];
    this.spansAtSteps = thread.endStep;
    return this.spans;
  }

  /** The bottom activation of a physical stack, through resumptions to the frame's first activation. */
  private rootOf(activation: number): number {
    const thread = this.thread;
    for (let hops = 0; activation >= 0 && hops < MAX_ORIGIN_HOPS; hops++) {
      const below = thread.callerOf(activation);
      if (below >= 0) {
        activation = below;
        continue;
      }
      const first = thread.frameFirstActivation(thread.frameOf(activation));
      if (first < 0 || first === activation) return activation;
      activation = first;
    }
    return activation;
  }

  private requestOfRoot(root: number): RecordedRequest | undefined {
    const thread = this.thread;
    const chain: number[] = [];
    let found: RecordedRequest | null = null;
    for (let hops = 0; root >= 0 && hops < MAX_ORIGIN_HOPS; hops++) {
      const known = this.ofRoot.get(root);
      if (known !== undefined) {
        found = known;
        break;
      }
      chain.push(root);
      const handled = thread.requestHandledBy(root);
      if (handled) {
        found = handled;
        break;
      }
      const origin = thread.originOf(root);
      const scheduledAt = origin >= 0 ? thread.originSchedulingStep(origin) : -1;
      if (scheduledAt < 0 || scheduledAt >= thread.activationStart(root)) break;
      root = this.rootOf(thread.activationAt(scheduledAt));
    }
    for (const each of chain) this.ofRoot.set(each, found);
    return found ?? undefined;
  }
}

/** The name a condition or an expression uses for the request the code runs on behalf of. */
const REQUEST_NAME = '$request';

/** `scope` plus `$request` (unless the program has a binding of that name): its method, url, status… */
export function withRequest(scope: EvalScope, request: RecordedRequest | undefined): EvalScope & RequestScope {
  let made: { value: DecodedValue; objects: ResultObjects } | undefined;
  const make = () => {
    if (!made) {
      const objects = new ResultObjects();
      const value = objects.toDecoded(
        request
          ? { method: request.method, url: request.url, status: request.status, kind: request.kind, id: request.id }
          : undefined,
      );
      made = { value, objects };
    }
    return made;
  };
  return {
    lookup: (name) => scope.lookup(name) ?? (name === REQUEST_NAME ? make().value : undefined),
    object: (objectId) => (objectId < 0 && made?.objects.states.get(objectId)) || scope.object(objectId),
    builtinPrototype: (index) => scope.builtinPrototype(index),
    get synthetic() {
      return made?.objects.states;
    },
  };
}

export interface RequestScope {
  /** The `$request` object's state, once an expression named it (for showing the result). */
  readonly synthetic: ReadonlyMap<number, ObjectState> | undefined;
}
