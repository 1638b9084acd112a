// Reading the state at the cursor: stackTrace, scopes, variables, evaluate, exceptionInfo,
// loadedSources, source. Everything shown is recorded history: values are marked read-only and
// nothing the user wrote ever runs (DAP-18); references are valid for the current stop only and
// the engine refuses stale ones (DAP-08).
import { readFile } from 'node:fs/promises';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { EvaluateContext, StackFrameInfo, VariableInfo } from '../../replay/api';
import type { SessionContext } from '../context';
import { explainUnrecorded, rememberFrames } from '../unrecorded';
import type { Handler } from '../dispatch';
import { DapError, DapErrorId, badArguments } from '../errors';
import { onThread } from '../threadFocus';
import { isPathless } from '../sources';

export function inspectionHandlers(context: SessionContext): Record<string, Handler> {
  return {
    stackTrace: (args) => {
      const request = args as unknown as DebugProtocol.StackTraceArguments;
      const levels = request.levels && request.levels > 0 ? request.levels : undefined;
      const trace = onThread(context, 'stackTrace', args).stackTrace(request.startFrame ?? 0, levels);
      rememberFrames(context, trace.frames);
      return {
        body: {
          stackFrames: trace.frames.map((frame) => toStackFrame(context, frame)),
          totalFrames: trace.totalFrames,
        },
      };
    },
    scopes: (args) => {
      const frameId = (args as unknown as DebugProtocol.ScopesArguments).frameId;
      if (!Number.isInteger(frameId)) throw badArguments('scopes', '"frameId" is required');
      const scopes = context
        .engine()
        .scopes(frameId)
        .map((scope): DebugProtocol.Scope => ({
          name: scope.name,
          presentationHint: scope.presentationHint,
          variablesReference: scope.variablesReference,
          namedVariables: scope.namedVariables,
          expensive: scope.expensive,
        }));
      return { body: { scopes: context.returnValues.fold(scopes) } };
    },
    variables: (args) => {
      const request = args as unknown as DebugProtocol.VariablesArguments;
      if (!Number.isInteger(request.variablesReference))
        throw badArguments('variables', '"variablesReference" is required');
      const engine = context.engine();
      const rows = engine.variables({
        variablesReference: request.variablesReference,
        filter: request.filter,
        start: request.start,
        count: request.count,
      });
      const returned =
        request.filter === 'indexed'
          ? undefined
          : context.returnValues.foldedInto(request.variablesReference, request.start);
      const returnedRows = returned === undefined ? [] : engine.variables({ variablesReference: returned });
      return { body: { variables: [...returnedRows, ...rows].map(toVariable) } };
    },
    evaluate: (args) => {
      const request = args as unknown as DebugProtocol.EvaluateArguments;
      if (typeof request.expression !== 'string') throw badArguments('evaluate', '"expression" is required');
      let result;
      try {
        result = (request.frameId === undefined ? onThread(context, 'evaluate', args) : context.engine()).evaluate(
          request.expression,
          request.frameId,
          toEvaluateContext(request.context),
        );
      } catch (error) {
        // A bad watch expression is the user's, not an adapter failure: say so plainly, no telemetry.
        if (error instanceof DapError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new DapError(
          explainUnrecorded(context, context.engine(), request.frameId, message),
          DapErrorId.EVALUATION_FAILED,
          false,
        );
      }
      return {
        body: {
          result: result.result,
          type: result.type,
          variablesReference: result.variablesReference,
          namedVariables: result.namedVariables,
          indexedVariables: result.indexedVariables,
          presentationHint: { attributes: ['readOnly'] },
        },
      };
    },
    exceptionInfo: (args) => {
      const info = onThread(context, 'exceptionInfo', args).exceptionInfo();
      if (!info) throw new DapError('exceptionInfo: no exception at this step', DapErrorId.NOT_READY, false);
      return {
        body: {
          exceptionId: info.exceptionId,
          description: info.description,
          breakMode: info.breakMode,
          details: info.details,
        },
      };
    },
    loadedSources: () => {
      const engine = context.engineIfReady();
      const paths = new Set<string>();
      for (const recorded of engine?.loadedSources() ?? [])
        paths.add(context.sources.original({ path: recorded, line1: 1, column0: 0 }).path);
      return { body: { sources: [...paths].sort().map((sourcePath) => context.sources.source(sourcePath)) } };
    },
    source: async (args) => {
      const request = args as unknown as DebugProtocol.SourceArguments;
      const reference = request.source?.sourceReference ?? request.sourceReference;
      const named = reference ? context.sources.nameOfReference(reference) : undefined;
      const pathless =
        named ??
        (request.source?.path !== undefined && isPathless(request.source.path) ? request.source.path : undefined);
      if (pathless !== undefined) {
        const content = context.engineIfReady()?.recordedSourceText(pathless);
        if (content === undefined)
          throw new DapError(`source: the recording has no text for ${pathless}`, DapErrorId.NOT_SUPPORTED);
        return { body: { content, mimeType: 'text/javascript' } };
      }
      const sourcePath = request.source?.path;
      if (typeof sourcePath !== 'string')
        throw new DapError('source: only sources with a path exist in a recording', DapErrorId.NOT_SUPPORTED);
      try {
        return { body: { content: await readFile(sourcePath, 'utf8'), mimeType: mimeTypeOf(sourcePath) } };
      } catch (error) {
        throw new DapError(
          `source: cannot read ${JSON.stringify(sourcePath)}: ${(error as Error).message}`,
          DapErrorId.NOT_SUPPORTED,
        );
      }
    },
  };
}

function toStackFrame(context: SessionContext, frame: StackFrameInfo): DebugProtocol.StackFrame {
  if (frame.kind === 'asyncLabel') {
    // js-debug's async separator: a label row, no source, nothing to inspect.
    return { id: frame.id, name: frame.name, line: 0, column: 0, presentationHint: 'label' };
  }
  const span = context.sources.toClient(frame.source);
  const skipped = span.source?.presentationHint === 'deemphasize';
  // No endLine/endColumn: VS Code turns a frame's range into an editor SELECTION, and a stray key
  // would then replace the statement (issue 15 §1). js-debug sends a position only; so do we.
  return {
    id: frame.id,
    name: frame.name,
    source: span.source,
    line: span.line,
    column: span.column,
    canRestart: frame.canRestart,
    presentationHint: skipped ? 'subtle' : frame.presentationHint,
  };
}

function toVariable(row: VariableInfo): DebugProtocol.Variable {
  const attributes: DebugProtocol.VariablePresentationHint['attributes'] = ['readOnly'];
  const kind =
    row.kind === 'getter' || row.kind === 'setter' || row.kind === 'accessor'
      ? 'property'
      : row.kind === 'internal'
        ? 'virtual'
        : undefined;
  const variable: DebugProtocol.Variable = {
    name: row.name,
    value: row.value,
    type: row.type,
    variablesReference: row.variablesReference,
    namedVariables: row.namedVariables,
    indexedVariables: row.indexedVariables,
    evaluateName: row.evaluateName,
    presentationHint: kind ? { kind, attributes } : { attributes },
  };
  return variable;
}

function toEvaluateContext(context: string | undefined): EvaluateContext {
  if (context === 'hover' || context === 'repl' || context === 'clipboard' || context === 'watch') return context;
  return 'watch';
}

function mimeTypeOf(sourcePath: string): string {
  return /\.[cm]?tsx?$/i.test(sourcePath) ? 'text/typescript' : 'text/javascript';
}
