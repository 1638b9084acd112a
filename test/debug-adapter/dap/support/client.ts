// A DebugClient (@vscode/debugadapter-testsupport) on the BUILT adapter that also keeps every
// message in arrival order, for golden transcripts and ordering checks, plus the helpers the
// suites share (launch and wait for the first stop, top frame, variables by name).
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { existsSync } from 'node:fs';
import { ADAPTER, REPO_ROOT } from './fixtures';

export type LoggedMessage =
  | { direction: 'out'; message: DebugProtocol.Request }
  | { direction: 'in'; message: DebugProtocol.Response | DebugProtocol.Event };

export class RecordingClient extends DebugClient {
  readonly log: LoggedMessage[] = [];
  /** The thread of the latest `stopped` event: the one a user's next request is about (as VS Code's focus). */
  stoppedThreadId = 1;

  constructor() {
    if (!existsSync(ADAPTER)) throw new Error(`${ADAPTER} is missing: run npm run build first`);
    super(process.execPath, ADAPTER, 'rewind', { cwd: REPO_ROOT }, true);
    this.defaultTimeout = 20_000;
    // ProtocolClient keeps its send/receive methods private in the typings; wrapping them is the
    // only way to see every message (responses AND events) in the order they crossed the wire.
    const inner = this as unknown as {
      dispatch(body: string): void;
      doSend(command: string, args: unknown, clb: (r: DebugProtocol.Response) => void): void;
      sequence: number;
    };
    const dispatch = inner.dispatch.bind(this);
    inner.dispatch = (body: string) => {
      const message = JSON.parse(body) as DebugProtocol.ProtocolMessage & {
        event?: string;
        body?: { threadId?: number };
      };
      this.log.push({ direction: 'in', message: message as DebugProtocol.Response | DebugProtocol.Event });
      if (message.type === 'event' && message.event === 'stopped' && typeof message.body?.threadId === 'number')
        this.stoppedThreadId = message.body.threadId;
      dispatch(body);
    };
    const doSend = inner.doSend.bind(this);
    inner.doSend = (command, args, clb) => {
      const request: DebugProtocol.Request = { seq: inner.sequence, type: 'request', command };
      if (args && Object.keys(args).length > 0) request.arguments = args;
      this.log.push({ direction: 'out', message: request });
      doSend(command, args, clb);
    };
  }

  /** A write racing the adapter's exit (after disconnect) must not become an unhandled EPIPE. */
  override async start(port?: number): Promise<void> {
    await super.start(port);
    const adapter = (this as unknown as { _adapterProcess: { stdin: NodeJS.WritableStream } | null })._adapterProcess;
    adapter?.stdin.on('error', () => undefined);
  }

  /** The adapter's process id (0 before start). */
  adapterPid(): number {
    return (this as unknown as { _adapterProcess: { pid?: number } | null })._adapterProcess?.pid ?? 0;
  }

