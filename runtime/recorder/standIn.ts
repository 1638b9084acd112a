// Stand-ins for Node's functions that deferred recording wraps (nondeterminism*.ts): shaped,
// named, sized and stringified like the function they replace, so the program cannot tell them
// apart. Knows function shapes, not what the stand-ins do.
import { B } from './builtins';
import { disguise } from './functionText';

type AnyFunction = (...args: never[]) => unknown;

/**
 * A stand-in for `real` that runs `body`: shaped like it — a plain function with `real`'s own
 * prototype object where `real` has one (Node's JavaScript functions), else a method with none
 * (natives) — and stringified, named and sized as `real` (functionText.ts).
 */
export function shapedLike(real: AnyFunction, body: (self: unknown, args: unknown[]) => unknown): AnyFunction {
  const prototype = B.getOwnPropertyDescriptor(real, 'prototype');
  const wrapper = prototype
    ? function (this: unknown, ...args: unknown[]): unknown {
        return body(this, args);
      }
    : {
        wrapper(this: unknown, ...args: unknown[]): unknown {
          return body(this, args);
        },
      }.wrapper;
  if (prototype) B.defineProperty(wrapper, 'prototype', prototype);
  disguise(wrapper, real);
  return wrapper as AnyFunction;
}
