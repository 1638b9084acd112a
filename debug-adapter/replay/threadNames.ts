// What a thread (producer) is called in a client's thread list: its script and process id, as a
// user tells processes apart ("child.js (pid 1234)"), or "worker 2 (pid 1234)" for a worker
// thread. Knows nothing of steps or of DAP.
import type { ProducerInfo } from '../../runtime/format';

export function threadName(producerId: number, producer: ProducerInfo | undefined): string {
  if (!producer) return `thread ${producerId}`;
  if (producer.threadId !== 0) return `worker ${producer.threadId} (pid ${producer.pid})`;
  return `${scriptOf(producer.argv)} (pid ${producer.pid})`;
}

/** argv[1] is the script `node` ran; `node -e`/`-p` and a REPL have none, so they show as node. */
function scriptOf(argv: readonly string[] | undefined): string {
  const script = Array.isArray(argv) && typeof argv[1] === 'string' && !argv[1].startsWith('-') ? argv[1] : '';
  return script ? script.split(/[\\/]/).pop() || script : 'node';
}
