// What a thread (producer) is called in a client's thread list: its script and process id, as a
// user tells processes apart ("child.js (pid 1234)"), and for a worker thread its script, Node's
// thread id and the process ("worker.js (worker 1, pid 1234)"). Knows nothing of steps or of DAP.
import type { ProducerInfo } from '../../runtime/format';

/**
 * `firstFile`: the first file the producer registered. A worker's argv names no script (Node
 * starts it with none), but the first file it loads is the one `new Worker(file)` named, or
 * `[worker eval]` for an eval worker.
 */
export function threadName(producerId: number, producer: ProducerInfo | undefined, firstFile?: string): string {
  if (!producer) return `thread ${producerId}`;
  if (producer.threadId !== 0)
    return `${firstFile ? baseName(firstFile) : 'worker'} (worker ${producer.threadId}, pid ${producer.pid})`;
  return `${scriptOf(producer.argv)} (pid ${producer.pid})`;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** argv[1] is the script `node` ran; `node -e`/`-p` and a REPL have none, so they show as node. */
function scriptOf(argv: readonly string[] | undefined): string {
  const script = Array.isArray(argv) && typeof argv[1] === 'string' && !argv[1].startsWith('-') ? argv[1] : '';
  return script ? script.split(/[\\/]/).pop() || script : 'node';
}
