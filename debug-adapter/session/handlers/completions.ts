// REPL completions (issue 15 §4): the names in scope at the current moment — every scope of the
// frame, innermost first — and, after `expr.`, the recorded properties of that value. Read from
// the recording like everything else (evaluate and variables): nothing of the program runs.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ReplayEngine } from '../../replay/api';
import type { SessionContext } from '../context';
import type { Handler } from '../dispatch';
import { badArguments } from '../errors';

/** Enough for a completion list; a scope or object with more names is cut here. */
const MAX_TARGETS = 500;

export function completionHandlers(context: SessionContext): Record<string, Handler> {
  return {
    completions: (args) => {
      const request = args as unknown as DebugProtocol.CompletionsArguments;
      if (typeof request.text !== 'string' || !Number.isInteger(request.column))
        throw badArguments('completions', '"text" and "column" are required');
      const engine = context.engine();
      const frameId = request.frameId ?? engine.stackTrace(0, 1).frames[0]?.id;
      // DAP columns are 1-based UTF-16 offsets by default (columnsStartAt1).
      const before = request.text.slice(
        0,
        Math.max(0, context.positions.fromClientColumn(request.column) ?? request.text.length),
      );
      const member = /([\w$.[\]'"]+)\.([\w$]*)$/.exec(before);
      const word = member ? member[2] : (/[\w$]*$/.exec(before)?.[0] ?? '');
      const names = member ? propertiesOf(engine, member[1], frameId) : namesInScope(engine, frameId);
      const targets: DebugProtocol.CompletionItem[] = [];
      for (const name of names) {
        if (targets.length >= MAX_TARGETS) break;
        if (name.startsWith(word) && /^[\w$]+$/.test(name))
          targets.push({ label: name, type: member ? 'property' : 'variable', length: word.length });
      }
      return { body: { targets } };
    },
  };
}

function namesInScope(engine: ReplayEngine, frameId: number | undefined): string[] {
  if (frameId === undefined) return [];
  const names = new Set<string>();
  for (const scope of engine.scopes(frameId)) {
    for (const row of engine.variables({ variablesReference: scope.variablesReference, filter: 'named' }))
      names.add(row.name);
  }
  return [...names];
}

function propertiesOf(engine: ReplayEngine, expression: string, frameId: number | undefined): string[] {
  try {
    const value = engine.evaluate(expression, frameId, 'repl');
    if (value.variablesReference === 0) return [];
    return engine.variables({ variablesReference: value.variablesReference, filter: 'named' }).map((row) => row.name);
  } catch {
    return []; // not a value the recording knows: nothing to complete
  }
}
