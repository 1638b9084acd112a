// APPEND events (format 3.9) for `x += part` on a declared binding whose value was a string: the
// part and the new length instead of the whole new string. Reading a string's characters makes V8
// flatten a cons string (copy it whole), so a WRITE of each step of a string built by appending
// is quadratic in its length (docs/PERFORMANCE.md); the part is short and `.length` reads nothing.
// Decides when an APPEND says exactly what a WRITE would; knows nothing of the instrumenter.
import { APPEND_HEADER, PROVEN_APPEND_MARK } from '../format/appendEvents';
import { ProbeFlag, isEnvironmentSecret, probeFlags } from './limits';
import { beginSized, endSized, event6, patch, position, put, put3 } from './ring';
import { INLINE, prepare, putPrepared } from './values';

/**
 * Whether an APPEND of `part` records `result` as exactly as a WRITE would: the binding held a
 * string, the result is one, part is a primitive whose String() the reader can redo (not a
 * symbol, which `+` rejects anyway; not an object, whose toString ran in the program), and no event
 * was written since `mark` (appendMark, read just after the old value) unless the instrumenter
 * proved the part cannot write the binding (PROVEN_APPEND_MARK): the part wrote no write of the
 * binding, so the binding's last recorded write is the value the append extends. (Ring
 * positions only grow, but for a renormalisation far beyond one batch, and a reset of the dropping
 * mode's scratch, whose loss marker the reader sees.) Not for a
 * probe that redacts its values or records ids only, nor for a result that may be an environment
 * secret (a WRITE redacts one whole; the check reads characters only for strings of a secret's
 * length, which are short).
 */
export function appendable(
  probeId: number,
  oldValue: unknown,
  mark: number,
  result: unknown,
  part: unknown,
): result is string {
  if (typeof oldValue !== 'string' || typeof result !== 'string') return false;
  if (mark !== PROVEN_APPEND_MARK && position() !== mark) return false;
  if ((probeFlags[probeId] & (ProbeFlag.REDACT | ProbeFlag.IDS_ONLY)) !== 0) return false;
  const type = typeof part;
  if (type === 'object' ? part !== null : type === 'symbol' || type === 'function') return false;
  return !isEnvironmentSecret(result);
}

/** APPEND [hdr, n, probe, scope, length, v:part]; `scope` is a WRITE's scope word or OWN_FRAME_SCOPE. */
export function writeAppend(probeId: number, scope: number, result: string, part: unknown): void {
  const word = prepare(part);
  if (word !== INLINE) return event6(APPEND_HEADER, 4, probeId, scope, result.length, word);
  beginSized();
  put(APPEND_HEADER);
  const lengthAt = position();
  put(0);
  put3(probeId, scope, result.length);
  putPrepared(part, word); // a double, a bigint or a string too long to intern: inline
  patch(lengthAt, position() - lengthAt - 1);
  endSized();
}
