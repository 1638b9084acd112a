// `accessor` class fields (TC39 decorators' auto-accessors, which V8 does not run yet), as
// TypeScript and tsx emit them: the field becomes private storage `#x_accessor_storage` (its
// initializer stays where it was, instrumented like any field's) plus a getter and a setter added
// after it on the same line. Computed and string keys are refused. A decorated one (tc39Decorators.ts)
// has its initializer wrapped and may bring its own getter and setter.
import { InstrumentError } from '../errors';
import { blankWord, type Blanks } from './blank';
import type { TsNode } from './tsNode';

export interface DecoratedAccessor {
  /** Code around the initializer (or around `void 0` when there is none). */
  wrap: [string, string];
  /** The getter and setter, when not the storage's own. */
  accessors: string | undefined;
  /** Code after them. */
  after: string;
}

export function lowerAccessor(node: TsNode, key: TsNode, blanks: Blanks, decorated?: DecoratedAccessor): void {
  const line1 = blanks.lines.position(node.start).line1;
  if (node.computed || (key.type !== 'Identifier' && key.type !== 'PrivateIdentifier')) {
    throw new InstrumentError('an `accessor` field with a computed or string key is not supported', line1);
  }
  const name = key.type === 'PrivateIdentifier' ? `#${key.name as string}` : (key.name as string);
  const storage = `#${key.name as string}_accessor_storage`;
  // `static` (if any) comes first, `accessor` right before the key.
  const keyword = blanks.code.lastIndexOf('accessor', key.start);
  if (keyword < node.start) throw new InstrumentError('an `accessor` field could not be read', line1);
  blankWord(blanks, keyword, 'accessor');
  if (key.type === 'Identifier') blanks.insertions.push([key.start, '#']);
  blanks.insertions.push([key.end, '_accessor_storage']);
  const value = node.value as TsNode | null | undefined;
  if (decorated && value) {
    blanks.insertions.push([value.start, decorated.wrap[0]]);
    blanks.insertions.push([value.end, decorated.wrap[1]]);
  } else if (decorated) blanks.insertions.push([key.end, `=${decorated.wrap[0]}void 0${decorated.wrap[1]}`]);
  const className = blanks.classNames[blanks.classNames.length - 1];
  // A static accessor reads its class by name, as TypeScript's emit does: `this` may be a subclass.
  if (node.static && className === undefined)
    throw new InstrumentError('a `static accessor` in an anonymous class is not supported', line1);
  const self = node.static ? className : 'this';
  const prefix = node.static ? 'static ' : '';
  const accessors =
    decorated?.accessors ??
    `${prefix}get ${name}(){return ${self}.${storage};}${prefix}set ${name}(value){${self}.${storage}=value;}`;
  blanks.insertions.push([node.end, `;${accessors}${decorated?.after ?? ''}`]);
}
