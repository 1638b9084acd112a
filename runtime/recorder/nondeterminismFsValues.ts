// The values of fs and dns reads a deferred recording logs as JSON (ValueKind 'fs'): fs.Stats and
// BigIntStats, StatFs (fs.statfs's, numbers or bigints), Dirent, Buffers, Dates, bigints, arrays
// and plain objects (dns results), tagged so a re-execution rebuilds each as the class Node
// returns, with its own keys in the same order. Knows these value shapes, not which functions
// return them nor the log's encoding.
import fs from 'node:fs';
import { Buffer } from 'node:buffer';
import { B } from './builtins';

/** Captured at load, before the program runs: it may replace them. */
const { keys, create, getOwnPropertySymbols, setPrototypeOf } = Object;
const { isView } = ArrayBuffer;
const RealDate = Date;
const RealBigInt = BigInt;

type Tagged = string | number | boolean | null | { [tag: string]: unknown } | unknown[];

/**
 * The real function's result, taken once at install: BigIntStats.prototype, StatFs.prototype and
 * Dirent's type symbol are not exported.
 */
interface Templates {
  bigintStats: object;
  /** undefined where fs.statfsSync is missing (Node before 18.15): nothing then returns a StatFs. */
  statFs: object | undefined;
  direntType: symbol | undefined;
}

let templates: Templates | undefined;

/** Before the fs functions are wrapped: one real stat, statfs and Dirent give the shapes Node does not export. */
export function captureFsTemplates(): void {
  const bigintStats = B.getPrototypeOf(fs.statSync(process.execPath, { bigint: true })) as object;
  // One class for both forms: StatFs with bigint fields is still a StatFs (no BigIntStatFs).
  const statFs =
    typeof fs.statfsSync === 'function' ? (B.getPrototypeOf(fs.statfsSync(process.execPath)) as object) : undefined;
  const dirent = new (fs.Dirent as unknown as new (...args: unknown[]) => object)('t', 1, '/');
  templates = { bigintStats, statFs, direntType: getOwnPropertySymbols(dirent)[0] };
}

export function encodeFsValue(value: unknown): Tagged {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (value === undefined) return { u: 1 };
  if (typeof value === 'bigint') return { big: B.bigintToString(value) };
  if (B.isDate(value)) return { date: B.dateGetTime(value as Date) };
  if (isView(value)) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { buf: bytes.toString('base64') };
  }
  if (B.isArray(value)) return { a: mapped(value as unknown[], encodeFsValue) };
  const entries = ownEntries(value as object);
  if (value instanceof fs.Stats) return { stats: 0, k: entries };
  if (templates && B.getPrototypeOf(value) === templates.bigintStats) return { stats: 1, k: entries };
  if (templates?.statFs !== undefined && B.getPrototypeOf(value) === templates.statFs) return { statfs: entries };
  if (value instanceof fs.Dirent) {
    const type = templates?.direntType
      ? (value as unknown as Record<symbol, unknown>)[templates.direntType]
      : undefined;
    return { dirent: entries, type: encodeFsValue(type) };
  }
  return { o: entries };
}

function ownEntries(value: object): Array<[string, Tagged]> {
  const names = keys(value);
  const entries = B.list<[string, Tagged]>();
  for (let index = 0; index < names.length; index++)
    B.listPush(entries, [names[index], encodeFsValue((value as Record<string, unknown>)[names[index]])]);
  return entries;
}

export function decodeFsValue(tagged: unknown): unknown {
  if (tagged === null || typeof tagged !== 'object') return tagged;
  const value = tagged as Record<string, unknown>;
  if ('u' in value) return undefined;
  if ('big' in value) return RealBigInt(value.big as string);
  if ('date' in value) return new RealDate(value.date as number);
  if ('buf' in value) return Buffer.from(value.buf as string, 'base64');
  if ('a' in value) return mapped(value.a as unknown[], decodeFsValue);
  if ('stats' in value) {
    const prototype = value.stats === 1 && templates ? templates.bigintStats : fs.Stats.prototype;
    return withEntries(create(prototype) as object, value.k);
  }
  // A log with a StatFs was made where statfs exists; a re-execution without it gets a plain object.
  if ('statfs' in value) return withEntries(create(templates?.statFs ?? Object.prototype) as object, value.statfs);
  if ('dirent' in value) {
    const dirent = withEntries(create(fs.Dirent.prototype) as object, value.dirent);
    if (templates?.direntType)
      B.defineProperty(dirent, templates.direntType, {
        value: decodeFsValue(value.type),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    return dirent;
  }
  return withEntries({}, value.o);
}

function withEntries(target: object, entries: unknown): object {
  for (const [key, tagged] of entries as Array<[string, unknown]>)
    B.defineProperty(target, key, {
      value: decodeFsValue(tagged),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  return target;
}

/** A real Array (the program may get it), filled where no setter a program put on Array.prototype runs. */
function mapped(items: readonly unknown[], map: (item: unknown) => unknown): unknown[] {
  const result = B.list<unknown>();
  for (let index = 0; index < items.length; index++) B.listPush(result, map(items[index]));
  return setPrototypeOf(result, Array.prototype) as unknown[];
}
