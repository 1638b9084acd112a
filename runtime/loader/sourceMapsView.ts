// What a recorded program reads and sets of Node's source-map support (issue 14 item 5). The
// recorder needs maps on (instrumented files map to the user's lines in crashes and stacks), so
// the program's own view is kept apart: `process.sourceMapsEnabled`, `setSourceMapsEnabled`,
// Node 24's `module.getSourceMapsSupport`/`setSourceMapsSupport` answer and take what the program
// asked for, and `module.findSourceMap` does not hand out the recorder's maps of instrumented files.
// A program's call still runs Node's own function (its validation and TypeErrors are Node's), then
// the recorder's setting is put back at once. Knows Node's source-map API; not instrumenting.
import Module from 'node:module';
import { B } from '../recorder/builtins';
import { disguise } from '../recorder/functionText';
import { applyHidingOwnFrames } from '../recorder/ownFrames';

type SetEnabled = (...args: never[]) => void;
type SetSupport = (...args: never[]) => void;
type Support = { enabled: boolean; nodeModules?: boolean; generatedCode?: boolean };
interface SourceMapsModule {
  findSourceMap(path: string): unknown;
  getSourceMapsSupport?: () => Support;
  setSourceMapsSupport?: SetSupport;
}

export interface SourceMapsViewContext {
  /** Whether files the loaders leave alone must keep plain positions (their map comments hidden). */
  hideForeignSourceMaps?: boolean;
}

/**
 * Turns source maps on for the recorder and installs the program's view of them. Returns whether
 * the program's files must have their own maps hidden (the program had not turned maps on).
 */
export function takeSourceMaps(context: SourceMapsViewContext, isInstrumented: (fileName: string) => boolean): boolean {
  const module = Module as unknown as SourceMapsModule;
  const enabledGetter = B.getOwnPropertyDescriptor(process, 'sourceMapsEnabled')?.get;
  const setEnabled = process.setSourceMapsEnabled as SetEnabled | undefined;
  if (!enabledGetter || typeof setEnabled !== 'function') return false; // a Node without the API
  const nodeEnabled = (): boolean => B.apply(enabledGetter, process, []) === true;
  const nodeSupport = module.getSourceMapsSupport;
  const setSupport = module.setSourceMapsSupport;
  const findSourceMap = module.findSourceMap as (...args: never[]) => unknown;
  // The program's view: Node's own answer object while the program has set nothing.
  let programSupport: Support | undefined = nodeSupport?.();
  let programEnabled = nodeEnabled();
  /** Maps on for every file (Node 24: node_modules and generated code too, as setSourceMapsEnabled does). */
  const recorderOn = (): void => B.apply(setEnabled, process, [true]);
  const recorderHasThem = (): boolean => {
    const support = nodeSupport?.();
    return nodeEnabled() && (!support || (support.nodeModules === true && support.generatedCode === true));
  };
  context.hideForeignSourceMaps = !programEnabled;
  if (!programEnabled) recorderOn();

  /** After the program's call of Node's own setter: read back what it set, and put the recorder's maps back. */
  function afterProgramSet(): void {
    programSupport = nodeSupport?.();
    programEnabled = nodeEnabled();
    if (!recorderHasThem()) recorderOn();
    context.hideForeignSourceMaps = !programEnabled;
  }

  const view = {
    get sourceMapsEnabled(): boolean {
      return programEnabled;
    },
    setSourceMapsEnabled(this: unknown, ...args: unknown[]): void {
      try {
        applyHidingOwnFrames(setEnabled, this, args, 2); // Node's TypeError, with a plain run's stack
      } finally {
        afterProgramSet();
      }
    },
    getSourceMapsSupport(): Support | undefined {
      return programSupport;
    },
    setSourceMapsSupport(this: unknown, ...args: unknown[]): void {
      try {
        applyHidingOwnFrames(setSupport!, this, args, 2);
      } finally {
        afterProgramSet();
      }
    },
    findSourceMap(this: unknown, ...args: unknown[]): unknown {
      // The recorder's map of an instrumented file is not one a plain run could have.
      if (typeof args[0] === 'string' && isInstrumented(args[0])) return undefined;
      return applyHidingOwnFrames(findSourceMap, this, args, 2);
    },
  };
  replaceGetter(process, 'sourceMapsEnabled', B.getOwnPropertyDescriptor(view, 'sourceMapsEnabled')!.get!);
  replaceMethod(process, 'setSourceMapsEnabled', view.setSourceMapsEnabled);
  replaceMethod(Module, 'findSourceMap', view.findSourceMap);
  if (nodeSupport && setSupport) {
    replaceMethod(Module, 'getSourceMapsSupport', view.getSourceMapsSupport);
    replaceMethod(Module, 'setSourceMapsSupport', view.setSourceMapsSupport);
  }
  return context.hideForeignSourceMaps;
}

function replaceMethod(target: object, key: string, replacement: object): void {
  const descriptor = B.getOwnPropertyDescriptor(target, key);
  if (typeof descriptor?.value !== 'function' || !descriptor.writable) return;
  disguise(replacement, descriptor.value as object);
  B.defineProperty(target, key, { ...descriptor, value: replacement });
}

function replaceGetter(target: object, key: string, replacement: () => unknown): void {
  const descriptor = B.getOwnPropertyDescriptor(target, key);
  if (!descriptor?.get || !descriptor.configurable) return;
  disguise(replacement, descriptor.get);
  B.defineProperty(target, key, { ...descriptor, get: replacement });
}
