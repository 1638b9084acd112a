// Deferred recording's name resolution: dns.lookup (the system resolver) and the DNS queries
// dns.resolve*/dns.reverse, callback and promise forms, each an async read by ticket whose answer
// is logged (as tagged JSON: arrays, records, TTL objects) and fed back, an error as its fields.
// The module's functions are Resolver.prototype's bound to the default resolver, bound again by
// dns.setServers: both the prototype's (so a rebinding and a `new dns.Resolver()` are logged too) and
// the ones bound at load are wrapped. Knows dns's function shapes, not the log's encoding.
// node:dns is required when a deferred run wraps it, not imported: a `full` recording loaded it for
// nothing at every start (docs/PERFORMANCE.md, "Session 34").
import type { NdSource } from '../format/deferred';
import type { Tap } from './nondeterminismTap';
import { wrapPromised, wrapUnlessCallback, ONE_VALUE, type CallbackShape } from './nondeterminismWrap';

/** dns.lookup calls back (error, address, family) or (error, addresses): every value after the error is logged. */
const LOOKUP: CallbackShape = {
  value: (values) => values,
  args: (fed, values) => (fed === undefined ? values : (fed as unknown[])),
};

/** The query functions (Node 24 adds resolveTlsa; one missing on this Node is skipped). */
const RESOLVE = [
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCaa',
  'resolveCname',
  'resolveMx',
  'resolveNaptr',
  'resolveNs',
  'resolvePtr',
  'resolveSoa',
  'resolveSrv',
  'resolveTlsa',
  'resolveTxt',
] as const;

export function wrapDns(tap: Tap): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred runs only (see above)
  const dns = require('node:dns') as typeof import('node:dns');
  wrapUnlessCallback(dns, 'lookup', 'dns.lookup', 'fs', tap, LOOKUP, true);
  const promises = dns.promises as unknown as object;
  wrapPromised(promises, 'lookup', 'dns.promises.lookup', 'fs', tap);
  const queries: ReadonlyArray<readonly [string, NdSource, NdSource]> = [
    ...RESOLVE.map((key) => [key, 'dns.resolve*', 'dns.promises.resolve*'] as const),
    ['reverse', 'dns.reverse', 'dns.promises.reverse'],
  ];
  const callbackResolver = (dns.Resolver as unknown as { prototype: object }).prototype;
  const promiseResolver = (dns.promises.Resolver as unknown as { prototype: object }).prototype;
  for (const [key, name, promisedName] of queries) {
    // A failed query calls back with its error alone: (error) or (null, answer).
    wrapUnlessCallback(dns, key, name, 'fs', tap, ONE_VALUE, true);
    wrapUnlessCallback(callbackResolver, key, name, 'fs', tap, ONE_VALUE, true);
    wrapPromised(promises, key, promisedName, 'fs', tap);
    wrapPromised(promiseResolver, key, promisedName, 'fs', tap);
  }
}
