// The `rewind/` custom requests (protocol/requests.ts) for the timeline webview and the extension:
// timeline, seek, stepBackOut, search, console, valueHistory, saveTrace, gotoSchedulingPoint.
// Arguments are checked with the contract's own validators; bodies are the engine's answers in
// exactly the contract's shapes (extra engine fields are not passed on).
import * as path from 'node:path';
import { buildLevelPlan, unescapeGlob } from '../../recording';
import {
  argsProblem,
  RewindRequest,
  type ConsoleResponseBody,
  type GotoSchedulingPointResponseBody,
  type PlanResponseBody,
  type RequestsResponseBody,
  type SaveTraceResponseBody,
  type SearchResponseBody,
  type AllRewindRequests,
  type AnyRewindCommand,
  type SeekResponseBody,
  type StepBackOutResponseBody,
  type TimelineResponseBody,
  type ValueHistoryResponseBody,
} from '../../customProtocol';
import type { SessionContext } from '../context';
import type { Handler } from '../dispatch';
import { DapError, DapErrorId, badArguments } from '../errors';
import { customMove, toClientThreadId } from '../stops';
import { LIMITS } from '../../../protocol/requests';
import { stepInSlices } from './stepping';
import { onThread } from '../threadFocus';

export function customHandlers(context: SessionContext): Record<string, Handler> {
  return {
    [RewindRequest.TIMELINE]: (args) => {
      const { startStep, endStep, bucketCount } = checked(RewindRequest.TIMELINE, args);
      // While the program is recorded: what is indexed so far (else an empty timeline of the steps so far), not an
      // error.
      const soFar = context.stillRecording()
        ? context.recording?.timelineSoFar?.(startStep, endStep, bucketCount)
        : undefined;
      if (context.stillRecording() && !soFar)
        return { body: recordingTimeline(context.recording?.recordedSteps() ?? 0) };
      const result = soFar ?? onThread(context, RewindRequest.TIMELINE, args).timeline(startStep, endStep, bucketCount);
      const body: TimelineResponseBody = {
        totalSteps: result.totalSteps,
        startStep: result.startStep,
        endStep: result.endStep,
        buckets: result.buckets.map(({ startStep: s, endStep: e, maxDepth, depths }) => ({
          startStep: s,
          endStep: e,
          maxDepth,
          depths,
        })),
        functions: result.functions.map(({ id, name, path: filePath, line }) => ({ id, name, path: filePath, line })),
        markers: result.markers.map(({ step: markerStep, kind, text }) =>
          text === undefined ? { step: markerStep, kind } : { step: markerStep, kind, text },
        ),
        currentStep: result.currentStep,
      };
      if (result.wallTimeMs)
        body.wallTimeMs = result.wallTimeMs.map(({ step: sampleStep, timeMs }) => ({ step: sampleStep, timeMs }));
      return { body };
    },
    [RewindRequest.SEEK]: (args) => {
      const target = checked(RewindRequest.SEEK, args).step;
      const stop = onThread(context, RewindRequest.SEEK, args).gotoStep(target);
      const body: SeekResponseBody = {};
      return { ...customMove(context, stop, 'goto'), body };
    },
    // Back to the call site of the current frame in one action (VS Code has no reverse Step Out).
    // Searched in slices like the other steps: a pause or cancel gets through a long conditional search.
    [RewindRequest.STEP_BACK_OUT]: async (args, request) => {
      const engine = onThread(context, RewindRequest.STEP_BACK_OUT, args);
      const stop = await stepInSlices(context, engine, request.seq, 'backward', (budget) =>
        engine.stepOut('backward', undefined, budget),
      );
      const body: StepBackOutResponseBody = {};
      if (typeof stop === 'string') return { body };
      return { ...customMove(context, stop), body };
    },
    // The Call Stack's selection of a scheduling frame (the extension forwards it): the frame's
    // reference names its thread (a message's sender may be another), which the move focuses.
    [RewindRequest.GOTO_SCHEDULING_POINT]: (args) => {
      const { frameId } = checked(RewindRequest.GOTO_SCHEDULING_POINT, args);
      const engine = context.engine();
      if (!engine.isSchedulingFrame(frameId)) {
        const body: GotoSchedulingPointResponseBody = { moved: false };
        return { body };
      }
      const body: GotoSchedulingPointResponseBody = { moved: true };
      return { ...customMove(context, engine.restartFrame(frameId), 'goto'), body };
    },
    [RewindRequest.SEARCH]: (args) => {
      const { query, limit } = checked(RewindRequest.SEARCH, args);
      const result = onThread(context, RewindRequest.SEARCH, args).search(query, limit);
      const body: SearchResponseBody = {
        matches: result.matches.map(({ step: matchStep, label, path: filePath, line }) => ({
          step: matchStep,
          label,
          path: filePath,
          line,
        })),
        total: result.total,
      };
      return { body };
    },
    [RewindRequest.CONSOLE]: (args) => {
      const { startIndex, count } = checked(RewindRequest.CONSOLE, args);
      const result = onThread(context, RewindRequest.CONSOLE, args).console(startIndex, count);
      const body: ConsoleResponseBody = {
        total: result.total,
        messages: result.messages.map(({ step: messageStep, stream, text }) => ({ step: messageStep, stream, text })),
      };
      return { body };
    },
    [RewindRequest.VALUE_HISTORY]: (args) => {
      const { variablesReference, name, limit } = checked(RewindRequest.VALUE_HISTORY, args);
      const result = context.engine().valueHistory(variablesReference, name, limit);
      const body: ValueHistoryResponseBody = {
        description: result.description,
        total: result.total,
        writes: result.writes.map(({ step: writeStep, source, value, type }) => ({
          step: writeStep,
          source,
          value,
          type,
        })),
      };
      return { body };
    },
    [RewindRequest.REQUESTS]: (args) => {
      const { filter, limit, currentThread } = checked(RewindRequest.REQUESTS, args);
      const engine = context.engineIfReady();
      // stoppedThreadId is already a producer id (as request.threadId is): no client-id conversion.
      const stopped = context.stoppedThreadId;
      const all = (engine?.requests(filter) ?? []).filter(
        (request) => !currentThread || stopped === undefined || request.threadId === stopped,
      );
      const body: RequestsResponseBody = {
        requests: all.slice(0, limit ?? LIMITS.requests).map((request) => ({
          threadId: toClientThreadId(request.threadId),
          id: request.id,
          kind: request.kind,
          method: request.method,
          url: request.url,
          status: request.status,
          firstStep: request.firstStep,
          lastStep: request.lastStep,
          finished: request.finished,
          ...(request.error && { error: request.error }),
          ...(request.peer && { peer: { ...request.peer, threadId: toClientThreadId(request.peer.threadId) } }),
          ...(request.cause && { cause: { ...request.cause, threadId: toClientThreadId(request.cause.threadId) } }),
          ...(request.traceparent && { traceparent: request.traceparent }),
        })),
        total: all.length,
      };
      return { body };
    },
    [RewindRequest.PLAN]: () => {
      const launch = context.plan;
      const levelPlan = launch?.kind === 'program' ? buildLevelPlan(launch) : undefined;
      const body: PlanResponseBody = { files: context.engineIfReady()?.recordedFiles() ?? [] };
      if (levelPlan) {
        body.defaultLevel = levelPlan.defaultLevel;
        body.rules = levelPlan.rules.map((rule) => ({ ...rule, glob: unescapeGlob(rule.glob) }));
      }
      return { body };
    },
    [RewindRequest.SAVE_TRACE]: async (args) => {
      const target = checked(RewindRequest.SAVE_TRACE, args).path;
      if (!path.isAbsolute(target))
        throw badArguments(RewindRequest.SAVE_TRACE, '"path" must be an absolute file path');
      const recording = context.recording;
      if (!recording) throw new DapError(`${RewindRequest.SAVE_TRACE}: no recording is open`, DapErrorId.NOT_READY);
      const body: SaveTraceResponseBody = { path: target, sizeBytes: await recording.saveTo(target) };
      return { body };
    },
  };
}

function recordingTimeline(totalSteps: number): TimelineResponseBody {
  return { totalSteps, startStep: 0, endStep: 0, buckets: [], functions: [], markers: [], currentStep: 0 };
}

/** The request's arguments, checked by the contract (protocol/requests.ts); a misfit names its field. */
function checked<C extends AnyRewindCommand>(command: C, args: Record<string, unknown>): AllRewindRequests[C]['args'] {
  const problem = argsProblem(command, args);
  if (problem !== undefined) throw badArguments(command, problem);
  return args as unknown as AllRewindRequests[C]['args'];
}
