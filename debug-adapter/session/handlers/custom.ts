// The `rewind/` custom requests (customProtocol.ts) for the timeline webview and the extension:
// timeline, seek, stepBackOut, search, console, valueHistory, saveTrace. Arguments are checked here; bodies are the
// engine's answers in exactly the contract's shapes (extra engine fields are not passed on).
import * as path from 'node:path';
import { buildLevelPlan, unescapeGlob } from '../../recording';
import {
  RewindRequest, type ConsoleResponseBody, type PlanResponseBody, type SaveTraceResponseBody, type SearchResponseBody,
  type SeekResponseBody, type StepBackOutResponseBody, type TimelineResponseBody, type ValueHistoryResponseBody,
} from '../../customProtocol';
import type { SessionContext } from '../context';
import type { Handler } from '../dispatch';
import { DapError, DapErrorId, badArguments } from '../errors';
import { reportCustomMove } from '../stops';
import { skipping } from './stepping';
import { onThread } from '../threadFocus';

const MAX_BUCKETS = 4096;
const MAX_SEARCH_LIMIT = 1000;
const MAX_CONSOLE_PAGE = 1000;
const MAX_VALUE_HISTORY = 10_000;

export function customHandlers(context: SessionContext): Record<string, Handler> {
  return {
    [RewindRequest.TIMELINE]: (args) => {
      const startStep = step(args, 'startStep', RewindRequest.TIMELINE);
      const endStep = step(args, 'endStep', RewindRequest.TIMELINE);
      const bucketCount = integer(args, 'bucketCount', RewindRequest.TIMELINE, 1, MAX_BUCKETS);
      // While the program is recorded: what is indexed so far (else an empty timeline of the steps so far), not an error.
      const soFar = context.stillRecording() ? context.recording?.timelineSoFar?.(startStep, endStep, bucketCount) : undefined;
      if (context.stillRecording() && !soFar) return { body: recordingTimeline(context.recording?.recordedSteps() ?? 0) };
      const result = soFar ?? onThread(context, RewindRequest.TIMELINE, args).timeline(startStep, endStep, bucketCount);
      const body: TimelineResponseBody = {
        totalSteps: result.totalSteps, startStep: result.startStep, endStep: result.endStep,
        buckets: result.buckets.map(({ startStep: s, endStep: e, maxDepth, depths }) => ({ startStep: s, endStep: e, maxDepth, depths })),
        functions: result.functions.map(({ id, name, path: filePath, line }) => ({ id, name, path: filePath, line })),
        markers: result.markers.map(({ step: markerStep, kind, text }) => (text === undefined ? { step: markerStep, kind } : { step: markerStep, kind, text })),
        currentStep: result.currentStep,
      };
      if (result.wallTimeMs) body.wallTimeMs = result.wallTimeMs.map(({ step: sampleStep, timeMs }) => ({ step: sampleStep, timeMs }));
      return { body };
    },
    [RewindRequest.SEEK]: (args) => {
      const target = step(args, 'step', RewindRequest.SEEK);
      const stop = onThread(context, RewindRequest.SEEK, args).gotoStep(target);
      const body: SeekResponseBody = {};
      return { after: () => reportCustomMove(context, stop, 'goto'), body };
    },
    // Back to the call site of the current frame in one action (VS Code has no reverse Step Out).
    [RewindRequest.STEP_BACK_OUT]: (args) => {
      const engine = onThread(context, RewindRequest.STEP_BACK_OUT, args);
      const stop = skipping(context, engine, () => engine.stepOut('backward'));
      const body: StepBackOutResponseBody = {};
      return { after: () => reportCustomMove(context, stop), body };
    },
    [RewindRequest.SEARCH]: (args) => {
      const query = args.query;
      if (typeof query !== 'string') throw badArguments(RewindRequest.SEARCH, '"query" must be a string');
      const limit = args.limit === undefined ? undefined : integer(args, 'limit', RewindRequest.SEARCH, 1, MAX_SEARCH_LIMIT);
      const result = onThread(context, RewindRequest.SEARCH, args).search(query, limit);
      const body: SearchResponseBody = {
        matches: result.matches.map(({ step: matchStep, label, path: filePath, line }) => ({ step: matchStep, label, path: filePath, line })),
        total: result.total,
      };
      return { body };
    },
    [RewindRequest.CONSOLE]: (args) => {
      const startIndex = step(args, 'startIndex', RewindRequest.CONSOLE);
      const count = integer(args, 'count', RewindRequest.CONSOLE, 1, MAX_CONSOLE_PAGE);
      const result = onThread(context, RewindRequest.CONSOLE, args).console(startIndex, count);
      const body: ConsoleResponseBody = {
        total: result.total,
        messages: result.messages.map(({ step: messageStep, stream, text }) => ({ step: messageStep, stream, text })),
      };
      return { body };
    },
    [RewindRequest.VALUE_HISTORY]: (args) => {
      const reference = integer(args, 'variablesReference', RewindRequest.VALUE_HISTORY, 1, Number.MAX_SAFE_INTEGER);
      if (typeof args.name !== 'string') throw badArguments(RewindRequest.VALUE_HISTORY, '"name" must be a string');
      const limit = args.limit === undefined ? undefined : integer(args, 'limit', RewindRequest.VALUE_HISTORY, 1, MAX_VALUE_HISTORY);
      const result = context.engine().valueHistory(reference, args.name, limit);
      const body: ValueHistoryResponseBody = {
        description: result.description, total: result.total,
        writes: result.writes.map(({ step: writeStep, source, value, type }) => ({ step: writeStep, source, value, type })),
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
      const target = args.path;
      if (typeof target !== 'string' || !path.isAbsolute(target)) throw badArguments(RewindRequest.SAVE_TRACE, '"path" must be an absolute file path');
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

function step(args: Record<string, unknown>, name: string, command: string): number {
  return integer(args, name, command, 0, Number.MAX_SAFE_INTEGER);
}

function integer(args: Record<string, unknown>, name: string, command: string, min: number, max: number): number {
  const value = args[name];
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    throw badArguments(command, `"${name}" must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}]`);
  }
  return value as number;
}
