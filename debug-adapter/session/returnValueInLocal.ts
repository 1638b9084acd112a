// Shows a just-returned call's value as the first entry of Local, as js-debug does, instead of a
// "Return value" scope of its own: VS Code expands only the first scope, so Local was collapsed
// whenever a call had just returned (issue 15 §4). The engine's scopes stay as they are; this
// only regroups them for the client. References are per stop, like the engine's.
import type { DebugProtocol } from '@vscode/debugprotocol';

export class ReturnValueInLocal {
  /** Local's reference → the reference of the return value scope folded into it. */
  private readonly folded = new Map<number, number>();

  /** The scopes the client sees: the return value scope folded into Local when both exist. */
  fold(scopes: DebugProtocol.Scope[]): DebugProtocol.Scope[] {
    const returned = scopes.find((scope) => scope.presentationHint === 'returnValue');
    const local = scopes.find((scope) => scope.presentationHint === 'locals');
    if (returned === undefined || local === undefined) return scopes;
    this.folded.set(local.variablesReference, returned.variablesReference);
    const namedVariables =
      local.namedVariables === undefined ? undefined : local.namedVariables + (returned.namedVariables ?? 1);
    return scopes
      .filter((scope) => scope !== returned)
      .map((scope) => (scope === local ? { ...scope, namedVariables } : scope));
  }

  /** The return value scope to list first when the client asks for Local's variables from the top. */
  foldedInto(variablesReference: number, start: number | undefined): number | undefined {
    return start === undefined || start === 0 ? this.folded.get(variablesReference) : undefined;
  }

  /** A new stop: the old references are gone. */
  clear(): void {
    this.folded.clear();
  }
}
