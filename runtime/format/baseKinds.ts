// The 16 base event kinds, declared once: each one's number (the header's low 4 bits) and its word
// layout after the header, as named fields. events.ts's `EventKind` is read from this table,
// eventWalk.ts measures every base event by it (`eventEnd`, `firstValueWords`) and the encoding guard
// hashes it, as extKinds.ts does for the EXT subkinds. All 16 numbers are taken: a new event is an
// EXT subkind (docs/ARCHITECTURE.md §7). Pure data: imports nothing.

/**
 * One field: `word` a 32-bit word; `value` one encoded value (events.ts, variable length); `scope`
 * an optional word told from a value by its tag (SCOPE_TAG: a WRITE naming its scope's frame);
 * `count` a word n, then `counted` n values. A layout is words, then at most one scope, then
 * values, with at most one count/counted pair among them (BASE_SHAPES checks it at load).
 */
export type BaseFieldKind = 'word' | 'scope' | 'value' | 'count' | 'counted';

export interface BaseKindSpec {
  readonly kind: number;
  /** The words after the header, in order. */
  readonly fields: Readonly<Record<string, BaseFieldKind>>;
}

export const BASE_KINDS = {
  /** Padding the drain writes to fill a batch: one word. */
  PAD: { kind: 0, fields: {} },
  STEP: { kind: 1, fields: {} },
  ENTER: { kind: 2, fields: { frameId: 'word' } },
  ENTER_THIS: { kind: 3, fields: { frameId: 'word', this: 'value' } },
  /** Of the running activation (r() runs in its own body). */
  RETURN: { kind: 4, fields: { value: 'value' } },
  /**
   * Exit by throw ⇔ no RETURN for this frame since its last ENTER/RESUME. Format 3: none after a
   * RETURN whose probe says endsFrame (nothing can run between them); that RETURN ends the frame.
   */
  EXIT: { kind: 5, fields: { frameId: 'word' } },
  /**
   * A binding of the running activation's own frame, or, with the scope word (scopeWord(frameId)),
   * of that frame: 0 = module scope, -1 = unknown, else a closure's frame.
   */
  WRITE: { kind: 6, fields: { scope: 'scope', value: 'value' } },
  PROP_SET: { kind: 7, fields: { target: 'value', key: 'value', value: 'value' } },
  PROP_DELETE: { kind: 8, fields: { target: 'value', key: 'value' } },
  /** result: the call's return value. */
  MUTATOR: { kind: 9, fields: { target: 'value', argCount: 'count', args: 'counted', result: 'value' } },
  SUSPEND: { kind: 10, fields: { frameId: 'word', operand: 'value' } },
  RESUME: { kind: 11, fields: { frameId: 'word', value: 'value' } },
  THROW: { kind: 12, fields: { value: 'value' } },
  CATCH: { kind: 13, fields: { value: 'value' } },
  /** Header probe 0; stream 1 stdout, 2 stderr, 3 console-other. */
  OUTPUT: { kind: 14, fields: { stream: 'word', text: 'value' } },
  /** The header's probe field is the subkind; the words after it: extKinds.ts. */
  EXT: { kind: 15, fields: {} },
} as const satisfies Record<string, BaseKindSpec>;

export type BaseKindName = keyof typeof BASE_KINDS;
export const BASE_KIND_NAMES = Object.keys(BASE_KINDS) as BaseKindName[];

/** Counted values in one event at most: more is a corrupt record. */
export const MAX_COUNTED_VALUES = 1024;

/**
 * A layout folded for the walker: words before the first value (the header included), whether a
 * scope word may follow them, values before the count word, whether one is there, values after the
 * counted ones. Numbers, so measuring an event is a few array reads, not a walk over field names.
 */
interface BaseShape {
  readonly fixedWords: number;
  readonly optionalScope: boolean;
  readonly valuesBeforeCount: number;
  readonly counted: boolean;
  /** What a corrupt count is called in the error ("mutator argument count"). */
  readonly countName: string;
  readonly valuesAfterCount: number;
}

function shapeOf(name: string, spec: BaseKindSpec): BaseShape {
  const fields = Object.values(spec.fields);
  let at = 0;
  let fixedWords = 1;
  for (; fields[at] === 'word'; at++) fixedWords++;
  const optionalScope = fields[at] === 'scope';
  if (optionalScope) at++;
  let valuesBeforeCount = 0;
  for (; fields[at] === 'value'; at++) valuesBeforeCount++;
  const counted = fields[at] === 'count';
  if (counted) {
    if (fields[at + 1] !== 'counted') throw new Error(`${name}: a count field must be followed by its counted values`);
    at += 2;
  }
  let valuesAfterCount = 0;
  for (; fields[at] === 'value'; at++) valuesAfterCount++;
  if (at !== fields.length) throw new Error(`${name}: layout out of order at field ${at} (${fields[at]})`);
  const countName = counted ? `${name.toLowerCase()} ${Object.keys(spec.fields)[at - 2 - valuesAfterCount]}` : '';
  return { fixedWords, optionalScope, valuesBeforeCount, counted, countName, valuesAfterCount };
}

/** Every base kind's shape, by kind number. */
export const BASE_SHAPES: readonly BaseShape[] = (() => {
  const shapes: BaseShape[] = [];
  for (const name of BASE_KIND_NAMES) {
    const spec: BaseKindSpec = BASE_KINDS[name];
    shapes[spec.kind] = shapeOf(name, spec);
  }
  return shapes;
})();
