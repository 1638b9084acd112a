// Whether the program registered module hooks of its own after ours (Node ≥ 22.15, in-thread
// `module.registerHooks`): a TypeScript loader such as tsx (`--import tsx`). Those hooks run
// before ours and call ours as their "next" load, expecting what Node's own load returns, which
// decides how they compile the file (esmLoad.ts `loadTypeScript` answers in Node's terms then).
// Knows Module's hook registration, nothing of instrumenting. The wrapper runs while the program
// runs, and touches none of the program's builtins (INS-25).
import { disguise } from '../recorder/functionText';
import { applyHidingOwnFrames } from '../recorder/ownFrames';

export interface ForeignHooks {
  /** True once the program has registered hooks of its own: they sit outside ours in the chain. */
  registered: boolean;
}

interface ModuleWithRegisterHooks {
  registerHooks?: unknown;
}

/**
 * Watches `module.registerHooks` from now on; the program sees Node's function (name, length, text).
 * `onFirst` runs once, after the program's first registration.
 */
export function watchForeignHooks(module: ModuleWithRegisterHooks, onFirst: () => void): ForeignHooks {
  const foreign: ForeignHooks = { registered: false };
  const original = module.registerHooks;
  if (typeof original !== 'function') return foreign;
  // A plain function, as Node's is (it has a prototype).
  const replacement = function registerHooks(this: unknown, hooks: unknown): unknown {
    // Node's own checks first (its TypeError with a plain run's stack): hooks it refuses register nothing.
    const handle = applyHidingOwnFrames(original as (...args: never[]) => unknown, this, [hooks], 2);
    if (!foreign.registered) {
      foreign.registered = true;
      onFirst();
    }
    return handle;
  };
  disguise(replacement, original);
  module.registerHooks = replacement;
  return foreign;
}
