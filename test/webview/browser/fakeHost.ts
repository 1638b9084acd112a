// The fake VS Code host installed into the test page before the bundle loads: an
// `acquireVsCodeApi` stub whose state survives reloads (sessionStorage, like VS Code keeping a
// hidden webview's state), and a fake adapter answering the custom requests from syntheticRun.
// Everything it sees and every CSP violation is recorded on `window.__fake` for the tests.
import * as run from './syntheticRun';

export interface FakeOptions {
  latencyMs: number;
  startStep: number;
  sessionId: string;
  refuseConsole?: boolean;
}
export interface SentRecord {
  atMs: number;
  message: { type: string; command?: string; requestId?: number; args?: Record<string, unknown> };
}
export interface FakeRecord {
  sent: SentRecord[];
  violations: string[];
  positions: number[];
  currentStep: number;
  deliver(message: unknown): void;
  respondTo: boolean;
  /** Requests received and not yet answered. */
  outstanding: number;
  /** Like an adapter whose program is still recorded: rewind/console fails. */
  refuseConsole: boolean;
  /** Like an adapter that cannot search now (a new session still recording): rewind/search fails. */
  refuseSearch: boolean;
  /**
   * Like an adapter that answers rewind/timeline from before a seek it is still running: answers
   * (computed when asked) wait until releaseTimeline().
   */
  holdTimeline: boolean;
  releaseTimeline(): void;
}

declare global {
  interface Window {
    __fake: FakeRecord;
    acquireVsCodeApi?: () => unknown;
  }
}

export function installFakeHost(options: FakeOptions): void {
  const fake: FakeRecord = {
    sent: [],
    violations: [],
    positions: [],
    currentStep: options.startStep,
    respondTo: true,
    outstanding: 0,
    refuseConsole: options.refuseConsole ?? false,
    refuseSearch: false,
    holdTimeline: false,
    releaseTimeline: () => {
      for (const deliverHeld of heldTimeline.splice(0)) deliverHeld();
    },
    deliver: (message) => window.postMessage(message, '*'),
  };
  const heldTimeline: Array<() => void> = [];
  window.__fake = fake;
  document.addEventListener('securitypolicyviolation', (event) =>
    fake.violations.push(`${event.violatedDirective} ${event.blockedURI}`),
  );
  // Like VS Code, theme variables and the theme class arrive once the document exists.
  document.addEventListener('DOMContentLoaded', () => {
    document.documentElement.style.setProperty('--vscode-editor-background', '#1e1e1e');
    document.documentElement.style.setProperty('--vscode-editor-foreground', '#d4d4d4');
    document.body.classList.add('vscode-dark');
  });
  const later = (message: unknown): void => {
    setTimeout(() => fake.deliver(message), options.latencyMs);
  };
  /** Like an adapter whose program is still recorded: the request fails. */
  const refuse = (requestId: number, command: string): void => {
    later({ type: 'response', requestId, command, success: false, message: 'the program is still being recorded' });
  };
  const answer = (requestId: number, command: string, body: unknown): void => {
    fake.outstanding++;
    setTimeout(() => {
      fake.deliver({ type: 'response', requestId, command, success: true, body });
      fake.outstanding--;
    }, options.latencyMs);
  };

  const handle = (message: SentRecord['message']): void => {
    if (message.type === 'ready') {
      later({ type: 'session', state: 'active', sessionId: options.sessionId });
      later({ type: 'event', event: 'rewind/position', body: { step: fake.currentStep, totalSteps: run.TOTAL_STEPS } });
      return;
    }
    if (!fake.respondTo || message.requestId === undefined) return;
    const args = message.args ?? {};
    if (message.command === 'rewind/timeline' && fake.holdTimeline) {
      const body = { ...run.timeline(args as never), currentStep: fake.currentStep };
      const { requestId, command } = message;
      heldTimeline.push(() => fake.deliver({ type: 'response', requestId, command, success: true, body }));
    } else if (message.command === 'rewind/timeline') {
      answer(message.requestId, message.command, { ...run.timeline(args as never), currentStep: fake.currentStep });
    } else if (message.command === 'rewind/seek') {
      fake.currentStep = args.step as number;
      answer(message.requestId, message.command, {});
      // Like the adapter: the response, then the stop's position event.
      later({ type: 'event', event: 'rewind/position', body: { step: fake.currentStep, totalSteps: run.TOTAL_STEPS } });
      fake.positions.push(fake.currentStep);
    } else if (message.command === 'rewind/search' && fake.refuseSearch) {
      refuse(message.requestId, message.command);
    } else if (message.command === 'rewind/search') {
      answer(message.requestId, message.command, run.search(args.query as string, args.limit as number | undefined));
    } else if (message.command === 'rewind/console' && fake.refuseConsole) {
      refuse(message.requestId, message.command);
    } else if (message.command === 'rewind/console') {
      answer(message.requestId, message.command, run.consolePage(args.startIndex as number, args.count as number));
    }
  };

  window.acquireVsCodeApi = () => ({
    postMessage: (message: SentRecord['message']) => {
      fake.sent.push({
        atMs: performance.now(),
        message: JSON.parse(JSON.stringify(message)) as SentRecord['message'],
      });
      handle(message);
    },
    getState: () => JSON.parse(sessionStorage.getItem('fake-state') ?? 'null') as unknown,
    setState: (state: unknown) => sessionStorage.setItem('fake-state', JSON.stringify(state)),
  });
}
