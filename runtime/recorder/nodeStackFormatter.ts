// Which Error.prepareStackTrace formats stacks the way Node does: Node's own (found when the
// recorder loads, before user code) or the recorder's stand-in for it (stackFormat.ts). Recorder
// code that reads or cuts stack text checks this first, so that it never runs a program's
// formatter and knows the text's shape. The property may be the recorder's accessor
// (programFormatter.ts): its value is then what the program stored. Knows nothing else.
import { B } from './builtins';

/** Node's own formatter (Node 20 and 24 define one), captured before the program could replace it. */
export const nodeFormatter: unknown = B.getOwnPropertyDescriptor(B.Error, 'prepareStackTrace')?.value;
let standIn: unknown;
let accessorGet: unknown;
let accessorValue: (() => unknown) | undefined;

/** Called once, by the stand-in's installation. */
export function setStandIn(formatter: unknown): void {
  standIn = formatter;
}

/** Called once, when Error.prepareStackTrace becomes the accessor whose getter is `get`. */
export function setProgramFormatterReader(get: unknown, value: () => unknown): void {
  accessorGet = get;
  accessorValue = value;
}

/** Whether `Error.prepareStackTrace` is Node's own formatter or the recorder's stand-in for it. */
export function nodeFormatsStacks(): boolean {
  const descriptor = B.getOwnPropertyDescriptor(B.Error, 'prepareStackTrace');
  const current = accessorValue && descriptor?.get === accessorGet ? accessorValue() : descriptor?.value;
  return current === nodeFormatter || (standIn !== undefined && current === standIn);
}