  /** Ends the adapter even when it no longer answers (after a disconnect it has exited). */
  async close(): Promise<void> {
    const adapter = (this as unknown as { _adapterProcess: { exitCode: number | null; kill(): void } | null })
      ._adapterProcess;
    if (adapter && adapter.exitCode === null) {
      await Promise.race([
        this.disconnectRequest({}).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 3000)),
      ]);
    }
    adapter?.kill();
  }

  /** Every event so far, for failure messages. */
  eventsSoFar(): string {
    return this.log
      .filter((entry) => entry.direction === 'in' && entry.message.type === 'event')
      .map((entry) => JSON.stringify(entry.message).slice(0, 300))
      .join('\n');
  }

  /** A response even when it failed (DebugClient rejects with only the message). */
  async request(command: string, args?: unknown): Promise<DebugProtocol.Response> {
    return new Promise((resolve) =>
      (this as unknown as { doSend(c: string, a: unknown, clb: (r: DebugProtocol.Response) => void): void }).doSend(
        command,
        args,
        resolve,
      ),
    );
  }

  /** initialize → launch → (breakpoints) → configurationDone; resolves with the first stopped event. */
  async launchAndStop(
    launchArgs: Record<string, unknown>,
    configure: () => Promise<unknown> = async () => undefined,
  ): Promise<DebugProtocol.StoppedEvent> {
    const stopped = (this.waitForEvent('stopped', 30_000) as Promise<DebugProtocol.StoppedEvent>).catch(
      (error: Error) => {
        throw new Error(`${error.message}; the adapter said: ${this.eventsSoFar()}`);
      },
    );
    await this.configureLaunch(launchArgs, configure);
    return stopped;
  }

  /** initialize → launch → (breakpoints) → configurationDone, without waiting for a stop. */
  async configureLaunch(
    launchArgs: Record<string, unknown>,
    configure: () => Promise<unknown> = async () => undefined,
  ): Promise<void> {
    // Listen before asking: `initialized` can arrive in the same chunk as the response.
    const initialized = this.waitForEvent('initialized');
    await this.initializeRequest({
      adapterID: 'rewind',
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: 'path',
    });
    await initialized;
    await this.launchRequest(launchArgs as DebugProtocol.LaunchRequestArguments);
    await configure();
    await this.configurationDoneRequest();
  }

  async topFrame(): Promise<DebugProtocol.StackFrame> {
    const trace = await this.stackTraceRequest({ threadId: this.stoppedThreadId });
    const frame = trace.body.stackFrames[0];
    if (!frame) throw new Error('no frames');
    return frame;
  }

  /** Sends a stepping request and waits for its stopped event. */
  async move(
    command: 'next' | 'stepIn' | 'stepOut' | 'stepBack' | 'continue' | 'reverseContinue',
    args: Record<string, unknown> = {},
  ): Promise<DebugProtocol.StoppedEvent> {
    const stopped = this.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const response = await this.request(command, { threadId: this.stoppedThreadId, ...args });
    if (!response.success) throw new Error(`${command} failed: ${response.message}`);
    return stopped;
  }

  /** name → value of a frame's first scope (Local). */
  /**
   * The frame's own bindings as its code sees them: its Block scopes (innermost first) and Local,
   * an inner block's binding hiding an outer one of the same name.
   */
  async locals(frameId?: number): Promise<Map<string, DebugProtocol.Variable>> {
    const id = frameId ?? (await this.topFrame()).id;
    const scopes = (await this.scopesRequest({ frameId: id })).body.scopes;
    const last = scopes.findIndex((scope) => scope.presentationHint === 'locals');
    const own = last < 0 ? scopes.slice(0, 1) : scopes.slice(0, last + 1);
    const merged = new Map<string, DebugProtocol.Variable>();
    for (const scope of own) {
      for (const [name, variable] of await this.children(scope.variablesReference))
        if (!merged.has(name)) merged.set(name, variable);
    }
    return merged;
  }

  async scopeVariables(scopeName: string, frameId?: number): Promise<Map<string, DebugProtocol.Variable>> {
    const id = frameId ?? (await this.topFrame()).id;
    const scopes = await this.scopesRequest({ frameId: id });
    const scope = scopes.body.scopes.find(
      (candidate) => candidate.name === scopeName || candidate.name.startsWith(`${scopeName} (`),
    );
    if (!scope) throw new Error(`no scope ${scopeName}: ${scopes.body.scopes.map((s) => s.name).join(', ')}`);
    return this.children(scope.variablesReference);
  }

  async children(variablesReference: number): Promise<Map<string, DebugProtocol.Variable>> {
    const variables = await this.variablesRequest({ variablesReference });
    return new Map(variables.body.variables.map((variable) => [variable.name, variable]));
  }

  async evaluate(expression: string): Promise<string> {
    const frame = await this.topFrame();
    return (await this.evaluateRequest({ expression, frameId: frame.id, context: 'watch' })).body.result;
  }
}
