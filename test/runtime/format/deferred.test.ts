// The deferred log's ND_UNSUPPORTED reasons as a reader collects them: a reason kept only to stop
// readers from before format 3.15 (a deferred run that watched files logs it: they cannot feed
// watchers) is dropped by this reader, which feeds them; every other reason is kept, once.
import { describe, expect, it } from 'vitest';
import { DeferredLogBuilder, WATCHERS_FED_REASON } from '../../../runtime/format';

/** An ND_UNSUPPORTED event's words: [hdr, 1 + k, count, k packed words]. */
function unsupportedWords(reason: string): Int32Array {
  const words = new Int32Array(3 + Math.ceil(reason.length / 2));
  words[1] = words.length - 2;
  words[2] = reason.length;
  for (let char = 0; char < reason.length; char++)
    words[3 + (char >>> 1)] |= reason.charCodeAt(char) << (char & 1 ? 16 : 0);
  return words;
}

describe('a deferred log’s unsupported reasons', () => {
  it('drops the reason that only stops older readers, and keeps every other one once', () => {
    const builder = new DeferredLogBuilder();
    const socket = 'a TCP socket was opened: its peer is not there at re-execution';
    for (const reason of [WATCHERS_FED_REASON, socket, WATCHERS_FED_REASON, socket])
      builder.unsupported(unsupportedWords(reason), 0);
    expect(builder.log.unsupported).toEqual([socket]);
  });
});
