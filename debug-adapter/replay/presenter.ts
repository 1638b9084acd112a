// Turns recorded values and scopes into variable rows with handles: objects expand into their
// state at the stop's step (indexed paging for arrays, Map/Set entries, getters shown as getters
// and never run). Every handle it hands out names (step, target) (DAP-08). No DAP types.
import { DEFAULT_PROTOTYPE_BY_TYPE, ObjectType, assertNever, type DecodedValue } from '../../runtime/format';
import type { VariableInfo, VariablesRequest } from './api';
import type { Moment, ScopeData } from './moment';
import { isArrayLike, itemAt, keyText, type ObjectState, type PrototypeLink } from './objects';
import { builtinName, constructorPrototypeName } from './prototypeChain';
import type { References } from './references';
import type { StackRow } from './stack';
import { describe, propertyName } from './values';

/**
 * What rows are made from: a moment's objects, or, for a sandboxed evaluation's answer, those plus
 * the synthetic objects the expression made (negative ids), which its handles carry along.
 */
export type MomentView = Pick<Moment, 'object' | 'thread' | 'stepIndex'> & {
  synthetic?: ReadonlyMap<number, ObjectState>;
};

/** A moment seen with a sandboxed answer's objects. */
export function withSynthetic(moment: MomentView, synthetic: ReadonlyMap<number, ObjectState> | undefined): MomentView {
  if (!synthetic) return moment;
  return {
    thread: moment.thread,
    stepIndex: moment.stepIndex,
    synthetic,
    object: (objectId) => synthetic.get(objectId) ?? moment.object(objectId),
  };
}

/** Every target names its thread (producer) and step: a handle shows that thread at that step. */
export type RefTarget = { threadId: number; stepIndex: number; synthetic?: ReadonlyMap<number, ObjectState> } & (
  | { kind: 'frame'; row: StackRow }
  | { kind: 'scope'; scope: ScopeData }
  | { kind: 'object'; objectId: number; evaluateName?: string }
  | { kind: 'mapEntry'; mapId: number; key: DecodedValue; value: DecodedValue }
);

export class Presenter {
  constructor(private readonly refs: References<RefTarget>) {}

  row(moment: MomentView, name: string, value: DecodedValue, evaluateName?: string): VariableInfo {
    const described = describe(value, moment.object);
    const info: VariableInfo = {
      name,
      value: described.text,
      type: described.type,
      variablesReference: 0,
      truncated: described.truncated,
      evaluateName,
      kind: 'data',
    };
    if (described.objectId === undefined) return info;
    const state = moment.object(described.objectId);
    if (!state.known) return info;
    info.variablesReference = this.refs.add({
      kind: 'object',
      threadId: moment.thread.producerId,
      stepIndex: moment.stepIndex,
      synthetic: moment.synthetic,
      objectId: described.objectId,
      evaluateName,
    });
    if (isArrayLike(state.type)) info.indexedVariables = state.length;
    else
      info.namedVariables =
        state.properties.size +
        (state.type === ObjectType.MAP ? state.mapEntries.length : state.setValues.length) +
        (shownPrototype(state) ? 1 : 0);
    return info;
  }

  children(moment: MomentView, target: RefTarget, request: VariablesRequest): VariableInfo[] {
    switch (target.kind) {
      case 'scope':
        return page(target.scope.variables, request).map((variable) =>
          this.row(
            moment,
            variable.name,
            variable.value,
            variable.name === 'this' || /^[A-Za-z_$][\w$]*$/.test(variable.name) ? variable.name : undefined,
          ),
        );
      case 'mapEntry':
        return [this.row(moment, 'key', target.key), this.row(moment, 'value', target.value)];
      case 'object':
        return this.objectChildren(moment, moment.object(target.objectId), target.evaluateName, request);
      case 'frame':
        return [];
      default:
        return assertNever(target);
    }
  }

