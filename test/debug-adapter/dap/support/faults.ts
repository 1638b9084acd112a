// Starting the built adapter with fault points armed (debug-adapter/session/faultPoints.ts,
// REWIND_ADAPTER_FAULTS) and reading what it told the user, for the suites that inject faults.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type {
  FaultDelay,
  FaultException,
  FaultPoint,
  FaultRejection,
} from '../../../../debug-adapter/session/faultPoints';
import type { RecordingClient } from './client';

const FAULTS_VARIABLE = 'REWIND_ADAPTER_FAULTS';

/** Any point a test may arm. */
export type ArmedFault = FaultPoint | FaultRejection | FaultException | FaultDelay;

/** An adapter (from `newClient`) started with `points` armed (the variable is read once, at its start). */
export async function adapterWithFaults(
  newClient: () => RecordingClient,
  points: ArmedFault[],
): Promise<RecordingClient> {
  const previous = process.env[FAULTS_VARIABLE];
  process.env[FAULTS_VARIABLE] = points.join(',');
  try {
    const client = newClient();
    await client.start();
    return client;
  } finally {
    if (previous === undefined) delete process.env[FAULTS_VARIABLE];
    else process.env[FAULTS_VARIABLE] = previous;
  }
}

/** The output events the adapter sent so far, in order. */
export function outputEvents(client: RecordingClient): DebugProtocol.OutputEvent['body'][] {
  return client.log
    .map((entry) => entry.message)
    .filter((message): message is DebugProtocol.OutputEvent => message.type === 'event' && 'event' in message)
    .filter((event) => event.event === 'output')
    .map((event) => event.body);
}

/** Everything the adapter printed so far (output events), in order. */
export function printed(client: RecordingClient): string {
  return outputEvents(client)
    .map((body) => body.output)
    .join('');
}
