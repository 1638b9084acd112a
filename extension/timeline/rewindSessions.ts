// Which Rewind debug session the timeline talks to, and the last position each one reported.
// The active debug session wins when it is a Rewind one; otherwise the most recently started
// Rewind session still running. Fed by index.ts from vscode.debug events; imports types only.
import type { DebugSession } from 'vscode';
import { parsePositionBody, RewindEvent, type HostMessage, type PositionBody } from '../../protocol/requests';

export const REWIND_DEBUG_TYPE = 'rewind';

type SessionLike = Pick<DebugSession, 'id' | 'type' | 'customRequest'>;

export class RewindSessions<S extends SessionLike = DebugSession> {
  private readonly running: S[] = [];
  private readonly positions = new Map<string, PositionBody>();
  private active: S | undefined;

  started(session: S): void {
    if (session.type === REWIND_DEBUG_TYPE && !this.running.includes(session)) this.running.push(session);
  }

  terminated(session: S): void {
    const index = this.running.indexOf(session);
    if (index >= 0) this.running.splice(index, 1);
    this.positions.delete(session.id);
    if (this.active === session) this.active = undefined;
  }

  activeChanged(session: S | undefined): void {
    this.active = session;
  }

  current(): S | undefined {
    if (this.active?.type === REWIND_DEBUG_TYPE) return this.active;
    return this.running[this.running.length - 1];
  }

  /** Records a `rewind/position` event body; returns it checked, or undefined if malformed. */
  position(session: S, body: unknown): PositionBody | undefined {
    const checked = parsePositionBody(body);
    if (checked === undefined) return undefined;
    this.positions.set(session.id, checked);
    return checked;
  }

  /** The messages that bring a (new or re-shown) webview up to date. */
  snapshot(): HostMessage[] {
    const session = this.current();
    if (session === undefined) return [{ type: 'session', state: 'none' }];
    const position = this.positions.get(session.id);
    const messages: HostMessage[] = [{ type: 'session', state: 'active', sessionId: session.id }];
    if (position !== undefined) messages.push({ type: 'event', event: RewindEvent.POSITION, body: position });
    return messages;
  }
}
