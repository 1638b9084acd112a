// The part of the UI that survives the panel being hidden and shown again (VS Code destroys a
// hidden webview; getState/setState keep a JSON value for it). Restored state is untrusted input
// like any other, so it is parsed against a closed schema too. Knows nothing about drawing.
import { finite, integer, INVALID, record, text, type Schema } from '../protocol/schema';

export interface ViewState {
  sessionId?: string;
  viewStartStep: number;
  viewEndStep: number;
  totalSteps: number;
  searchQuery: string;
  consoleScrollTopPx: number;
}

const STATE_VERSION = 1;

const stateSchema = record(
  {
    version: integer(STATE_VERSION, STATE_VERSION),
    viewStartStep: finite(0, Number.MAX_SAFE_INTEGER),
    viewEndStep: finite(0, Number.MAX_SAFE_INTEGER),
    totalSteps: integer(0),
    searchQuery: text(1_000),
    consoleScrollTopPx: finite(0, Number.MAX_SAFE_INTEGER),
  },
  { sessionId: text(200) },
) satisfies Schema<ViewState & { version: number }>;

export function parseViewState(value: unknown): ViewState | undefined {
  const checked = stateSchema(value, 'closed');
  if (checked === INVALID || checked.viewEndStep <= checked.viewStartStep) return undefined;
  const { version: _version, ...state } = checked;
  return state;
}

export function serializeViewState(state: ViewState): unknown {
  return { version: STATE_VERSION, ...state };
}
