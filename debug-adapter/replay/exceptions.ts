// Exceptions as recorded: which throw ended the program (END reason uncaught-exception /
// unhandled-rejection ⇒ the last recorded throw), and exceptionInfo for a throw step — the thrown
// value's class, message and stack as recorded, or the END record's error for an uncaught one.
import { ObjectType, type DecodedValue, type EndInfo } from '../../runtime/format';
import type { ExceptionInfoResult } from './api';
import { Moment, type ThreadContext } from './moment';
import { describe } from './values';

/**
 * The step of the throw that ended the program, or -1 when it did not end by an exception: the
 * last recorded throw, unless an uncaught exception came after it was caught — then the last step
 * (an engine error thrown by the last statement leaves no THROW event, and the module's EXIT never
 * runs). A rejection is reported after other code ran, so for it the last throw stays the answer.
 */
export function uncaughtThrowStep(context: ThreadContext, end: EndInfo | undefined): number {
  if (end?.reason !== 'uncaught-exception' && end?.reason !== 'unhandled-rejection') return -1;
  const { throws, throwInFlight, endStep } = context.thread;
  const caughtBefore = end.reason === 'uncaught-exception' && !throwInFlight;
  return throws.length && !caughtBefore ? throws[throws.length - 1].stepIndex : endStep - 1;
}

function throwAt(context: ThreadContext, stepIndex: number) {
  const throws = context.thread.throws;
  for (let index = throws.length - 1; index >= 0; index--)
    if (throws[index].stepIndex === stepIndex) return throws[index];
  return undefined;
}

/**
 * `recordedStack`: the call stack recorded at the step, as text. The recorder never reads an
 * error's own `stack` (formatting it changes what Node prints), so this is the stack shown.
 * `stoppedUncaught`: a live program stopped at this throw because its recorder was sure nothing
 * catches it (it has not died of it yet, so no END says so): 'unhandled', as js-debug says.
 */
export function exceptionInfoAt(
  context: ThreadContext,
  end: EndInfo | undefined,
  stepIndex: number,
  recordedStack: () => string | undefined = () => undefined,
  stoppedUncaught = false,
): ExceptionInfoResult | undefined {
  const thrown = throwAt(context, stepIndex);
  const uncaught = stoppedUncaught || stepIndex === uncaughtThrowStep(context, end);
  if (!thrown && !uncaught) return undefined;
  const breakMode = uncaught ? ('unhandled' as const) : ('always' as const);
  const endError = uncaught ? end?.error : undefined;
  if (thrown && thrown.eventOffset >= 0) {
    const value = context.recorded.eventValue(thrown.eventOffset);
    // The thrown object as it was once thrown (its snapshot precedes the THROW event). At a live
    // stop the throw is the newest step: the cutoff is then everything recorded (endStep), which
    // holds the snapshot, where the throw's own step would cut it off.
    const moment = new Moment(context, Math.min(stepIndex + 1, context.thread.endStep));
    const parts = errorParts(value, moment);
    // An object never snapshotted (an engine error rethrown, a capture limit) says nothing about
    // itself: the END record's error, or a plain "not recorded", is the truth we have.
    if (parts)
      return {
        exceptionId: parts.typeName,
        description: parts.message,
        breakMode,
        details: {
          ...parts,
          stackTrace:
            endError?.stack ?? errorStack(value, moment) ?? stackText(parts.typeName, parts.message, recordedStack()),
        },
      };
  }
  const typeName = endError?.name ?? 'Error';
  const message = endError?.message ?? 'an exception was thrown here (its value was not recorded)';
  return {
    exceptionId: typeName,
    description: message,
    breakMode,
    details: { typeName, message, stackTrace: endError?.stack ?? stackText(typeName, message, recordedStack()) },
  };
}

/** As Node prints a stack: "Type: message" and then the frames. */
function stackText(typeName: string, message: string, frames: string | undefined): string | undefined {
  return frames === undefined ? undefined : `${typeName}: ${message}\n${frames}`;
}

export function exceptionText(context: ThreadContext, end: EndInfo | undefined, stepIndex: number): string | undefined {
  const info = exceptionInfoAt(context, end, stepIndex);
  return info ? `${info.exceptionId}: ${info.details.message}` : undefined;
}

/** Class and message of a recorded thrown value; undefined for an object never snapshotted. */
function errorParts(value: DecodedValue, moment: Moment): { typeName: string; message: string } | undefined {
  if (value.type !== 'object') return { typeName: value.type, message: describe(value, moment.object).text };
  const state = moment.object(value.id);
  if (!state.known) return undefined;
  const message = state.extra?.type === 'string' ? state.extra.value : state.properties.get('message')?.value;
  const text =
    typeof message === 'string'
      ? message
      : message?.type === 'string'
        ? message.value
        : describe(value, moment.object).text;
  return { typeName: state.className, message: text };
}

function errorStack(value: DecodedValue, moment: Moment): string | undefined {
  if (value.type !== 'object') return undefined;
  const state = moment.object(value.id);
  if (state.type !== ObjectType.ERROR) return undefined;
  const stack = state.properties.get('stack')?.value;
  return stack?.type === 'string' ? stack.value : undefined;
}