  private objectChildren(
    moment: MomentView,
    state: ObjectState,
    path: string | undefined,
    request: VariablesRequest,
  ): VariableInfo[] {
    const rows: VariableInfo[] = [];
    const member = (name: string) =>
      path === undefined
        ? undefined
        : /^[A-Za-z_$][\w$]*$/.test(name)
          ? `${path}.${name}`
          : `${path}[${JSON.stringify(name)}]`;
    if (request.filter !== 'named') rows.push(...this.indexed(moment, state, path, request));
    if (request.filter === 'indexed') return rows;
    if (isArrayLike(state.type))
      rows.push(this.row(moment, 'length', { type: 'number', value: state.length }, member('length')));
    if (state.type === ObjectType.MAP || state.type === ObjectType.SET) {
      const captured = state.type === ObjectType.MAP ? state.mapEntries.length : state.setValues.length;
      rows.push(this.row(moment, 'size', { type: 'number', value: captured + state.uncaptured }, member('size')));
    }
    if (state.type === ObjectType.ERROR && state.extra && !state.properties.has('message'))
      rows.push(this.row(moment, 'message', state.extra));
    for (const property of state.properties.values()) {
      const name = propertyName(property.key);
      if (property.kind === 'data')
        rows.push(
          this.row(
            moment,
            name,
            property.value ?? { type: 'undefined' },
            property.key.type === 'string' ? member(name) : undefined,
          ),
        );
      else
        rows.push({
          name,
          value: `(${property.kind})`,
          type: property.kind,
          variablesReference: 0,
          truncated: false,
          kind: property.kind,
        });
    }
    const prototype = this.prototypeRow(moment, state);
    if (prototype) rows.push(prototype);
    if (state.staleReason)
      rows.unshift({
        name: '[[Stale]]',
        value: state.staleReason,
        variablesReference: 0,
        truncated: false,
        kind: 'internal',
      });
    if (state.uncaptured > 0 && !isArrayLike(state.type)) {
      rows.push({
        name: '…',
        value: `${state.uncaptured} more not recorded`,
        variablesReference: 0,
        truncated: true,
        kind: 'internal',
      });
    }
    return rows;
  }

  /**
   * `[[Prototype]]` as js-debug shows it, last: a recorded prototype expands; a builtin one other
   * than the type's usual is named; an unrecorded one says inherited properties are not known.
   */
  private prototypeRow(moment: MomentView, state: ObjectState): VariableInfo | undefined {
    const link = shownPrototype(state);
    if (!link) return undefined;
    if (link.kind === 'object') {
      const row = this.row(moment, '[[Prototype]]', { type: 'object', id: link.id });
      // A class's prototype by its name: its methods are not enumerable, its preview would be `{}`.
      row.value = constructorPrototypeName(moment.object(link.id), moment.object) ?? row.value;
      return row;
    }
    return {
      name: '[[Prototype]]',
      value: link.kind === 'builtin' ? builtinName(link.index) : 'not recorded (properties may be inherited)',
      variablesReference: 0,
      truncated: link.kind !== 'builtin',
      kind: 'internal',
    };
  }

  /** Array items / Map entries / Set values, paged by start/count. */
  private indexed(
    moment: MomentView,
    state: ObjectState,
    path: string | undefined,
    request: VariablesRequest,
  ): VariableInfo[] {
    const start = Math.max(0, request.start ?? 0);
    if (isArrayLike(state.type)) {
      const end = request.count ? Math.min(state.length, start + request.count) : state.length;
      const rows: VariableInfo[] = [];
      for (let index = start; index < end; index++) {
        const item = itemAt(state, index);
        if (item)
          rows.push(this.row(moment, String(index), item, path === undefined ? undefined : `${path}[${index}]`));
        else
          rows.push({
            name: String(index),
            value: '<not recorded>',
            variablesReference: 0,
            truncated: true,
            kind: 'internal',
          });
      }
      return rows;
    }
    if (state.type === ObjectType.MAP) {
      return page(state.mapEntries, request).map(([key, value], offset) => {
        const text = `${describe(key, moment.object).text} => ${describe(value, moment.object).text}`;
        const ref = this.refs.add({
          kind: 'mapEntry',
          mapId: state.objectId,
          threadId: moment.thread.producerId,
          stepIndex: moment.stepIndex,
          synthetic: moment.synthetic,
          key,
          value,
        });
        return {
          name: String(start + offset),
          value: text,
          variablesReference: ref,
          namedVariables: 2,
          truncated: false,
          kind: 'data',
        };
      });
    }
    if (state.type === ObjectType.SET)
      return page(state.setValues, request).map((value, offset) => this.row(moment, String(start + offset), value));
    return [];
  }
}

/** The prototype a Variables row shows, if any: not null, not the type's usual builtin. */
function shownPrototype(state: ObjectState): PrototypeLink | undefined {
  const link = state.prototype;
  if (link.kind === 'null') return undefined;
  if (link.kind === 'builtin' && DEFAULT_PROTOTYPE_BY_TYPE[state.type] === link.index) return undefined;
  return link;
}

function page<T>(items: readonly T[], request: VariablesRequest): T[] {
  const start = Math.max(0, request.start ?? 0);
  return request.count ? items.slice(start, start + request.count) : items.slice(start);
}

/** The data-breakpoint key of a child row of an object (its property key text). */
export function childKey(state: ObjectState, name: string): string {
  for (const property of state.properties.values())
    if (propertyName(property.key) === name) return keyText(property.key);
  return name;
}
