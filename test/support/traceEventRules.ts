// Test support: checks a stream of Chrome trace events against the Trace Event Format's rules that
// viewers rely on — every B has its E on the same pid/tid in LIFO order (X: dur ≥ 0), times are
// finite and never go back within a thread (in file order), instants have a scope, flow arrows
// (s/f) pair up by id (one start, one finish each), async slices (b/e) pair up by category and id
// (each begins once, ends once, after it began, with its name), and metadata names every process
// and thread used. Fed one event at a time, so a huge export is checked in bounded memory. Knows
// the format, not Rewind.

export interface TraceEventJson {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  s?: string;
  id?: number | string;
  cat?: string;
  args?: Record<string, unknown>;
}

export class TraceEventRules {
  readonly problems: string[] = [];
  private readonly open = new Map<string, string[]>();
  private readonly lastTs = new Map<string, number>();
  private readonly usedThreads = new Set<string>();
  private readonly usedProcesses = new Set<number>();
  private readonly namedThreads = new Set<string>();
  private readonly namedProcesses = new Set<number>();
  /** Flow id → how many starts and finishes were seen. */
  private readonly flows = new Map<string, { starts: number; finishes: number }>();
  /** Async slice (cat + id) → its name while open; ended ones are remembered to catch a second end. */
  private readonly openAsync = new Map<string, string>();
  private readonly endedAsync = new Set<string>();
  private count = 0;

  feed(event: TraceEventJson): void {
    const at = `event ${this.count++} (${event.ph} ${event.name})`;
    if (!Number.isInteger(event.pid) || !Number.isInteger(event.tid)) this.problems.push(`${at}: pid/tid not integers`);
    if (typeof event.ts !== 'number' || !Number.isFinite(event.ts) || event.ts < 0)
      this.problems.push(`${at}: bad ts ${event.ts}`);
    const thread = `${event.pid}/${event.tid}`;
    if (event.ph === 'M') {
      if (event.name === 'thread_name') this.namedThreads.add(thread);
      if (event.name === 'process_name') this.namedProcesses.add(event.pid);
      if (typeof event.args?.name !== 'string' && event.name.endsWith('_name'))
        this.problems.push(`${at}: metadata without args.name`);
      return;
    }
    this.usedThreads.add(thread);
    this.usedProcesses.add(event.pid);
    const last = this.lastTs.get(thread) ?? -Infinity;
    if (event.ts < last) this.problems.push(`${at}: ts ${event.ts} goes back from ${last} on ${thread}`);
    this.lastTs.set(thread, Math.max(last, event.ts));
    const stack = this.open.get(thread) ?? this.open.set(thread, []).get(thread)!;
    switch (event.ph) {
      case 'B':
        stack.push(event.name);
        break;
      case 'E': {
        const top = stack.pop();
        if (top === undefined) this.problems.push(`${at}: E without an open B on ${thread}`);
        else if (top !== event.name) this.problems.push(`${at}: E closes '${top}' (not LIFO) on ${thread}`);
        break;
      }
      case 'X':
        if (!(typeof event.dur === 'number' && event.dur >= 0)) this.problems.push(`${at}: X with dur ${event.dur}`);
        break;
      case 'i':
      case 'I':
        if (!['t', 'p', 'g'].includes(event.s ?? 't')) this.problems.push(`${at}: instant scope ${event.s}`);
        break;
      case 's':
      case 'f': {
        if (event.id === undefined) {
          this.problems.push(`${at}: flow without an id`);
          break;
        }
        const flow =
          this.flows.get(String(event.id)) ??
          this.flows.set(String(event.id), { starts: 0, finishes: 0 }).get(String(event.id))!;
        if (event.ph === 's') flow.starts++;
        else flow.finishes++;
        break;
      }
      case 'b':
      case 'e': {
        const key = `${event.cat ?? ''}/${String(event.id)}`;
        if (event.id === undefined) this.problems.push(`${at}: async slice without an id`);
        else if (event.ph === 'b') {
          if (this.openAsync.has(key) || this.endedAsync.has(key))
            this.problems.push(`${at}: async ${key} begins twice`);
          this.openAsync.set(key, event.name);
        } else {
          const name = this.openAsync.get(key);
          if (name === undefined) this.problems.push(`${at}: async ${key} ends without a begin`);
          else if (name !== event.name)
            this.problems.push(`${at}: async ${key} ends as '${event.name}', began '${name}'`);
          this.openAsync.delete(key);
          this.endedAsync.add(key);
        }
        break;
      }
      default:
        this.problems.push(`${at}: phase '${event.ph}' not expected`);
    }
  }

  /** The rules that need the whole stream; returns every problem found. */
  finish(): string[] {
    for (const [thread, stack] of this.open)
      if (stack.length) this.problems.push(`${thread}: ${stack.length} B without E (${stack.join(' > ')})`);
    for (const thread of this.usedThreads)
      if (!this.namedThreads.has(thread)) this.problems.push(`thread ${thread} has no thread_name`);
    for (const pid of this.usedProcesses)
      if (!this.namedProcesses.has(pid)) this.problems.push(`process ${pid} has no process_name`);
    for (const [key, name] of this.openAsync) this.problems.push(`async ${key} ('${name}') never ends`);
    for (const [id, flow] of this.flows)
      if (flow.starts !== 1 || flow.finishes !== 1)
        this.problems.push(`flow ${id}: ${flow.starts} start(s), ${flow.finishes} finish(es)`);
    return this.problems;
  }
}

export function traceEventProblems(events: readonly TraceEventJson[]): string[] {
  const rules = new TraceEventRules();
  for (const event of events) rules.feed(event);
  return rules.finish();
}
